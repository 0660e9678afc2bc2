import Synchronization
import SwitchboardCore
import Telephony
import Testing

/// A contact center that gives each call an id of its own and records what it is told.
final class CountingControl: CallControl, Sendable {
    let commands = Mutex<[RoutingCommand]>([])
    let lastCall = Mutex<Int64>(0)

    func queue(for user: String) async -> QueueID? { user == "800" ? QueueID(1) : nil }
    func callArrived(queue: QueueID, from: String, owner: String) async throws -> CallID {
        CallID(lastCall.withLock { $0 += 1; return $0 })
    }
    func submit(_ command: RoutingCommand) async throws { commands.withLock { $0.append(command) } }
    func position(of call: CallID) async -> Int? { 1 }
    func effects() async -> AsyncStream<CallOwnerEvent> { AsyncStream { $0.finish() } }
}

/// Issue 14, D7: callers cannot hold a queue they do not use — new calls are limited per
/// address, and a caller waiting in queue who answers nothing is ended.
@Suite("Callers who would block a queue: limits per address, and a check that a waiting caller is there")
struct SIPCallerLimitsTests {
    static let flooder = "203.0.113.5"
    static let genuine = "198.51.100.20"

    final class Clock: Sendable {
        let now = Mutex(Instant(millisecondsSinceEpoch: 1_800_000_000_000))
        func advance(_ duration: Duration) { now.withLock { $0 = $0 + duration } }
        func read() -> Instant { now.withLock { $0 } }
    }

    func setUp(_ configuration: SIPEndpoint.Configuration = .init()) async -> (SIPEndpoint, CountingControl, Clock) {
        let clock = Clock()
        let endpoint = SIPEndpoint(
            local: SIPAddress(host: "127.0.0.1", port: 5060), secret: Array("s".utf8), configuration: configuration, clock: { clock.read() })
        let control = CountingControl()
        await endpoint.attach(control)
        return (endpoint, control, clock)
    }

    /// A new INVITE to queue 800 from `host`; `n` makes each a call of its own.
    func invite(_ n: Int, from host: String) -> SIPMessage {
        var invite = SIPMessage(.request(method: "INVITE", uri: "sip:800@127.0.0.1"))
        invite.add("Via", "SIP/2.0/UDP \(host):41000;branch=z9hG4bK-inv\(n);rport")
        invite.add("Max-Forwards", "70")
        invite.add("From", "\"Caller\" <sip:+3120555\(n)@\(host)>;tag=c\(n)")
        invite.add("To", "<sip:800@127.0.0.1>")
        invite.add("Call-ID", "caller-\(n)@\(host)")
        invite.add("CSeq", "1 INVITE")
        invite.add("Contact", "<sip:caller@\(host):41000>")
        return invite
    }

    func call(_ endpoint: SIPEndpoint, _ n: Int, from host: String) async -> [Datagram] {
        await endpoint.receive(invite(n, from: host).bytes, from: SIPAddress(host: host, port: 41000))
    }

    func parsed(_ datagrams: [Datagram]) -> [SIPMessage] { datagrams.compactMap { try? SIPParser.parse($0.bytes) } }
    func statuses(_ datagrams: [Datagram]) -> [Int] { parsed(datagrams).compactMap(\.status) }
    func statuses(_ datagrams: [Datagram], of n: Int) -> [Int] {
        parsed(datagrams).filter { $0["Call-ID"]?.hasPrefix("caller-\(n)@") == true }.compactMap(\.status)
    }

    func ended(_ call: CallID, at now: Instant) -> RoutingEffect {
        .callEnded(CallRecord(
            id: call, firstQueue: 1, lastQueue: 1, arrivedAt: now, answeredAt: nil, agent: nil, endedAt: now,
            outcome: .overflowEnded(reason: "timeout"), holdCount: 0, holdTime: .zero, transfers: 0, escalated: false))
    }

    // MARK: Limits per address

    @Test("50 INVITEs at once from one address: 10 become calls, 40 get 503 with Retry-After; another address still gets through")
    func floodIsLimited() async throws {
        let (endpoint, _, clock) = await setUp()
        var answers: [[Int]] = []
        var firstRefusal: SIPMessage?
        for n in 0..<50 {
            let out = await call(endpoint, n, from: Self.flooder)
            answers.append(statuses(out))
            if firstRefusal == nil, statuses(out) == [503] { firstRefusal = parsed(out).first }
        }
        #expect(answers.prefix(10).allSatisfy { $0 == [100, 180] })
        #expect(answers.dropFirst(10).allSatisfy { $0 == [503] })
        #expect(try #require(firstRefusal)["Retry-After"] == "1", "the next call is allowed in half a second")
        #expect(statuses(await call(endpoint, 100, from: Self.genuine)) == [100, 180], "a genuine caller elsewhere is not refused")
        // The bucket refills at 2 a second.
        clock.advance(.seconds(1))
        // (The refused INVITEs' 503s are retransmitted meanwhile, as RFC 3261 asks until an ACK:
        // only each new call's own answers count here.)
        #expect(statuses(await call(endpoint, 50, from: Self.flooder), of: 50) == [100, 180])
        #expect(statuses(await call(endpoint, 51, from: Self.flooder), of: 51) == [100, 180])
        #expect(statuses(await call(endpoint, 52, from: Self.flooder), of: 52) == [503])
        let counters = await endpoint.status().counters
        #expect(counters.invitesRateLimited == 41)
        #expect(counters.calls == 13)
    }

