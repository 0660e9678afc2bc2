import SQLKit
import SwitchboardCore

/// The live shell's group commit writes many small records per batch: a timeline line per
/// effect and an agent state interval per state change. Written one by one they cost a
/// statement each — a round trip to the database thread, a parse, a plan — and at a few
/// hundred calls a second those round trips were what freed agents late. This collects them
/// and writes each kind in one multi-row statement when the batch's transaction ends
/// (`flush`), with the same rows, order and report marks as one by one.
///
/// Used inside one transaction by one task; nothing reads these tables within that
/// transaction before `flush` (a call's completion reads only intervals closed in earlier
/// batches; those closed here are marked for the reports by `flush` itself).
public final class CallLogBatch {
    struct StateChange {
        var agentId: Int64
        var state: String
        var reason: String?
        var callId: Int64?
        var at: Int64
    }

    private var events: [(callId: Int64, event: CallEvent)] = []
    private var changes: [StateChange] = []
    /// Spans whose report intervals change (marked once, at `flush`).
    private var spans: [(from: Int64, to: Int64)] = []
    /// Calls stored in this batch that have not entered a queue yet.
    private var newCalls: Set<Int64> = []

    /// Rows per statement: 7 values each stays far below SQLite's and PostgreSQL's limits on
    /// bound parameters.
    static let chunk = 500

    public init() {}

    public var isEmpty: Bool { events.isEmpty && changes.isEmpty && spans.isEmpty }

    /// Marks the report intervals from `from` to `to` (both included) at `flush`.
    public func touch(from: Int64, to: Int64? = nil) {
        spans.append((from, to ?? from))
    }

    /// A call was stored in this batch (its row already names its first queue).
    public func callInserted(_ callId: Int64) {
        newCalls.insert(callId)
    }

    /// Whether the call now enters the queue it was stored with, in this batch: then it has no
    /// visit to close and its row needs no move.
    public func entersFirstQueue(_ callId: Int64) -> Bool {
        newCalls.remove(callId) != nil
    }

    /// A line of a call's timeline, written at `flush` in the order appended.
    public func append(_ event: CallEvent, to callId: Int64) {
        events.append((callId, event))
    }

    /// The agent's state changes at `now`: their open interval ends and a new one begins.
    public func changeAgentState(_ agentId: Int64, to state: String, reason: String?, callId: Int64?, at now: Instant) {
        changes.append(StateChange(agentId: agentId, state: state, reason: reason, callId: callId, at: now.millisecondsSinceEpoch))
    }

    /// Writes what was collected; the batch is empty again after.
    public func flush(_ sql: any SQLDatabase) async throws {
        try await writeEvents(sql)
        try await writeStates(sql)
        if !spans.isEmpty { try await ReportRepository(sql).touch(spans: spans) }
        events = []
        changes = []
        spans = []
        newCalls = []
    }

    private func writeEvents(_ sql: any SQLDatabase) async throws {
        for start in stride(from: 0, to: events.count, by: Self.chunk) {
            var query = SQLQueryString("INSERT INTO call_events (call_id, at_ms, kind, agent_id, queue_id, detail) VALUES ")
            for (index, item) in events[start..<min(start + Self.chunk, events.count)].enumerated() {
                query.appendInterpolation(unsafeRaw: index == 0 ? "(" : ", (")
                query.appendInterpolation(bind: item.callId)
                query.appendInterpolation(unsafeRaw: ", ")
                query.appendInterpolation(bind: item.event.at.millisecondsSinceEpoch)
                query.appendInterpolation(unsafeRaw: ", ")
                query.appendInterpolation(bind: item.event.kind)
                query.appendInterpolation(unsafeRaw: ", ")
                query.appendInterpolation(bind: item.event.agentId)
                query.appendInterpolation(unsafeRaw: ", ")
                query.appendInterpolation(bind: item.event.queueId)
                query.appendInterpolation(unsafeRaw: ", ")
                query.appendInterpolation(bind: item.event.detail)
                query.appendInterpolation(unsafeRaw: ")")
            }
            try await sql.raw(query).run()
        }
    }

    /// Each agent's open interval ends at their first change in the batch; every change but
    /// an agent's last is an interval that ends at their next change; the last stays open.
    /// Closed intervals (but logged-out time) are marked for the reports, as one by one.
    /// Writes before the marks (`flush`), which take these spans too.
    private func writeStates(_ sql: any SQLDatabase) async throws {
        guard !changes.isEmpty else { return }
        var first: [Int64: Int64] = [:]
        var order: [Int64] = []
        for change in changes where first[change.agentId] == nil {
            first[change.agentId] = change.at
            order.append(change.agentId)
        }
        for start in stride(from: 0, to: order.count, by: Self.chunk) {
            let agents = order[start..<min(start + Self.chunk, order.count)]
            var query = SQLQueryString("UPDATE agent_states SET ended_at_ms = CASE agent_id")
            for agent in agents {
                query.appendInterpolation(unsafeRaw: " WHEN ")
                query.appendInterpolation(bind: agent)
                query.appendInterpolation(unsafeRaw: " THEN ")
                query.appendInterpolation(bind: first[agent]!)
            }
            query.appendInterpolation(unsafeRaw: " END WHERE ended_at_ms IS NULL AND agent_id IN (")
            for (index, agent) in agents.enumerated() {
                if index > 0 { query.appendInterpolation(unsafeRaw: ", ") }
                query.appendInterpolation(bind: agent)
            }
            query.appendInterpolation(unsafeRaw: ") RETURNING started_at_ms, ended_at_ms, state")
            for row in try await sql.raw(query).all() where try row.string("state") != "loggedOut" {
                spans.append((try row.int64("started_at_ms"), try row.int64("ended_at_ms")))
            }
        }
        // When each change's interval ends: the same agent's next change in the batch.
        var ends = [Int64?](repeating: nil, count: changes.count)
        var next: [Int64: Int64] = [:]
        for index in changes.indices.reversed() {
            let change = changes[index]
            ends[index] = next[change.agentId]
            next[change.agentId] = change.at
            if let end = ends[index], change.state != "loggedOut" { spans.append((change.at, end)) }
        }
        for start in stride(from: 0, to: changes.count, by: Self.chunk) {
            var query = SQLQueryString("INSERT INTO agent_states (agent_id, state, reason, call_id, started_at_ms, ended_at_ms) VALUES ")
            for index in start..<min(start + Self.chunk, changes.count) {
                let change = changes[index]
                query.appendInterpolation(unsafeRaw: index == start ? "(" : ", (")
                query.appendInterpolation(bind: change.agentId)
                query.appendInterpolation(unsafeRaw: ", ")
                query.appendInterpolation(bind: change.state)
                query.appendInterpolation(unsafeRaw: ", ")
                query.appendInterpolation(bind: change.reason)
                query.appendInterpolation(unsafeRaw: ", ")
                query.appendInterpolation(bind: change.callId)
                query.appendInterpolation(unsafeRaw: ", ")
                query.appendInterpolation(bind: change.at)
                query.appendInterpolation(unsafeRaw: ", ")
                query.appendInterpolation(bind: ends[index])
                query.appendInterpolation(unsafeRaw: ")")
            }
            try await sql.raw(query).run()
        }
    }
}
