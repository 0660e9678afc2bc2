/// Slows down password guessing: after `freeAttempts` failures for the same key (a username, or
/// a client address) within `window`, further attempts are refused for a lock-out that doubles
/// with each further failure, up to `maximumLockout`. Each failure counts for `window` after it
/// happened (a sliding window), so old failures age out one by one.
///
/// Only failures lock a key. A caller that must count an attempt before it knows the outcome
/// (so that parallel guesses see each other) records it as a failure at once and, when the
/// attempt proves right, takes exactly that count back with `takeBack(_:countedAt:)` — which
/// also lifts a lock that the provisional count caused — or clears the key with
/// `recordSuccess(_:)`.
///
/// A value type with no clock: callers pass `now`. Memory is bounded: entries whose window has
/// passed are pruned, and at most `capacity` keys are tracked (the oldest are dropped first).
public struct SignInThrottle: Sendable {
    public enum Decision: Equatable, Sendable {
        case allowed
        case locked(retryAfter: Duration)
    }

    struct Entry: Sendable {
        /// When each counted failure happened, oldest first.
        var failures: [Instant]
        var lockedUntil: Instant?
        /// The moment of the failure that set `lockedUntil`.
        var lockedAt: Instant?

        var lastFailure: Instant? { failures.last }
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
            var entry = entries[key] ?? Entry(failures: [], lockedUntil: nil, lockedAt: nil)
            entry.failures.removeAll { now - $0 > window }
            entry.failures.append(now)
            // Past 20 doublings more failures change nothing: memory per key stays bounded.
            if entry.failures.count > freeAttempts + 21 { entry.failures.removeFirst(entry.failures.count - freeAttempts - 21) }
            if entry.failures.count >= freeAttempts {
                let doublings = min(entry.failures.count - freeAttempts, 20)
                entry.lockedUntil = now + min(firstLockout * (1 << doublings), maximumLockout)
                entry.lockedAt = now
            }
            entries[key] = entry
        }
    }

    /// Takes back one failure recorded at `countedAt` for each key: the attempt counted up front
    /// proved right. A lock goes too when the failures left are fewer than `freeAttempts`, or
    /// when that very count set it (no other failure can have been counted while it held, and
    /// the attempt was admitted, so no lock held before it).
    public mutating func takeBack(_ keys: [String], countedAt: Instant) {
        for key in keys {
            guard var entry = entries[key], let index = entry.failures.lastIndex(of: countedAt) else { continue }
            entry.failures.remove(at: index)
            if entry.failures.count < freeAttempts || entry.lockedAt == countedAt {
                entry.lockedUntil = nil
                entry.lockedAt = nil
            }
            entries[key] = entry.failures.isEmpty && entry.lockedUntil == nil ? nil : entry
        }
    }

    /// Forgets the keys: every failure and any lock.
    public mutating func recordSuccess(_ keys: [String]) {
        for key in keys { entries[key] = nil }
    }

    /// How many keys are tracked now (for tests and metrics).
    public var trackedKeys: Int { entries.count }

    /// How many failures count against `key` at `now` (for tests).
    public func failures(_ key: String, at now: Instant) -> Int {
        entries[key]?.failures.filter { now - $0 <= window }.count ?? 0
    }

    private mutating func prune(at now: Instant) {
        guard entries.count >= capacity else { return }
        entries = entries.filter { _, entry in
            (entry.lastFailure.map { now - $0 <= window } ?? false) || (entry.lockedUntil.map { $0 > now } ?? false)
        }
        if entries.count >= capacity {
            let oldest = entries.sorted { ($0.value.lastFailure ?? now) < ($1.value.lastFailure ?? now) }.prefix(entries.count - capacity + 1)
            for (key, _) in oldest { entries[key] = nil }
        }
    }
}
