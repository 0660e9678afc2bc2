/// Every contact-center metric, defined once (R-KPI). The live wallboard, the reports and the
/// simulator call these functions; none computes a metric its own way.
public enum KPI {
    /// What a service-level figure does with calls abandoned before the threshold.
    public enum AbandonTreatment: String, Sendable, CaseIterable, Codable {
        /// SL = answered within T ÷ (answered + abandoned after T): abandons within T are left
        /// out of numerator and denominator (the usual ACD default).
        case ignored
        /// SL = answered within T ÷ (answered + all abandoned): every abandon counts against.
        case countedAgainst
        /// SL = (answered within T + abandoned within T) ÷ (answered + all abandoned): an abandon
        /// within T counts as met.
        case countedFor
    }

    /// The calls of a period as the service-level formulas need them.
    public struct Counts: Sendable, Equatable {
        public var answered: Int
        public var answeredWithinThreshold: Int
        public var abandoned: Int
        public var abandonedWithinThreshold: Int
        /// Abandoned within the short-abandon threshold (default 5 s): misdials and quick
        /// hang-ups, left out of the abandonment rate.
        public var shortAbandoned: Int

        public init(answered: Int = 0, answeredWithinThreshold: Int = 0, abandoned: Int = 0, abandonedWithinThreshold: Int = 0, shortAbandoned: Int = 0) {
            self.answered = answered
            self.answeredWithinThreshold = answeredWithinThreshold
            self.abandoned = abandoned
            self.abandonedWithinThreshold = abandonedWithinThreshold
            self.shortAbandoned = shortAbandoned
        }
    }

    public static let defaultShortAbandon: Duration = .seconds(5)
    /// `defaultShortAbandon` in milliseconds, as the call records count time (and SQL compares it).
    public static var defaultShortAbandonMilliseconds: Int64 {
        defaultShortAbandon.components.seconds * 1000 + defaultShortAbandon.components.attoseconds / 1_000_000_000_000_000
    }

    /// Service level, 0…1, or nil when no call counts (see `AbandonTreatment` for the formulas).
    public static func serviceLevel(_ c: Counts, treatment: AbandonTreatment = .ignored) -> Double? {
        let (numerator, denominator): (Int, Int) =
            switch treatment {
            case .ignored: (c.answeredWithinThreshold, c.answered + c.abandoned - c.abandonedWithinThreshold)
            case .countedAgainst: (c.answeredWithinThreshold, c.answered + c.abandoned)
            case .countedFor: (c.answeredWithinThreshold + c.abandonedWithinThreshold, c.answered + c.abandoned)
            }
        return denominator > 0 ? Double(numerator) / Double(denominator) : nil
    }

    /// Average speed of answer: total wait of answered calls ÷ answered calls.
    public static func averageSpeedOfAnswer(totalWait: Duration, answered: Int) -> Duration? {
        answered > 0 ? totalWait / answered : nil
    }

    /// Average handle time: (talk + hold + wrap-up) ÷ handled calls.
    public static func averageHandleTime(talk: Duration, hold: Duration, wrapUp: Duration, handled: Int) -> Duration? {
        handled > 0 ? (talk + hold + wrapUp) / handled : nil
    }

    /// Abandonment rate: (abandoned − short abandoned) ÷ (offered − short abandoned).
    public static func abandonmentRate(_ c: Counts) -> Double? {
        let denominator = c.answered + c.abandoned - c.shortAbandoned
        return denominator > 0 ? Double(c.abandoned - c.shortAbandoned) / Double(denominator) : nil
    }

    /// Occupancy: time handling calls (talk + hold + wrap-up) ÷ time available or handling.
    /// Not-ready time is outside both.
    public static func occupancy(handling: Duration, available: Duration) -> Double? {
        let total = handling + available
        return total > .zero ? handling / total : nil
    }

    /// Utilisation: time handling calls ÷ logged-in time (not-ready time included).
    public static func utilisation(handling: Duration, loggedIn: Duration) -> Double? {
        loggedIn > .zero ? handling / loggedIn : nil
    }
}
