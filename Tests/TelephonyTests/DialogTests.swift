import SwitchboardCore
import Testing

@testable import Telephony

@Suite("Dialogs build in-dialog requests; the transaction layer adds Via and Max-Forwards")
struct DialogTests {
    static let invite: SIPMessage = {
        var invite = SIPMessage(.request(method: "INVITE", uri: "sip:800@192.0.2.1"))
        invite.add("Via", "SIP/2.0/UDP 198.51.100.7:5070;branch=z9hG4bKcaller1")
        invite.add("From", "\"Ann\" <sip:ann@example.org>;tag=ann1")
        invite.add("To", "<sip:800@192.0.2.1>")
        invite.add("Call-ID", "call-1@example.org")
        invite.add("CSeq", "7 INVITE")
        invite.add("Contact", "<sip:ann@198.51.100.7:5070>")
        return invite
    }()

    @Test("the answering side's dialog: our To with our tag is our From, their Contact the target, our own CSeq")
    func answering() throws {
        let dialog = Dialog(answering: Self.invite, tag: "sb9", localSequence: 1)
        let bye = dialog.request("BYE")
        #expect(bye.method == "BYE" && bye.requestURI == "sip:ann@198.51.100.7:5070")
        #expect(bye["From"] == "<sip:800@192.0.2.1>;tag=sb9")
        #expect(bye["To"] == "\"Ann\" <sip:ann@example.org>;tag=ann1")
        #expect(bye.callID == "call-1@example.org")
        #expect(bye.cseq?.number == 1 && bye.cseq?.method == "BYE")
        #expect(dialog.request("OPTIONS", sequence: 2).cseq?.number == 2)
        #expect(bye["Via"] == nil && bye["Max-Forwards"] == nil, "the dialog adds no Via: the transaction layer does")
    }

    @Test("stamped: a top Via with our sent-by, a fresh branch each time and rport, Max-Forwards 70; a request with a Via is left alone")
    func stamped() throws {
        var transactions = SIPTransactions(sentBy: SIPAddress(host: "192.0.2.1", port: 5060))
        let bye = Dialog(answering: Self.invite, tag: "sb9", localSequence: 1).request("BYE")
        let first = transactions.stamped(bye), second = transactions.stamped(bye)
        let via = try #require(first.topVia)
        #expect(first["Via"]!.hasPrefix("SIP/2.0/UDP 192.0.2.1:5060;"))
        #expect(via.branch?.hasPrefix(Via.magicCookie) == true)
        #expect(via.branch != second.topVia?.branch, "a fresh branch per request")
        #expect(first["Via"]!.hasSuffix(";rport"))
        #expect(first["Max-Forwards"] == "70")
        #expect(transactions.stamped(Self.invite)["Via"] == Self.invite["Via"])
        // Sent without a Via, the request becomes a client transaction keyed by the branch it was given.
        let (id, outputs) = transactions.send(bye, to: SIPAddress(host: "198.51.100.7", port: 5070), at: Instant(millisecondsSinceEpoch: 0))
        guard case .send(let sent, _) = try #require(outputs.last) else { Issue.record("nothing sent"); return }
        #expect(id == ClientTransactionID(branch: sent.topVia?.branch ?? "", method: "BYE"))
    }
}
