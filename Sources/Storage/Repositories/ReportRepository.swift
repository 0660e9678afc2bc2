import Foundation
import SQLKit
import SwitchboardCore

/// The center's calendar for reports: which local day a 15-minute interval belongs to.
public struct ReportZone: Sendable {
    public let timeZone: TimeZone

    public init(_ timeZone: TimeZone = .current) { self.timeZone = timeZone }

    /// The offset from UTC at a moment, in milliseconds.
    public func offset(at ms: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(ms) / 1000))) * 1000
    }

    /// The local day (days since 1970-01-01) of a moment.
    public func day(of ms: Int64) -> Int64 {
        let local = ms + offset(at: ms)
        return local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
    }

    /// [from, to) cut where the offset changes (daylight saving), each piece with its offset,
    /// so SQL can compute local days with one constant per piece.
    public func pieces(from: Int64, to: Int64) -> [(from: Int64, to: Int64, offset: Int64)] {
        var pieces: [(Int64, Int64, Int64)] = []
        var start = from
        while start < to {
            let offset = offset(at: start)
            var end = to
            if let next = timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: Double(start) / 1000)) {
                // Transitions fall on whole quarters of an hour; round up to an interval edge.
                let ms = Int64((next.timeIntervalSince1970 * 1000).rounded())
                end = min(to, (ms + ReportRepository.interval - 1) / ReportRepository.interval * ReportRepository.interval)
            }
            if end <= start { end = min(to, start + ReportRepository.interval) }
            pieces.append((start, end, offset))
            start = end
        }
        return pieces
    }
}

/// The 15-minute aggregates behind reports (migration 8): marking intervals dirty as the
/// records change, recomputing them from the records, and summing them for a report.
public struct ReportRepository {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    /// 15 minutes.
    public static let interval: Int64 = 900_000

    public static func bucket(_ ms: Int64) -> Int64 { ms >= 0 ? ms / interval * interval : (ms - interval + 1) / interval * interval }

    // MARK: Keeping up

    /// Marks the intervals from `from` up to and including `to` for recomputation.
    public func touch(from: Int64, to: Int64? = nil) async throws {
        try await touch(spans: [(from, to ?? from)])
    }

    /// Marks the intervals of several spans (each end included) in as few statements as possible.
    public func touch(spans: [(from: Int64, to: Int64)]) async throws {
        var marked: Set<Int64> = []
        for span in spans {
            var bucket = Self.bucket(span.from)
            while bucket <= Self.bucket(span.to) {
                marked.insert(bucket)
                bucket += Self.interval
            }
        }
        let buckets = marked.sorted()
        for start in stride(from: 0, to: buckets.count, by: 200) {
            let chunk = buckets[start..<min(start + 200, buckets.count)]
            // A new mark starts at a generation no earlier mark of its interval had (the time
            // × 2^20), and every record that finishes in it adds one: a catch-up that read a
            // mark knows whether the mark it finds later is the same one, bumped, or a new one
            // made after another catch-up cleared it (`markInstance`).
            let first = Self.markInstanceStart(at: Int64(Date().timeIntervalSince1970 * 1000))
            var query = SQLQueryString("INSERT INTO report_dirty (bucket_ms, gen) VALUES ")
            for (index, value) in chunk.enumerated() {
                query.appendInterpolation(unsafeRaw: index == 0 ? "(" : ", (")
                query.appendInterpolation(bind: value)
                query.appendInterpolation(unsafeRaw: ", ")
                query.appendInterpolation(bind: first)
                query.appendInterpolation(unsafeRaw: ")")
            }
            query.appendInterpolation(unsafeRaw: " ON CONFLICT (bucket_ms) DO UPDATE SET gen = report_dirty.gen + 1")
            try await sql.raw(query).run()
        }
    }

    /// The first generation of a mark made at `ms`; 2^20 bumps fit before the next millisecond's.
    static func markInstanceStart(at ms: Int64) -> Int64 { max(0, ms) << 20 }

    /// Which mark a generation belongs to: two generations of the same mark share it.
    public static func markInstance(_ gen: Int64) -> Int64 { gen >> 20 }

