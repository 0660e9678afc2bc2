import Crypto
import Foundation
import NIOPosix
import Storage
import Synchronization
import SwitchboardCore

extension OrganisationService {
    public func skills(by principal: Principal) async throws -> [Skill] {
        try principal.require(.read, .skills)
        return try await database.read { try await SkillRepository($0).list() }
    }

    public func skill(_ id: Int64, by principal: Principal) async throws -> Skill {
        try principal.require(.read, .skills)
        return try await database.read { sql in
            guard let skill = try await SkillRepository(sql).find(id: id) else { throw SwitchboardError.notFound("skill", id: id) }
            return skill
        }
    }

    public func createSkill(_ input: SkillInput, by principal: Principal) async throws -> Skill {
        try principal.require(.write, .skills)
        guard let rawName = input.name else { throw SwitchboardError.missing("name") }
        let name = try Skill.validatedName(rawName)
        let description = try Self.description(input.description ?? "")
        let now = clock()
        return try await writing(conflictField: "name") { sql in
            let skills = SkillRepository(sql)
            guard try await !skills.list().contains(where: { $0.name.lowercased() == name.lowercased() }) else { throw Self.nameTaken("skill", name) }
            let skill = try await skills.insert(name: name, description: description)
            try await audit(sql, principal, "skill.create", "skill", skill.id, before: Skill?.none, after: skill, at: now)
            return skill
        }
    }

    public func updateSkill(_ id: Int64, _ input: SkillInput, by principal: Principal) async throws -> Skill {
        try principal.require(.write, .skills)
        let name = try input.name.map { text throws(SwitchboardError) in try Skill.validatedName(text) }
        let description = try input.description.map { text throws(SwitchboardError) in try Self.description(text) }
        let now = clock()
        return try await writing(conflictField: "name") { sql in
            let skills = SkillRepository(sql)
            guard let before = try await skills.find(id: id) else { throw SwitchboardError.notFound("skill", id: id) }
            let after = Skill(id: id, name: name ?? before.name, description: description ?? before.description)
            if try await skills.list().contains(where: { $0.id != id && $0.name.lowercased() == after.name.lowercased() }) {
                throw Self.nameTaken("skill", after.name)
            }
            try await skills.update(after)
            try await audit(sql, principal, "skill.update", "skill", id, before: before, after: after, at: now)
            return after
        }
    }

    public func deleteSkill(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.write, .skills)
        let now = clock()
        try await writing(conflictField: "id") { sql in
            let skills = SkillRepository(sql)
            guard let before = try await skills.find(id: id) else { throw SwitchboardError.notFound("skill", id: id) }
            guard try await !skills.isInUse(id) else {
                throw SwitchboardError.conflict("id", "Skill \(before.name) is held by agents or required by queues; remove it there first.", code: "in_use")
            }
            try await skills.delete(id)
            try await audit(sql, principal, "skill.delete", "skill", id, before: before, after: Skill?.none, at: now)
        }
    }

    static func description(_ text: String) throws(SwitchboardError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= 500 else { throw SwitchboardError.invalid("description", "description is at most 500 characters long.") }
        return trimmed
    }

    /// Maps skill names to ids, naming the first unknown one as the offending field.
    static func skillIds(_ names: [String], field: (Int) -> String, _ sql: SQLHandle) async throws -> [String: Int64] {
        let known = Dictionary(uniqueKeysWithValues: try await SkillRepository(sql).list().map { ($0.name, $0.id) })
        for (index, name) in names.enumerated() where known[name] == nil {
            throw SwitchboardError.unknownReference(field(index), "No skill named '\(name)'; create it first.")
        }
        return known
    }
}
