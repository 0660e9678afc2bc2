import Foundation
import SwitchboardCore
import Telephony
import Testing

@Suite("Registrar and digest authentication")
struct RegistrarTests {
    let now = Instant(millisecondsSinceEpoch: 1_800_000_000_000)
    let phone = SIPAddress(host: "192.0.2.10", port: 5062)

    func register(contact: String?, expires: String? = nil, callID: String = "reg-1", cseq: UInt32 = 1) -> SIPMessage {
        var message = Messages.request("REGISTER", cseq: cseq)
        message.set("Call-ID", callID)
        message.set("CSeq", "\(cseq) REGISTER")
        if let contact { message.add("Contact", contact) }
        if let expires { message.add("Expires", expires) }
        return message
    }

    @Test("register, refresh, query, remove with Expires: 0 and with Contact: *")
    func bindings() {
        var registrar = Registrar()
        #expect(registrar.register(register(contact: "<sip:agent01@192.0.2.10:5062>", expires: "600"), account: "agent01", source: phone, at: now)
            == .registered([Registrar.Binding(contact: "sip:agent01@192.0.2.10:5062", address: phone, expires: now + .seconds(600), callID: "reg-1", cseq: 1)]))
        #expect(registrar.isRegistered("agent01", at: now + .seconds(599)))
        #expect(!registrar.isRegistered("agent01", at: now + .seconds(600)), "expired")
        // A second phone, then a query (no Contact) lists both.
        _ = registrar.register(register(contact: "<sip:agent01@198.51.100.2>;expires=120", callID: "reg-2"), account: "agent01", source: phone, at: now)
        guard case .registered(let both) = registrar.register(register(contact: nil, cseq: 2), account: "agent01", source: phone, at: now) else {
            Issue.record("query")
            return
        }
        #expect(both.count == 2)
        #expect(registrar.contacts(of: "agent01", at: now).first?.contact == "sip:agent01@198.51.100.2", "newest first")
        _ = registrar.register(register(contact: "<sip:agent01@198.51.100.2>", expires: "0", callID: "reg-2", cseq: 2), account: "agent01", source: phone, at: now)
        #expect(registrar.contacts(of: "agent01", at: now).map(\.contact) == ["sip:agent01@192.0.2.10:5062"])
        #expect(registrar.register(register(contact: "*", expires: "0", cseq: 3), account: "agent01", source: phone, at: now) == .registered([]))
        #expect(!registrar.isRegistered("agent01", at: now))
    }

    @Test("too short an interval gets 423 with the minimum; a late, older request changes nothing")
    func intervalsAndOrder() {
        var registrar = Registrar()
        #expect(registrar.register(register(contact: "<sip:a@192.0.2.10>", expires: "30"), account: "a", source: phone, at: now) == .intervalTooBrief(minimum: 60))
        _ = registrar.register(register(contact: "<sip:a@192.0.2.10>", expires: "300", cseq: 5), account: "a", source: phone, at: now)
        _ = registrar.register(register(contact: "<sip:a@192.0.2.10>", expires: "0", cseq: 4), account: "a", source: phone, at: now)
        #expect(registrar.isRegistered("a", at: now), "CSeq 4 after 5 in the same registration is stale")
        #expect(registrar.register(register(contact: "*", expires: "60"), account: "a", source: phone, at: now) == .badRequest("Contact: * needs Expires: 0 and no other contact"))
        _ = registrar.register(register(contact: "<sip:a@192.0.2.10>", expires: "999999", cseq: 6), account: "a", source: phone, at: now)
        #expect(registrar.contacts(of: "a", at: now).first?.expires == now + .seconds(3600), "capped at the maximum")
    }

    @Test("digest: the right answer to our nonce is accepted, a wrong one rejected, an old one stale")
    func digest() {
        let digest = DigestAuthentication(secret: Array("test secret".utf8))
        let ha1 = DigestAuthentication.ha1(username: "agent01", realm: "switchboard", password: "demo")
        let challenge = digest.challenge(at: now)
        let nonce = String(challenge.split(separator: "\"")[3])
        func answer(password: String, qop: Bool) -> String {
            let key = DigestAuthentication.ha1(username: "agent01", realm: "switchboard", password: password)
            let ha2 = md5("REGISTER:sip:127.0.0.1")
            let response = qop ? md5("\(key):\(nonce):00000001:abc:auth:\(ha2)") : md5("\(key):\(nonce):\(ha2)")
            return "Digest username=\"agent01\", realm=\"switchboard\", nonce=\"\(nonce)\", uri=\"sip:127.0.0.1\", response=\"\(response)\", algorithm=MD5"
                + (qop ? ", qop=auth, nc=00000001, cnonce=\"abc\"" : "")
        }
        let lookup: (String) -> String? = { $0 == "agent01" ? ha1 : nil }
        #expect(digest.verify(answer(password: "demo", qop: true), method: "REGISTER", at: now, ha1: lookup) == .accepted(username: "agent01"))
        #expect(digest.verify(answer(password: "demo", qop: false), method: "REGISTER", at: now, ha1: lookup) == .accepted(username: "agent01"))
        #expect(digest.verify(answer(password: "wrong", qop: true), method: "REGISTER", at: now, ha1: lookup) == .rejected)
        #expect(digest.verify(answer(password: "demo", qop: true), method: "INVITE", at: now, ha1: lookup) == .rejected, "the method is part of the answer")
        #expect(digest.verify(answer(password: "demo", qop: true), method: "REGISTER", at: now + .seconds(301), ha1: lookup) == .stale)
        #expect(digest.verify(answer(password: "demo", qop: true).replacingOccurrences(of: nonce, with: "1.abc"), method: "REGISTER", at: now, ha1: lookup) == .rejected)
        #expect(digest.verify("NoOneKnowsThisScheme opaque-data=here", method: "REGISTER", at: now, ha1: lookup) == .rejected)
        #expect(digest.verify(nil, method: "REGISTER", at: now, ha1: lookup) == .rejected)
    }

    @Test("digest: a nonce works only from the address it was given to, and for the URI of the request")
    func digestBinding() {
        let digest = DigestAuthentication(secret: Array("test secret".utf8))
        let ha1 = DigestAuthentication.ha1(username: "agent01", realm: "switchboard", password: "demo")
        let nonce = String(digest.challenge(at: now, for: "192.0.2.10").split(separator: "\"")[3])
        let response = md5("\(ha1):\(nonce):\(md5("REGISTER:sip:127.0.0.1"))")
        let header = "Digest username=\"agent01\", realm=\"switchboard\", nonce=\"\(nonce)\", uri=\"sip:127.0.0.1\", response=\"\(response)\""
        let lookup: (String) -> String? = { _ in ha1 }
        #expect(digest.verify(header, method: "REGISTER", at: now, source: "192.0.2.10", requestURI: "sip:127.0.0.1", ha1: lookup) == .accepted(username: "agent01"))
        #expect(digest.verify(header, method: "REGISTER", at: now, source: "198.51.100.66", requestURI: "sip:127.0.0.1", ha1: lookup) == .rejected, "replayed from elsewhere")
        #expect(digest.verify(header, method: "REGISTER", at: now, source: "192.0.2.10", requestURI: "sip:other.example", ha1: lookup) == .rejected)
    }
}

import Crypto

func md5(_ text: String) -> String {
    Insecure.MD5.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
}