    /// The oldest marks, each with its generation.
    public func dirtyBuckets(limit: Int = 10_000) async throws -> [(bucket: Int64, gen: Int64)] {
        try await sql.raw("SELECT bucket_ms, gen FROM report_dirty ORDER BY bucket_ms LIMIT \(bind: limit)").all().map {
            (try $0.int64("bucket_ms"), try $0.int64("gen"))
        }
    }

    /// The marks of these intervals that are still there, each with its generation.
    public func dirtyBuckets(in buckets: [Int64]) async throws -> [(bucket: Int64, gen: Int64)] {
        var found: [(bucket: Int64, gen: Int64)] = []
        for start in stride(from: 0, to: buckets.count, by: 200) {
            var query = SQLQueryString("SELECT bucket_ms, gen FROM report_dirty WHERE bucket_ms IN (")
            for (index, bucket) in buckets[start..<min(start + 200, buckets.count)].enumerated() {
                if index > 0 { query.appendInterpolation(unsafeRaw: ", ") }
                query.appendInterpolation(bind: bucket)
            }
            query.appendInterpolation(unsafeRaw: ")")
            found += try await sql.raw(query).all().map { (try $0.int64("bucket_ms"), try $0.int64("gen")) }
        }
        return found
    }

    /// Clears marks that were not marked again since they were read: a record finished
    /// during the recomputation leaves its interval dirty for the next round.
    /// One statement per 200 marks (a backlog clears 96 a round, 35,000 for a year): a statement
    /// per mark cost a tenth of a first report's time in round trips.
    public func clearDirty(_ marks: [(bucket: Int64, gen: Int64)]) async throws {
        for start in stride(from: 0, to: marks.count, by: 200) {
            let chunk = marks[start..<min(start + 200, marks.count)]
            var query = SQLQueryString("DELETE FROM report_dirty WHERE bucket_ms IN (")
            for (index, mark) in chunk.enumerated() {
                if index > 0 { query.appendInterpolation(unsafeRaw: ", ") }
                query.appendInterpolation(bind: mark.bucket)
            }
            // Each interval's own generation: a mark bumped since it was read stays.
            query.appendInterpolation(unsafeRaw: ") AND gen = CASE bucket_ms")
            for mark in chunk {
                query.appendInterpolation(unsafeRaw: " WHEN ")
                query.appendInterpolation(bind: mark.bucket)
                query.appendInterpolation(unsafeRaw: " THEN ")
                query.appendInterpolation(bind: mark.gen)
            }
            query.appendInterpolation(unsafeRaw: " END")
            try await sql.raw(query).run()
        }
    }

    /// Marks every interval of the span (a full rebuild, done a day at a time).
    public func markAll(from: Int64, to: Int64) async throws {
        var start = from
        while start < to {
            let end = min(to, start + 30 * 86_400_000)
            try await touch(from: start, to: end - 1)
            start = end
        }
    }

    /// The span of everything recorded, for a full rebuild.
    public func recordedSpan() async throws -> (from: Int64, to: Int64)? {
        let row = try await sql.raw("""
            SELECT (SELECT MIN(entered_at_ms) FROM queue_visits) AS v0, (SELECT MAX(entered_at_ms) FROM queue_visits) AS v1,
                   (SELECT MIN(started_at_ms) FROM agent_states) AS s0, (SELECT MAX(ended_at_ms) FROM agent_states) AS s1,
                   (SELECT MIN(arrived_at_ms) FROM calls) AS c0, (SELECT MAX(arrived_at_ms) FROM calls) AS c1
            """).first()!
        let starts = try ["v0", "s0", "c0"].compactMap { try row.optionalInt64($0) }
        let ends = try ["v1", "s1", "c1"].compactMap { try row.optionalInt64($0) }
        guard let from = starts.min(), let to = ends.max() else { return nil }
        return (Self.bucket(from), Self.bucket(to) + Self.interval)
    }

    /// The aggregate rows of some intervals, computed from the records without writing: a
    /// catch-up reads them beside the live center's writes (SQLite's WAL and PostgreSQL let
    /// readers and a writer pass) and then holds the write lock only to store them.
    public struct Recomputed: Sendable {
        /// bucket, local day, queue, agent, team, then `visitColumns`.
        var visits: [[Int64]] = []
        /// bucket, local day, queue, agent, team, then `callColumns`.
        var calls: [[Int64]] = []
        var states: [(key: StateKey, day: Int64, duration: Int64)] = []
        /// The intervals computed, [from, to) each.
        var spans: [(from: Int64, to: Int64)] = []

