import SwitchboardCore
import Telephony
import Testing

/// Builds requests and responses for the transaction tests.
enum Messages {
    static let phone = SIPAddress(host: "192.0.2.10", port: 5062)

    static func request(_ method: String, branch: String = "z9hG4bK-1", cseq: UInt32 = 1, rport: Bool = false) -> SIPMessage {
        var message = SIPMessage(.request(method: method, uri: "sip:800@127.0.0.1"))
        message.add("Via", "SIP/2.0/UDP 192.0.2.10:5062;branch=\(branch)" + (rport ? ";rport" : ""))
        message.add("From", "<sip:caller@192.0.2.10>;tag=from1")
        message.add("To", "<sip:800@127.0.0.1>")
        message.add("Call-ID", "call-1")
        message.add("CSeq", "\(cseq) \(method == "ACK" ? "INVITE" : method)")
        message.add("Max-Forwards", "70")
        if method == "ACK" { message.set("CSeq", "\(cseq) ACK") }
        return message
    }

    static func response(_ status: Int, to request: SIPMessage, toTag: String? = "to1") -> SIPMessage {
        var message = SIPMessage(.response(status: status, reason: "Reason"))
        for name in ["Via", "From", "Call-ID", "CSeq"] {
            for value in request.values(name) { message.add(name, value) }
        }
        message.add("To", (request["To"] ?? "") + (toTag.map { ";tag=\($0)" } ?? ""))
        return message
    }
}

extension [SIPTransactionOutput] {
    var sent: [SIPMessage] {
        compactMap {
            if case .send(let message, _) = $0 { return message }
            return nil
        }
    }
}

@Suite("SIP transactions: the four state machines and their timers, on a virtual clock")
struct SIPTransactionTests {
    let start = Instant(millisecondsSinceEpoch: 1_800_000_000_000)

    func at(_ milliseconds: Int64) -> Instant { start + .milliseconds(milliseconds) }

    @Test("a new request goes to the application once; a retransmission gets the last response again")
    func serverNonInvite() throws {
        var layer = SIPTransactions()
        let options = Messages.request("OPTIONS")
        let first = layer.received(options, from: Messages.phone, at: at(0))
        guard case .request(_, let id, _) = try #require(first.first) else { Issue.record("no request"); return }
        #expect(layer.received(options, from: Messages.phone, at: at(100)).isEmpty, "before the answer: absorbed")
        let answered = layer.respond(Messages.response(200, to: options), to: id, at: at(200))
        #expect(answered.sent.map(\.status) == [200])
        #expect(layer.received(options, from: Messages.phone, at: at(300)).sent.map(\.status) == [200])
        // Timer J (64 × T1) ends it.
        #expect(layer.count.server == 1)
        _ = layer.timersDue(at: at(200 + 32_000))
        #expect(layer.count.server == 0)
        #expect(layer.nextDeadline == nil)
    }

    @Test("an INVITE failure is retransmitted on timer G until the ACK, which the transaction absorbs")
    func serverInviteFailure() throws {
        var layer = SIPTransactions()
        let invite = Messages.request("INVITE")
        guard case .request(_, let id, _) = layer.received(invite, from: Messages.phone, at: at(0)).first else { Issue.record("no request"); return }
        _ = layer.respond(Messages.response(100, to: invite, toTag: nil), to: id, at: at(0))
        _ = layer.respond(Messages.response(486, to: invite), to: id, at: at(1000))
        #expect(layer.timersDue(at: at(1500)).sent.map(\.status) == [486], "G after T1")
        #expect(layer.timersDue(at: at(2000)).isEmpty)
        #expect(layer.timersDue(at: at(2500)).sent.map(\.status) == [486], "G after 2 × T1")
        var ack = Messages.request("ACK")
        ack.set("To", "<sip:800@127.0.0.1>;tag=to1")
        #expect(layer.received(ack, from: Messages.phone, at: at(2600)).isEmpty, "the ACK of a failure stays in the transaction")
        #expect(layer.timersDue(at: at(10_000)).sent.isEmpty, "no more retransmissions once confirmed")
        _ = layer.timersDue(at: at(2600 + 5000))
        #expect(layer.count.server == 0, "timer I ends it")
    }

