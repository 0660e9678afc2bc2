import Storage
import SwitchboardCore

/// The report aggregates in the database (`report_visits`, `report_calls`, `report_states` and
/// their daily sums), kept current from the call records by a catch-up.
public struct DatabaseReportStore: ReportStore {
    let database: Database
    /// One catch-up at a time in this process (shared by every copy of the organisation).
    let gate: AsyncGate

    public init(database: Database, gate: AsyncGate) {
        self.database = database
        self.gate = gate
    }

    /// Recomputes the intervals marked dirty since the last time; returns how many. Up to 8
    /// marked intervals (a live center marks one or two) are computed in a read — one snapshot
    /// (`Database.snapshot`), beside the writers on PostgreSQL — and then stored in a short
    /// write transaction; a backlog is rebuilt in place, a day per transaction. Each interval is
    /// recomputed at most once per catch-up: marked again meanwhile (a call finished in it) it
    /// waits for the next one. Before, the catch-up recomputed the busy current interval in a
    /// write transaction for as long as calls kept finishing, and on SQLite every command of
    /// the live center waited behind it. An interval is stored only while the mark that was
    /// read is still there (bumped or not, `ReportRepository.markInstance`), and its mark is
    /// cleared only if nothing finished since; one catch-up at a time in this process.
    public func catchUp(zone: ReportZone) async throws -> Int {
        try await gate.run { try await self.catchUpRounds(zone: zone) }
    }

    /// Up to this many marked intervals are computed beside the writers (a live center marks
    /// one or two); more are a backlog, rebuilt in place.
    static let liveMarks = 8

    /// Sorted interval starts as runs of neighbouring intervals, [from, to) each: neighbours
    /// are recomputed together.
    static func runs(_ buckets: [Int64]) -> [(from: Int64, to: Int64)] {
        var runs: [(from: Int64, to: Int64)] = []
        for bucket in buckets {
            if let last = runs.last, last.to == bucket {
                runs[runs.count - 1].to = bucket + ReportRepository.interval
            } else {
                runs.append((bucket, bucket + ReportRepository.interval))
            }
        }
        return runs
    }

    private func catchUpRounds(zone: ReportZone) async throws -> Int {
        var total = 0
        // Intervals stored in this catch-up: marked again meanwhile (a call finished in the
        // current interval) they wait for the next catch-up instead of keeping this one going.
        var stored: Set<Int64> = []
        // For a backlog's rounds: read once, then brought up to date each round.
        var longest: ReportRepository.LongestState?
        while true {
            let seen = stored
            // One snapshot for all the reads (`Database.snapshot`).
            let (marks, recomputed) = try await database.snapshot { sql -> ([(bucket: Int64, gen: Int64)], ReportRepository.Recomputed) in
                let reports = ReportRepository(sql)
                let marks = try await reports.dirtyBuckets(limit: 96)
                var recomputed = ReportRepository.Recomputed()
                guard !marks.contains(where: { $0.bucket == -1 }), marks.count <= Self.liveMarks, !marks.allSatisfy({ seen.contains($0.bucket) }) else {
                    return (marks, recomputed)
                }
                for run in Self.runs(marks.map(\.bucket)) {
                    try await reports.recompute(from: run.from, to: run.to, zone: zone, into: &recomputed)
                }
                return (marks, recomputed)
            }
            guard !marks.isEmpty, !marks.allSatisfy({ stored.contains($0.bucket) }) else { return total }
            if let full = marks.first(where: { $0.bucket == -1 }) {
                // Everything recorded so far: marked interval by interval, rebuilt in later rounds.
                try await database.transaction { sql in
                    try await database.serialize(sql, on: "report-aggregates")
                    let reports = ReportRepository(sql)
                    if let span = try await reports.recordedSpan() { try await reports.markAll(from: span.from, to: span.to) }
                    try await reports.clearDirty([full])
                }
                total += 1
                continue
            }
            if marks.count > Self.liveMarks {
                // A backlog (a first report over imported records, a restart after hours): the
                // database sums straight into the aggregates, a day per write transaction.
                longest = try await database.transaction { [longest] sql in
                    try await database.serialize(sql, on: "report-aggregates")
                    let reports = ReportRepository(sql)
                    let known = try await reports.longestState(since: longest)
                    for run in Self.runs(marks.map(\.bucket)) {
                        try await reports.rebuild(from: run.from, to: run.to, zone: zone, longest: known.longest)
                    }
                    try await reports.clearDirty(marks)
                    return known
                }
                total += marks.count
                continue
            }
            try await database.transaction { sql in
                try await database.serialize(sql, on: "report-aggregates")
                let reports = ReportRepository(sql)
                // Still the mark that was read (perhaps bumped since): nobody stored a newer
                // computation and cleared it meanwhile — a mark made after such a clear is
                // another instance, and its interval waits for the next round.
                let read = Dictionary(marks.map { ($0.bucket, ReportRepository.markInstance($0.gen)) }, uniquingKeysWith: { a, _ in a })
                let still = Set(try await reports.dirtyBuckets(in: marks.map(\.bucket))
                    .filter { read[$0.bucket] == ReportRepository.markInstance($0.gen) }.map(\.bucket))
                try await reports.store(recomputed, only: still, zone: zone)
                try await reports.clearDirty(marks)
            }
            stored.formUnion(marks.map(\.bucket))
            total += marks.count
        }
    }

    public func sums(by dimension: ReportRepository.Dimension?, time: ReportRepository.TimeKey, fromDay: Int64, toDay: Int64) async throws -> ReportSums {
        try await database.read { sql in
            let reports = ReportRepository(sql)
            return ReportSums(
                visits: try await reports.visitSums(by: dimension, time: time, fromDay: fromDay, toDay: toDay),
                calls: try await reports.callSums(by: dimension, time: time, fromDay: fromDay, toDay: toDay),
                states: try await reports.stateSums(by: dimension, time: time, fromDay: fromDay, toDay: toDay))
        }
    }
}
