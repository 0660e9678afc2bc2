import Foundation
import Storage
import SwitchboardCore

/// Reports from the 15-minute aggregates, and the catch-up that keeps the aggregates current.
public struct Reports: Sendable {
    let organisation: OrganisationService

    public init(_ organisation: OrganisationService) {
        self.organisation = organisation
    }

    var database: Database { organisation.database }
    var clock: @Sendable () -> Instant { organisation.clock }

    /// Today in the center's calendar for reports (the time zone the figures are cut in).
    public func reportsToday(zone: ReportZone = ReportZone()) -> LocalDate {
        LocalDate(dayNumber: Int(zone.day(of: clock().millisecondsSinceEpoch)))
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
    @discardableResult
    public func catchUpReports(zone: ReportZone = ReportZone()) async throws -> Int {
        try await organisation.reportGate.run { try await self.catchUpRounds(zone: zone) }
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

    /// A report. `by`: queue, team, agent or center; `per`: none, interval (a day or a week
    /// only), day, week or month. A team leader sees their own team and its agents.
    public func report(period text: String, by: String, per: String?, zone: ReportZone = ReportZone(), by principal: Principal) async throws -> Report {
        try principal.require(.read, .calls)
        let period = try ReportPeriod(parsing: text)
        guard let split = ReportSplit(rawValue: per ?? "none") else {
            throw SwitchboardError.invalid("per", "per is none, interval, day, week or month.")
        }
        if split == .interval, period.kind != .day, period.kind != .week {
            throw SwitchboardError.invalid("per", "A report per 15-minute interval covers a day or a week.")
        }
        let dimension: ReportRepository.Dimension?
        switch by {
        case "queue": dimension = .queue
        case "team": dimension = .team
        case "agent": dimension = .agent
        case "center": dimension = nil
        default: throw SwitchboardError.invalid("by", "by is queue, team, agent or center.")
        }
        let teamOnly = try await organisation.teamScope(of: principal)
        if teamOnly != nil {
            guard dimension == .team || dimension == .agent else {
                throw SwitchboardError.forbidden("read reports beyond your team (ask for by=team or by=agent)")
            }
        }
        try await catchUpReports(zone: zone)
        let time: ReportRepository.TimeKey = split == .none ? .none : split == .interval ? .interval : .day
        let from = Int64(period.fromDay), to = Int64(period.toDay)
        let (visits, calls, states) = try await database.read { sql in
            let reports = ReportRepository(sql)
            return (try await reports.visitSums(by: dimension, time: time, fromDay: from, toDay: to),
                    try await reports.callSums(by: dimension, time: time, fromDay: from, toDay: to),
                    try await reports.stateSums(by: dimension, time: time, fromDay: from, toDay: to))
        }
        func slot(_ t: Int64) -> String {
            switch time {
            case .none: return ""
            case .day: return split.label(day: Int(t))
            case .interval:
                let local = t + zone.offset(at: t)
                return split.label(day: Int(local / 86_400_000), minuteOfDay: Int(local % 86_400_000 / 60_000))
            }
        }
        struct Key: Hashable { var id: Int64; var slot: String }
        var totals: [Key: ReportTotals] = [:]
        func add(_ id: Int64, _ time: Int64, _ t: ReportTotals) {
            let key = Key(id: id, slot: slot(time))
            totals[key] = totals[key, default: ReportTotals()] + t
        }
        for sums in visits {
            let v = sums.values
            var t = ReportTotals()
            t.offered = Int(v["offered"] ?? 0); t.answered = Int(v["answered"] ?? 0); t.answeredWithinTarget = Int(v["answered_in_sl"] ?? 0)
            t.abandoned = Int(v["abandoned"] ?? 0); t.abandonedWithinTarget = Int(v["abandoned_in_sl"] ?? 0)
            t.shortAbandoned = Int(v["short_abandoned"] ?? 0); t.rejected = Int(v["rejected"] ?? 0); t.handled = Int(v["handled"] ?? 0)
            t.waitMilliseconds = v["wait_ms"] ?? 0; t.talkMilliseconds = v["talk_ms"] ?? 0
            add(sums.dimension, sums.time, t)
        }
        for sums in calls {
            let v = sums.values
            var t = ReportTotals()
            t.holdCount = Int(v["hold_count"] ?? 0); t.holdMilliseconds = v["hold_ms"] ?? 0
            t.transfers = Int(v["transfers"] ?? 0); t.escalations = Int(v["escalations"] ?? 0)
            add(sums.dimension, sums.time, t)
        }
        for (id, t, state, reason, ms) in states {
            // Per queue only the time spent on its calls belongs to it.
            if dimension == .queue, id == 0 { continue }
            var time = ReportTotals()
            time.stateMilliseconds[state] = ms
            if state == "notReady" { time.notReadyMilliseconds[reason.isEmpty ? "unknown" : reason] = ms }
            add(id, t, time)
        }
        let names: [Int64: String]
        var teamOf: [Int64: Int64?] = [:]
        switch dimension {
        case .queue: names = Dictionary(uniqueKeysWithValues: try await organisation.queues(by: .console).map { ($0.id, $0.name) })
        case .team: names = Dictionary(uniqueKeysWithValues: try await organisation.teams(by: .console).map { ($0.id, $0.name) })
        case .agent:
            let agents = try await organisation.agents(by: .console)
            names = Dictionary(uniqueKeysWithValues: agents.map { ($0.id, $0.displayName) })
            teamOf = Dictionary(uniqueKeysWithValues: agents.map { ($0.id, $0.teamId) })
        case nil: names = [:]
        }
        if let teamOnly {
            totals = totals.filter { key, _ in dimension == .team ? key.id == teamOnly : teamOf[key.id] == .some(teamOnly) }
        }
        let agentTime = dimension != .queue
        let none = dimension == .queue ? "—" : dimension == .team ? "No team" : "No agent"
        let rows = totals.map { key, t in
            ReportRow(slot: key.slot, id: dimension == nil ? nil : key.id, name: dimension == nil ? "Center" : key.id == 0 ? none : names[key.id] ?? "#\(key.id)",
                      totals: t, agentTime: agentTime)
        }.sorted { ($0.slot, $0.name, $0.id ?? 0) < ($1.slot, $1.name, $1.id ?? 0) }
        let sum = totals.values.reduce(ReportTotals(), +)
        return Report(
            period: period.description, from: LocalDate(dayNumber: period.fromDay).description, to: LocalDate(dayNumber: period.toDay - 1).description,
            by: by, per: split, rows: rows, total: ReportRow(slot: "", id: nil, name: "Total", totals: sum, agentTime: agentTime))
    }
}
