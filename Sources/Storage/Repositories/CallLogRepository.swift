import SQLKit
import SwitchboardCore

/// One line of a call's timeline: queued, offered, answered, held, resumed, transferred, …
public struct CallEvent: Codable, Equatable, Sendable {
    public var at: Instant
    public var kind: String
    public var agentId: Int64?
    public var queueId: Int64?
    public var detail: String?

    public init(at: Instant, kind: String, agentId: Int64? = nil, queueId: Int64? = nil, detail: String? = nil) {
        self.at = at
        self.kind = kind
        self.agentId = agentId
        self.queueId = queueId
        self.detail = detail
    }
}

/// A stored call: the facts of its record; `endedAt` is nil while it lives.
public struct StoredCall: Codable, Equatable, Sendable {
    public var id: Int64
    public var firstQueueId: Int64
    public var lastQueueId: Int64
    public var from: String
    public var customerId: String?
    public var priority: Int
    public var arrivedAt: Instant
    public var answeredAt: Instant?
    public var agentId: Int64?
    public var endedAt: Instant?
    public var outcome: String?
    public var holdCount: Int
    public var holdMilliseconds: Int64
    public var transfers: Int
    public var escalated: Bool
}

/// Call records, their timelines, and agent state intervals: written, never rewritten, except
/// that a record is completed when its call ends and an interval is closed when the next begins.
public struct CallLogRepository {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    /// Stores a new call and returns its id (the id the routing engine will know it by).
    public func insertCall(queueId: Int64, from: String, customerId: String?, priority: Int, at now: Instant) async throws -> Int64 {
        try await sql.raw("""
            INSERT INTO calls (first_queue_id, last_queue_id, from_number, customer_id, priority, arrived_at_ms)
            VALUES (\(bind: queueId), \(bind: queueId), \(bind: from), \(bind: customerId), \(bind: priority), \(bind: now.millisecondsSinceEpoch))
            RETURNING id
            """).first()!.int64("id")
    }

    public func append(_ event: CallEvent, to callId: Int64) async throws {
        try await sql.raw("""
            INSERT INTO call_events (call_id, at_ms, kind, agent_id, queue_id, detail)
            VALUES (\(bind: callId), \(bind: event.at.millisecondsSinceEpoch), \(bind: event.kind), \(bind: event.agentId), \(bind: event.queueId), \(bind: event.detail))
            """).run()
    }

    public func markAnswered(_ callId: Int64, by agentId: Int64, at now: Instant) async throws {
        try await sql.raw("""
            UPDATE calls SET answered_at_ms = COALESCE(answered_at_ms, \(bind: now.millisecondsSinceEpoch)), agent_id = \(bind: agentId)
            WHERE id = \(bind: callId)
            """).run()
    }

    /// Keeps a live call's counters current, so its record reads right before it ends.
    public func count(_ counter: LiveCounter, of callId: Int64) async throws {
        try await sql.raw("UPDATE calls SET \(unsafeRaw: counter.rawValue) = \(unsafeRaw: counter.rawValue) + 1 WHERE id = \(bind: callId)").run()
    }

    public enum LiveCounter: String, Sendable {
        case holds = "hold_count"
        case transfers
    }

    public func moveToQueue(_ callId: Int64, queueId: Int64) async throws {
        try await sql.raw("UPDATE calls SET last_queue_id = \(bind: queueId) WHERE id = \(bind: callId)").run()
    }

    /// Completes the record from the engine's account of the call.
    public func complete(_ record: CallRecord, outcome: String) async throws {
        try await sql.raw("""
            UPDATE calls SET last_queue_id = \(bind: record.lastQueue.rawValue), answered_at_ms = \(bind: record.answeredAt?.millisecondsSinceEpoch),
                agent_id = \(bind: record.agent?.rawValue), ended_at_ms = \(bind: record.endedAt.millisecondsSinceEpoch), outcome = \(bind: outcome),
                hold_count = \(bind: record.holdCount), hold_ms = \(bind: record.holdTime.wholeMilliseconds), transfers = \(bind: record.transfers),
                escalated = \(bind: record.escalated ? 1 : 0)
            WHERE id = \(bind: record.id.rawValue)
            """).run()
    }

