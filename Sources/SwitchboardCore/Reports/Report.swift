/// A span of local days a report covers: a day ("2026-10-05"), an ISO week ("2026-W41"), a
/// month ("2026-10") or a year ("2026").
public struct ReportPeriod: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case day, week, month, quarter, year }

    public var kind: Kind
    /// First day and the day after the last (days since 1970-01-01).
    public var fromDay: Int
    public var toDay: Int
    public var description: String

    public init(parsing text: String, field: String = "period") throws(SwitchboardError) {
        let value = Validate.trim(text)
        let parts = value.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        func number(_ s: String, _ range: ClosedRange<Int>) throws(SwitchboardError) -> Int {
            guard s.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(s), range.contains(n) else {
                throw .invalid(field, "'\(value)' is not a period: write 2026 (a year), 2026-Q4 (a quarter), 2026-10 (a month), 2026-W41 (a week) or 2026-10-05 (a day).")
            }
            return n
        }
        guard let first = parts.first, first.count == 4 else {
            throw .invalid(field, "'\(value)' is not a period: write 2026 (a year), 2026-Q4 (a quarter), 2026-10 (a month), 2026-W41 (a week) or 2026-10-05 (a day).")
        }
        let year = try number(first, 1970...9999)
        switch parts.count {
        case 1:
            kind = .year
            fromDay = LocalDate(year: year, month: 1, day: 1).dayNumber
            toDay = LocalDate(year: year + 1, month: 1, day: 1).dayNumber
        case 2 where parts[1].hasPrefix("Q"):
            let quarter = try number(String(parts[1].dropFirst()), 1...4)
            kind = .quarter
            fromDay = LocalDate(year: year, month: quarter * 3 - 2, day: 1).dayNumber
            toDay = quarter == 4 ? LocalDate(year: year + 1, month: 1, day: 1).dayNumber : LocalDate(year: year, month: quarter * 3 + 1, day: 1).dayNumber
        case 2 where parts[1].hasPrefix("W"):
            let week = try number(String(parts[1].dropFirst()), 1...53)
            guard week <= Self.weeks(in: year) else { throw .invalid(field, "\(year) has \(Self.weeks(in: year)) ISO weeks.") }
            kind = .week
            fromDay = Self.mondayOfWeek1(year) + (week - 1) * 7
            toDay = fromDay + 7
        case 2:
            let month = try number(parts[1], 1...12)
            kind = .month
            fromDay = LocalDate(year: year, month: month, day: 1).dayNumber
            toDay = month == 12 ? LocalDate(year: year + 1, month: 1, day: 1).dayNumber : LocalDate(year: year, month: month + 1, day: 1).dayNumber
        case 3:
            let date = try LocalDate(parsing: value, field: field)
            kind = .day
            fromDay = date.dayNumber
            toDay = fromDay + 1
        default:
            throw .invalid(field, "'\(value)' is not a period: write 2026 (a year), 2026-Q4 (a quarter), 2026-10 (a month), 2026-W41 (a week) or 2026-10-05 (a day).")
        }
        description = value
    }

    /// The period of a kind that contains a day: what "this month" or "this week" means.
    public static func containing(_ kind: Kind, day: Int) throws(SwitchboardError) -> ReportPeriod {
        let date = LocalDate(dayNumber: day)
        let month = date.month < 10 ? "0\(date.month)" : "\(date.month)"
        return switch kind {
        case .day: try ReportPeriod(parsing: date.description)
        case .week: try ReportPeriod(parsing: isoWeek(of: day))
        case .month: try ReportPeriod(parsing: "\(date.year)-\(month)")
        case .quarter: try ReportPeriod(parsing: "\(date.year)-Q\((date.month - 1) / 3 + 1)")
        case .year: try ReportPeriod(parsing: "\(date.year)")
        }
    }

    /// Monday of ISO week 1: the week with the year's first Thursday.
    static func mondayOfWeek1(_ year: Int) -> Int {
        let jan4 = LocalDate(year: year, month: 1, day: 4).dayNumber
        return jan4 - isoWeekday(jan4) + 1
    }

    /// 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    static func isoWeekday(_ day: Int) -> Int { ((day + 3) % 7 + 7) % 7 + 1 }

    static func weeks(in year: Int) -> Int { (mondayOfWeek1(year + 1) - mondayOfWeek1(year)) / 7 }

    /// "2026-W41" for the week a day is in.
    public static func isoWeek(of day: Int) -> String {
        var year = LocalDate(dayNumber: day).year
        if day >= mondayOfWeek1(year + 1) { year += 1 } else if day < mondayOfWeek1(year) { year -= 1 }
        let week = (day - mondayOfWeek1(year)) / 7 + 1
        return "\(year)-W\(week < 10 ? "0" : "")\(week)"
    }
}

/// How a report splits its period into rows over time.
public enum ReportSplit: String, CaseIterable, Sendable, Codable {
    case none, interval, day, week, month