        public init() {}
    }

    /// Recomputes every interval in [from, to) from the records (both ends on interval edges)
    /// in place — the database sums straight into the aggregate tables, the fastest way for a
    /// backlog (a first report over imported data); it writes as it reads, so call it in a write
    /// transaction, a day at a time so a year's rebuild never holds more than a day of records.
    /// `longest` bounds how far back intervals reaching into the span start (`LongestState`).
    public func rebuild(from: Int64, to: Int64, zone: ReportZone, longest: Int64) async throws {
        var start = from
        while start < to {
            let end = min(to, start + 86_400_000)
            for table in ["report_visits", "report_calls", "report_states"] {
                try await sql.raw("DELETE FROM \(unsafeRaw: table) WHERE bucket_ms >= \(bind: start) AND bucket_ms < \(bind: end)").run()
            }
            let head = "bucket_ms, local_day, queue_id, agent_id, team_id, "
            for piece in zone.pieces(from: start, to: end) {
                try await sql.raw(SQLQueryString("INSERT INTO report_visits (\(unsafeRaw: head + Self.visitColumns.joined(separator: ", "))) ") + Self.visitsQuery(piece)).run()
                try await sql.raw(SQLQueryString("INSERT INTO report_calls (\(unsafeRaw: head + Self.callColumns.joined(separator: ", "))) ") + Self.callsQuery(piece)).run()
            }
            var states = Recomputed()
            try await recomputeStates(from: start, to: end, zone: zone, longest: longest, into: &states)
            try await insertStates(states.states)
            try await rollUp(days: zone.day(of: start)...zone.day(of: end - 1))
            start = end
        }
    }

    /// How long the longest closed state interval (other than logged out) is, and the latest
    /// end seen: a backlog's rounds read the whole table once, then only the intervals closed
    /// since (an index range on ended_at_ms, an hour back for clocks that step). Asking
    /// `longestState(from:to:)` for each day instead read every interval that ended after the
    /// day, the whole rest of the table, day after day — a year's first report took 3.5× as long.
    public struct LongestState: Sendable, Equatable {
        public var longest: Int64
        public var latest: Int64

        public init(longest: Int64, latest: Int64) {
            self.longest = longest
            self.latest = latest
        }
    }

    public func longestState(since known: LongestState?) async throws -> LongestState {
        var query = SQLQueryString("""
            SELECT MAX(ended_at_ms - started_at_ms) AS longest, MAX(ended_at_ms) AS latest FROM agent_states
            WHERE ended_at_ms IS NOT NULL AND state <> 'loggedOut'
            """)
        if let known { query.appendInterpolation(unsafeRaw: " AND ended_at_ms >= \(known.latest - 3_600_000)") }
        let row = try await sql.raw(query).first()
        return LongestState(
            longest: max(known?.longest ?? 0, try row?.optionalInt64("longest") ?? 0),
            latest: max(known?.latest ?? 0, try row?.optionalInt64("latest") ?? 0))
    }

    /// The longest state interval that reaches into the span: how far before it to look for
    /// intervals that overlap it (an index on started_at_ms does the rest). For a few recent
    /// intervals (a live catch-up); a backlog uses `longestState(since:)`.
    func longestState(from: Int64, to: Int64) async throws -> Int64 {
        try await sql.raw("""
            SELECT MAX(ended_at_ms - started_at_ms) AS longest FROM agent_states
            WHERE ended_at_ms IS NOT NULL AND ended_at_ms > \(bind: from) AND started_at_ms < \(bind: to)
            """).first()?.optionalInt64("longest") ?? 0
    }

    /// Adds the rows of the intervals in [from, to) to `recomputed`; reads only.
    public func recompute(from: Int64, to: Int64, zone: ReportZone, into recomputed: inout Recomputed) async throws {
        let longest = try await longestState(from: from, to: to)
        recomputed.spans.append((from, to))
        var start = from
        while start < to {
            let end = min(to, start + 86_400_000)
            try await recomputeChunk(from: start, to: end, zone: zone, longest: longest, into: &recomputed)
            start = end
        }
    }

