import Synchronization
import SwitchboardCore
import Telephony
import Testing

/// Issue 14, D8: password guessing over SIP is slowed down per account and per address, a
/// locked account does not confirm a right guess, and credentials are accepted once per count.
@Suite("Digest authentication under attack: lock-outs and nonce counts")
struct SIPAuthenticationLimitsTests {
    static let phone = SIPAddress(host: "192.0.2.10", port: 5062)
    static let elsewhere = SIPAddress(host: "198.51.100.77", port: 5062)

    final class Clock: Sendable {
        let now = Mutex(Instant(millisecondsSinceEpoch: 1_800_000_000_000))
        func advance(_ duration: Duration) { now.withLock { $0 = $0 + duration } }
        func read() -> Instant { now.withLock { $0 } }
    }

    /// An endpoint that knows agent01 … agent40 (agent07 among them), every password `demo`.
    func endpoint(_ clock: Clock) async -> SIPEndpoint {
        let endpoint = SIPEndpoint(local: SIPAddress(host: "127.0.0.1", port: 5060), secret: Array("s".utf8), clock: { clock.read() })
        await endpoint.setAccounts((1...40).map { number in
            let username = number < 10 ? "agent0\(number)" : "agent\(number)"
            return SIPAccount(agentId: Int64(number), username: username, ha1: DigestAuthentication.ha1(username: username, realm: "switchboard", password: "demo"))
        })
        return endpoint
    }

    /// A REGISTER of `account`; `n` makes each a transaction of its own.
    func register(_ n: Int, account: String = "agent07", authorization: String? = nil) -> SIPMessage {
        var message = SIPMessage(.request(method: "REGISTER", uri: "sip:127.0.0.1"))
        message.add("Via", "SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-r\(n);rport")
        message.add("From", "<sip:\(account)@127.0.0.1>;tag=f\(n)")
        message.add("To", "<sip:\(account)@127.0.0.1>")
        message.add("Call-ID", "reg-\(account)")
        message.add("CSeq", "\(n + 1) REGISTER")
        message.add("Contact", "<sip:\(account)@192.0.2.10:5062>")
        message.add("Expires", "300")
        message.add("Max-Forwards", "70")
        if let authorization { message.add("Authorization", authorization) }
        return message
    }

    /// The digest answer to `nonce` with a password: with `qop=auth` and this count when `nc` is
    /// given, else in the RFC 2069 form.
    func answer(nonce: String, account: String = "agent07", password: String = "demo", nc: String? = nil, cnonce: String = "c0ffee") -> String {
        let key = DigestAuthentication.ha1(username: account, realm: "switchboard", password: password)
        let ha2 = md5("REGISTER:sip:127.0.0.1")
        let head = "Digest username=\"\(account)\", realm=\"switchboard\", nonce=\"\(nonce)\", uri=\"sip:127.0.0.1\", algorithm=MD5"
        guard let nc else { return head + ", response=\"\(md5("\(key):\(nonce):\(ha2)"))\"" }
        return head + ", response=\"\(md5("\(key):\(nonce):\(nc):\(cnonce):auth:\(ha2)"))\", qop=auth, nc=\(nc), cnonce=\"\(cnonce)\""
    }