    public func call(_ id: Int64) async throws -> StoredCall? {
        try await sql.raw("""
            SELECT id, first_queue_id, last_queue_id, from_number, customer_id, priority, arrived_at_ms, answered_at_ms, agent_id, ended_at_ms,
                outcome, hold_count, hold_ms, transfers, escalated FROM calls WHERE id = \(bind: id)
            """).first().map { row in
            StoredCall(
                id: try row.int64("id"), firstQueueId: try row.int64("first_queue_id"), lastQueueId: try row.int64("last_queue_id"),
                from: try row.string("from_number"), customerId: try row.optionalString("customer_id"), priority: try row.int("priority"),
                arrivedAt: Instant(millisecondsSinceEpoch: try row.int64("arrived_at_ms")),
                answeredAt: try row.optionalInt64("answered_at_ms").map(Instant.init(millisecondsSinceEpoch:)), agentId: try row.optionalInt64("agent_id"),
                endedAt: try row.optionalInt64("ended_at_ms").map(Instant.init(millisecondsSinceEpoch:)), outcome: try row.optionalString("outcome"),
                holdCount: try row.int("hold_count"), holdMilliseconds: try row.int64("hold_ms"), transfers: try row.int("transfers"),
                escalated: try row.int64("escalated") != 0)
        }
    }

    public func timeline(of callId: Int64) async throws -> [CallEvent] {
        try await sql.raw("SELECT at_ms, kind, agent_id, queue_id, detail FROM call_events WHERE call_id = \(bind: callId) ORDER BY id").all().map { row in
            CallEvent(
                at: Instant(millisecondsSinceEpoch: try row.int64("at_ms")), kind: try row.string("kind"), agentId: try row.optionalInt64("agent_id"),
                queueId: try row.optionalInt64("queue_id"), detail: try row.optionalString("detail"))
        }
    }

    /// One queue's calls since a moment, as the service-level, ASA and AHT formulas need them.
    public struct QueueTotals: Sendable, Equatable {
        public var offered = 0
        public var answered = 0
        public var answeredWithinTarget = 0
        public var abandoned = 0
        public var abandonedWithinTarget = 0
        public var shortAbandoned = 0
        /// Summed wait of answered calls.
        public var waitMilliseconds: Int64 = 0
        /// Calls completed with an agent, and their talk + hold and wrap-up time.
        public var handled = 0
        public var talkAndHoldMilliseconds: Int64 = 0
        public var wrapUpMilliseconds: Int64 = 0

        public init() {}

        init(
            offered: Int, answered: Int, answeredWithinTarget: Int, abandoned: Int, abandonedWithinTarget: Int, shortAbandoned: Int,
            waitMilliseconds: Int64, handled: Int, talkAndHoldMilliseconds: Int64, wrapUpMilliseconds: Int64
        ) {
            self.offered = offered
            self.answered = answered
            self.answeredWithinTarget = answeredWithinTarget
            self.abandoned = abandoned
            self.abandonedWithinTarget = abandonedWithinTarget
            self.shortAbandoned = shortAbandoned
            self.waitMilliseconds = waitMilliseconds
            self.handled = handled
            self.talkAndHoldMilliseconds = talkAndHoldMilliseconds
            self.wrapUpMilliseconds = wrapUpMilliseconds
        }
    }

