import Synchronization
import SwitchboardCore
import Telephony
import Testing

/// A contact center that records what the B2BUA tells it; the test plays the engine by
/// feeding effects to `apply`.
final class FakeControl: CallControl, Sendable {
    let commands = Mutex<[RoutingCommand]>([])
    let refuse = Mutex<Set<String>>([])

    func queue(for user: String) async -> QueueID? { user == "800" ? QueueID(1) : nil }
    func callArrived(queue: QueueID, from: String, owner: String) async throws -> CallID { CallID(41) }
    func submit(_ command: RoutingCommand) async throws {
        commands.withLock { $0.append(command) }
        if case .answer = command, refuse.withLock({ $0.contains("answer") }) { throw RoutingError(.illegalCallState, "offer withdrawn") }
    }
    func position(of call: CallID) async -> Int? { 3 }
    func effects() async -> AsyncStream<CallOwnerEvent> { AsyncStream { $0.finish() } }
}

/// A contact center whose `callArrived` waits until the test lets it go.
final class SlowControl: CallControl, Sendable {
    let commands = Mutex<[RoutingCommand]>([])
    let entered = Mutex(false)
    let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)

    func queue(for user: String) async -> QueueID? { QueueID(1) }
    func callArrived(queue: QueueID, from: String, owner: String) async throws -> CallID {
        await withCheckedContinuation { continuation in
            gate.withLock { $0 = continuation }
            entered.withLock { $0 = true }
        }
        return CallID(42)
    }
    func release() { gate.withLock { $0?.resume(); $0 = nil } }
    func submit(_ command: RoutingCommand) async throws { commands.withLock { $0.append(command) } }
    func position(of call: CallID) async -> Int? { nil }
    func effects() async -> AsyncStream<CallOwnerEvent> { AsyncStream { $0.finish() } }
}

@Suite("The back-to-back user agent, message by message")
struct B2BUATests {
    static let caller = SIPAddress(host: "127.0.0.1", port: 41000)
    static let phone = SIPAddress(host: "127.0.0.1", port: 42000)

    final class Clock: Sendable {
        let now = Mutex(Instant(millisecondsSinceEpoch: 1_800_000_000_000))
        func advance(_ duration: Duration) { now.withLock { $0 = $0 + duration } }
        func read() -> Instant { now.withLock { $0 } }
    }

