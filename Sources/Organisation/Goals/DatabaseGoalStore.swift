import Storage
import SwitchboardCore

/// Goals in the database (`goals`), each change in one transaction with its audit record.
public struct DatabaseGoalStore: GoalStore {
    let database: Database

    public init(database: Database) { self.database = database }

    public func insert(_ draft: GoalDraft, at now: Instant, audit: @escaping @Sendable (Goal) -> AuditEntry) async throws -> Goal {
        try await database.transaction { sql in
            let goal = try await GoalRepository(sql).insert(draft, at: now)
            try await AuditRepository(sql).append(audit(goal))
            return goal
        }
    }

    public func delete(_ id: Int64, audit: AuditEntry) async throws -> Bool {
        try await database.transaction { sql in
            guard try await GoalRepository(sql).delete(id) else { return false }
            try await AuditRepository(sql).append(audit)
            return true
        }
    }

    public func goal(_ id: Int64) async throws -> Goal? {
        try await database.read { try await GoalRepository($0).find(id) }
    }

    public func goals(scope: Goal.Scope?, scopeId: Int64?) async throws -> [Goal] {
        try await database.read { try await GoalRepository($0).list(scope: scope, scopeId: scopeId) }
    }

    public func referralCount(agentIds: [Int64], from: Instant, to: Instant) async throws -> Int {
        try await database.read { try await CallWorkRepository($0).referralCount(agentIds: agentIds, from: from, to: to) }
    }
}
