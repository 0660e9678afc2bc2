/// A moment in wall-clock time, as milliseconds since 1970-01-01T00:00:00Z.
///
/// The core has no clock of its own: shells pass the current `Instant` in, so every rule that
/// depends on time can be tested without sleeping. Stored as a 64-bit integer in the database.
public struct Instant: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    public static func + (lhs: Self, rhs: Duration) -> Self {
        Self(millisecondsSinceEpoch: lhs.millisecondsSinceEpoch + rhs.wholeMilliseconds)
    }

    public static func - (lhs: Self, rhs: Self) -> Duration {
        .milliseconds(lhs.millisecondsSinceEpoch - rhs.millisecondsSinceEpoch)
    }

    public var description: String { "\(millisecondsSinceEpoch)ms" }

    /// "2026-11-27T12:22:08.123Z": how the API writes moments.
    public var iso8601: String {
        // Floor division by parts: `ms - 86_399_999` would overflow near Int64.min, and
        // `days * 86_400_000` past it.
        let ms = millisecondsSinceEpoch
        var whole = ms / 86_400_000, part = ms % 86_400_000
        if part < 0 { whole -= 1; part += 86_400_000 }
        let days = Int(whole)
        let rest = Int(part)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let millis = rest % 1000
        let fraction = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(LocalDate(dayNumber: days))T\(two(rest / 3_600_000)):\(two(rest / 60_000 % 60)):\(two(rest / 1000 % 60)).\(fraction)Z"
    }
}

extension Duration {
    /// The duration in whole milliseconds, rounded toward zero.
    public var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// The duration in seconds to the millisecond, as the API shows durations (`waitedSeconds`).
    public var secondsToTheMillisecond: Double { Double(wholeMilliseconds) / 1000 }
}
