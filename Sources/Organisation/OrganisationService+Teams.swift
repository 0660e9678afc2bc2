import Crypto
import Foundation
import NIOPosix
import Storage
import Synchronization
import SwitchboardCore

extension OrganisationService {
    public func teams(by principal: Principal) async throws -> [TeamView] {
        try principal.require(.read, .teams)
        return try await database.read { sql in
            let counts = try await TeamRepository(sql).agentCounts()
            return try await TeamRepository(sql).list().map { Self.view($0, agentCount: counts[$0.id] ?? 0) }
        }
    }

    public func team(_ id: Int64, by principal: Principal) async throws -> TeamView {
        try principal.require(.read, .teams)
        return try await database.read { sql in try await Self.teamView(id, sql) }
    }

    public func createTeam(_ input: TeamInput, by principal: Principal) async throws -> TeamView {
        try principal.require(.write, .teams)
        guard let rawName = input.name else { throw SwitchboardError.missing("name") }
        let name = try Validate.name(rawName, field: "name")
        let now = clock()
        return try await writing(conflictField: "name") { sql in
            let teams = TeamRepository(sql)
            guard try await !teams.list().contains(where: { $0.name.lowercased() == name.lowercased() }) else { throw Self.nameTaken("team", name) }
            let leaderId = input.leaderId.resolved(keeping: nil)
            try await checkLeader(leaderId, forTeam: nil, sql)
            let team = try await teams.insert(name: name, leaderId: leaderId, at: now)
            try await audit(sql, principal, "team.create", "team", team.id, before: Team?.none, after: team, at: now)
            return Self.view(team, agentCount: 0)
        }
    }

    public func updateTeam(_ id: Int64, _ input: TeamInput, by principal: Principal) async throws -> TeamView {
        try principal.require(.write, .teams)
        let now = clock()
        return try await writing(conflictField: "name") { sql in
            let teams = TeamRepository(sql)
            guard let before = try await teams.find(id: id) else { throw SwitchboardError.notFound("team", id: id) }
            var after = before
            if let rawName = input.name {
                after.name = try Validate.name(rawName, field: "name")
                if try await teams.list().contains(where: { $0.id != id && $0.name.lowercased() == after.name.lowercased() }) {
                    throw Self.nameTaken("team", after.name)
                }
            }
            after.leaderId = input.leaderId.resolved(keeping: before.leaderId)
            if after.leaderId != before.leaderId { try await checkLeader(after.leaderId, forTeam: id, sql) }
            try await teams.update(after, at: now)
            try await audit(sql, principal, "team.update", "team", id, before: before, after: after, at: now)
            return try await Self.teamView(id, sql)
        }
    }

    public func deleteTeam(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.write, .teams)
        let now = clock()
        try await writing(conflictField: "id") { sql in
            let teams = TeamRepository(sql)
            guard let before = try await teams.find(id: id) else { throw SwitchboardError.notFound("team", id: id) }
            let agents = try await teams.agentCounts()[id] ?? 0
            guard agents == 0 else {
                throw SwitchboardError.conflict("id", "Team \(before.name) still has \(agents) agents; move them to another team first.", code: "in_use")
            }
            try await teams.delete(id)
            try await audit(sql, principal, "team.delete", "team", id, before: before, after: Team?.none, at: now)
        }
    }

    private func checkLeader(_ leaderId: Int64?, forTeam teamId: Int64?, _ sql: SQLHandle) async throws {
        guard let leaderId else { return }
        guard let leader = try await UserRepository(sql).find(id: leaderId) else {
            throw SwitchboardError.unknownReference("leaderId", "No user with id \(leaderId).")
        }
        guard leader.has(.teamLeader) else {
            throw SwitchboardError.unknownReference("leaderId", "\(leader.username) does not have the teamLeader role.")
        }
        if let led = try await TeamRepository(sql).find(leaderId: leaderId), led.id != teamId {
            throw SwitchboardError.conflict("leaderId", "\(leader.username) already leads team \(led.name); a team leader leads one team.", code: "leader_taken")
        }
    }

    static func teamView(_ id: Int64, _ sql: SQLHandle) async throws -> TeamView {
        guard let team = try await TeamRepository(sql).find(id: id) else { throw SwitchboardError.notFound("team", id: id) }
        return view(team, agentCount: try await TeamRepository(sql).agentCounts()[id] ?? 0)
    }

    static func view(_ team: Team, agentCount: Int) -> TeamView {
        TeamView(
            id: team.id, name: team.name, leaderId: team.leaderId, agentCount: agentCount,
            warnings: TeamSpan.warnings(agentCount: agentCount, hasLeader: team.leaderId != nil))
    }

    static func nameTaken(_ entity: String, _ name: String) -> SwitchboardError {
        .conflict("name", "A \(entity) named '\(name)' already exists.", code: "name_taken")
    }
}
