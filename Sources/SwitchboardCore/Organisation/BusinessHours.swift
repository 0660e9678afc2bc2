/// A day of the week, as the API spells it.
public enum Weekday: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable, Comparable {
    case mon, tue, wed, thu, fri, sat, sun

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One opening span on a day, written `"08:00-20:00"`; `24:00` closes at midnight.
/// Invariant: `opensAt < closesAt`, both minutes since local midnight.
public struct OpeningInterval: Hashable, Sendable, Codable, CustomStringConvertible {
    public var opensAt: Int
    public var closesAt: Int

    public init(opensAt: Int, closesAt: Int) {
        self.opensAt = opensAt
        self.closesAt = closesAt
    }

    public init(parsing text: String, field: String) throws(SwitchboardError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let open = OpeningInterval.minutes(parts[0]), let close = OpeningInterval.minutes(parts[1]) else {
            throw .invalid(field, "Opening hours are written HH:MM-HH:MM, for example 08:00-20:00; got '\(text)'.")
        }
        guard open < close else { throw .invalid(field, "'\(text)' closes before it opens.") }
        self.init(opensAt: open, closesAt: close)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text, field: "hours")
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String { "\(Self.format(opensAt))-\(Self.format(closesAt))" }

    public func contains(minuteOfDay: Int) -> Bool { opensAt <= minuteOfDay && minuteOfDay < closesAt }

    static func minutes(_ text: Substring) -> Int? {
        let hm = text.split(separator: ":", omittingEmptySubsequences: false)
        guard hm.count == 2, hm[0].count == 2, hm[1].count == 2, let h = Int(hm[0]), let m = Int(hm[1]),
            (0...24).contains(h), (0...59).contains(m), h < 24 || m == 0
        else { return nil }
        return h * 60 + m
    }

    static func format(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
    }
}

/// A calendar date without a time zone, `YYYY-MM-DD`.
public struct LocalDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public init(parsing text: String, field: String) throws(SwitchboardError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...LocalDate.daysIn(month: m, year: y)).contains(d)
        else {
            throw .invalid(field, "Dates are written YYYY-MM-DD and must exist; got '\(text)'.")
        }
        self.init(year: y, month: m, day: d)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text, field: "date")
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        // ISO 8601 writes at least four digits of year (0999-01-01), as parsing expects.
        let y = year >= 0 && year < 1000 ? String(String(year + 10_000).dropFirst()) : "\(year)"
        return "\(y)-\(m)-\(d)"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A day the queue is closed all day, whatever its weekly hours say.
public struct Holiday: Hashable, Sendable, Codable {
    public var date: LocalDate
    public var name: String

    public init(date: LocalDate, name: String) {
        self.date = date
        self.name = name
    }
}

/// When a queue takes calls: weekly opening hours in the queue's time zone, minus holidays.
/// A day missing from `weekly` is closed.
public struct BusinessHours: Equatable, Sendable, Codable {
    /// An IANA time zone name, such as `Europe/Amsterdam`.
    public var timeZone: String
    public var weekly: [Weekday: [OpeningInterval]]
    public var holidays: [Holiday]

    public init(timeZone: String, weekly: [Weekday: [OpeningInterval]], holidays: [Holiday] = []) {
        self.timeZone = timeZone
        self.weekly = weekly
        self.holidays = holidays
    }

    enum CodingKeys: String, CodingKey { case timeZone, weekly, holidays }

    /// `holidays` may be left out (none).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        timeZone = try container.decode(String.self, forKey: .timeZone)
        weekly = try container.decode([Weekday: [OpeningInterval]].self, forKey: .weekly)
        holidays = try container.decodeIfPresent([Holiday].self, forKey: .holidays) ?? []
    }

    /// Open every day, all day: the default for a new queue.
    public static func alwaysOpen(timeZone: String = "Europe/Amsterdam") -> BusinessHours {
        BusinessHours(timeZone: timeZone, weekly: Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [OpeningInterval(opensAt: 0, closesAt: 24 * 60)]) }))
    }

    /// Open all day every day with no holiday: the time of day never matters.
    public var isAlwaysOpen: Bool {
        holidays.isEmpty && Weekday.allCases.allSatisfy { day in weekly[day, default: []].contains { $0.opensAt == 0 && $0.closesAt == 24 * 60 } }
    }

    /// Whether the queue is open at a local date, weekday and minute of the day; the shell
    /// converts the instant to the queue's time zone.
    public func isOpen(on date: LocalDate, weekday: Weekday, minuteOfDay: Int) -> Bool {
        if holidays.contains(where: { $0.date == date }) { return false }
        return weekly[weekday, default: []].contains { $0.contains(minuteOfDay: minuteOfDay) }
    }

    /// Sorts the intervals and holidays and refuses overlaps, duplicate holidays and bad names.
    public func validated(field: String = "hours") throws(SwitchboardError) -> BusinessHours {
        var copy = self
        let zone = Validate.trim(timeZone)
        guard !zone.isEmpty, zone.count <= 64 else { throw .invalid("\(field).timeZone", "timeZone must be an IANA name such as Europe/Amsterdam.") }
        copy.timeZone = zone
        for (day, intervals) in weekly {
            let sorted = intervals.sorted { $0.opensAt < $1.opensAt }
            for (a, b) in zip(sorted, sorted.dropFirst()) where b.opensAt < a.closesAt {
                throw .invalid("\(field).weekly.\(day.rawValue)", "\(a) and \(b) overlap.")
            }
            copy.weekly[day] = sorted
        }
        var seen: Set<LocalDate> = []
        for (index, holiday) in holidays.enumerated() {
            copy.holidays[index].name = try Validate.name(holiday.name, field: "\(field).holidays[\(index)].name")
            guard seen.insert(holiday.date).inserted else {
                throw .invalid("\(field).holidays[\(index)].date", "\(holiday.date) is listed twice.")
            }
        }
        copy.holidays.sort { $0.date < $1.date }
        return copy
    }
}

extension Error {
    /// The human message of a `SwitchboardError`, or the error's description.
    var message: String { (self as? SwitchboardError)?.message ?? "\(self)" }
}
