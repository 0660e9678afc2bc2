import SQLKit
import SwitchboardCore

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

    /// The call (and its open queue visit) was answered; the first answer counts for waiting.
    public func markAnswered(_ callId: Int64, by agentId: Int64, at now: Instant) async throws {
        try await sql.raw("""
            UPDATE calls SET answered_at_ms = COALESCE(answered_at_ms, \(bind: now.millisecondsSinceEpoch)), agent_id = \(bind: agentId)
            WHERE id = \(bind: callId)
            """).run()
        try await sql.raw("""
            UPDATE queue_visits SET answered_at_ms = COALESCE(answered_at_ms, \(bind: now.millisecondsSinceEpoch)),
                agent_id = COALESCE(agent_id, \(bind: agentId))
            WHERE call_id = \(bind: callId) AND left_at_ms IS NULL
            """).run()
    }

    /// The agent who has the call now (after a take-over or a completed warm transfer); who
    /// answered each queue visit stays as it was.
    public func setAgent(_ callId: Int64, _ agentId: Int64) async throws {
        try await sql.raw("UPDATE calls SET agent_id = \(bind: agentId) WHERE id = \(bind: callId)").run()
    }

    /// Keeps a live call's counters current, so its record reads right before it ends.
    public func count(_ counter: LiveCounter, of callId: Int64) async throws {
        try await sql.raw("UPDATE calls SET \(unsafeRaw: counter.rawValue) = \(unsafeRaw: counter.rawValue) + 1 WHERE id = \(bind: callId)").run()
    }

    public enum LiveCounter: String, Sendable {
        case holds = "hold_count"
        case transfers
        case consultations
    }

    /// Adds a finished hold to the call's hold time, so a live call's record reads right.
    public func addHold(_ held: Duration, to callId: Int64) async throws {
        try await sql.raw("UPDATE calls SET hold_ms = hold_ms + \(bind: held.wholeMilliseconds) WHERE id = \(bind: callId)").run()
    }

    public func markConferenced(_ callId: Int64) async throws {
        try await sql.raw("UPDATE calls SET conferenced = 1 WHERE id = \(bind: callId)").run()
    }

    // MARK: Queue visits

    /// The call enters a queue: its open visit (if any) is closed and a new one opened.
    public func enterQueue(_ callId: Int64, queueId: Int64, at now: Instant) async throws {
        try await leaveQueue(callId, outcome: "left", at: now)
        try await openVisit(callId, queueId: queueId, at: now)
    }

    /// Opens a visit of the call to a queue (its earlier visit already closed).
    public func openVisit(_ callId: Int64, queueId: Int64, at now: Instant) async throws {
        try await sql.raw("""
            INSERT INTO queue_visits (call_id, queue_id, entered_at_ms) VALUES (\(bind: callId), \(bind: queueId), \(bind: now.millisecondsSinceEpoch))
            """).run()
    }

    /// Closes the call's open visit, if there is one, with how it ended there.
    public func leaveQueue(_ callId: Int64, outcome: String, at now: Instant) async throws {
        // A finished visit changes the report interval it entered in.
        for entered in try await closeVisit(callId, outcome: outcome, at: now) { try await ReportRepository(sql).touch(from: entered) }
    }

    /// Closes the call's open visit, if there is one; returns when it was entered, whose report
    /// interval the caller must mark (`CallLogBatch.touch` marks a batch's at once).
    public func closeVisit(_ callId: Int64, outcome: String, at now: Instant) async throws -> [Int64] {
        try await sql.raw("""
            UPDATE queue_visits SET left_at_ms = \(bind: now.millisecondsSinceEpoch), outcome = \(bind: outcome)
            WHERE call_id = \(bind: callId) AND left_at_ms IS NULL RETURNING entered_at_ms
            """).all().map { try $0.int64("entered_at_ms") }
    }

    /// A call refused at the door (full or closed) still counts as a visit, ended at once.
    public func recordRejection(_ callId: Int64, queueId: Int64, outcome: String, at now: Instant) async throws {
        try await sql.raw("""
            INSERT INTO queue_visits (call_id, queue_id, entered_at_ms, left_at_ms, outcome)
            VALUES (\(bind: callId), \(bind: queueId), \(bind: now.millisecondsSinceEpoch), \(bind: now.millisecondsSinceEpoch), \(bind: outcome))
            """).run()
        try await ReportRepository(sql).touch(from: now.millisecondsSinceEpoch)
    }

    public func visits(of callId: Int64) async throws -> [QueueVisit] {
        try await sql.raw("""
            SELECT queue_id, entered_at_ms, answered_at_ms, agent_id, left_at_ms, outcome FROM queue_visits
            WHERE call_id = \(bind: callId) ORDER BY id
            """).all().map { row in
            QueueVisit(
                queueId: try row.int64("queue_id"), enteredAt: Instant(millisecondsSinceEpoch: try row.int64("entered_at_ms")),
                answeredAt: try row.optionalInt64("answered_at_ms").map(Instant.init(millisecondsSinceEpoch:)), agentId: try row.optionalInt64("agent_id"),
                leftAt: try row.optionalInt64("left_at_ms").map(Instant.init(millisecondsSinceEpoch:)), outcome: try row.optionalString("outcome"))
        }
    }

    public func moveToQueue(_ callId: Int64, queueId: Int64) async throws {
        try await sql.raw("UPDATE calls SET last_queue_id = \(bind: queueId) WHERE id = \(bind: callId)").run()
    }

    /// Completes the record from the engine's account of the call.
    /// The report intervals from the call's arrival to its end are marked: they hold every agent
    /// interval the call closed, whose time counts for the queue it ended in (as the live shell
    /// marks them).
    public func complete(_ record: CallRecord, outcome: String) async throws {
        try await completeRecord(record, outcome: outcome)
        try await ReportRepository(sql).touch(from: record.arrivedAt.millisecondsSinceEpoch, to: record.endedAt.millisecondsSinceEpoch)
    }

    /// Writes the record's final facts and marks nothing: the caller marks the report intervals
    /// from the call's arrival to its end, which hold every agent interval the call closed.
    public func completeRecord(_ record: CallRecord, outcome: String) async throws {
        try await sql.raw("""
            UPDATE calls SET last_queue_id = \(bind: record.lastQueue.rawValue), answered_at_ms = \(bind: record.answeredAt?.millisecondsSinceEpoch),
                agent_id = \(bind: record.agent?.rawValue), ended_at_ms = \(bind: record.endedAt.millisecondsSinceEpoch), outcome = \(bind: outcome),
                hold_count = \(bind: record.holdCount), hold_ms = \(bind: record.holdTime.wholeMilliseconds), transfers = \(bind: record.transfers),
                escalated = \(bind: record.escalated ? 1 : 0), consultations = \(bind: record.consultations),
                conferenced = \(bind: record.conferenced ? 1 : 0)
            WHERE id = \(bind: record.id.rawValue)
            """).run()
    }

    public func call(_ id: Int64) async throws -> StoredCall? {
        try await sql.raw("""
            SELECT id, first_queue_id, last_queue_id, from_number, customer_id, priority, arrived_at_ms, answered_at_ms, agent_id, ended_at_ms,
                outcome, hold_count, hold_ms, transfers, escalated, consultations, conferenced FROM calls WHERE id = \(bind: id)
            """).first().map { row in
            StoredCall(
                id: try row.int64("id"), firstQueueId: try row.int64("first_queue_id"), lastQueueId: try row.int64("last_queue_id"),
                from: try row.string("from_number"), customerId: try row.optionalString("customer_id"), priority: try row.int("priority"),
                arrivedAt: Instant(millisecondsSinceEpoch: try row.int64("arrived_at_ms")),
                answeredAt: try row.optionalInt64("answered_at_ms").map(Instant.init(millisecondsSinceEpoch:)), agentId: try row.optionalInt64("agent_id"),
                endedAt: try row.optionalInt64("ended_at_ms").map(Instant.init(millisecondsSinceEpoch:)), outcome: try row.optionalString("outcome"),
                holdCount: try row.int("hold_count"), holdMilliseconds: try row.int64("hold_ms"), transfers: try row.int("transfers"),
                escalated: try row.int64("escalated") != 0, consultations: try row.int("consultations"),
                conferenced: try row.int64("conferenced") != 0)
        }
    }

    public func timeline(of callId: Int64) async throws -> [CallEvent] {
        try await sql.raw("SELECT at_ms, kind, agent_id, queue_id, detail FROM call_events WHERE call_id = \(bind: callId) ORDER BY id").all().map { row in
            CallEvent(
                at: Instant(millisecondsSinceEpoch: try row.int64("at_ms")), kind: try row.string("kind"), agentId: try row.optionalInt64("agent_id"),
                queueId: try row.optionalInt64("queue_id"), detail: try row.optionalString("detail"))
        }
    }

    public typealias QueueTotals = SwitchboardCore.QueueTotals

    /// An agent's own figures since `start`: calls handled (answered visits that finished),
    /// their talk time (hold included) and the agent's wrap-up time (one running counts to `now`).
    public func agentTotals(agentId: Int64, since start: Instant, now: Instant) async throws -> (handled: Int, talkMilliseconds: Int64, wrapUpMilliseconds: Int64) {
        let talk = try await sql.raw("""
            SELECT CAST(COUNT(*) AS BIGINT) AS handled, CAST(COALESCE(SUM(left_at_ms - answered_at_ms), 0) AS BIGINT) AS talk_ms
            FROM queue_visits WHERE agent_id = \(bind: agentId) AND answered_at_ms IS NOT NULL AND left_at_ms IS NOT NULL
              AND entered_at_ms >= \(bind: start.millisecondsSinceEpoch)
            """).first()!
        let wrap = try await sql.raw("""
            SELECT CAST(COALESCE(SUM(COALESCE(ended_at_ms, \(bind: now.millisecondsSinceEpoch)) - started_at_ms), 0) AS BIGINT) AS wrap_ms
            FROM agent_states WHERE agent_id = \(bind: agentId) AND state = 'wrapUp' AND started_at_ms >= \(bind: start.millisecondsSinceEpoch)
            """).first()!
        return (try talk.int("handled"), try talk.int64("talk_ms"), try wrap.int64("wrap_ms"))
    }

    /// Every agent's figures since `start` in two grouped queries (the wallboard): handled,
    /// talk, wrap-up and how often they put callers on hold.
    public func agentTotals(since start: Instant, now: Instant) async throws -> [Int64: AgentTotals] {
        var totals: [Int64: AgentTotals] = [:]
        for row in try await sql.raw("""
            SELECT v.agent_id, CAST(COUNT(*) AS BIGINT) AS handled, CAST(COALESCE(SUM(v.left_at_ms - v.answered_at_ms), 0) AS BIGINT) AS talk_ms,
              CAST(COALESCE(SUM(c.hold_count), 0) AS BIGINT) AS holds
            FROM queue_visits v JOIN calls c ON c.id = v.call_id
            WHERE v.agent_id IS NOT NULL AND v.answered_at_ms IS NOT NULL AND v.left_at_ms IS NOT NULL AND v.entered_at_ms >= \(bind: start.millisecondsSinceEpoch)
            GROUP BY v.agent_id
            """).all() {
            var t = AgentTotals()
            t.handled = try row.int("handled")
            t.talkMilliseconds = try row.int64("talk_ms")
            t.holds = try row.int("holds")
            totals[try row.int64("agent_id")] = t
        }
        for row in try await sql.raw("""
            SELECT agent_id, CAST(COALESCE(SUM(COALESCE(ended_at_ms, \(bind: now.millisecondsSinceEpoch)) - started_at_ms), 0) AS BIGINT) AS wrap_ms
            FROM agent_states WHERE state = 'wrapUp' AND started_at_ms >= \(bind: start.millisecondsSinceEpoch) GROUP BY agent_id
            """).all() {
            totals[try row.int64("agent_id"), default: AgentTotals()].wrapUpMilliseconds = try row.int64("wrap_ms")
        }
        return totals
    }

    public typealias AgentTotals = SwitchboardCore.AgentTotals

    /// Offered, answered and abandoned per queue per `slot` since `start` (the wallboard's
    /// sparkline): slot index 0 begins at `start`.
    public func queueSlots(since start: Instant, slot: Duration) async throws -> [Int64: [Int: (offered: Int, answered: Int, abandoned: Int)]] {
        let width = slot.wholeMilliseconds
        var slots: [Int64: [Int: (offered: Int, answered: Int, abandoned: Int)]] = [:]
        for row in try await sql.raw("""
            SELECT queue_id, CAST((entered_at_ms - \(bind: start.millisecondsSinceEpoch)) / \(bind: width) AS BIGINT) AS slot,
              CAST(SUM(CASE WHEN outcome LIKE 'rejected%' THEN 0 ELSE 1 END) AS BIGINT) AS offered,
              CAST(SUM(CASE WHEN answered_at_ms IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS answered,
              CAST(SUM(CASE WHEN outcome LIKE 'abandoned%' THEN 1 ELSE 0 END) AS BIGINT) AS abandoned
            FROM queue_visits WHERE entered_at_ms >= \(bind: start.millisecondsSinceEpoch)
            GROUP BY queue_id, slot
            """).all() {
            slots[try row.int64("queue_id"), default: [:]][try row.int("slot")] = (try row.int("offered"), try row.int("answered"), try row.int("abandoned"))
        }
        return slots
    }

    /// Totals per queue of the visits that began since `start`, each counted in the queue it
    /// happened in, against that queue's own service-level target. Wrap-up is every wrap-up
    /// interval of the call that began during an answered visit (after the answer, up to and
    /// including the moment the visit ended); one still running counts up to `now`.
    public func queueTotals(since start: Instant, now: Instant, shortAbandon: Int64 = KPI.defaultShortAbandonMilliseconds) async throws -> [Int64: QueueTotals] {
        let rows = try await sql.raw("""
            SELECT v.queue_id AS queue_id,
              CAST(SUM(CASE WHEN v.outcome LIKE 'rejected%' THEN 0 ELSE 1 END) AS BIGINT) AS offered,
              CAST(SUM(CASE WHEN v.outcome LIKE 'rejected%' THEN 1 ELSE 0 END) AS BIGINT) AS rejected,
              CAST(SUM(CASE WHEN v.answered_at_ms IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS answered,
              CAST(SUM(CASE WHEN v.answered_at_ms IS NOT NULL AND v.answered_at_ms - v.entered_at_ms <= q.service_level_seconds * 1000 THEN 1 ELSE 0 END) AS BIGINT) AS answered_in,
              CAST(SUM(CASE WHEN v.outcome LIKE 'abandoned%' THEN 1 ELSE 0 END) AS BIGINT) AS abandoned,
              CAST(SUM(CASE WHEN v.outcome LIKE 'abandoned%' AND v.left_at_ms - v.entered_at_ms <= q.service_level_seconds * 1000 THEN 1 ELSE 0 END) AS BIGINT) AS abandoned_in,
              CAST(SUM(CASE WHEN v.outcome LIKE 'abandoned%' AND v.left_at_ms - v.entered_at_ms <= \(bind: shortAbandon) THEN 1 ELSE 0 END) AS BIGINT) AS short_abandoned,
              CAST(COALESCE(SUM(CASE WHEN v.answered_at_ms IS NOT NULL THEN v.answered_at_ms - v.entered_at_ms ELSE 0 END), 0) AS BIGINT) AS wait_ms,
              CAST(SUM(CASE WHEN v.answered_at_ms IS NOT NULL AND v.left_at_ms IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS handled,
              CAST(COALESCE(SUM(CASE WHEN v.answered_at_ms IS NOT NULL AND v.left_at_ms IS NOT NULL THEN v.left_at_ms - v.answered_at_ms ELSE 0 END), 0) AS BIGINT) AS talk_ms
            FROM queue_visits v
            JOIN queues q ON q.id = v.queue_id
            WHERE v.entered_at_ms >= \(bind: start.millisecondsSinceEpoch)
            GROUP BY v.queue_id
            """).all()
        var totals: [Int64: QueueTotals] = [:]
        for row in rows {
            var t = QueueTotals()
            t.offered = try row.int("offered")
            t.rejected = try row.int("rejected")
            t.answered = try row.int("answered")
            t.answeredWithinTarget = try row.int("answered_in")
            t.abandoned = try row.int("abandoned")
            t.abandonedWithinTarget = try row.int("abandoned_in")
            t.shortAbandoned = try row.int("short_abandoned")
            t.waitMilliseconds = try row.int64("wait_ms")
            t.handled = try row.int("handled")
            t.talkAndHoldMilliseconds = try row.int64("talk_ms")
            totals[try row.int64("queue_id")] = t
        }
        let wrapUps = try await sql.raw("""
            SELECT v.queue_id AS queue_id,
              CAST(SUM(COALESCE(s.ended_at_ms, \(bind: now.millisecondsSinceEpoch)) - s.started_at_ms) AS BIGINT) AS wrap_ms
            FROM queue_visits v
            JOIN agent_states s ON s.call_id = v.call_id AND s.state = 'wrapUp'
              AND s.started_at_ms > v.answered_at_ms AND s.started_at_ms <= v.left_at_ms
            WHERE v.entered_at_ms >= \(bind: start.millisecondsSinceEpoch) AND v.answered_at_ms IS NOT NULL AND v.left_at_ms IS NOT NULL
            GROUP BY v.queue_id
            """).all()
        for row in wrapUps {
            totals[try row.int64("queue_id"), default: QueueTotals()].wrapUpMilliseconds = try row.int64("wrap_ms")
        }
        return totals
    }

    /// Closes the agent's open interval at `now` and opens the next one, as the live shell's
    /// batches do (`CallLogBatch`: the one place intervals are written).
    public func changeAgentState(_ agentId: Int64, to state: String, reason: String?, callId: Int64?, at now: Instant) async throws {
        let batch = CallLogBatch()
        batch.changeAgentState(agentId, to: state, reason: reason, callId: callId, at: now)
        try await batch.flush(sql)
    }

    /// After a restart: calls that were live are closed as `systemRestart`, and every open
    /// agent interval ends (agents come back logged out). Returns how many calls were closed.
    @discardableResult
    public func closeWhatWasLive(at now: Instant) async throws -> Int {
        let open = try await sql.raw("SELECT id FROM calls WHERE ended_at_ms IS NULL").all().map { try $0.int64("id") }
        // Everything closed here finishes in the reports too.
        var spans = try await sql.raw("""
            SELECT entered_at_ms AS at_ms FROM queue_visits WHERE left_at_ms IS NULL UNION SELECT arrived_at_ms FROM calls WHERE ended_at_ms IS NULL
            """).all().map { (from: try $0.int64("at_ms"), to: try $0.int64("at_ms")) }
        spans += try await sql.raw("SELECT started_at_ms FROM agent_states WHERE ended_at_ms IS NULL AND state <> 'loggedOut'").all()
            .map { (from: try $0.int64("started_at_ms"), to: now.millisecondsSinceEpoch) }
        try await ReportRepository(sql).touch(spans: spans)
        for id in open {
            try await append(CallEvent(at: now, kind: "ended", detail: "systemRestart"), to: id)
        }
        try await sql.raw("""
            UPDATE calls SET ended_at_ms = \(bind: now.millisecondsSinceEpoch), outcome = 'systemRestart' WHERE ended_at_ms IS NULL
            """).run()
        try await sql.raw("""
            UPDATE queue_visits SET left_at_ms = \(bind: now.millisecondsSinceEpoch), outcome = 'systemRestart' WHERE left_at_ms IS NULL
            """).run()
        try await sql.raw("UPDATE agent_states SET ended_at_ms = \(bind: now.millisecondsSinceEpoch) WHERE ended_at_ms IS NULL").run()
        return open.count
    }
}
