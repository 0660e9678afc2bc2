import SwitchboardCore

/// Supervision in memory: the fake behind `Supervision` in tests of its rules. Keeps the audit
/// records it was given, so that tests can check them.
public actor InMemorySupervisionStore: SupervisionStore {
    public private(set) var audit: [AuditEntry] = []
    /// One row per agent, day and queue, as the database keeps them.
    private var dayQueues: [DayMove] = []

    public init() {}

    public func record(_ entry: AuditEntry) async throws { audit.append(entry) }

    public func move(agentId: Int64, day: String, from: Int64?, to: Int64?, audit entry: AuditEntry) async throws -> [DayMove] {
        if let from { set(agentId: agentId, day: day, queueId: from, mode: "remove") }
        if let to { set(agentId: agentId, day: day, queueId: to, mode: "add") }
        audit.append(entry)
        return try await moves(day: day).filter { $0.agentId == agentId }
    }

    public func clearMoves(agentId: Int64, day: String, audit entry: AuditEntry) async throws {
        dayQueues.removeAll { $0.agentId == agentId && $0.day == day }
        audit.append(entry)
    }

    public func moves(day: String) async throws -> [DayMove] {
        dayQueues.filter { $0.day == day }.sorted { ($0.agentId, $0.queueId) < ($1.agentId, $1.queueId) }
    }

    /// Adds the row, or changes the mode of the one there is (the database's upsert).
    private func set(agentId: Int64, day: String, queueId: Int64, mode: String) {
        if let index = dayQueues.firstIndex(where: { $0.agentId == agentId && $0.day == day && $0.queueId == queueId }) {
            dayQueues[index].mode = mode
        } else {
            dayQueues.append(DayMove(agentId: agentId, day: day, queueId: queueId, mode: mode))
        }
    }
}
