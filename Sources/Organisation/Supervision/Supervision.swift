import Foundation
import Storage
import SwitchboardCore

/// What supervisors and team leaders do to agents: directed state changes and moves between
/// queues for a day, and who may move whom. The moves and audit records are kept by a
/// `SupervisionStore`; agents, teams and queues come from the `OrganisationDirectory`.
public struct Supervision: Sendable {
    let store: any SupervisionStore
    let directory: any OrganisationDirectory
    let clock: @Sendable () -> Instant

    public init(store: any SupervisionStore, directory: any OrganisationDirectory, clock: @escaping @Sendable () -> Instant) {
        self.store = store
        self.directory = directory
        self.clock = clock
    }

    /// The organisation's supervision in its database.
    public init(_ organisation: OrganisationService) {
        self.init(store: DatabaseSupervisionStore(database: organisation.database), directory: organisation, clock: organisation.clock)
    }

    /// Records that someone set another person's agent state (a supervisor from the wallboard,
    /// a team leader for their team): who, to what, and why, in the audit log.
    public func recordDirectedState(agentId: Int64, state: String, reason: String?, because: String?, by principal: Principal) async throws {
        let why = because.map(Validate.trim).flatMap { $0.isEmpty ? nil : $0 }
        if let why, why.count > 500 { throw SwitchboardError.invalid("because", "The reason is at most 500 characters.") }
        var fields: [String: String] = ["state": state]
        if let reason { fields["reason"] = reason }
        if let why { fields["because"] = why }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let after = String(decoding: try encoder.encode(fields), as: UTF8.self)
        let now = clock()
        try await store.record(AuditEntry(
            at: now, actorUserId: principal.userId, actorUsername: principal.username, action: "agent.state.directed", entity: "agent",
            entityId: agentId, after: after))
    }

    /// Moves an agent between queues for the given day (the center's today): supervisors and
    /// workforce planners for anyone, team leaders for their team. Audited.
    public func moveAgentForDay(_ agentId: Int64, _ move: DayQueueMove, day: String, by principal: Principal) async throws -> [DayQueueRepository.Move] {
        let target = try await directory.agent(agentId, by: .console)
        let mayMove: Bool
        if Permissions.allows(principal.roles, to: .write, .agents) {
            mayMove = true
        } else if principal.roles.contains(.teamLeader), let team = try await directory.profile(of: principal).teamId {
            mayMove = target.teamId == team
        } else {
            mayMove = false
        }
        guard mayMove else { throw SwitchboardError.forbidden("move this agent between queues") }
        guard move.from != nil || move.to != nil else { throw SwitchboardError.invalid("to", "Name the queue to move to (to), the one to leave (from), or both.") }
        guard move.from != move.to else { throw SwitchboardError.invalid("to", "The agent cannot move from a queue to the same queue.") }
        for (field, id) in [("from", move.from), ("to", move.to)] {
            guard let id else { continue }
            do {
                _ = try await directory.queue(id, by: .console)
            } catch let error as SwitchboardError where error.code == "not_found" {
                throw SwitchboardError.unknownReference(field, "No queue with id \(id).")
            }
        }
        let now = clock()
        return try await store.move(agentId: agentId, day: day, from: move.from, to: move.to, audit: AuditEntry(
            at: now, actorUserId: principal.userId, actorUsername: principal.username, action: "agent.queues.moveForDay", entity: "agent",
            entityId: agentId, after: #"{"day":"\#(day)","from":\#(move.from.map(String.init) ?? "null"),"to":\#(move.to.map(String.init) ?? "null")}"#))
    }

    /// Undoes an agent's moves for the day.
    public func clearDayMoves(_ agentId: Int64, day: String, by principal: Principal) async throws {
        _ = try await directory.agent(agentId, by: .console)
        guard Permissions.allows(principal.roles, to: .write, .agents) || principal.roles.contains(.teamLeader) else {
            throw SwitchboardError.forbidden("move agents between queues")
        }
        if !Permissions.allows(principal.roles, to: .write, .agents) {
            guard let team = try await directory.profile(of: principal).teamId, try await directory.agent(agentId, by: .console).teamId == team else {
                throw SwitchboardError.forbidden("move this agent between queues")
            }
        }
        let now = clock()
        try await store.clearMoves(agentId: agentId, day: day, audit: AuditEntry(
            at: now, actorUserId: principal.userId, actorUsername: principal.username, action: "agent.queues.clearDay", entity: "agent", entityId: agentId))
    }

    public func dayMoves(day: String, by principal: Principal) async throws -> [DayQueueRepository.Move] {
        try principal.require(.read, .agents)
        return try await store.moves(day: day)
    }
}
