import Storage
import SwitchboardCore

/// Reports from the 15-minute aggregates: which reports exist, who may read which, and how the
/// stored sums become rows with names and totals. The aggregates (and the catch-up that keeps
/// them current) are a `ReportStore`'s; names come from the `OrganisationDirectory`.
public struct Reports: Sendable {
    let store: any ReportStore
    let directory: any OrganisationDirectory
    let clock: @Sendable () -> Instant

    public init(store: any ReportStore, directory: any OrganisationDirectory, clock: @escaping @Sendable () -> Instant) {
        self.store = store
        self.directory = directory
        self.clock = clock
    }

    /// The organisation's reports from its database; one catch-up at a time per organisation.
    public init(_ organisation: OrganisationService) {
        self.init(store: DatabaseReportStore(database: organisation.database, gate: organisation.reportGate), directory: organisation, clock: organisation.clock)
    }

    /// Today in the center's calendar for reports (the time zone the figures are cut in).
    public func reportsToday(zone: ReportZone = ReportZone()) -> LocalDate {
        LocalDate(dayNumber: Int(zone.day(of: clock().millisecondsSinceEpoch)))
    }

    /// Brings the aggregates up to date with the call records; how many intervals it recomputed.
    @discardableResult
    public func catchUpReports(zone: ReportZone = ReportZone()) async throws -> Int {
        try await store.catchUp(zone: zone)
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
        let teamOnly = try await directory.teamScope(of: principal)
        if teamOnly != nil {
            guard dimension == .team || dimension == .agent else {
                throw SwitchboardError.forbidden("read reports beyond your team (ask for by=team or by=agent)")
            }
        }
        try await catchUpReports(zone: zone)
        let time: ReportRepository.TimeKey = split == .none ? .none : split == .interval ? .interval : .day
        let from = Int64(period.fromDay), to = Int64(period.toDay)
        let sums = try await store.sums(by: dimension, time: time, fromDay: from, toDay: to)
        let (visits, calls, states) = (sums.visits, sums.calls, sums.states)
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
        case .queue: names = Dictionary(uniqueKeysWithValues: try await directory.queues(by: .console).map { ($0.id, $0.name) })
        case .team: names = Dictionary(uniqueKeysWithValues: try await directory.teams(by: .console).map { ($0.id, $0.name) })
        case .agent:
            let agents = try await directory.agents(by: .console)
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
