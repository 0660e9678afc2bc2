import Crypto
import SwitchboardCore

/// HTTP digest authentication as SIP uses it (RFC 3261 §22, RFC 2617 with qop=auth, MD5 —
/// what deployed phones speak). Nonces carry their issue time and an HMAC under a secret, so
/// nothing is stored per challenge and a nonce older than `lifetime` is answered `stale=true`.
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
    /// the network cannot be replayed from elsewhere, nor after `lifetime`.
    func nonce(at now: Instant, for source: String) -> String {
        let stamp = String(now.millisecondsSinceEpoch, radix: 16)
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(stamp)|\(source)".utf8), using: secret)
        return stamp + "." + Self.hex(mac.prefix(12))
    }

    /// The `WWW-Authenticate` value of a 401 to a request from `source` (its IP address).
    public func challenge(at now: Instant, for source: String = "", stale: Bool = false) -> String {
        "Digest realm=\"\(realm)\", nonce=\"\(nonce(at: now, for: source))\", algorithm=MD5, qop=\"auth\"" + (stale ? ", stale=true" : "")
    }

    public enum Outcome: Sendable, Equatable {
        case accepted(username: String)
        /// No usable credentials, or wrong ones: challenge again.
        case rejected
        /// Right credentials on an expired nonce: challenge with `stale=true`.
        case stale
        /// Credentials for a user we do not know.
        case unknownUser(String)
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
        let parts = nonce.split(separator: ".")
        guard parts.count == 2, let stamp = Int64(parts[0], radix: 16), self.nonce(at: Instant(millisecondsSinceEpoch: stamp), for: source) == nonce else {
            return .rejected
        }
        let ha2 = Self.hex(Insecure.MD5.hash(data: Array("\(method):\(uri)".utf8)))
        let expected: String
        if let qop = fields["qop"] {
            guard qop == "auth", let nc = fields["nc"], let cnonce = fields["cnonce"] else { return .rejected }
            expected = Self.hex(Insecure.MD5.hash(data: Array("\(ha1):\(nonce):\(nc):\(cnonce):\(qop):\(ha2)".utf8)))
        } else {
            expected = Self.hex(Insecure.MD5.hash(data: Array("\(ha1):\(nonce):\(ha2)".utf8)))
        }
        guard Self.constantTimeEqual(expected, response.lowercased()) else { return .rejected }
        let issued = Instant(millisecondsSinceEpoch: stamp)
        guard now - issued <= lifetime, issued <= now + .seconds(5) else { return .stale }
        return .accepted(username: username)
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
