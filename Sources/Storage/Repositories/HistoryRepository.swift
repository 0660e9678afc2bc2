import SQLKit
import SwitchboardCore

/// A day of the real center as the simulator replays it: who called which queue when, how
/// long answered calls took, how long callers waited, and when each agent worked.
public struct HistoryRepository {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    /// One call of the day: its first queue and when it arrived; for an answered call its
    /// wait and talk; for an abandoned one its wait.
    public struct Call: Sendable, Equatable {
        public var queueId: Int64
        public var arrivedAt: Int64
        public var waitMilliseconds: Int64?
        public var talkMilliseconds: Int64?
        public var abandoned: Bool
    }

    public func calls(from start: Instant, to end: Instant) async throws -> [Call] {
        let rows = try await sql.raw("""
            SELECT first_queue_id, arrived_at_ms, answered_at_ms, ended_at_ms, outcome FROM calls
            WHERE arrived_at_ms >= \(bind: start.millisecondsSinceEpoch) AND arrived_at_ms < \(bind: end.millisecondsSinceEpoch)
            ORDER BY arrived_at_ms
            """).all()
        return try rows.map { row in
            let arrived = try row.int64("arrived_at_ms")
            let answered = try row.optionalInt64("answered_at_ms")
            let ended = try row.optionalInt64("ended_at_ms")
            let outcome = try row.decode(column: "outcome", as: String?.self) ?? ""
            let abandoned = outcome.hasPrefix("abandoned")
            return Call(
                queueId: try row.int64("first_queue_id"), arrivedAt: arrived,
                waitMilliseconds: answered.map { $0 - arrived } ?? (abandoned ? ended.map { $0 - arrived } : nil),
                talkMilliseconds: answered.flatMap { a in outcome.hasPrefix("completed") ? ended.map { $0 - a } : nil },
                abandoned: abandoned)
        }
    }

    /// When each agent was logged in during the day: the first and last moment of any state
    /// other than logged out.
    public func workingHours(from start: Instant, to end: Instant) async throws -> [Int64: (start: Int64, end: Int64)] {
        let rows = try await sql.raw("""
            SELECT agent_id, MIN(started_at_ms) AS first_ms, MAX(COALESCE(ended_at_ms, \(bind: end.millisecondsSinceEpoch))) AS last_ms
            FROM agent_states
            WHERE state <> 'loggedOut' AND started_at_ms < \(bind: end.millisecondsSinceEpoch)
              AND COALESCE(ended_at_ms, \(bind: end.millisecondsSinceEpoch)) > \(bind: start.millisecondsSinceEpoch)
            GROUP BY agent_id
            """).all()
        var hours: [Int64: (start: Int64, end: Int64)] = [:]
        for row in rows {
            hours[try row.int64("agent_id")] = (
                max(try row.int64("first_ms"), start.millisecondsSinceEpoch), min(try row.int64("last_ms"), end.millisecondsSinceEpoch)
            )
        }
        return hours
    }
}
