import Storage
import SwitchboardCore

/// Supervision in the database (`agent_day_queues` and the audit log), each change in one
/// transaction with its audit record.
public struct DatabaseSupervisionStore: SupervisionStore {
    let database: Database

    public init(database: Database) { self.database = database }

    public func record(_ audit: AuditEntry) async throws {
        try await database.transaction { try await AuditRepository($0).append(audit) }
    }

    public func move(agentId: Int64, day: String, from: Int64?, to: Int64?, audit: AuditEntry) async throws -> [DayMove] {
        try await database.transaction { sql in
            let repository = DayQueueRepository(sql)
            if let from { try await repository.set(agentId: agentId, day: day, queueId: from, mode: "remove") }
            if let to { try await repository.set(agentId: agentId, day: day, queueId: to, mode: "add") }
            try await AuditRepository(sql).append(audit)
            return try await repository.moves(day: day).filter { $0.agentId == agentId }
        }
    }

    public func clearMoves(agentId: Int64, day: String, audit: AuditEntry) async throws {
        try await database.transaction { sql in
            try await DayQueueRepository(sql).clear(agentId: agentId, day: day)
            try await AuditRepository(sql).append(audit)
        }
    }

    public func moves(day: String) async throws -> [DayMove] {
        try await database.read { try await DayQueueRepository($0).moves(day: day) }
    }
}
