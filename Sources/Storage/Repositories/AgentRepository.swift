import SQLKit
import SwitchboardCore

/// Agents: a user's team membership and skills.
public struct AgentRepository {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    /// Inserts the agent; `skills` pairs a skill id with the proficiency.
    public func insert(userId: Int64, teamId: Int64?, skills: [(skillId: Int64, level: SkillLevel)], at now: Instant) async throws -> Agent {
        let row = try await sql.raw("""
            INSERT INTO agents (user_id, team_id, created_at_ms, updated_at_ms)
            VALUES (\(bind: userId), \(bind: teamId), \(bind: now.millisecondsSinceEpoch), \(bind: now.millisecondsSinceEpoch))
            RETURNING id
            """).first()
        let id = try row!.int64("id")
        try await replaceSkills(of: id, with: skills)
        return Agent(id: id, userId: userId, teamId: teamId, skills: skills.map(\.level))
    }

    public func update(id: Int64, teamId: Int64?, skills: [(skillId: Int64, level: SkillLevel)], at now: Instant) async throws {
        try await sql.raw("UPDATE agents SET team_id = \(bind: teamId), updated_at_ms = \(bind: now.millisecondsSinceEpoch) WHERE id = \(bind: id)").run()
        try await replaceSkills(of: id, with: skills)
    }

    public func delete(_ id: Int64) async throws {
        try await sql.raw("DELETE FROM agents WHERE id = \(bind: id)").run()
    }

    public func find(id: Int64) async throws -> Agent? {
        try await agents(where: "a.id = ", id).first
    }

    public func find(userId: Int64) async throws -> Agent? {
        try await agents(where: "a.user_id = ", userId).first
    }

    public func list(teamId: Int64? = nil) async throws -> [Agent] {
        if let teamId { return try await agents(where: "a.team_id = ", teamId) }
        return try await agents(where: nil, 0)
    }

    private func replaceSkills(of id: Int64, with skills: [(skillId: Int64, level: SkillLevel)]) async throws {
        try await sql.raw("DELETE FROM agent_skills WHERE agent_id = \(bind: id)").run()
        for skill in skills {
            try await sql.raw("""
                INSERT INTO agent_skills (agent_id, skill_id, proficiency) VALUES (\(bind: id), \(bind: skill.skillId), \(bind: skill.level.proficiency))
                """).run()
        }
    }

    /// One query for the agents and one for all their skills.
    private func agents(where condition: String?, _ value: Int64) async throws -> [Agent] {
        var query = SQLQueryString("SELECT a.id, a.user_id, a.team_id FROM agents a")
        var skillsQuery = SQLQueryString("""
            SELECT s.agent_id, k.name, s.proficiency FROM agent_skills s JOIN skills k ON k.id = s.skill_id JOIN agents a ON a.id = s.agent_id
            """)
        if let condition {
            query.appendInterpolation(unsafeRaw: " WHERE " + condition)
            query.appendInterpolation(bind: value)
            skillsQuery.appendInterpolation(unsafeRaw: " WHERE " + condition)
            skillsQuery.appendInterpolation(bind: value)
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY a.id")
        var skills: [Int64: [SkillLevel]] = [:]
        for row in try await sql.raw(skillsQuery).all() {
            skills[try row.int64("agent_id"), default: []].append(SkillLevel(skill: try row.string("name"), proficiency: try row.int("proficiency")))
        }
        return try await sql.raw(query).all().map { row in
            let id = try row.int64("id")
            return Agent(id: id, userId: try row.int64("user_id"), teamId: try row.optionalInt64("team_id"), skills: skills[id] ?? [])
        }
    }
}
