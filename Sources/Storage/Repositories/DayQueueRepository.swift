import SQLKit
import SwitchboardCore

/// Agents moved between queues for a day: per agent and day, queues added and removed.
public struct DayQueueRepository {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public typealias Move = DayMove

    public func set(agentId: Int64, day: String, queueId: Int64, mode: String) async throws {
        try await sql.raw("""
            INSERT INTO agent_day_queues (agent_id, day, queue_id, mode) VALUES (\(bind: agentId), \(bind: day), \(bind: queueId), \(bind: mode))
            ON CONFLICT (agent_id, day, queue_id) DO UPDATE SET mode = excluded.mode
            """).run()
    }

    public func clear(agentId: Int64, day: String) async throws {
        try await sql.raw("DELETE FROM agent_day_queues WHERE agent_id = \(bind: agentId) AND day = \(bind: day)").run()
    }

    public func moves(day: String) async throws -> [Move] {
        try await sql.raw("SELECT agent_id, day, queue_id, mode FROM agent_day_queues WHERE day = \(bind: day) ORDER BY agent_id, queue_id").all().map {
            Move(agentId: try $0.int64("agent_id"), day: try $0.string("day"), queueId: try $0.int64("queue_id"), mode: try $0.string("mode"))
        }
    }
}
