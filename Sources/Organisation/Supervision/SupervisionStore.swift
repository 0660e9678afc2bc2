import SwitchboardCore

/// What supervision keeps: agents' moves between queues for a day, and the audit records of
/// what supervisors and team leaders did (a directed state change lives in the live engine; only
/// its record is kept here). Each change is written with its audit record in one transaction.
/// `DatabaseSupervisionStore` keeps them in the database, `InMemorySupervisionStore` in memory.
public protocol SupervisionStore: Sendable {
    /// Keeps an audit record on its own.
    func record(_ audit: AuditEntry) async throws
    /// For the day: the agent leaves `from` and takes `to` (each when given), with the audit
    /// record; the agent's moves that day afterwards, by queue.
    func move(agentId: Int64, day: String, from: Int64?, to: Int64?, audit: AuditEntry) async throws -> [DayMove]
    /// Removes the agent's moves for the day, with the audit record.
    func clearMoves(agentId: Int64, day: String, audit: AuditEntry) async throws
    /// Every agent's moves for the day, by agent and queue.
    func moves(day: String) async throws -> [DayMove]
}