    @Test("an unacknowledged INVITE failure times out on timer H")
    func timerH() throws {
        var layer = SIPTransactions()
        let invite = Messages.request("INVITE")
        guard case .request(_, let id, _) = layer.received(invite, from: Messages.phone, at: at(0)).first else { Issue.record("no request"); return }
        _ = layer.respond(Messages.response(480, to: invite), to: id, at: at(0))
        var outputs: [SIPTransactionOutput] = []
        var now: Int64 = 0
        while now <= 32_000 {
            outputs += layer.timersDue(at: at(now))
            now += 250
        }
        #expect(outputs.contains(.unacknowledged(id)))
        // G: 0.5, 1, 2, 4, 4, 4 … s apart: 0.5+1+2 = 3.5, then every 4 s up to 32 s → 10 retransmissions.
        #expect(outputs.sent.count == 10)
        #expect(layer.count.server == 0)
    }

    @Test("after a 2xx the INVITE transaction passes ACKs to the application and absorbs INVITE retransmissions (timer L)")
    func serverInviteAccepted() throws {
        var layer = SIPTransactions()
        let invite = Messages.request("INVITE")
        guard case .request(_, let id, _) = layer.received(invite, from: Messages.phone, at: at(0)).first else { Issue.record("no request"); return }
        _ = layer.respond(Messages.response(200, to: invite), to: id, at: at(10))
        #expect(layer.received(invite, from: Messages.phone, at: at(500)).isEmpty)
        let ack = layer.received(Messages.request("ACK"), from: Messages.phone, at: at(600))
        guard case .ackFor2xx = ack.first else { Issue.record("the ACK of a 2xx goes to the application"); return }
        _ = layer.timersDue(at: at(10 + 32_000))
        #expect(layer.count.server == 0)
    }

    @Test("responses go to the source with rport, else to the Via's received or sent-by")
    func responseAddress() {
        let source = SIPAddress(host: "198.51.100.7", port: 40000)
        #expect(SIPTransactions.responseAddress(for: Messages.request("OPTIONS", rport: true), source: source) == source)
        #expect(SIPTransactions.responseAddress(for: Messages.request("OPTIONS"), source: source) == SIPAddress(host: "198.51.100.7", port: 5062))
    }

    @Test("an INVITE we send is retransmitted on timer A until a provisional answer; then it may ring long, but not for ever")
    func clientInvite() throws {
        var layer = SIPTransactions()
        let invite = Messages.request("INVITE", branch: "z9hG4bK-out")
        let (id, sent) = layer.send(invite, to: Messages.phone, at: at(0))
        #expect(sent.sent.count == 1)
        #expect(layer.timersDue(at: at(500)).sent.count == 1, "A after T1")
        #expect(layer.timersDue(at: at(1500)).sent.count == 1, "A after 2 × T1")
        let ringing = layer.received(Messages.response(180, to: invite), from: Messages.phone, at: at(1600))
        #expect(ringing == [.response(Messages.response(180, to: invite), id)])
        #expect(layer.timersDue(at: at(20_000)).sent.isEmpty, "no retransmission once proceeding")
        #expect(layer.timersDue(at: at(32_000)).isEmpty, "timer B stops in Proceeding: a queue may let a phone ring longer")
        #expect(layer.timersDue(at: at(1600 + 330_000)) == [.timeout(id)], "a phone gone silent ends the leg after 330 s")
        #expect(layer.count.client == 0)
    }

