import Crypto
import SwitchboardCore

/// Slows down digest password guessing over SIP (issue 14, D8): failed authentications are
/// counted per account (the digest `username`) and per source address; after a policy's
/// `freeAttempts` failures the key is locked for `firstLockout`, doubling with each further
/// failure up to `maximumLockout`. While a key is locked the endpoint refuses the request
/// without looking at the password, so a right guess then is not confirmed.
///
/// Like `SignInThrottle` (SwitchboardCore), with what the SIP side needs besides: two keys with
/// their own policies (an address may hold a whole center behind one NAT, so it gets more free
/// attempts than an account), a window that counts from the end of a lock-out (a guesser who
/// waits out the longest lock does not start again with free attempts), and eviction in
/// batches, so that a flood of failures for made-up usernames costs O(log n) each, not a sort
/// of the whole table.
///
/// Only failures are counted: a success clears the account's count and never adds to any (a
/// center that registers a hundred phones from one address does not lock itself out). A
/// success does not clear the address's count: a guesser with one account of their own could
/// otherwise reset it between guesses at everyone else's.
///
/// A value with no clock: callers pass `now`. Each table holds at most `capacity` keys.
public struct AuthenticationThrottle: Sendable {
    /// When a key locks, and for how long.
    public struct Policy: Sendable, Equatable {
        /// Failures before the first lock-out (the last of them locks).
        public var freeAttempts: Int
        /// Failures further apart than this (counted from the end of a lock-out) start again.
        public var window: Duration
        public var firstLockout: Duration
        public var maximumLockout: Duration

        public init(
            freeAttempts: Int = 5, window: Duration = .seconds(15 * 60), firstLockout: Duration = .seconds(30),
            maximumLockout: Duration = .seconds(15 * 60)
        ) {
            self.freeAttempts = freeAttempts
            self.window = window
            self.firstLockout = firstLockout
            self.maximumLockout = maximumLockout
        }
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        /// Refused until this long from now.
        case locked(retryAfter: Duration)
    }

    struct Entry: Sendable {
        var failures: Int
        var lastFailure: Instant
        var lockedUntil: Instant?

        /// Where the window starts: the last failure, or the end of the lock-out it caused.
        var quietSince: Instant { max(lastFailure, lockedUntil ?? lastFailure) }
    }

    /// The failures of one kind of key under one policy.
    struct Table: Sendable {
        var policy: Policy
        var entries: [String: Entry] = [:]

        func lockedFor(_ key: String, at now: Instant) -> Duration? {
            guard let until = entries[key]?.lockedUntil, until > now else { return nil }
            return until - now
        }

        mutating func fail(_ key: String, at now: Instant, capacity: Int) {
            if entries[key] == nil, entries.count >= capacity { evict(at: now, capacity: capacity) }
            var entry = entries[key] ?? Entry(failures: 0, lastFailure: now, lockedUntil: nil)
            if now - entry.quietSince > policy.window {
                entry.failures = 0
                entry.lockedUntil = nil
            }
            entry.failures += 1
            entry.lastFailure = now
            if entry.failures >= policy.freeAttempts {
                let doublings = min(entry.failures - max(policy.freeAttempts, 1), 20)
                entry.lockedUntil = now + min(policy.firstLockout * (1 << max(doublings, 0)), policy.maximumLockout)
            }
            entries[key] = entry
        }

        /// Forgets the keys whose window has passed, then (if still more than three quarters
        /// full) those whose last failure is oldest: each eviction frees a quarter of the table.
        mutating func evict(at now: Instant, capacity: Int) {
            let window = policy.window
            entries = entries.filter { _, entry in
                now - entry.quietSince <= window || (entry.lockedUntil.map { $0 > now } ?? false)
            }
            let keep = capacity * 3 / 4
            guard entries.count > keep else { return }
            let oldest = entries.sorted { $0.value.lastFailure < $1.value.lastFailure }.prefix(entries.count - keep)
            for (key, _) in oldest { entries[key] = nil }
        }
    }

    /// The most keys each table (accounts, addresses) holds.
    public let capacity: Int
    var accounts: Table
    var sources: Table

    public init(account: Policy = Policy(freeAttempts: 5), source: Policy = Policy(freeAttempts: 30), capacity: Int = 10_000) {
        self.capacity = max(capacity, 4)
        self.accounts = Table(policy: account)
        self.sources = Table(policy: source)
    }

    /// Whether an authentication for `account` (nil when the credentials name none) from
    /// `source` may be checked now; the longer of the two locks wins.
    public func check(account: String?, source: String, at now: Instant) -> Decision {
        let waits = [account.flatMap { accounts.lockedFor(Self.key($0), at: now) }, sources.lockedFor(source, at: now)].compactMap { $0 }
        guard let longest = waits.max() else { return .allowed }
        return .locked(retryAfter: longest)
    }

    /// Wrong (or unusable) credentials for `account` from `source`.
    public mutating func recordFailure(account: String?, source: String, at now: Instant) {
        if let account { accounts.fail(Self.key(account), at: now, capacity: capacity) }
        sources.fail(source, at: now, capacity: capacity)
    }

    /// The account authenticated: its failures are forgotten.
    public mutating func recordSuccess(account: String) {
        accounts.entries[Self.key(account)] = nil
    }

    /// Keys tracked now, accounts and addresses together (for tests and metrics).
    public var trackedKeys: Int { accounts.entries.count + sources.entries.count }

    /// A username as a table key: long ones (no account is that long; a guesser may send
    /// kilobytes) are kept as their SHA-256, so a key costs at most a few hundred bytes.
    static func key(_ username: String) -> String {
        guard username.utf8.count > 128 else { return username }
        return "sha256:" + DigestAuthentication.hex(SHA256.hash(data: Array(username.utf8)))
    }
}