    /// Replaces the stored rows of the recomputed intervals (of those in `only`, when given) and
    /// their days' sums.
    public func store(_ recomputed: Recomputed, only: Set<Int64>?, zone: ReportZone) async throws {
        let keep = { (bucket: Int64) in only?.contains(bucket) ?? true }
        var days: Set<Int64> = []
        for span in recomputed.spans {
            var bucket = span.from
            while bucket < span.to {
                if keep(bucket) {
                    if only != nil {
                        for table in ["report_visits", "report_calls", "report_states"] {
                            try await sql.raw("DELETE FROM \(unsafeRaw: table) WHERE bucket_ms = \(bind: bucket)").run()
                        }
                    }
                    days.insert(zone.day(of: bucket))
                }
                bucket += Self.interval
            }
            if only == nil {
                for table in ["report_visits", "report_calls", "report_states"] {
                    try await sql.raw("DELETE FROM \(unsafeRaw: table) WHERE bucket_ms >= \(bind: span.from) AND bucket_ms < \(bind: span.to)").run()
                }
            }
        }
        let head = ["bucket_ms", "local_day", "queue_id", "agent_id", "team_id"]
        try await insert("report_visits", columns: head + Self.visitColumns, rows: recomputed.visits.filter { keep($0[0]) })
        try await insert("report_calls", columns: head + Self.callColumns, rows: recomputed.calls.filter { keep($0[0]) })
        try await insertStates(recomputed.states.filter { keep($0.key.bucket) })
        // Days are rolled up in runs of consecutive days, one statement set per run.
        var run: ClosedRange<Int64>?
        for day in days.sorted() {
            if let current = run, day == current.upperBound + 1 {
                run = current.lowerBound...day
            } else {
                if let current = run { try await rollUp(days: current) }
                run = day...day
            }
        }
        if let current = run { try await rollUp(days: current) }
    }

    func insertStates(_ states: [(key: StateKey, day: Int64, duration: Int64)]) async throws {
        for start in stride(from: 0, to: states.count, by: 100) {
            var query = SQLQueryString("INSERT INTO report_states (bucket_ms, local_day, agent_id, team_id, queue_id, state, reason, duration_ms) VALUES ")
            for (index, entry) in states[start..<min(start + 100, states.count)].enumerated() {
                query.appendInterpolation(unsafeRaw: index == 0 ? "(" : ", (")
                for value in [entry.key.bucket, entry.day, entry.key.agent, entry.key.team, entry.key.queue] {
                    query.appendInterpolation(bind: value)
                    query.appendInterpolation(unsafeRaw: ", ")
                }
                query.appendInterpolation(bind: entry.key.state)
                query.appendInterpolation(unsafeRaw: ", ")
                query.appendInterpolation(bind: entry.key.reason)
                query.appendInterpolation(unsafeRaw: ", ")
                query.appendInterpolation(bind: entry.duration)
                query.appendInterpolation(unsafeRaw: ")")
            }
            try await sql.raw(query).run()
        }
    }

    /// Integer rows into `table`, a hundred per statement.
    func insert(_ table: String, columns: [String], rows: [[Int64]]) async throws {
        for start in stride(from: 0, to: rows.count, by: 100) {
            var query = SQLQueryString("INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: columns.joined(separator: ", "))) VALUES ")
            for (index, row) in rows[start..<min(start + 100, rows.count)].enumerated() {
                query.appendInterpolation(unsafeRaw: index == 0 ? "(" : ", (")
                for (position, value) in row.enumerated() {
                    if position > 0 { query.appendInterpolation(unsafeRaw: ", ") }
                    query.appendInterpolation(bind: value)
                }
                query.appendInterpolation(unsafeRaw: ")")
            }
            try await sql.raw(query).run()
        }
    }

    // Constants are written into these statements (numbers we computed), so every GROUP BY
    // expression is the same text as its SELECT on PostgreSQL.
    static func bucketExpression(_ column: String) -> String { "(\(column) / \(interval)) * \(interval)" }
    static func dayExpression(_ column: String, _ offset: Int64) -> String { "((\(bucketExpression(column)) + \(offset)) / 86400000)" }

