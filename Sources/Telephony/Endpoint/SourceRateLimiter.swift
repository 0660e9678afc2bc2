import SwitchboardCore

/// New calls per source address, the "pike" idea of Kamailio (issue 14, D7): a token bucket
/// per address, `burst` deep and refilled at `perSecond`. Each new INVITE takes a token; one
/// that finds none is refused before it costs a stored call or a place in a queue, and told
/// when the next token comes.
///
/// A value with no clock: callers pass `now`. At most `capacity` addresses are tracked: when
/// full, the addresses whose bucket has filled up again are forgotten first (forgetting them
/// changes nothing), then the least recently seen, a quarter of the table at a time.
public struct SourceRateLimiter: Sendable {
    public enum Decision: Sendable, Equatable {
        case allowed
        /// No token: the next one comes this long from now.
        case limited(retryAfter: Duration)
    }

    struct Bucket: Sendable {
        var tokens: Double
        var updated: Instant
    }

    /// Calls an address may start at once.
    public let burst: Int
    /// Calls an address may start per second, on average, after its burst.
    public let perSecond: Double
    public let capacity: Int
    var buckets: [String: Bucket] = [:]

    public init(burst: Int = 10, perSecond: Double = 2, capacity: Int = 10_000) {
        self.burst = max(burst, 1)
        self.perSecond = perSecond.isFinite ? max(perSecond, 0) : 0
        self.capacity = max(capacity, 4)
    }

    /// Takes a token for `source` if there is one.
    public mutating func admit(_ source: String, at now: Instant) -> Decision {
        var bucket = buckets[source].map { refilled($0, at: now) } ?? Bucket(tokens: Double(burst), updated: now)
        let decision: Decision
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            decision = .allowed
        } else {
            decision = .limited(retryAfter: wait(for: bucket))
        }
        if buckets[source] == nil, buckets.count >= capacity { evict(at: now) }
        buckets[source] = bucket
        return decision
    }

    /// Addresses tracked now.
    public var tracked: Int { buckets.count }

    func refilled(_ bucket: Bucket, at now: Instant) -> Bucket {
        guard now > bucket.updated else { return bucket }  // a clock that stepped back refills nothing
        let seconds = Double((now - bucket.updated).wholeMilliseconds) / 1000
        return Bucket(tokens: min(Double(burst), bucket.tokens + seconds * perSecond), updated: now)
    }

    /// Until the bucket holds a whole token again (a minute when it never refills).
    func wait(for bucket: Bucket) -> Duration {
        guard perSecond > 0 else { return .seconds(60) }
        let milliseconds = ((1 - bucket.tokens) / perSecond * 1000).rounded(.up)
        guard milliseconds.isFinite, let whole = Int64(exactly: min(max(milliseconds, 1), 3_600_000)) else { return .seconds(60) }
        return .milliseconds(whole)
    }

    mutating func evict(at now: Instant) {
        let full = Double(burst)
        buckets = buckets.filter { refilled($0.value, at: now).tokens < full }
        let keep = capacity * 3 / 4
        guard buckets.count > keep else { return }
        let oldest = buckets.sorted { $0.value.updated < $1.value.updated }.prefix(buckets.count - keep)
        for (source, _) in oldest { buckets[source] = nil }
    }
}
