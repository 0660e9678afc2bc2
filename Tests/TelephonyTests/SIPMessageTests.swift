import Foundation
import Telephony
import Testing

/// The RFC 4475 torture messages, copied from the shared test data (Tests/TelephonyTests/Torture).
enum Torture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Torture")

    static func names(_ kind: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(kind).path)) ?? [])
            .filter { $0.hasSuffix(".dat") }.map { String($0.dropLast(4)) }.sorted()
    }

    static func bytes(_ kind: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(kind).appendingPathComponent("\(name).dat")))
    }

    /// What happens to each invalid message at the message layer: the status it is answered
    /// with, or nil when it cannot be answered and is dropped (a broken response).
    static let invalid: [String: Int?] = [
        "badaspec": 400, "badbranch": 400, "baddate": 400, "baddn": 400, "badinv01": 400, "badvers": 505, "bext01": 420,
        "bigcode": nil, "clerr": 400, "escruri": 400, "insuf": 400, "inv2543": 400, "invut": 415, "ltgtruri": 400,
        "lwsruri": 400, "lwsstart": 400, "mcl01": 400, "mismatch01": 400, "mismatch02": 400, "multi01": 400, "ncl": 400,
        "novelsc": 416, "quotbal": 400, "regbadct": 400, "regescrt": 400, "scalar02": 400, "sdp01": 406, "test": 400, "trws": 400,
        "unkscm": 416, "unksm2": 416, "zeromf": 483,
    ]

    /// Well-formed at the message layer; the registrar or the call handling refuses them
    /// (unknown user, unknown authentication scheme, broadcast response without a transaction).
    static let application: Set<String> = ["bcast", "cparam01", "cparam02", "regaut01", "scalarlg"]
}

/// Parses and checks a datagram as the endpoint does: the status it would answer with, nil
/// when the request may proceed, or -1 when it is dropped unanswered.
func verdict(_ bytes: [UInt8]) -> Int? {
    do {
        let message = try SIPParser.parse(bytes)
        return SIPValidation.check(message)?.status
    } catch .versionNotSupported {
        return 505
    } catch {
        // A request whose headers cannot be read is answered 400; a broken response dropped.
        return bytes.starts(with: Array("SIP/".utf8)) ? -1 : 400
    }
}

@Suite("SIP messages: the RFC 4475 torture tests, compact forms, folding, lists and the wire form")
struct SIPMessageTests {
    @Test("every valid torture message parses and passes the request checks", arguments: Torture.names("valid"))
    func valid(name: String) throws {
        let bytes = try Torture.bytes("valid", name)
        let message = try SIPParser.parse(bytes)
        #expect(SIPValidation.check(message) == nil, "\(String(describing: SIPValidation.check(message)))")
        // What we write reads back the same.
        var again = try SIPParser.parse(message.bytes)
        again.headers.removeAll { $0.name == "Content-Length" }
        var original = message
        original.headers.removeAll { $0.name == "Content-Length" }
        #expect(again == original)
    }

    @Test("every invalid torture message is refused with its status, or dropped when it is a broken response", arguments: Torture.names("invalid"))
    func invalid(name: String) throws {
        let bytes = try Torture.bytes("invalid", name)
        if Torture.application.contains(name) {
            #expect(verdict(bytes) == nil, "well-formed; refused by the application layer")
            return
        }
        let expected = try #require(Torture.invalid[name], "every invalid message has an expected answer")
        #expect(verdict(bytes) == (expected ?? -1))
    }

    @Test("both folders hold the RFC's messages")
    func inventory() {
        #expect(Torture.names("valid").count == 13)
        #expect(Torture.names("invalid").count == Torture.invalid.count + Torture.application.count)
    }