    /// The label of the slot a local day (or a 15-minute interval, given as its local
    /// minute of the day) falls in.
    public func label(day: Int, minuteOfDay: Int = 0) -> String {
        let date = LocalDate(dayNumber: day)
        switch self {
        case .none: return ""
        case .interval:
            let h = minuteOfDay / 60, m = minuteOfDay % 60
            return "\(date) \(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
        case .day: return date.description
        case .week: return ReportPeriod.isoWeek(of: day)
        case .month: return String(date.description.prefix(7))
        }
    }
}

/// What a report sums for one row; everything a row shows is computed from these.
public struct ReportTotals: Equatable, Sendable {
    public var offered = 0, answered = 0, answeredWithinTarget = 0, abandoned = 0, abandonedWithinTarget = 0, shortAbandoned = 0, rejected = 0
    public var handled = 0, waitMilliseconds: Int64 = 0, talkMilliseconds: Int64 = 0
    public var holdCount = 0, holdMilliseconds: Int64 = 0, transfers = 0, escalations = 0
    /// Agent-state time by state name ("available", "talking", …) and not-ready time by reason.
    public var stateMilliseconds: [String: Int64] = [:]
    public var notReadyMilliseconds: [String: Int64] = [:]

    public init() {}

    public static func + (a: ReportTotals, b: ReportTotals) -> ReportTotals {
        var c = a
        c.offered += b.offered; c.answered += b.answered; c.answeredWithinTarget += b.answeredWithinTarget
        c.abandoned += b.abandoned; c.abandonedWithinTarget += b.abandonedWithinTarget; c.shortAbandoned += b.shortAbandoned
        c.rejected += b.rejected; c.handled += b.handled; c.waitMilliseconds += b.waitMilliseconds; c.talkMilliseconds += b.talkMilliseconds
        c.holdCount += b.holdCount; c.holdMilliseconds += b.holdMilliseconds; c.transfers += b.transfers; c.escalations += b.escalations
        c.stateMilliseconds.merge(b.stateMilliseconds, uniquingKeysWith: +)
        c.notReadyMilliseconds.merge(b.notReadyMilliseconds, uniquingKeysWith: +)
        return c
    }
}

/// One line of a report: a queue, team or agent (or the whole center) in a slot of time.
public struct ReportRow: Codable, Equatable, Sendable {
    public var slot: String
    public var id: Int64?
    public var name: String
    public var offered: Int
    public var answered: Int
    public var abandoned: Int
    public var shortAbandoned: Int
    public var rejected: Int
    /// Abandons within the threshold left out / counted against / counted for (0…1).
    public var serviceLevel: Double?
    public var serviceLevelAbandonsAgainst: Double?
    public var serviceLevelAbandonsFor: Double?
    public var abandonmentRate: Double?
    public var asaSeconds: Double?
    public var ahtSeconds: Double?
    public var talkSeconds: Double
    public var holdSeconds: Double
    public var wrapUpSeconds: Double
    public var holdCount: Int
    public var transfers: Int
    public var escalations: Int
    /// Per agent and team: handling ÷ (handling + available); logged-in and not-ready time.
    public var occupancy: Double?
    public var loggedInSeconds: Double?
    public var notReadySeconds: Double?
    public var notReadyByReason: [String: Double]

    public init(slot: String, id: Int64?, name: String, totals t: ReportTotals, agentTime: Bool) {
        self.slot = slot
        self.id = id
        self.name = name
        offered = t.offered
        answered = t.answered
        abandoned = t.abandoned
        shortAbandoned = t.shortAbandoned
        rejected = t.rejected
        let counts = KPI.Counts(answered: t.answered, answeredWithinThreshold: t.answeredWithinTarget, abandoned: t.abandoned,
                                abandonedWithinThreshold: t.abandonedWithinTarget, shortAbandoned: t.shortAbandoned)
        serviceLevel = KPI.serviceLevel(counts, treatment: .ignored)
        serviceLevelAbandonsAgainst = KPI.serviceLevel(counts, treatment: .countedAgainst)
        serviceLevelAbandonsFor = KPI.serviceLevel(counts, treatment: .countedFor)
        abandonmentRate = KPI.abandonmentRate(counts)
        let seconds = { (ms: Int64) in Double(ms) / 1000 }
        asaSeconds = KPI.averageSpeedOfAnswer(totalWait: .milliseconds(t.waitMilliseconds), answered: t.answered).map { seconds($0.wholeMilliseconds) }
        let wrap = t.stateMilliseconds["wrapUp"] ?? 0
        ahtSeconds = KPI.averageHandleTime(talk: .milliseconds(t.talkMilliseconds), hold: .zero, wrapUp: .milliseconds(wrap), handled: t.handled)
            .map { seconds($0.wholeMilliseconds) }
        talkSeconds = seconds(t.talkMilliseconds)
        holdSeconds = seconds(t.holdMilliseconds)
        wrapUpSeconds = seconds(wrap)
        holdCount = t.holdCount
        transfers = t.transfers
        escalations = t.escalations
        if agentTime {
            let handling = ["talking", "onHold", "wrapUp"].reduce(Int64(0)) { $0 + (t.stateMilliseconds[$1] ?? 0) }
            let idle = ["available", "ringing"].reduce(Int64(0)) { $0 + (t.stateMilliseconds[$1] ?? 0) }
            occupancy = KPI.occupancy(handling: .milliseconds(handling), available: .milliseconds(idle))
            loggedInSeconds = seconds(t.stateMilliseconds.values.reduce(0, +))
            notReadySeconds = seconds(t.stateMilliseconds["notReady"] ?? 0)
            notReadyByReason = t.notReadyMilliseconds.mapValues(seconds)
        } else {
            notReadyByReason = [:]
        }
    }
}