    /// Finished queue visits of a piece summed per interval, queue, agent and team: bucket, day,
    /// queue, agent, team, then `visitColumns` (c0…c14).
    static func visitsQuery(_ piece: (from: Int64, to: Int64, offset: Int64)) -> SQLQueryString {
        let bucket = { (column: String) in bucketExpression(column) }
        let day = { (column: String) in dayExpression(column, piece.offset) }
        return SQLQueryString("""
                SELECT \(unsafeRaw: bucket("v.entered_at_ms")) AS c0, \(unsafeRaw: day("v.entered_at_ms")) AS c1, v.queue_id AS c2, COALESCE(v.agent_id, 0) AS c3, COALESCE(a.team_id, 0) AS c4,
                  CAST(SUM(CASE WHEN v.outcome LIKE 'rejected%' THEN 0 ELSE 1 END) AS BIGINT) AS c5,
                  CAST(SUM(CASE WHEN v.answered_at_ms IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS c6,
                  CAST(SUM(CASE WHEN v.answered_at_ms IS NOT NULL AND v.answered_at_ms - v.entered_at_ms <= q.service_level_seconds * 1000 THEN 1 ELSE 0 END) AS BIGINT) AS c7,
                  CAST(SUM(CASE WHEN v.outcome LIKE 'abandoned%' THEN 1 ELSE 0 END) AS BIGINT) AS c8,
                  CAST(SUM(CASE WHEN v.outcome LIKE 'abandoned%' AND v.left_at_ms - v.entered_at_ms <= q.service_level_seconds * 1000 THEN 1 ELSE 0 END) AS BIGINT) AS c9,
                  CAST(SUM(CASE WHEN v.outcome LIKE 'abandoned%' AND v.left_at_ms - v.entered_at_ms <= \(unsafeRaw: String(KPI.defaultShortAbandonMilliseconds)) THEN 1 ELSE 0 END) AS BIGINT) AS c10,
                  CAST(SUM(CASE WHEN v.outcome LIKE 'rejected%' THEN 1 ELSE 0 END) AS BIGINT) AS c11,
                  CAST(COALESCE(SUM(CASE WHEN v.answered_at_ms IS NOT NULL THEN v.answered_at_ms - v.entered_at_ms ELSE 0 END), 0) AS BIGINT) AS c12,
                  CAST(SUM(CASE WHEN v.answered_at_ms IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS c13,
                  CAST(COALESCE(SUM(CASE WHEN v.answered_at_ms IS NOT NULL THEN v.left_at_ms - v.answered_at_ms ELSE 0 END), 0) AS BIGINT) AS c14
                FROM queue_visits v JOIN queues q ON q.id = v.queue_id LEFT JOIN agents a ON a.id = v.agent_id
                WHERE v.entered_at_ms >= \(bind: piece.from) AND v.entered_at_ms < \(bind: piece.to) AND v.left_at_ms IS NOT NULL
                GROUP BY \(unsafeRaw: bucket("v.entered_at_ms")), \(unsafeRaw: day("v.entered_at_ms")), v.queue_id, COALESCE(v.agent_id, 0), COALESCE(a.team_id, 0)
                """)
    }

    /// Finished calls of a piece summed the same way: then `callColumns` (c0…c9).
    static func callsQuery(_ piece: (from: Int64, to: Int64, offset: Int64)) -> SQLQueryString {
        let bucket = { (column: String) in bucketExpression(column) }
        let day = { (column: String) in dayExpression(column, piece.offset) }
        return SQLQueryString("""
                SELECT \(unsafeRaw: bucket("c.arrived_at_ms")) AS c0, \(unsafeRaw: day("c.arrived_at_ms")) AS c1, c.last_queue_id AS c2, COALESCE(c.agent_id, 0) AS c3, COALESCE(a.team_id, 0) AS c4,
                  CAST(COUNT(*) AS BIGINT) AS c5, CAST(SUM(c.hold_count) AS BIGINT) AS c6, CAST(SUM(c.hold_ms) AS BIGINT) AS c7,
                  CAST(SUM(c.transfers) AS BIGINT) AS c8, CAST(SUM(c.escalated) AS BIGINT) AS c9
                FROM calls c LEFT JOIN agents a ON a.id = c.agent_id
                WHERE c.arrived_at_ms >= \(bind: piece.from) AND c.arrived_at_ms < \(bind: piece.to) AND c.ended_at_ms IS NOT NULL
                GROUP BY \(unsafeRaw: bucket("c.arrived_at_ms")), \(unsafeRaw: day("c.arrived_at_ms")), c.last_queue_id, COALESCE(c.agent_id, 0), COALESCE(a.team_id, 0)
                """)
    }

