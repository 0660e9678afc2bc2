import SQLKit
import SwitchboardCore

/// Teams and their leaders.
public struct TeamRepository {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public func insert(name: String, leaderId: Int64?, at now: Instant) async throws -> Team {
        let row = try await sql.raw("""
            INSERT INTO teams (name, leader_user_id, created_at_ms, updated_at_ms)
            VALUES (\(bind: name), \(bind: leaderId), \(bind: now.millisecondsSinceEpoch), \(bind: now.millisecondsSinceEpoch))
            RETURNING id
            """).first()
        return Team(id: try row!.int64("id"), name: name, leaderId: leaderId)
    }

    public func update(_ team: Team, at now: Instant) async throws {
        try await sql.raw("""
            UPDATE teams SET name = \(bind: team.name), leader_user_id = \(bind: team.leaderId), updated_at_ms = \(bind: now.millisecondsSinceEpoch)
            WHERE id = \(bind: team.id)
            """).run()
    }

    public func delete(_ id: Int64) async throws {
        try await sql.raw("DELETE FROM teams WHERE id = \(bind: id)").run()
    }

    public func find(id: Int64) async throws -> Team? {
        try await sql.raw("SELECT id, name, leader_user_id FROM teams WHERE id = \(bind: id)").first().map(Self.team)
    }

    public func find(name: String) async throws -> Team? {
        try await sql.raw("SELECT id, name, leader_user_id FROM teams WHERE lower(name) = lower(\(bind: name))").first().map(Self.team)
    }

    /// The team a user leads, if any.
    public func find(leaderId: Int64) async throws -> Team? {
        try await sql.raw("SELECT id, name, leader_user_id FROM teams WHERE leader_user_id = \(bind: leaderId)").first().map(Self.team)
    }

    public func list() async throws -> [Team] {
        try await sql.raw("SELECT id, name, leader_user_id FROM teams ORDER BY name").all().map(Self.team)
    }

    /// Agents per team id, for every team that has any.
    public func agentCounts() async throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for row in try await sql.raw("SELECT team_id, COUNT(*) AS n FROM agents WHERE team_id IS NOT NULL GROUP BY team_id").all() {
            counts[try row.int64("team_id")] = try row.int("n")
        }
        return counts
    }

    static func team(_ row: any SQLRow) throws -> Team {
        Team(id: try row.int64("id"), name: try row.string("name"), leaderId: try row.optionalInt64("leader_user_id"))
    }
}

/// The skill catalogue.
public struct SkillRepository {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public func insert(name: String, description: String) async throws -> Skill {
        let row = try await sql.raw("INSERT INTO skills (name, description) VALUES (\(bind: name), \(bind: description)) RETURNING id").first()
        return Skill(id: try row!.int64("id"), name: name, description: description)
    }

    public func update(_ skill: Skill) async throws {
        try await sql.raw("UPDATE skills SET name = \(bind: skill.name), description = \(bind: skill.description) WHERE id = \(bind: skill.id)").run()
    }

    public func delete(_ id: Int64) async throws {
        try await sql.raw("DELETE FROM skills WHERE id = \(bind: id)").run()
    }

    public func find(id: Int64) async throws -> Skill? {
        try await sql.raw("SELECT id, name, description FROM skills WHERE id = \(bind: id)").first().map(Self.skill)
    }

    public func find(name: String) async throws -> Skill? {
        try await sql.raw("SELECT id, name, description FROM skills WHERE name = \(bind: name)").first().map(Self.skill)
    }

    public func list() async throws -> [Skill] {
        try await sql.raw("SELECT id, name, description FROM skills ORDER BY name").all().map(Self.skill)
    }

    /// Whether any agent or queue refers to the skill.
    public func isInUse(_ id: Int64) async throws -> Bool {
        let agents = try await sql.raw("SELECT COUNT(*) AS n FROM agent_skills WHERE skill_id = \(bind: id)").first()!.int("n")
        let queues = try await sql.raw("SELECT COUNT(*) AS n FROM queue_skills WHERE skill_id = \(bind: id)").first()!.int("n")
        return agents + queues > 0
    }

    static func skill(_ row: any SQLRow) throws -> Skill {
        Skill(id: try row.int64("id"), name: try row.string("name"), description: try row.string("description"))
    }
}
