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
}

extension Duration {
    /// The duration in whole milliseconds, rounded toward zero.
    public var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