    func recomputeChunk(from: Int64, to: Int64, zone: ReportZone, longest: Int64, into recomputed: inout Recomputed) async throws {
        for piece in zone.pieces(from: from, to: to) {
            let visits = try await sql.raw(Self.visitsQuery(piece)).all()
            recomputed.visits += try visits.map { row in try (0..<15).map { try row.int64("c\($0)") } }
            let calls = try await sql.raw(Self.callsQuery(piece)).all()
            recomputed.calls += try calls.map { row in try (0..<10).map { try row.int64("c\($0)") } }
        }
        try await recomputeStates(from: from, to: to, zone: zone, longest: longest, into: &recomputed)
    }

    /// Recomputes the daily sums of these local days from their 15-minute rows.
    func rollUp(days: ClosedRange<Int64>) async throws {
        let visits = Self.visitColumns.map { "SUM(\($0))" }.joined(separator: ", ")
        let calls = Self.callColumns.map { "SUM(\($0))" }.joined(separator: ", ")
        for table in ["report_visits_day", "report_calls_day", "report_states_day"] {
            try await sql.raw("DELETE FROM \(unsafeRaw: table) WHERE local_day >= \(bind: days.lowerBound) AND local_day <= \(bind: days.upperBound)").run()
        }
        try await sql.raw("""
            INSERT INTO report_visits_day (local_day, queue_id, agent_id, team_id, \(unsafeRaw: Self.visitColumns.joined(separator: ", ")))
            SELECT local_day, queue_id, agent_id, team_id, \(unsafeRaw: visits) FROM report_visits
            WHERE local_day >= \(bind: days.lowerBound) AND local_day <= \(bind: days.upperBound) GROUP BY local_day, queue_id, agent_id, team_id
            """).run()
        try await sql.raw("""
            INSERT INTO report_calls_day (local_day, queue_id, agent_id, team_id, \(unsafeRaw: Self.callColumns.joined(separator: ", ")))
            SELECT local_day, queue_id, agent_id, team_id, \(unsafeRaw: calls) FROM report_calls
            WHERE local_day >= \(bind: days.lowerBound) AND local_day <= \(bind: days.upperBound) GROUP BY local_day, queue_id, agent_id, team_id
            """).run()
        try await sql.raw("""
            INSERT INTO report_states_day (local_day, agent_id, team_id, queue_id, state, reason, duration_ms)
            SELECT local_day, agent_id, team_id, queue_id, state, reason, SUM(duration_ms) FROM report_states
            WHERE local_day >= \(bind: days.lowerBound) AND local_day <= \(bind: days.upperBound) GROUP BY local_day, agent_id, team_id, queue_id, state, reason
            """).run()
    }

    struct StateKey: Hashable, Sendable {
        var bucket: Int64
        var agent: Int64
        var team: Int64
        var queue: Int64
        var state: String
        var reason: String
    }

    /// Agent-state time: each closed interval split over the 15-minute intervals it covers.
    func recomputeStates(from: Int64, to: Int64, zone: ReportZone, longest: Int64, into recomputed: inout Recomputed) async throws {
        let rows = try await sql.raw("""
            SELECT s.agent_id, COALESCE(a.team_id, 0) AS team_id, COALESCE(c.last_queue_id, 0) AS queue_id, s.state, COALESCE(s.reason, '') AS reason,
              s.started_at_ms, s.ended_at_ms
            FROM agent_states s LEFT JOIN agents a ON a.id = s.agent_id LEFT JOIN calls c ON c.id = s.call_id
            WHERE s.started_at_ms >= \(bind: from - longest) AND s.started_at_ms < \(bind: to)
              AND s.ended_at_ms IS NOT NULL AND s.ended_at_ms > \(bind: from) AND s.state <> 'loggedOut'
            """).all()
        var sums: [StateKey: Int64] = [:]
        for row in rows {
            let start = max(try row.int64("started_at_ms"), from), end = min(try row.int64("ended_at_ms"), to)
            guard end > start else { continue }
            var bucket = Self.bucket(start)
            let agent = try row.int64("agent_id"), team = try row.int64("team_id"), queue = try row.int64("queue_id")
            let state = try row.string("state"), reason = try row.string("reason")
            while bucket < end {
                let piece = min(end, bucket + Self.interval) - max(start, bucket)
                if piece > 0 { sums[StateKey(bucket: bucket, agent: agent, team: team, queue: queue, state: state, reason: reason), default: 0] += piece }
                bucket += Self.interval
            }
        }
        recomputed.states += sums.map { (key: $0.key, day: zone.day(of: $0.key.bucket), duration: $0.value) }
    }

