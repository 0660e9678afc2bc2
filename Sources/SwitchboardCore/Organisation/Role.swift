/// A permission set a person holds; a person may hold several (R-ROLE).
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case agent
    case teamLeader
    case supervisor
    case qa
    case workforce
    case recruiter
    case admin

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses the role's API name; the error lists the names that exist.
    public static func parse(_ text: String, field: String = "roles") throws(SwitchboardError) -> Role {
        guard let role = Role(rawValue: text) else {
            throw .invalid(field, "Unknown role '\(text)'; roles are \(allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return role
    }
}

/// The language a person's pages are shown in.
public enum Language: String, CaseIterable, Codable, Sendable {
    case nl
    case en

    public static func parse(_ text: String, field: String = "language") throws(SwitchboardError) -> Language {
        guard let language = Language(rawValue: text) else {
            throw .invalid(field, "Unknown language '\(text)'; use nl or en.")
        }
        return language
    }
}