    @Test("an address may have maximumCallsPerSource calls in progress; a call that ends frees its place; trusted addresses are not limited")
    func callsInProgressPerAddress() async throws {
        var configuration = SIPEndpoint.Configuration()
        configuration.inviteBurst = 100
        configuration.maximumCallsPerSource = 3
        configuration.trustedSources = ["192.0.2.50"]
        let (endpoint, _, clock) = await setUp(configuration)
        for n in 0..<3 { #expect(statuses(await call(endpoint, n, from: Self.flooder)) == [100, 180]) }
        #expect(statuses(await call(endpoint, 3, from: Self.flooder)) == [503])
        #expect(await endpoint.status().counters.invitesOverSourceLimit == 1)
        #expect(statuses(await endpoint.apply(ended(1, at: clock.read()))) == [480])
        #expect(statuses(await call(endpoint, 4, from: Self.flooder)) == [100, 180], "the ended call's place is free")
        for n in 10..<40 { #expect(statuses(await call(endpoint, n, from: "192.0.2.50")) == [100, 180]) }
    }

    @Test("the INVITE rate limit: a burst, then the refill rate; a bounded table of addresses")
    func rateLimiter() {
        let start = Instant(millisecondsSinceEpoch: 1_800_000_000_000)
        var limiter = SourceRateLimiter(burst: 10, perSecond: 2, capacity: 100)
        var decisions: [SourceRateLimiter.Decision] = []
        for _ in 0..<11 { decisions.append(limiter.admit("a", at: start)) }
        #expect(decisions.prefix(10).allSatisfy { $0 == .allowed })
        #expect(decisions.last == .limited(retryAfter: .milliseconds(500)))
        let later = limiter.admit("a", at: start + .milliseconds(500))
        #expect(later == .allowed)
        let elsewhere = limiter.admit("b", at: start)
        #expect(elsewhere == .allowed)
        for n in 0..<1000 { _ = limiter.admit("10.1.\(n / 256).\(n % 256)", at: start + .milliseconds(Int64(n))) }
        #expect(limiter.tracked <= 100)
    }

    // MARK: Is the waiting caller still there?

    @Test("a waiting caller who answers no OPTIONS is ended after the timeout: 408, the engine hears they hung up, their place is free")
    func silentCallerIsEnded() async throws {
        var configuration = SIPEndpoint.Configuration()
        configuration.maximumCallsPerSource = 1
        let (endpoint, control, clock) = await setUp(configuration)
        let first = await call(endpoint, 1, from: Self.flooder)
        let tag = try #require(parsed(first).first { $0.status == 180 }?.to?.tag)
        #expect(statuses(await call(endpoint, 2, from: Self.flooder)) == [503], "the address's one place is taken")
        // 30 s later: an OPTIONS in the caller's early dialog, to where the INVITE came from.
        clock.advance(.seconds(30))
        let asked = await endpoint.tick()
        let probe = try #require(asked.first { (try? SIPParser.parse($0.bytes))?.method == "OPTIONS" })
        #expect(probe.to == SIPAddress(host: Self.flooder, port: 41000))
        let options = try SIPParser.parse(probe.bytes)
        #expect(options.callID == "caller-1@\(Self.flooder)")
        #expect(options.from?.tag == tag)
        #expect(options.to?.tag == "c1")
        #expect(options.requestURI == "sip:caller@\(Self.flooder):41000")
        #expect(control.commands.withLock { $0 }.isEmpty)
        // No answer within 64 × T1: the caller is gone.
        var later: [Datagram] = []
        for _ in 0..<33 {
            clock.advance(.seconds(1))
            later += await endpoint.tick()
        }
        #expect(statuses(later).contains(408))
        #expect(control.commands.withLock { $0 } == [.callerHungUp(1)])
        #expect(await endpoint.status().counters.callersGone == 1)
        // The engine ends the call; the caller, already answered, hears nothing more; the place is free.
        #expect(statuses(await endpoint.apply(ended(1, at: clock.read()))).isEmpty)
        #expect(await endpoint.liveBridges == 0)
        #expect(statuses(await call(endpoint, 3, from: Self.flooder)) == [100, 180])
    }

    @Test("any answer to the OPTIONS, even 405, means the caller is still there; they are asked again after the interval")
    func answeringCallerStays() async throws {
        let (endpoint, control, clock) = await setUp()
        _ = await call(endpoint, 1, from: Self.flooder)
        clock.advance(.seconds(30))
        let options = try #require(parsed(await endpoint.tick()).first { $0.method == "OPTIONS" })
        let refused = Messages.response(405, to: options, toTag: nil)
        #expect(await endpoint.receive(refused.bytes, from: SIPAddress(host: Self.flooder, port: 41000)).isEmpty)
        var later: [Datagram] = []
        for _ in 0..<40 {
            clock.advance(.seconds(1))
            later += await endpoint.tick()
        }
        #expect(!statuses(later).contains(408))
        #expect(control.commands.withLock { $0 }.isEmpty)
        let probes = Set(parsed(later).filter { $0.method == "OPTIONS" }.compactMap { $0.topVia?.branch })
        #expect(probes.count == 1, "asked again once, 30 s after the answer")
        #expect(!probes.contains(options.topVia?.branch ?? ""))
        let counters = await endpoint.status().counters
        #expect(counters.callersGone == 0)
        #expect(counters.callerProbes == 2)
    }
}