    // MARK: Reading

    /// How rows are grouped in time: not at all, per 15-minute interval, or per local day.
    public enum TimeKey: Sendable { case none, interval, day }

    /// The dimension rows are grouped by (nil: the whole center).
    public enum Dimension: String, Sendable { case queue = "queue_id", agent = "agent_id", team = "team_id" }

    public struct Sums: Sendable {
        public var dimension: Int64
        public var time: Int64
        public var values: [String: Int64]

        public init(dimension: Int64, time: Int64, values: [String: Int64]) {
            self.dimension = dimension
            self.time = time
            self.values = values
        }
    }

    /// Agent-state time of one dimension and time key, per state and reason.
    public typealias StateSum = (dimension: Int64, time: Int64, state: String, reason: String, ms: Int64)

    public static let visitColumns = ["offered", "answered", "answered_in_sl", "abandoned", "abandoned_in_sl", "short_abandoned", "rejected", "wait_ms", "handled", "talk_ms"]
    public static let callColumns = ["calls", "hold_count", "hold_ms", "transfers", "escalations"]

    /// Sums of one aggregate table over local days [fromDay, toDay).
    func sums(_ table: String, columns: [String], by dimension: Dimension?, time: TimeKey, fromDay: Int64, toDay: Int64) async throws -> [Sums] {
        let selected = columns.map { "CAST(SUM(\($0)) AS BIGINT) AS \($0)" }.joined(separator: ", ")
        // Whole days read the daily sums; only a split per interval needs the 15-minute rows.
        let table = time == .interval ? table : table + "_day"
        return try await sql.raw("""
            SELECT \(unsafeRaw: dimension?.rawValue ?? "0") AS dim, \(unsafeRaw: Self.column(time)) AS t, \(unsafeRaw: selected) FROM \(unsafeRaw: table)
            WHERE local_day >= \(bind: fromDay) AND local_day < \(bind: toDay)
            GROUP BY 1, 2
            """).all().map { row in
            var values: [String: Int64] = [:]
            for column in columns { values[column] = try row.int64(column) }
            return Sums(dimension: try row.int64("dim"), time: try row.int64("t"), values: values)
        }
    }

    static func column(_ time: TimeKey) -> String {
        switch time {
        case .none: "0"
        case .interval: "bucket_ms"
        case .day: "local_day"
        }
    }

    public func visitSums(by dimension: Dimension?, time: TimeKey, fromDay: Int64, toDay: Int64) async throws -> [Sums] {
        try await sums("report_visits", columns: Self.visitColumns, by: dimension, time: time, fromDay: fromDay, toDay: toDay)
    }

    public func callSums(by dimension: Dimension?, time: TimeKey, fromDay: Int64, toDay: Int64) async throws -> [Sums] {
        try await sums("report_calls", columns: Self.callColumns, by: dimension, time: time, fromDay: fromDay, toDay: toDay)
    }

    /// Agent-state time per state and reason.
    public func stateSums(by dimension: Dimension?, time: TimeKey, fromDay: Int64, toDay: Int64) async throws -> [StateSum] {
        try await sql.raw("""
            SELECT \(unsafeRaw: dimension?.rawValue ?? "0") AS dim, \(unsafeRaw: Self.column(time)) AS t, state, reason, CAST(SUM(duration_ms) AS BIGINT) AS ms
            FROM \(unsafeRaw: time == .interval ? "report_states" : "report_states_day") WHERE local_day >= \(bind: fromDay) AND local_day < \(bind: toDay)
            GROUP BY 1, 2, 3, 4
            """).all().map { (try $0.int64("dim"), try $0.int64("t"), try $0.string("state"), try $0.string("reason"), try $0.int64("ms")) }
    }
}