    @Test("compact forms, case, folding and comma lists are read as their long forms")
    func headerForms() throws {
        let text = "INVITE sip:800@127.0.0.1 SIP/2.0\r\n"
            + "v: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/UDP b.example.com:5070;branch=z9hG4bK2;received=192.0.2.1\r\n"
            + "f: \"Caller, Esq.\" <sip:caller@example.com>;tag=abc\r\n"
            + "t: <sip:800@127.0.0.1>\r\n"
            + "i: call-1@example.com\r\n"
            + "cSeQ: 1\r\n INVITE\r\n"
            + "MAX-FORWARDS: 70\r\n"
            + "c: application/sdp\r\n"
            + "l: 4\r\n\r\nv=0\r\nEXTRA"
        let message = try SIPParser.parse(Array(text.utf8))
        #expect(message.method == "INVITE")
        #expect(message.values("Via").count == 2)
        #expect(message.vias.map(\.host) == ["a.example.com", "b.example.com"])
        #expect(message.vias.last?.port == 5070)
        #expect(message.topVia?.branch == "z9hG4bK1")
        #expect(message.from?.displayName == "Caller, Esq.")
        #expect(message.from?.tag == "abc")
        #expect(message.to?.sipURI?.user == "800")
        #expect(message.callID == "call-1@example.com")
        #expect(message.cseq == CSeq(1, "INVITE"))
        #expect(message["content-type"] == "application/sdp")
        #expect(message.body == Array("v=0\r".utf8), "exactly Content-Length bytes; the rest ignored")
        #expect(SIPValidation.check(message) == nil)
    }

    @Test("hostile values are refused: a Via port out of range (IPv6 too), a bare CR inside a header")
    func hostile() throws {
        for via in ["SIP/2.0/UDP [::1]:70000;branch=z9hG4bKx", "SIP/2.0/UDP [::1]:-1;branch=z9hG4bKx", "SIP/2.0/UDP [::1]x;branch=z9hG4bKx",
            "SIP/2.0/UDP host:0;branch=z9hG4bKx"]
        {
            #expect(throws: SIPParseError.self, "\(via)") { try Via.parse(via) }
        }
        // Addresses are scanned as bytes: a "<" or a space that a combining mark joins is still
        // refused, not read as a delimiter with the mark dropped.
        for address in ["<\u{301}sip:a@example.com>", "\"Ann\" <\u{301}sip:a@example.com>;tag=1"] {
            #expect(throws: SIPParseError.self, "\(address)") { try NameAddress.parse(address) }
        }
        #expect(throws: SIPParseError.self) { try SIPURI.parse("sip:a@exa \u{301}mple.com") }
        #expect(try NameAddress.parse("\"Zoë\" <sip:zoe@example.com>;tag=9").displayName == "Zoë")
        let text = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: \"x\rInjected: 1\" <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n"
        #expect(throws: SIPParseError.self) { try SIPParser.parse(Array(text.utf8)) }
    }

    @Test("a message written out is a valid SIP message with one Content-Length")
    func wireForm() throws {
        var message = SIPMessage(.response(status: 182, reason: "Queued, position 3"))
        message.add("Via", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKx;rport=5060;received=192.0.2.1")
        message.add("To", "<sip:800@127.0.0.1>;tag=t1")
        message.add("Content-Length", "99")
        let text = String(decoding: message.bytes, as: UTF8.self)
        #expect(text.hasPrefix("SIP/2.0 182 Queued, position 3\r\n"))
        #expect(text.components(separatedBy: "Content-Length").count == 2)
        #expect(text.hasSuffix("Content-Length: 0\r\n\r\n"))
        #expect(try SIPParser.parse(message.bytes).status == 182)
    }

    @Test("URIs: user, password, host, port, parameters, headers, IPv6")
    func uris() throws {
        let uri = try SIPURI.parse("sips:alice:secret@[2001:db8::1]:5061;transport=tls;lr?subject=hi")
        #expect(uri.scheme == "sips")
        #expect(uri.user == "alice")
        #expect(uri.password == "secret")
        #expect(uri.host == "[2001:db8::1]")
        #expect(uri.port == 5061)
        #expect(uri.parameters == [SIPParameter("transport", "tls"), SIPParameter("lr")])
        #expect(uri.headers == "subject=hi")
        #expect(uri.description == "sips:alice:secret@[2001:db8::1]:5061;transport=tls;lr?subject=hi")
        #expect(try SIPURI.parse("sip:support@127.0.0.1").hostPort == "127.0.0.1:5060")
        for bad in ["sip:", "sip:@host", "sip:user@host:99999", "sip:user@ho st", "http://example.com", "sip:user@host;=x"] {
            #expect(throws: SIPParseError.self, "\(bad)") { try SIPURI.parse(bad) }
        }
    }
}
