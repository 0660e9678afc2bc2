/// The local wall-clock time in a queue's time zone, for business hours. The shell supplies the
/// conversion (the core has no calendar); `LocalTime.utc` is the pure one for tests and the
/// simulator.
public struct LocalTime: Sendable, Equatable {
    public var date: LocalDate
    public var weekday: Weekday
    public var minuteOfDay: Int

    public init(date: LocalDate, weekday: Weekday, minuteOfDay: Int) {
        self.date = date
        self.weekday = weekday
        self.minuteOfDay = minuteOfDay
    }

    /// Civil time at a fixed offset from UTC (days-from-civil arithmetic, no calendar library).
    public static func utc(_ instant: Instant, offsetMinutes: Int = 0) -> LocalTime {
        let minutes = Int(floorDivide(instant.millisecondsSinceEpoch, 60_000)) + offsetMinutes
        let days = floorDivide(Int64(minutes), 1440)
        let minuteOfDay = minutes - Int(days) * 1440
        // 1970-01-01 was a Thursday.
        let weekday = Weekday.allCases[Int((days % 7 + 7 + 3) % 7)]
        return LocalTime(date: LocalDate(dayNumber: Int(days)), weekday: weekday, minuteOfDay: minuteOfDay)
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
