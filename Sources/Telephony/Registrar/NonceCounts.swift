import SwitchboardCore

/// The highest nonce count (`nc`) accepted with each of our nonces still alive (RFC 2617
/// §3.2.2, RFC 7616 §3.4), so that credentials overheard on the network cannot be sent again:
/// a request must count higher than every earlier one on its nonce. Credentials without `qop`
/// carry no count; they count as 1, so such a nonce answers once.
///
/// Bounded: entries go when their nonce expires (after that it is answered `stale` anyway),
/// and at most `capacity` are kept. When live entries must be forgotten to stay within it, the
/// oldest are, and every nonce issued no later than the newest of those is refused from then
/// on (its holder is challenged again): memory stays bounded without reopening any replay.
public struct NonceCounts: Sendable {
    struct Entry: Sendable {
        var count: UInt32
        var issued: Instant
        var expires: Instant
    }

    public let capacity: Int
    var entries: [String: Entry] = [:]
    /// Nonces issued at or before this, and not in `entries`, were forgotten: refused.
    var forgottenUpTo: Instant?

    public init(capacity: Int = 50_000) {
        self.capacity = max(capacity, 4)
    }

    /// Whether `count` may be used with `nonce` (issued at `issued`, valid until `expires`)
    /// now; if so it becomes the nonce's highest.
    public mutating func use(_ nonce: String, count: UInt32, issued: Instant, expires: Instant, at now: Instant) -> Bool {
        if let entry = entries[nonce] {
            guard count > entry.count else { return false }
            entries[nonce]?.count = count
            return true
        }
        if let forgottenUpTo, issued <= forgottenUpTo { return false }
        if entries.count >= capacity { evict(at: now) }
        entries[nonce] = Entry(count: count, issued: issued, expires: expires)
        return true
    }

    /// Nonces tracked now.
    public var tracked: Int { entries.count }

    /// Drops expired entries, then (if still more than three quarters full) the oldest, raising
    /// `forgottenUpTo` over them: each eviction frees a quarter of the table.
    mutating func evict(at now: Instant) {
        entries = entries.filter { $0.value.expires >= now }
        let keep = capacity * 3 / 4
        guard entries.count > keep else { return }
        let oldest = entries.sorted { $0.value.issued < $1.value.issued }.prefix(entries.count - keep)
        for (nonce, entry) in oldest {
            entries[nonce] = nil
            forgottenUpTo = max(forgottenUpTo ?? entry.issued, entry.issued)
        }
    }
}