/// A whole report: its rows and their total.
public struct Report: Codable, Equatable, Sendable {
    public var period: String
    public var from: String
    public var to: String
    /// queue, team, agent or center.
    public var by: String
    public var per: ReportSplit
    public var rows: [ReportRow]
    public var total: ReportRow

    public init(period: String, from: String, to: String, by: String, per: ReportSplit, rows: [ReportRow], total: ReportRow) {
        self.period = period
        self.from = from
        self.to = to
        self.by = by
        self.per = per
        self.rows = rows
        self.total = total
    }

    /// The not-ready reasons any row has, sorted: one CSV column each.
    public var reasons: [String] { Array(Set(rows.flatMap(\.notReadyByReason.keys) + total.notReadyByReason.keys)).sorted() }

    /// RFC 4180 with CRLF line ends, UTF-8 with a byte-order mark (so Excel reads the
    /// accents); columns named in words; fractions as 0.8123, times in seconds.
    public func csv() -> String {
        let reasons = reasons
        var header = ["period", by == "center" ? "center" : by, "\(by == "center" ? "center" : by)_id"]
        if per != .none { header.insert("slot", at: 1) }
        header += ["offered", "answered", "abandoned", "short_abandoned", "rejected", "service_level", "service_level_abandons_against",
                   "service_level_abandons_for", "abandonment_rate", "asa_seconds", "aht_seconds", "talk_seconds", "hold_seconds", "wrap_up_seconds",
                   "hold_count", "transfers", "escalations", "occupancy", "logged_in_seconds", "not_ready_seconds"]
        header += reasons.map { "not_ready_\(Self.columnName($0))_seconds" }
        var lines = [header.map(Self.field).joined(separator: ",")]
        for row in rows + [total] {
            var fields = [period, row.name, row.id.map(String.init) ?? ""]
            if per != .none { fields.insert(row.slot, at: 1) }
            fields += [row.offered, row.answered, row.abandoned, row.shortAbandoned, row.rejected].map(String.init)
            fields += [row.serviceLevel, row.serviceLevelAbandonsAgainst, row.serviceLevelAbandonsFor, row.abandonmentRate].map { Self.number($0, places: 4) }
            fields += [row.asaSeconds, row.ahtSeconds, row.talkSeconds, row.holdSeconds, row.wrapUpSeconds].map { Self.number($0, places: 1) }
            fields += [row.holdCount, row.transfers, row.escalations].map(String.init)
            fields += [Self.number(row.occupancy, places: 4), Self.number(row.loggedInSeconds, places: 1), Self.number(row.notReadySeconds, places: 1)]
            fields += reasons.map { Self.number(row.notReadyByReason[$0] ?? (row.loggedInSeconds == nil ? nil : 0), places: 1) }
            lines.append(fields.map(Self.field).joined(separator: ","))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    static func columnName(_ reason: String) -> String {
        var name = ""
        for character in reason {
            if character.isUppercase, !name.isEmpty { name.append("_") }
            name.append(character.isLetter || character.isNumber ? Character(character.lowercased()) : "_")
        }
        return name
    }

    /// Quoted when it holds a comma, quote or line break; quotes doubled. Text that a
    /// spreadsheet would run as a formula (a name such as "=HYPERLINK(…)") gets a leading '.
    static func field(_ text: String) -> String {
        var text = text
        if let first = text.first, "=+-@\t\r".contains(first), Double(text) == nil { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }

    /// A fixed number of decimals, "" for nothing (no Foundation in the core).
    static func number(_ value: Double?, places: Int) -> String {
        guard let value, value.isFinite else { return "" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        // Past 2^63 (no figure a report computes comes near) `Int64(_:)` would trap: such a
        // number is written as Swift writes it.
        let magnitude = abs(value) * scale + 0.5
        guard magnitude < 9.2e18 else { return "\(value)" }
        let scaled = Int64(magnitude)
        let factor = Int64(scale)
        let whole = scaled / factor, fraction = scaled % factor
        var digits = String(fraction)
        while digits.count < places { digits = "0" + digits }
        return (value < 0 && scaled != 0 ? "-" : "") + String(whole) + (places > 0 ? "." + digits : "")
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
