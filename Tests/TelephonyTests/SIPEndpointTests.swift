import Foundation
import SwitchboardCore
import Telephony
import Testing

@Suite("The SIP endpoint: OPTIONS, REGISTER with digest, and what it refuses")
struct SIPEndpointTests {
    static let phone = SIPAddress(host: "127.0.0.1", port: 40000)

    func endpoint() async -> SIPEndpoint {
        let endpoint = SIPEndpoint(
            local: SIPAddress(host: "127.0.0.1", port: 5060), secret: Array("secret".utf8),
            clock: { Instant(millisecondsSinceEpoch: 1_800_000_000_000) })
        await endpoint.setAccounts([
            SIPAccount(agentId: 7, username: "agent07", ha1: DigestAuthentication.ha1(username: "agent07", realm: "switchboard", password: "demo"))
        ])
        return endpoint
    }

    func answer(_ datagrams: [Datagram]) throws -> SIPMessage {
        try SIPParser.parse(try #require(datagrams.first).bytes)
    }

    func register(branch: String, cseq: UInt32, authorization: String? = nil) -> SIPMessage {
        var message = SIPMessage(.request(method: "REGISTER", uri: "sip:127.0.0.1"))
        message.add("Via", "SIP/2.0/UDP 10.0.0.5:5062;branch=\(branch);rport")
        message.add("From", "<sip:agent07@127.0.0.1>;tag=f1")
        message.add("To", "<sip:agent07@127.0.0.1>")
        message.add("Call-ID", "reg-7")
        message.add("CSeq", "\(cseq) REGISTER")
        message.add("Contact", "<sip:agent07@10.0.0.5:5062>")
        message.add("Expires", "300")
        message.add("Max-Forwards", "70")
        if let authorization { message.add("Authorization", authorization) }
        return message
    }

    @Test("a phone is challenged, answers with its digest, and is registered; rport and received are stamped")
    func registerWithDigest() async throws {
        let endpoint = await endpoint()
        let challenge = try answer(await endpoint.receive(register(branch: "z9hG4bK-r1", cseq: 1).bytes, from: Self.phone))
        #expect(challenge.status == 401)
        #expect(challenge.topVia?.parameters["rport"] == .some("40000"))
        #expect(challenge.topVia?.parameters["received"] == .some("127.0.0.1"))
        #expect(challenge.to?.tag != nil, "a final answer carries our To tag")
        let header = try #require(challenge["WWW-Authenticate"])
        let nonce = String(header.split(separator: "\"")[3])
        let ha1 = DigestAuthentication.ha1(username: "agent07", realm: "switchboard", password: "demo")
        let response = md5("\(ha1):\(nonce):\(md5("REGISTER:sip:127.0.0.1"))")
        let authorization = "Digest username=\"agent07\", realm=\"switchboard\", nonce=\"\(nonce)\", uri=\"sip:127.0.0.1\", response=\"\(response)\""
        let ok = try answer(await endpoint.receive(register(branch: "z9hG4bK-r2", cseq: 2, authorization: authorization).bytes, from: Self.phone))
        #expect(ok.status == 200)
        #expect(ok.values("Contact") == ["<sip:agent07@10.0.0.5:5062>;expires=300"])
        #expect(await endpoint.isRegistered("agent07"))
        let status = await endpoint.status()
        #expect(status.registrations.map(\.address) == ["127.0.0.1:40000"], "requests to the phone go where its REGISTER came from")
        #expect(status.counters.registrations == 1)
    }

    @Test("another account's credentials, or none, never register")
    func wrongAccount() async throws {
        let endpoint = await endpoint()
        var other = register(branch: "z9hG4bK-o1", cseq: 1)
        other.set("To", "<sip:agent08@127.0.0.1>")
        other.set("From", "<sip:agent08@127.0.0.1>;tag=f2")
        #expect(try answer(await endpoint.receive(other.bytes, from: Self.phone)).status == 401)
        #expect(await !endpoint.isRegistered("agent08"))
    }

    @Test("the torture messages the checks let through are refused by the registrar, or dropped when they are responses",
        arguments: ["bcast", "cparam01", "cparam02", "regaut01", "scalarlg"])
    func applicationLayer(name: String) async throws {
        let endpoint = await endpoint()
        let datagrams = await endpoint.receive(try Torture.bytes("invalid", name), from: Self.phone)
        if ["bcast", "scalarlg"].contains(name) {
            #expect(datagrams.isEmpty, "a stray response is dropped")
        } else {
            #expect(try answer(datagrams).status == 401, "no credentials for example.com users")
        }
    }

    @Test("OPTIONS says what is allowed; unknown methods get 501, known unsupported ones 405; a bad version 505")
    func methods() async throws {
        let endpoint = await endpoint()
        var options = register(branch: "z9hG4bK-o", cseq: 1)
        options.startLine = .request(method: "OPTIONS", uri: "sip:127.0.0.1")
        options.set("CSeq", "1 OPTIONS")
        let ok = try answer(await endpoint.receive(options.bytes, from: Self.phone))
        #expect(ok.status == 200)
        #expect(ok.values("Allow") == ["INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "REGISTER"])
        var message = options
        message.startLine = .request(method: "MESSAGE", uri: "sip:127.0.0.1")
        message.set("CSeq", "2 MESSAGE")
        message.set("Via", "SIP/2.0/UDP 10.0.0.5:5062;branch=z9hG4bK-m;rport")
        #expect(try answer(await endpoint.receive(message.bytes, from: Self.phone)).status == 405)
        let badVersion = try Torture.bytes("invalid", "badvers")
        #expect(try answer(await endpoint.receive(badVersion, from: Self.phone)).status == 505)
        #expect(await endpoint.receive(Array("garbage\r\n\r\n".utf8), from: Self.phone).isEmpty, "nothing to answer to")
        #expect(await endpoint.status().counters.malformed == 2, "the bad version and the garbage")
    }
}