    @Test("an INVITE nobody answers at all times out on timer B (64 × T1)")
    func timerB() {
        var layer = SIPTransactions()
        let (id, _) = layer.send(Messages.request("INVITE", branch: "z9hG4bK-lost"), to: Messages.phone, at: at(0))
        var outputs: [SIPTransactionOutput] = []
        var now: Int64 = 0
        while now <= 32_000 {
            outputs += layer.timersDue(at: at(now))
            now += 250
        }
        #expect(outputs.last == .timeout(id))
        #expect(outputs.sent.count == 6, "A at 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s")
    }

    @Test("a failure to our INVITE is ACKed by the transaction, also when it comes again")
    func clientInviteFailure() throws {
        var layer = SIPTransactions()
        let invite = Messages.request("INVITE", branch: "z9hG4bK-out")
        let (id, _) = layer.send(invite, to: Messages.phone, at: at(0))
        let busy = Messages.response(486, to: invite)
        let first = layer.received(busy, from: Messages.phone, at: at(100))
        #expect(first.sent.map(\.method) == ["ACK"])
        #expect(first.contains(.response(busy, id)))
        let again = layer.received(busy, from: Messages.phone, at: at(200))
        #expect(again.sent.map(\.method) == ["ACK"], "the ACK was lost: send it again")
        #expect(!again.contains(.response(busy, id)), "the application hears of the failure once")
        let ack = try #require(first.sent.first)
        #expect(ack.topVia?.branch == "z9hG4bK-out")
        #expect(ack.to?.tag == "to1")
        #expect(ack.cseq == CSeq(1, "ACK"))
        _ = layer.timersDue(at: at(100 + 32_000))
        #expect(layer.count.client == 0, "timer D ends it")
    }

    @Test("every 2xx to our INVITE reaches the application (it ACKs each); timer M ends the transaction")
    func clientInviteSuccess() throws {
        var layer = SIPTransactions()
        let invite = Messages.request("INVITE", branch: "z9hG4bK-out")
        let (id, _) = layer.send(invite, to: Messages.phone, at: at(0))
        let ok = Messages.response(200, to: invite)
        #expect(layer.received(ok, from: Messages.phone, at: at(100)) == [.response(ok, id)])
        #expect(layer.received(ok, from: Messages.phone, at: at(600)) == [.response(ok, id)])
        #expect(layer.timersDue(at: at(100 + 32_000)).isEmpty, "no timeout after a final answer")
        #expect(layer.count.client == 0)
    }

    @Test("a non-INVITE request is retransmitted on timer E, capped at T2, and times out on timer F")
    func clientNonInvite() throws {
        var layer = SIPTransactions()
        let bye = Messages.request("BYE", branch: "z9hG4bK-bye")
        let (id, _) = layer.send(bye, to: Messages.phone, at: at(0))
        var times: [Int64] = []
        var outputs: [SIPTransactionOutput] = []
        var now: Int64 = 0
        while now <= 32_000 {
            let due = layer.timersDue(at: at(now))
            if !due.sent.isEmpty { times.append(now) }
            outputs += due
            now += 250
        }
        #expect(Array(times.prefix(5)) == [500, 1500, 3500, 7500, 11_500], "0.5, 1, 2, 4, then 4 s (T2) apart")
        #expect(outputs.last == .timeout(id))
        #expect(layer.count.client == 0)
    }

    @Test("a response to a non-INVITE completes it; timer K ends it; strays are dropped")
    func clientNonInviteAnswered() throws {
        var layer = SIPTransactions()
        let bye = Messages.request("BYE", branch: "z9hG4bK-bye")
        let (id, _) = layer.send(bye, to: Messages.phone, at: at(0))
        let ok = Messages.response(200, to: bye)
        #expect(layer.received(ok, from: Messages.phone, at: at(50)) == [.response(ok, id)])
        #expect(layer.received(ok, from: Messages.phone, at: at(60)).isEmpty)
        #expect(layer.received(Messages.response(200, to: Messages.request("BYE", branch: "z9hG4bK-unknown")), from: Messages.phone, at: at(70)).isEmpty)
        _ = layer.timersDue(at: at(50 + 5000))
        #expect(layer.count.client == 0)
    }
}
