import Foundation
import SwitchboardCore

/// Moments as the API writes them: ISO 8601 in UTC to the second (`2026-12-07T15:40:55Z`).
public enum ISO8601 {
    public static func format(_ instant: Instant) -> String {
        Date(timeIntervalSince1970: Double(instant.millisecondsSinceEpoch) / 1000).formatted(.iso8601)
    }
}
