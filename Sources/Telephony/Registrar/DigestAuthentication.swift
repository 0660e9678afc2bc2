import Crypto
import SwitchboardCore

/// HTTP digest authentication as SIP uses it (RFC 3261 §22, RFC 2617 with qop=auth, MD5 —
/// what deployed phones speak). Nonces carry their issue time, a random salt and an HMAC under
/// a secret, so nothing is stored per challenge and a nonce older than `lifetime` is answered
/// `stale=true`. What is stored is per nonce *used*: its highest count (`NonceCounts`), so that
/// accepted credentials cannot be sent again.
public struct DigestAuthentication: Sendable {
    public let realm: String
    public let lifetime: Duration
    let secret: SymmetricKey

    public init(realm: String = "switchboard", secret: [UInt8], lifetime: Duration = .seconds(300)) {
        self.realm = realm
        self.secret = SymmetricKey(data: secret)
        self.lifetime = lifetime
    }

    /// `MD5(username:realm:password)`: what is stored for an account instead of its password.
    public static func ha1(username: String, realm: String, password: String) -> String {
        hex(Insecure.MD5.hash(data: Array("\(username):\(realm):\(password)".utf8)))
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A nonce bound to its time and to the address it was given to: an answer overheard on
    /// the network cannot be replayed from elsewhere, nor after `lifetime`. The salt makes each
    /// challenge's nonce its own, even two in the same millisecond to phones behind one NAT
    /// (whose counts would otherwise collide).
    func nonce(at now: Instant, for source: String, salt: String) -> String {
        let stamp = String(now.millisecondsSinceEpoch, radix: 16)
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(stamp)|\(salt)|\(source)".utf8), using: secret)
        return stamp + "." + salt + "." + Self.hex(mac.prefix(12))
    }

    /// The `WWW-Authenticate` value of a 401 to a request from `source` (its IP address).
    public func challenge(at now: Instant, for source: String = "", stale: Bool = false) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = String(generator.next() as UInt64, radix: 16)
        return "Digest realm=\"\(realm)\", nonce=\"\(nonce(at: now, for: source, salt: salt))\", algorithm=MD5, qop=\"auth\""
            + (stale ? ", stale=true" : "")
    }

    public enum Outcome: Sendable, Equatable {
        case accepted(username: String)
        /// No usable credentials, or wrong ones: challenge again.
        case rejected
        /// Right credentials on an expired nonce: challenge with `stale=true`.
        case stale
        /// Credentials for a user we do not know.
        case unknownUser(String)
        /// Right credentials sent before: their nonce count (`nc`) is not higher than one
        /// already accepted on that nonce. Challenge again (with `stale=true`: the phone
        /// answers the new nonce without asking anyone for a password).
        case replayed
    }

    /// Checks an `Authorization` header of a request (`method`) against the stored HA1 of its user.
    /// - Parameters:
    ///   - source: the IP address the request came from (the nonce must have been given there).
    ///   - requestURI: the request's URI, which the credentials' `uri` must name (nil: not checked).
    public func verify(
        _ authorization: String?, method: String, at now: Instant, source: String = "", requestURI: String? = nil, ha1 lookup: (String) -> String?
    ) -> Outcome {
        guard let authorization, let fields = Self.fields(authorization) else { return .rejected }
        guard let username = fields["username"], let nonce = fields["nonce"], let uri = fields["uri"], let response = fields["response"],
            fields["realm"] == realm, (fields["algorithm"] ?? "MD5").uppercased() == "MD5"
        else { return .rejected }
        if let requestURI, uri != requestURI { return .rejected }
        guard let ha1 = lookup(username) else { return .unknownUser(username) }
        // The nonce must be ours.
        guard let issued = issueTime(of: nonce, for: source) else { return .rejected }
        let ha2 = Self.hex(Insecure.MD5.hash(data: Array("\(method):\(uri)".utf8)))
        let expected: String
        if let qop = fields["qop"] {
            guard qop == "auth", let nc = fields["nc"], let cnonce = fields["cnonce"] else { return .rejected }
            expected = Self.hex(Insecure.MD5.hash(data: Array("\(ha1):\(nonce):\(nc):\(cnonce):\(qop):\(ha2)".utf8)))
        } else {
            expected = Self.hex(Insecure.MD5.hash(data: Array("\(ha1):\(nonce):\(ha2)".utf8)))
        }
        guard Self.constantTimeEqual(expected, response.lowercased()) else { return .rejected }
        guard now - issued <= lifetime, issued <= now + .seconds(5) else { return .stale }
        return .accepted(username: username)
    }

    /// `verify`, and then the nonce count: credentials are accepted only if they count higher
    /// on their nonce than any accepted before (those without `qop` count as 1, so answer once).
    /// `counts` remembers what was accepted.
    public func verify(
        _ authorization: String?, method: String, at now: Instant, source: String = "", requestURI: String? = nil, counts: inout NonceCounts,
        ha1 lookup: (String) -> String?
    ) -> Outcome {
        let outcome = verify(authorization, method: method, at: now, source: source, requestURI: requestURI, ha1: lookup)
        guard case .accepted = outcome else { return outcome }
        guard let authorization, let fields = Self.fields(authorization), let nonce = fields["nonce"],
            let issued = issueTime(of: nonce, for: source)
        else { return .rejected }
        let count: UInt32
        if fields["qop"] != nil {
            guard let nc = fields["nc"], let value = Self.nonceCount(nc) else { return .rejected }
            count = value
        } else {
            count = 1
        }
        guard counts.use(nonce, count: count, issued: issued, expires: issued + lifetime, at: now) else { return .replayed }
        return outcome
    }

    /// When a nonce we gave to `source` was issued; nil when it is not one of ours (or was
    /// given to another address). Only answers to our nonces test a password.
    public func issueTime(of nonce: String, for source: String) -> Instant? {
        let parts = nonce.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, (1...16).contains(parts[1].utf8.count), parts[1].utf8.allSatisfy(Self.isHexDigit),
            let stamp = Int64(parts[0], radix: 16)
        else { return nil }
        let issued = Instant(millisecondsSinceEpoch: stamp)
        guard Self.constantTimeEqual(self.nonce(at: issued, for: source, salt: String(parts[1])), nonce) else { return nil }
        return issued
    }

    /// An `nc` value: one to eight hexadecimal digits (RFC 2617 writes exactly eight).
    static func nonceCount(_ text: String) -> UInt32? {
        guard (1...8).contains(text.utf8.count), text.utf8.allSatisfy(isHexDigit) else { return nil }
        return UInt32(text, radix: 16)
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (0x30...0x39).contains(byte) || (0x61...0x66).contains(lower)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    /// The `name=value` fields of a `Digest …` credentials header (values quoted or not).
    static func fields(_ header: String) -> [String: String]? {
        let trimmed = header.trimmingWhitespace()
        guard trimmed.lowercased().hasPrefix("digest ") else { return nil }
        var fields: [String: String] = [:]
        var rest = Substring(trimmed.dropFirst(7))
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let name = rest[..<equals].trimmingWhitespace().lowercased()
            rest = rest[rest.index(after: equals)...].drop { $0 == " " || $0 == "\t" }
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped {
                        value.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        value.append(character)
                    }
                }
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingWhitespace()
                rest = rest[end...]
            }
            fields[name] = value
        }
        return fields
    }
}