    func send(_ endpoint: SIPEndpoint, _ message: SIPMessage, from source: SIPAddress = Self.phone) async throws -> SIPMessage {
        try SIPParser.parse(try #require(await endpoint.receive(message.bytes, from: source).first).bytes)
    }

    /// A fresh challenge's nonce for `source`.
    func freshNonce(_ endpoint: SIPEndpoint, _ n: Int, account: String = "agent07", from source: SIPAddress = Self.phone) async throws -> String {
        let challenge = try await send(endpoint, register(n, account: account), from: source)
        #expect(challenge.status == 401)
        return String(try #require(challenge["WWW-Authenticate"]).split(separator: "\"")[3])
    }

    @Test("1,000 wrong digests lock the account: the right password then gets 503 with Retry-After, not 200, until the lock has passed")
    func guessingLocksTheAccount() async throws {
        let clock = Clock()
        let endpoint = await endpoint(clock)
        let nonce = try await freshNonce(endpoint, 0)
        var statuses: [Int] = []
        for n in 1...1000 {
            statuses.append(try await send(endpoint, register(n, authorization: answer(nonce: nonce, password: "guess\(n)"))).status ?? 0)
        }
        #expect(Array(statuses.prefix(5)) == [401, 401, 401, 401, 401], "five free attempts, the fifth locks")
        #expect(statuses.dropFirst(5).allSatisfy { $0 == 503 }, "then refused without being checked")
        let right = try await send(endpoint, register(1001, authorization: answer(nonce: nonce)))
        #expect(right.status == 503, "a right guess during the lock-out is not confirmed")
        #expect(right["Retry-After"] == "30")
        let wrong = try await send(endpoint, register(1002, authorization: answer(nonce: nonce, password: "nope")))
        #expect(wrong.startLine == right.startLine && wrong["Retry-After"] == right["Retry-After"], "right and wrong read the same")
        #expect(await !endpoint.isRegistered("agent07"))
        let counters = await endpoint.status().counters
        #expect(counters.authenticationFailures == 5, "refusals during the lock-out are not checked, so not counted")
        #expect(counters.authenticationLockouts == 997)
        // Once the lock has passed, the right password registers.
        clock.advance(.seconds(31))
        #expect(try await send(endpoint, register(1003, authorization: answer(nonce: nonce))).status == 200)
        #expect(await endpoint.isRegistered("agent07"))
    }

    @Test("a success clears the account's failures: four more mistakes do not lock it")
    func successClearsTheAccount() async throws {
        let clock = Clock()
        let endpoint = await endpoint(clock)
        let nonce = try await freshNonce(endpoint, 0)
        for n in 1...4 { #expect(try await send(endpoint, register(n, authorization: answer(nonce: nonce, password: "typo\(n)"))).status == 401) }
        #expect(try await send(endpoint, register(5, authorization: answer(nonce: nonce))).status == 200)
        let again = try await freshNonce(endpoint, 6)
        for n in 7...10 { #expect(try await send(endpoint, register(n, authorization: answer(nonce: again, password: "typo\(n)"))).status == 401) }
        #expect(try await send(endpoint, register(11, authorization: answer(nonce: again))).status == 200)
    }

    @Test("one guess at each of 40 accounts locks the address after 30; another address is not affected")
    func sprayingLocksTheAddress() async throws {
        let clock = Clock()
        let endpoint = await endpoint(clock)
        let nonce = try await freshNonce(endpoint, 0)
        var statuses: [Int] = []
        for number in 1...40 {
            let account = number < 10 ? "agent0\(number)" : "agent\(number)"
            statuses.append(try await send(endpoint, register(number, account: account, authorization: answer(nonce: nonce, account: account, password: "summer2026"))).status ?? 0)
        }
        #expect(statuses.prefix(30).allSatisfy { $0 == 401 })
        #expect(statuses.dropFirst(30).allSatisfy { $0 == 503 })
        // The right password from the locked address is refused; from elsewhere it registers.
        #expect(try await send(endpoint, register(41, authorization: answer(nonce: nonce))).status == 503)
        let other = try await freshNonce(endpoint, 42, from: Self.elsewhere)
        #expect(try await send(endpoint, register(43, authorization: answer(nonce: other)), from: Self.elsewhere).status == 200)
    }

    @Test("answers to nonces that are not ours test no password, so they lock nothing out")
    func forgedNoncesDoNotLock() async throws {
        let clock = Clock()
        let endpoint = await endpoint(clock)
        for n in 1...100 {
            #expect(try await send(endpoint, register(n, authorization: answer(nonce: "18f00000000.\(n).0123456789abcdef01234567", password: "x"))).status == 401)
        }
        #expect(await endpoint.status().counters.authenticationFailures == 100, "still counted as failures for the metrics")
        let nonce = try await freshNonce(endpoint, 101)
        #expect(try await send(endpoint, register(102, authorization: answer(nonce: nonce))).status == 200)
    }

    @Test("a replayed Authorization (same nonce, same nc) is refused with a fresh challenge; a higher nc is accepted")
    func replayedCountIsRefused() async throws {
        let clock = Clock()
        let endpoint = await endpoint(clock)
        let nonce = try await freshNonce(endpoint, 0)
        let first = answer(nonce: nonce, nc: "00000001")
        #expect(try await send(endpoint, register(1, authorization: first)).status == 200)
        let replay = try await send(endpoint, register(2, authorization: first))
        #expect(replay.status == 401, "the same credentials a second time")
        let challenge = try #require(replay["WWW-Authenticate"])
        #expect(challenge.contains("stale=true"), "the phone may answer the new nonce without a new password")
        #expect(!challenge.contains(nonce), "a new nonce")
        #expect(try await send(endpoint, register(3, authorization: answer(nonce: nonce, nc: "00000002"))).status == 200)
        #expect(try await send(endpoint, register(4, authorization: answer(nonce: nonce, nc: "00000002", cnonce: "other"))).status == 401,
            "a count that is not higher, whatever the cnonce")
        #expect(try await send(endpoint, register(5, authorization: answer(nonce: nonce, nc: "00000001"))).status == 401)
        let counters = await endpoint.status().counters
        #expect(counters.replayedCredentials == 3)
        #expect(counters.authenticationFailures == 0, "a replay is no password guess")
        #expect(counters.registrations == 2)
    }

    @Test("credentials without qop carry no count: their nonce answers once")
    func noQopAnswersOnce() async throws {
        let clock = Clock()
        let endpoint = await endpoint(clock)
        let nonce = try await freshNonce(endpoint, 0)
        let credentials = answer(nonce: nonce)
        #expect(try await send(endpoint, register(1, authorization: credentials)).status == 200)
        #expect(try await send(endpoint, register(2, authorization: credentials)).status == 401)
    }

    // MARK: The value types

    @Test("lock-outs double from the first up to the maximum, and the window counts from the end of a lock-out")
    func throttleDoubles() {
        let start = Instant(millisecondsSinceEpoch: 1_800_000_000_000)
        var throttle = AuthenticationThrottle(
            account: .init(freeAttempts: 3, window: .seconds(60), firstLockout: .seconds(30), maximumLockout: .seconds(120)),
            source: .init(freeAttempts: 1000))
        var now = start
        throttle.recordFailure(account: "a", source: "s", at: now)
        throttle.recordFailure(account: "a", source: "s", at: now)
        #expect(throttle.check(account: "a", source: "s", at: now) == .allowed)
        var locks: [Duration] = []
        for _ in 0..<4 {
            throttle.recordFailure(account: "a", source: "s", at: now)
            guard case .locked(let wait) = throttle.check(account: "a", source: "s", at: now) else { Issue.record("not locked"); return }
            locks.append(wait)
            now = now + wait + .seconds(1)
            #expect(throttle.check(account: "a", source: "s", at: now) == .allowed)
        }
        #expect(locks == [.seconds(30), .seconds(60), .seconds(120), .seconds(120)])
        // Waiting out the window after the lock starts again; a failure just after a long lock does not.
        throttle.recordFailure(account: "a", source: "s", at: now)
        #expect(throttle.check(account: "a", source: "s", at: now) == .locked(retryAfter: .seconds(120)))
        #expect(throttle.check(account: "b", source: "s", at: now) == .allowed, "another account")
        now = now + .seconds(120 + 61)
        throttle.recordFailure(account: "a", source: "s", at: now)
        #expect(throttle.check(account: "a", source: "s", at: now) == .allowed)
    }

    @Test("a success clears the account, not the address: one's own account does not reset guesses at others")
    func successClearsOnlyTheAccount() {
        let now = Instant(millisecondsSinceEpoch: 1_800_000_000_000)
        var throttle = AuthenticationThrottle(account: .init(freeAttempts: 5), source: .init(freeAttempts: 3))
        throttle.recordFailure(account: "victim1", source: "s", at: now)
        throttle.recordFailure(account: "victim2", source: "s", at: now)
        throttle.recordSuccess(account: "mine")
        throttle.recordFailure(account: "victim3", source: "s", at: now)
        #expect(throttle.check(account: "victim4", source: "s", at: now) != .allowed)
        #expect(throttle.check(account: "victim1", source: "t", at: now) == .allowed)
    }

    @Test("the lock-out tables stay within their capacity under made-up usernames from made-up addresses")
    func throttleIsBounded() {
        let now = Instant(millisecondsSinceEpoch: 1_800_000_000_000)
        var throttle = AuthenticationThrottle(capacity: 100)
        for n in 0..<10_000 {
            throttle.recordFailure(account: "user\(n)" + String(repeating: "x", count: n % 300), source: "10.0.\(n / 256).\(n % 256)", at: now)
        }
        #expect(throttle.trackedKeys <= 200)
    }

    @Test("nonce counts must rise; the table is bounded, and a nonce it forgot is refused rather than accepted again")
    func nonceCounts() {
        let start = Instant(millisecondsSinceEpoch: 1_800_000_000_000)
        var counts = NonceCounts(capacity: 100)
        let expires = start + .seconds(300)
        var accepted: [Bool] = []
        for count: UInt32 in [1, 1, 2, 1, 3] { accepted.append(counts.use("n", count: count, issued: start, expires: expires, at: start)) }
        #expect(accepted == [true, false, true, false, true])
        var fresh = true
        for n in 1...1000 {
            let issued = start + .milliseconds(Int64(n))
            if !counts.use("n\(n)", count: 1, issued: issued, expires: issued + .seconds(300), at: issued) { fresh = false }
        }
        #expect(fresh, "every new nonce is accepted once")
        #expect(counts.tracked <= 100)
        let now = start + .seconds(2)
        let forgotten = counts.use("n1", count: 2, issued: start + .milliseconds(1), expires: start + .seconds(301), at: now)
        #expect(!forgotten, "a nonce whose count was forgotten is refused, not taken as new")
        let newest = counts.use("n1000", count: 2, issued: start + .milliseconds(1000), expires: start + .seconds(301), at: now)
        #expect(newest)
    }

    @Test("expired nonces make room first: nothing live is forgotten, so nothing is refused for it")
    func expiredNoncesGoFirst() {
        let start = Instant(millisecondsSinceEpoch: 1_800_000_000_000)
        var counts = NonceCounts(capacity: 4)
        for n in 1...4 { _ = counts.use("old\(n)", count: 1, issued: start, expires: start + .seconds(300), at: start) }
        let later = start + .seconds(400)
        let fresh = counts.use("fresh", count: 1, issued: later, expires: later + .seconds(300), at: later)
        #expect(fresh)
        #expect(counts.tracked == 1)
        let other = counts.use("other", count: 1, issued: start + .seconds(350), expires: start + .seconds(650), at: later)
        #expect(other)
    }
}