    /// Totals per queue (by the queue a call ended in) of the calls that arrived since `start`.
    /// Wrap-up is the interval the agent began when the call ended; targets are each queue's own.
    public func queueTotals(since start: Instant, now: Instant, shortAbandon: Int64 = 5000) async throws -> [Int64: QueueTotals] {
        let rows = try await sql.raw("""
            SELECT c.last_queue_id AS queue_id, COUNT(*) AS offered,
              CAST(SUM(CASE WHEN c.answered_at_ms IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS answered,
              CAST(SUM(CASE WHEN c.answered_at_ms IS NOT NULL AND c.answered_at_ms - c.arrived_at_ms <= q.service_level_seconds * 1000 THEN 1 ELSE 0 END) AS BIGINT) AS answered_in,
              CAST(SUM(CASE WHEN c.outcome LIKE 'abandoned%' THEN 1 ELSE 0 END) AS BIGINT) AS abandoned,
              CAST(SUM(CASE WHEN c.outcome LIKE 'abandoned%' AND c.ended_at_ms - c.arrived_at_ms <= q.service_level_seconds * 1000 THEN 1 ELSE 0 END) AS BIGINT) AS abandoned_in,
              CAST(SUM(CASE WHEN c.outcome LIKE 'abandoned%' AND c.ended_at_ms - c.arrived_at_ms <= \(bind: shortAbandon) THEN 1 ELSE 0 END) AS BIGINT) AS short_abandoned,
              CAST(COALESCE(SUM(CASE WHEN c.answered_at_ms IS NOT NULL THEN c.answered_at_ms - c.arrived_at_ms ELSE 0 END), 0) AS BIGINT) AS wait_ms,
              CAST(SUM(CASE WHEN c.outcome LIKE 'completed%' THEN 1 ELSE 0 END) AS BIGINT) AS handled,
              CAST(COALESCE(SUM(CASE WHEN c.outcome LIKE 'completed%' THEN c.ended_at_ms - c.answered_at_ms ELSE 0 END), 0) AS BIGINT) AS talk_ms,
              CAST(COALESCE(SUM(CASE WHEN s.id IS NOT NULL THEN COALESCE(s.ended_at_ms, \(bind: now.millisecondsSinceEpoch)) - s.started_at_ms ELSE 0 END), 0) AS BIGINT) AS wrap_ms
            FROM calls c
            JOIN queues q ON q.id = c.last_queue_id
            LEFT JOIN agent_states s ON s.agent_id = c.agent_id AND s.state = 'wrapUp' AND s.started_at_ms = c.ended_at_ms
                AND c.outcome LIKE 'completed%'
            WHERE c.arrived_at_ms >= \(bind: start.millisecondsSinceEpoch)
            GROUP BY c.last_queue_id
            """).all()
        var totals: [Int64: QueueTotals] = [:]
        for row in rows {
            totals[try row.int64("queue_id")] = QueueTotals(
                offered: try row.int("offered"), answered: try row.int("answered"), answeredWithinTarget: try row.int("answered_in"),
                abandoned: try row.int("abandoned"), abandonedWithinTarget: try row.int("abandoned_in"), shortAbandoned: try row.int("short_abandoned"),
                waitMilliseconds: try row.int64("wait_ms"), handled: try row.int("handled"), talkAndHoldMilliseconds: try row.int64("talk_ms"),
                wrapUpMilliseconds: try row.int64("wrap_ms"))
        }
        return totals
    }

    /// Closes the agent's open interval at `now` and opens the next one.
    public func changeAgentState(_ agentId: Int64, to state: String, reason: String?, callId: Int64?, at now: Instant) async throws {
        try await sql.raw("""
            UPDATE agent_states SET ended_at_ms = \(bind: now.millisecondsSinceEpoch) WHERE agent_id = \(bind: agentId) AND ended_at_ms IS NULL
            """).run()
        try await sql.raw("""
            INSERT INTO agent_states (agent_id, state, reason, call_id, started_at_ms)
            VALUES (\(bind: agentId), \(bind: state), \(bind: reason), \(bind: callId), \(bind: now.millisecondsSinceEpoch))
            """).run()
    }

    /// After a restart: calls that were live are closed as `systemRestart`, and every open
    /// agent interval ends (agents come back logged out). Returns how many calls were closed.
    @discardableResult
    public func closeWhatWasLive(at now: Instant) async throws -> Int {
        let open = try await sql.raw("SELECT id FROM calls WHERE ended_at_ms IS NULL").all().map { try $0.int64("id") }
        for id in open {
            try await append(CallEvent(at: now, kind: "ended", detail: "systemRestart"), to: id)
        }
        try await sql.raw("""
            UPDATE calls SET ended_at_ms = \(bind: now.millisecondsSinceEpoch), outcome = 'systemRestart' WHERE ended_at_ms IS NULL
            """).run()
        try await sql.raw("UPDATE agent_states SET ended_at_ms = \(bind: now.millisecondsSinceEpoch) WHERE ended_at_ms IS NULL").run()
        return open.count
    }
}