    /// An endpoint with agent 7's phone registered at `phone`, attached to a fake.
    func setUp() async throws -> (SIPEndpoint, FakeControl, Clock) {
        let clock = Clock()
        let endpoint = SIPEndpoint(local: SIPAddress(host: "127.0.0.1", port: 5060), secret: Array("s".utf8), clock: { clock.read() })
        let ha1 = DigestAuthentication.ha1(username: "agent07", realm: "switchboard", password: "demo")
        await endpoint.setAccounts([SIPAccount(agentId: 7, username: "agent07", ha1: ha1)])
        // Register agent07's phone (challenge, then the digest answer).
        var register = SIPMessage(.request(method: "REGISTER", uri: "sip:127.0.0.1"))
        register.add("Via", "SIP/2.0/UDP 127.0.0.1:42000;branch=z9hG4bK-reg1;rport")
        register.add("From", "<sip:agent07@127.0.0.1>;tag=r")
        register.add("To", "<sip:agent07@127.0.0.1>")
        register.add("Call-ID", "reg")
        register.add("CSeq", "1 REGISTER")
        register.add("Contact", "<sip:agent07@127.0.0.1:42000>")
        let challenge = try SIPParser.parse(try #require(await endpoint.receive(register.bytes, from: Self.phone).first).bytes)
        let nonce = String(try #require(challenge["WWW-Authenticate"]).split(separator: "\"")[3])
        register.set("Via", "SIP/2.0/UDP 127.0.0.1:42000;branch=z9hG4bK-reg2;rport")
        register.set("CSeq", "2 REGISTER")
        register.add("Authorization", "Digest username=\"agent07\", realm=\"switchboard\", nonce=\"\(nonce)\", uri=\"sip:127.0.0.1\", response=\"\(md5("\(ha1):\(nonce):\(md5("REGISTER:sip:127.0.0.1"))"))\"")
        #expect(try SIPParser.parse(try #require(await endpoint.receive(register.bytes, from: Self.phone).first).bytes).status == 200)
        let control = FakeControl()
        await endpoint.attach(control)
        return (endpoint, control, clock)
    }

    func invite(to user: String = "800") -> SIPMessage {
        var invite = SIPMessage(.request(method: "INVITE", uri: "sip:\(user)@127.0.0.1"))
        invite.add("Via", "SIP/2.0/UDP 127.0.0.1:41000;branch=z9hG4bK-inv;rport")
        invite.add("From", "\"Caller\" <sip:+31201234567@127.0.0.1>;tag=c1")
        invite.add("To", "<sip:\(user)@127.0.0.1>")
        invite.add("Call-ID", "caller-1")
        invite.add("CSeq", "1 INVITE")
        invite.add("Contact", "<sip:caller@127.0.0.1:41000>")
        invite.add("Content-Type", "application/sdp")
        invite.body = Array("v=0\r\n".utf8)
        return invite
    }

    /// The caller's CANCEL of `invite` (same Via, From, To and Call-ID).
    func cancelRequest(for invite: SIPMessage) -> SIPMessage {
        var cancel = SIPMessage(.request(method: "CANCEL", uri: invite.requestURI!))
        for name in ["Via", "From", "To", "Call-ID"] { cancel.add(name, invite[name]!) }
        cancel.add("CSeq", "1 CANCEL")
        return cancel
    }

    func statuses(_ datagrams: [Datagram]) -> [Int] { datagrams.compactMap { (try? SIPParser.parse($0.bytes))?.status } }
    func requests(_ datagrams: [Datagram]) -> [SIPMessage] { datagrams.compactMap { try? SIPParser.parse($0.bytes) }.filter(\.isRequest) }

    func response(_ status: Int, to request: SIPMessage, tag: String = "p1", body: [UInt8] = []) -> SIPMessage {
        var response = Messages.response(status, to: request, toTag: tag)
        response.add("Contact", "<sip:agent07@127.0.0.1:42000>")
        if !body.isEmpty { response.add("Content-Type", "application/sdp"); response.body = body }
        return response
    }

    @Test("INVITE to a queue: 100 and 180 at once, 182 with the position, the phone rung with the caller's SDP, its 200 the caller's")
    func connect() async throws {
        let (endpoint, control, clock) = try await setUp()
        let first = await endpoint.receive(invite().bytes, from: Self.caller)
        #expect(statuses(first) == [100, 180])
        #expect(statuses(await endpoint.apply(.callQueued(41, 1, waiting: 3))) == [182])
        let ring = requests(await endpoint.apply(.callOffered(41, to: 7, ringUntil: clock.read() + .seconds(20))))
        let agentInvite = try #require(ring.first)
        #expect(agentInvite.method == "INVITE")
        #expect(agentInvite.requestURI == "sip:agent07@127.0.0.1:42000")
        #expect(agentInvite.body == Array("v=0\r\n".utf8))
        #expect(agentInvite.from?.uri == "sip:+31201234567@127.0.0.1", "the phone shows who calls")
        let answered = await endpoint.receive(response(200, to: agentInvite, body: Array("v=1\r\n".utf8)).bytes, from: Self.phone)
        let ack = try #require(requests(answered).first)
        #expect(ack.method == "ACK")
        #expect(ack.to?.tag == "p1")
        let ok = try #require(answered.compactMap { try? SIPParser.parse($0.bytes) }.first { $0.status == 200 })
        #expect(ok.body == Array("v=1\r\n".utf8), "the phone's SDP goes to the caller")
        #expect(control.commands.withLock { $0 } == [.answer(41, by: 7)])
        // Our 200 again until the caller's ACK.
        clock.advance(.milliseconds(600))
        #expect(statuses(await endpoint.tick()) == [200])
        var callerAck = SIPMessage(.request(method: "ACK", uri: "sip:switchboard@127.0.0.1:5060"))
        callerAck.add("Via", "SIP/2.0/UDP 127.0.0.1:41000;branch=z9hG4bK-ack;rport")
        callerAck.add("From", "\"Caller\" <sip:+31201234567@127.0.0.1>;tag=c1")
        callerAck.add("To", ok["To"]!)
        callerAck.add("Call-ID", "caller-1")
        callerAck.add("CSeq", "1 ACK")
        _ = await endpoint.receive(callerAck.bytes, from: Self.caller)
        clock.advance(.seconds(5))
        #expect(statuses(await endpoint.tick()).isEmpty, "acknowledged: no more 200s")
        // The caller hangs up: 200 to the BYE, the engine told; its callEnded sends the phone a BYE.
        var bye = callerAck
        bye.startLine = .request(method: "BYE", uri: "sip:switchboard@127.0.0.1:5060")
        bye.set("Via", "SIP/2.0/UDP 127.0.0.1:41000;branch=z9hG4bK-bye;rport")
        bye.set("CSeq", "2 BYE")
        #expect(statuses(await endpoint.receive(bye.bytes, from: Self.caller)) == [200])
        #expect(control.commands.withLock { $0.last } == .callerHungUp(41))
        let record = CallRecord(
            id: 41, firstQueue: 1, lastQueue: 1, arrivedAt: clock.read(), answeredAt: clock.read(), agent: 7, endedAt: clock.read(),
            outcome: .completed(by: .caller), holdCount: 0, holdTime: .zero, transfers: 0, escalated: false)
        #expect(requests(await endpoint.apply(.callEnded(record))).map(\.method) == ["BYE"])
        #expect(await endpoint.liveBridges == 0)
    }

    @Test("a BYE must name the dialog by both tags: a Call-ID alone hangs up nothing")
    func byeNeedsTags() async throws {
        let (endpoint, control, clock) = try await setUp()
        let invite = invite()
        _ = await endpoint.receive(invite.bytes, from: Self.caller)
        let agentInvite = try #require(requests(await endpoint.apply(.callOffered(41, to: 7, ringUntil: clock.read() + .seconds(20)))).first)
        _ = await endpoint.receive(response(200, to: agentInvite).bytes, from: Self.phone)
        var forged = SIPMessage(.request(method: "BYE", uri: "sip:switchboard@127.0.0.1:5060"))
        forged.add("Via", "SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bK-forged")
        forged.add("From", "<sip:x@203.0.113.9>;tag=guess")
        forged.add("To", "<sip:800@127.0.0.1>;tag=guess2")
        forged.add("Call-ID", "caller-1")
        forged.add("CSeq", "9 BYE")
        #expect(statuses(await endpoint.receive(forged.bytes, from: SIPAddress(host: "203.0.113.9", port: 5060))) == [481])
        #expect(!control.commands.withLock { $0 }.contains(.callerHungUp(41)))
    }

    @Test("a new offer while an earlier phone leg still rings cancels that leg first")
    func reofferCancelsTheOldLeg() async throws {
        let (endpoint, _, clock) = try await setUp()
        _ = await endpoint.receive(invite().bytes, from: Self.caller)
        let first = try #require(requests(await endpoint.apply(.callOffered(41, to: 7, ringUntil: clock.read() + .seconds(20)))).first)
        let again = requests(await endpoint.apply(.callOffered(41, to: 7, ringUntil: clock.read() + .seconds(20))))
        #expect(again.map(\.method) == ["CANCEL", "INVITE"])
        #expect(again.first?.topVia?.branch == first.topVia?.branch)
    }

    @Test("an agent without a registered phone declines at once; the engine offers the call elsewhere")
    func agentWithoutPhone() async throws {
        let (endpoint, control, clock) = try await setUp()
        _ = await endpoint.receive(invite().bytes, from: Self.caller)
        #expect(await endpoint.apply(.callOffered(41, to: 8, ringUntil: clock.read() + .seconds(20))).isEmpty)
        #expect(control.commands.withLock { $0 } == [.decline(41, by: 8)])
        #expect(await endpoint.status().counters.unreachableAgents == 1)
    }

    @Test("the CANCEL/200 race: a phone answering after the offer was withdrawn is ACKed and hung up; no dialog is left")
    func cancelRace() async throws {
        let (endpoint, control, clock) = try await setUp()
        _ = await endpoint.receive(invite().bytes, from: Self.caller)
        let agentInvite = try #require(requests(await endpoint.apply(.callOffered(41, to: 7, ringUntil: clock.read() + .seconds(20)))).first)
        let cancel = requests(await endpoint.apply(.offerWithdrawn(41, from: 7, because: .ringTimeout)))
        #expect(cancel.map(\.method) == ["CANCEL"])
        #expect(cancel.first?.topVia?.branch == agentInvite.topVia?.branch, "a CANCEL matches its INVITE's branch")
        let late = requests(await endpoint.receive(response(200, to: agentInvite).bytes, from: Self.phone))
        #expect(late.map(\.method) == ["ACK", "BYE"])
        #expect(control.commands.withLock { $0 }.isEmpty, "the engine is not told of an answer to a withdrawn offer")
    }

    @Test("a busy phone (486) declines for its agent; the caller stays queued")
    func busy() async throws {
        let (endpoint, control, clock) = try await setUp()
        _ = await endpoint.receive(invite().bytes, from: Self.caller)
        let agentInvite = try #require(requests(await endpoint.apply(.callOffered(41, to: 7, ringUntil: clock.read() + .seconds(20)))).first)
        let answer = await endpoint.receive(response(486, to: agentInvite).bytes, from: Self.phone)
        #expect(requests(answer).map(\.method) == ["ACK"], "the transaction ACKs the failure")
        #expect(control.commands.withLock { $0 } == [.decline(41, by: 7)])
    }

    @Test("a caller's CANCEL while queued: 200, 487, and the engine hears the caller hung up")
    func callerCancels() async throws {
        let (endpoint, control, _) = try await setUp()
        let invite = invite()
        _ = await endpoint.receive(invite.bytes, from: Self.caller)
        let cancel = cancelRequest(for: invite)
        #expect(statuses(await endpoint.receive(cancel.bytes, from: Self.caller)) == [200, 487])
        #expect(control.commands.withLock { $0 } == [.callerHungUp(41)])
        #expect(statuses(await endpoint.receive(cancel.bytes, from: Self.caller)) == [200], "a repeated CANCEL gets its 200 again")
    }

    @Test("a queue that ends the call answers the caller 480 with the reason; no queue is 404")
    func endedUnanswered() async throws {
        let (endpoint, _, clock) = try await setUp()
        _ = await endpoint.receive(invite().bytes, from: Self.caller)
        let record = CallRecord(
            id: 41, firstQueue: 1, lastQueue: 1, arrivedAt: clock.read(), answeredAt: nil, agent: nil, endedAt: clock.read(),
            outcome: .overflowEnded(reason: "timeout"), holdCount: 0, holdTime: .zero, transfers: 0, escalated: false)
        let ended = await endpoint.apply(.callEnded(record))
        let final = try #require(ended.compactMap { try? SIPParser.parse($0.bytes) }.first)
        #expect(final.status == 480)
        #expect(final.startLine == SIPMessage.StartLine.response(status: 480, reason: "Temporarily Unavailable (timeout)"))
        var other = invite(to: "999")
        other.set("Call-ID", "caller-2")
        other.set("Via", "SIP/2.0/UDP 127.0.0.1:41000;branch=z9hG4bK-inv2;rport")
        #expect(statuses(await endpoint.receive(other.bytes, from: Self.caller)) == [100, 404])
    }

    @Test("a CANCEL while the call is still being stored is answered at once; the stored call then ends as abandoned")
    func cancelDuringArrival() async throws {
        let (endpoint, _, _) = try await setUp()
        let control = SlowControl()
        await endpoint.attach(control)
        let invite = invite()
        let arriving = Task { await endpoint.receive(invite.bytes, from: Self.caller) }
        while !control.entered.withLock({ $0 }) { await Task.yield() }
        let cancel = cancelRequest(for: invite)
        #expect(statuses(await endpoint.receive(cancel.bytes, from: Self.caller)) == [200, 487])
        control.release()
        #expect(statuses(await arriving.value) == [100, 180])
        #expect(control.commands.withLock { $0 } == [.callerHungUp(42)])
        #expect(await endpoint.liveBridges == 0)
    }

    @Test("a CANCEL while storing, then the arrival told on the stream: the call ends without a bridge, and the answer after it changes nothing")
    func cancelThenArrivedOnStream() async throws {
        let (endpoint, _, _) = try await setUp()
        let control = SlowControl()
        await endpoint.attach(control)
        let invite = invite()
        let arriving = Task { await endpoint.receive(invite.bytes, from: Self.caller) }
        while !control.entered.withLock({ $0 }) { await Task.yield() }
        let cancel = cancelRequest(for: invite)
        let answered = await endpoint.receive(cancel.bytes, from: Self.caller)
        #expect(statuses(answered) == [200, 487])
        let tag = try #require(answered.compactMap { try? SIPParser.parse($0.bytes) }.first { $0.status == 487 }?.to?.tag)
        // The stream's consumer is not held up by the hang-up: it is sent on a task of its own.
        #expect(await endpoint.apply(CallOwnerEvent.arrived(owner: tag, call: 42)).isEmpty)
        for _ in 0..<10_000 where control.commands.withLock({ $0.isEmpty }) { await Task.yield() }
        #expect(control.commands.withLock { $0 } == [.callerHungUp(42)])
        control.release()
        #expect(statuses(await arriving.value) == [100, 180])
        #expect(control.commands.withLock { $0 } == [.callerHungUp(42)])
        #expect(await endpoint.liveBridges == 0)
    }

    @Test("with the outbox open, datagrams leave in the order they were made: 100 and 180 before the call is stored, the 182 after them; the arrival told on the stream first makes the bridge")
    func outboxKeepsOrder() async throws {
        let (endpoint, _, _) = try await setUp()
        let control = SlowControl()
        await endpoint.attach(control)
        let sentBefore = await endpoint.status().counters.sent
        let outbox = await endpoint.openOutbox()
        var sent = outbox.makeAsyncIterator()
        let arriving = Task { await endpoint.receive(invite().bytes, from: Self.caller) }
        while !control.entered.withLock({ $0 }) { await Task.yield() }
        // The call is not stored yet, and the caller has heard 100 and 180 already.
        #expect(statuses(await sent.next() ?? []) == [100])
        let ringing = try SIPParser.parse(try #require((await sent.next() ?? []).first).bytes)
        #expect(ringing.status == 180)
        let tag = try #require(ringing.to?.tag)
        // The center's stream tells the arrival (by its To-tag) before the arrival's answer is
        // back: the bridge is made then, so the effect behind it acts at once, after the 180.
        #expect(await endpoint.apply(CallOwnerEvent.arrived(owner: tag, call: 42)).isEmpty)
        #expect(await endpoint.apply(CallOwnerEvent.effect(.callQueued(42, 1, waiting: 1))).isEmpty)
        #expect(statuses(await sent.next() ?? []) == [182])
        control.release()
        // The answer comes second and makes no second bridge.
        #expect(await arriving.value.isEmpty)
        #expect(await endpoint.liveBridges == 1)
        #expect(await endpoint.status().counters.calls == 1)
        #expect(await endpoint.status().counters.sent - sentBefore == 3)
        // An effect on a call this endpoint never brought in does nothing.
        #expect(await endpoint.apply(CallOwnerEvent.effect(.callQueued(99, 1, waiting: 1))).isEmpty)
    }

    @Test("a re-INVITE from the phone (hold) goes to the caller in the caller's dialog, and the answer comes back")
    func phoneHolds() async throws {
        let (endpoint, _, clock) = try await setUp()
        let invite = invite()
        let first = await endpoint.receive(invite.bytes, from: Self.caller)
        let callerTag = try #require(first.compactMap { try? SIPParser.parse($0.bytes) }.first { $0.status == 180 }?.to?.tag)
        let agentInvite = try #require(requests(await endpoint.apply(.callOffered(41, to: 7, ringUntil: clock.read() + .seconds(20)))).first)
        _ = await endpoint.receive(response(200, to: agentInvite).bytes, from: Self.phone)
        var hold = SIPMessage(.request(method: "INVITE", uri: "sip:switchboard@127.0.0.1:5060"))
        hold.add("Via", "SIP/2.0/UDP 127.0.0.1:42000;branch=z9hG4bK-hold;rport")
        hold.add("From", "<sip:agent07@127.0.0.1:42000>;tag=p1")
        hold.add("To", agentInvite["From"]!)
        hold.add("Call-ID", agentInvite.callID!)
        hold.add("CSeq", "2 INVITE")
        hold.add("Content-Type", "application/sdp")
        hold.body = Array("a=sendonly\r\n".utf8)
        let relayed = await endpoint.receive(hold.bytes, from: Self.phone)
        #expect(statuses(relayed) == [100])
        let toCaller = try #require(requests(relayed).first)
        #expect(toCaller.requestURI == "sip:caller@127.0.0.1:41000")
        #expect(toCaller.callID == "caller-1")
        #expect(toCaller.from?.tag == callerTag, "in the caller's dialog, with our tag")
        #expect(toCaller.to?.tag == "c1")
        #expect(toCaller.body == Array("a=sendonly\r\n".utf8))
        var ok = Messages.response(200, to: toCaller, toTag: nil)
        ok.body = Array("a=recvonly\r\n".utf8)
        ok.add("Content-Type", "application/sdp")
        let back = await endpoint.receive(ok.bytes, from: Self.caller)
        #expect(requests(back).map(\.method) == ["ACK"])
        #expect(requests(back).first?.cseq == CSeq(toCaller.cseq!.number, "ACK"))
        let answer = try #require(back.compactMap { try? SIPParser.parse($0.bytes) }.first { $0.status == 200 })
        #expect(answer.body == Array("a=recvonly\r\n".utf8))
        #expect(answer.cseq == CSeq(2, "INVITE"))
    }
}
