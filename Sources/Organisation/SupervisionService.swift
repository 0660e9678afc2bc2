import Foundation
import Storage
import SwitchboardCore

extension OrganisationService {
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
        try await database.transaction { sql in
            try await AuditRepository(sql).append(AuditEntry(
                at: now, actorUserId: principal.userId, actorUsername: principal.username, action: "agent.state.directed", entity: "agent",
                entityId: agentId, after: after))
        }
    }
}
