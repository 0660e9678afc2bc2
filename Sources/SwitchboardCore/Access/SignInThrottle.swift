/// Slows down password guessing: after `freeAttempts` failures for the same key (a username, or
/// a client address) within `window`, further attempts are refused for a lock-out that doubles
/// with each further failure, up to `maximumLockout`. A success clears the key.
///
/// A value type with no clock: callers pass `now`. Memory is bounded: entries whose window has
/// passed are pruned, and at most `capacity` keys are tracked (the oldest are dropped first).
public struct SignInThrottle: Sendable {
    public enum Decision: Equatable, Sendable {
        case allowed
        case locked(retryAfter: Duration)
    }

    struct Entry: Sendable {
        var failures: Int
        var lastFailure: Instant
        var lockedUntil: Instant?
    }

    public var freeAttempts: Int
    public var window: Duration
    public var firstLockout: Duration
    public var maximumLockout: Duration
    public var capacity: Int
    private var entries: [String: Entry] = [:]

    public init(
        freeAttempts: Int = 5, window: Duration = .seconds(15 * 60), firstLockout: Duration = .seconds(30),
        maximumLockout: Duration = .seconds(15 * 60), capacity: Int = 100_000
    ) {
        self.freeAttempts = freeAttempts
        self.window = window
        self.firstLockout = firstLockout
        self.maximumLockout = maximumLockout
        self.capacity = capacity
    }

    /// Whether an attempt for all of `keys` may go ahead now; the longest lock wins.
    public func check(_ keys: [String], at now: Instant) -> Decision {
        var longest: Duration = .zero
        for key in keys {
            if let until = entries[key]?.lockedUntil, until > now {
                longest = max(longest, until - now)
            }
        }
        return longest > .zero ? .locked(retryAfter: longest) : .allowed
    }

    public mutating func recordFailure(_ keys: [String], at now: Instant) {
        prune(at: now)
        for key in keys {
            var entry = entries[key] ?? Entry(failures: 0, lastFailure: now, lockedUntil: nil)
            if now - entry.lastFailure > window { entry.failures = 0 }
            entry.failures += 1
            entry.lastFailure = now
            if entry.failures >= freeAttempts {
                let doublings = min(entry.failures - freeAttempts, 20)
                let lockout = min(firstLockout * (1 << doublings), maximumLockout)
                entry.lockedUntil = now + lockout
            }
            entries[key] = entry
        }
    }

    public mutating func recordSuccess(_ keys: [String]) {
        for key in keys { entries[key] = nil }
    }

    /// How many keys are tracked now (for tests and metrics).
    public var trackedKeys: Int { entries.count }

    private mutating func prune(at now: Instant) {
        guard entries.count >= capacity else { return }
        entries = entries.filter { _, entry in
            now - entry.lastFailure <= window || (entry.lockedUntil.map { $0 > now } ?? false)
        }
        if entries.count >= capacity {
            let oldest = entries.sorted { $0.value.lastFailure < $1.value.lastFailure }.prefix(entries.count - capacity + 1)
            for (key, _) in oldest { entries[key] = nil }
        }
    }
}
