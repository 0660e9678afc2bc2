/// Something an agent can do, that a queue can require: a language (`lang:nl`) or an
/// expertise (`billing`, `techSupport`, `memberServices`, …).
public struct Skill: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case language
        case expertise
    }

    public var id: Int64
    public var name: String
    /// Derived from the name: `lang:` names are languages.
    public var kind: Kind
    public var description: String

    public init(id: Int64, name: String, description: String = "") {
        self.id = id
        self.name = name
        self.kind = Skill.kind(of: name)
        self.description = description
    }

    public static func kind(of name: String) -> Kind {
        name.hasPrefix("lang:") ? .language : .expertise
    }

    /// A skill name: a letter, then letters, digits, `:`, `_` or `-`, at most 64 characters.
    /// Language skills are `lang:` followed by a 2- or 3-letter ISO 639 code in lowercase.
    public static func validatedName(_ value: String, field: String = "name") throws(SwitchboardError) -> String {
        let name = Validate.trim(value)
        guard !name.isEmpty else { throw .invalid(field, "\(field) must not be empty.") }
        guard name.count <= 64 else { throw .invalid(field, "\(field) must be at most 64 characters long.") }
        let scalars = Array(name.unicodeScalars)
        let isLetter: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        guard isLetter(scalars[0]),
            scalars.allSatisfy({ isLetter($0) || ("0"..."9").contains($0) || $0 == ":" || $0 == "_" || $0 == "-" })
        else {
            throw .invalid(field, "\(field) starts with a letter and holds only letters, digits, ':', '_' and '-' (for example lang:nl or techSupport).")
        }
        if name.hasPrefix("lang:") {
            let code = name.dropFirst(5)
            guard (2...3).contains(code.count), code.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }) else {
                throw .invalid(field, "A language skill is lang: followed by a 2- or 3-letter lowercase language code, such as lang:nl.")
            }
        }
        return name
    }
}

/// How well an agent masters a skill, 1 (beginner) to 5 (expert).
public struct SkillLevel: Codable, Equatable, Hashable, Sendable {
    public static let range: ClosedRange<Int> = 1...5

    public var skill: String
    public var proficiency: Int

    public init(skill: String, proficiency: Int) {
        self.skill = skill
        self.proficiency = proficiency
    }

    /// Checks the proficiency and that no skill is listed twice.
    public static func validated(_ levels: [SkillLevel], field: String) throws(SwitchboardError) -> [SkillLevel] {
        var seen: Set<String> = []
        for (index, level) in levels.enumerated() {
            _ = try Validate.integer(level.proficiency, field: "\(field)[\(index)].proficiency", in: range)
            guard seen.insert(level.skill).inserted else {
                throw .invalid("\(field)[\(index)].skill", "Skill '\(level.skill)' is listed twice.")
            }
        }
        return levels.sorted { $0.skill < $1.skill }
    }
}
