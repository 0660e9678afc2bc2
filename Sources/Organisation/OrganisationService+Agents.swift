import Crypto
import Foundation
import NIOPosix
import Storage
import Synchronization
import SwitchboardCore

extension OrganisationService {
    public func agents(teamId: Int64?, by principal: Principal) async throws -> [AgentView] {
        try principal.require(.read, .agents)
        return try await database.read { sql in
            let users = Dictionary(uniqueKeysWithValues: try await UserRepository(sql).list().map { ($0.id, $0) })
            return try await AgentRepository(sql).list(teamId: teamId).map { Self.view($0, users[$0.userId]) }
        }
    }

    public func agent(_ id: Int64, by principal: Principal) async throws -> AgentView {
        try principal.require(.read, .agents)
        return try await database.read { sql in try await Self.agentView(id, sql) }
    }

    public func createAgent(_ input: AgentInput, by principal: Principal) async throws -> AgentView {
        try principal.require(.write, .agents)
        guard let userId = input.userId else { throw SwitchboardError.missing("userId") }
        let levels = try SkillLevel.validated(input.skills ?? [], field: "skills")
        let now = clock()
        return try await writing(conflictField: "userId") { sql in
            guard let user = try await UserRepository(sql).find(id: userId) else {
                throw SwitchboardError.unknownReference("userId", "No user with id \(userId).")
            }
            guard user.has(.agent) || user.has(.teamLeader) || user.has(.supervisor) else {
                throw SwitchboardError.unknownReference("userId", "\(user.username) takes no calls: give them the agent role first.")
            }
            guard try await AgentRepository(sql).find(userId: userId) == nil else {
                throw SwitchboardError.conflict("userId", "\(user.username) already has an agent record.", code: "agent_exists")
            }
            let teamId = input.teamId.resolved(keeping: nil)
            try await checkTeam(teamId, sql)
            let ids = try await Self.skillIds(levels.map(\.skill), field: { "skills[\($0)].skill" }, sql)
            let agent = try await AgentRepository(sql).insert(
                userId: userId, teamId: teamId, skills: levels.map { (ids[$0.skill]!, $0) }, at: now)
            try await audit(sql, principal, "agent.create", "agent", agent.id, before: Agent?.none, after: agent, at: now)
            return Self.view(agent, user)
        }
    }

    public func updateAgent(_ id: Int64, _ input: AgentInput, by principal: Principal) async throws -> AgentView {
        try principal.require(.write, .agents)
        let levels = try input.skills.map { list throws(SwitchboardError) in try SkillLevel.validated(list, field: "skills") }
        let now = clock()
        return try await writing(conflictField: "id") { sql in
            let agents = AgentRepository(sql)
            guard let before = try await agents.find(id: id) else { throw SwitchboardError.notFound("agent", id: id) }
            if let userId = input.userId, userId != before.userId {
                throw SwitchboardError.invalid("userId", "An agent record stays with its user; create a new agent for another user.")
            }
            let teamId = input.teamId.resolved(keeping: before.teamId)
            if teamId != before.teamId { try await checkTeam(teamId, sql) }
            let skills = levels ?? before.skills
            let ids = try await Self.skillIds(skills.map(\.skill), field: { "skills[\($0)].skill" }, sql)
            try await agents.update(id: id, teamId: teamId, skills: skills.map { (ids[$0.skill]!, $0) }, at: now)
            let after = Agent(id: id, userId: before.userId, teamId: teamId, skills: skills)
            try await audit(sql, principal, "agent.update", "agent", id, before: before, after: after, at: now)
            return try await Self.agentView(id, sql)
        }
    }

    public func deleteAgent(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.write, .agents)
        let now = clock()
        try await writing(conflictField: "id") { sql in
            guard let before = try await AgentRepository(sql).find(id: id) else { throw SwitchboardError.notFound("agent", id: id) }
            try await SIPAccountRepository(sql).delete(agentId: id)
            try await AgentRepository(sql).delete(id)
            try await audit(sql, principal, "agent.delete", "agent", id, before: before, after: Agent?.none, at: now)
        }
    }

    private func checkTeam(_ teamId: Int64?, _ sql: SQLHandle) async throws {
        guard let teamId else { return }
        guard try await TeamRepository(sql).find(id: teamId) != nil else {
            throw SwitchboardError.unknownReference("teamId", "No team with id \(teamId).")
        }
    }

    static func agentView(_ id: Int64, _ sql: SQLHandle) async throws -> AgentView {
        guard let agent = try await AgentRepository(sql).find(id: id) else { throw SwitchboardError.notFound("agent", id: id) }
        return view(agent, try await UserRepository(sql).find(id: agent.userId))
    }

    static func view(_ agent: Agent, _ user: User?) -> AgentView {
        AgentView(
            id: agent.id, userId: agent.userId, username: user?.username ?? "", displayName: user?.displayName ?? "",
            teamId: agent.teamId, skills: agent.skills)
    }
}
