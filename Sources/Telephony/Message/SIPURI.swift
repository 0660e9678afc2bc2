/// A `sip:` or `sips:` URI (RFC 3261 §19.1): user, password, host, port, parameters, headers.
/// Escapes are kept as written: comparisons that need them decoded decode them.
public struct SIPURI: Sendable, Equatable, CustomStringConvertible {
    public var scheme: String
    public var user: String?
    public var password: String?
    public var host: String
    public var port: Int?
    public var parameters: [SIPParameter]
    /// The `?…` part, which a request URI or a registered contact must not carry.
    public var headers: String?

    public init(scheme: String = "sip", user: String? = nil, host: String, port: Int? = nil, parameters: [SIPParameter] = []) {
        self.scheme = scheme
        self.user = user
        self.host = host
        self.port = port
        self.parameters = parameters
    }

    /// The scheme of any URI, lowercased, or nil when the text does not start with one.
    public static func scheme(of text: String) -> String? {
        guard let colon = text.firstIndex(of: ":"), colon > text.startIndex else { return nil }
        let scheme = text[..<colon]
        guard let first = scheme.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first),
            scheme.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) })
        else { return nil }
        return scheme.lowercased()
    }

    static func hasScheme(_ text: String) -> Bool { scheme(of: text) != nil && !text.contains(" ") }

    /// Whether a host is only ASCII letters, digits and these punctuation bytes: the common
    /// case, checked on bytes before the slower `Character` check that also lets other letters
    /// through (which gives the same answer for these).
    static func isPlainHost(_ host: some StringProtocol, also punctuation: StaticString) -> Bool {
        host.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
                || punctuation.withUTF8Buffer { $0.contains(byte) }
        }
    }

    public static func parse(_ text: String) throws(SIPParseError) -> SIPURI {
        guard let scheme = scheme(of: text), scheme == "sip" || scheme == "sips" else { throw .malformed("not a sip: URI: \(text.prefix(60))") }
        guard !text.utf8.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x3C || $0 == 0x3E }) else { throw .malformed("white space or <> in URI \(text.prefix(60))") }
        var rest = text[text.index(text.startIndex, offsetBy: scheme.count + 1)...]
        var uri = SIPURI(scheme: scheme, host: "")
        if let at = rest.lastIndex(of: "@") {
            let userinfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userinfo.firstIndex(of: ":") {
                uri.user = String(userinfo[..<colon])
                uri.password = String(userinfo[userinfo.index(after: colon)...])
            } else {
                uri.user = String(userinfo)
            }
            guard !(uri.user ?? "").isEmpty else { throw .malformed("empty user in \(text.prefix(60))") }
        }
        if let question = rest.firstIndex(of: "?") {
            uri.headers = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        let hostEnd: Substring.Index
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { throw .malformed("unclosed IPv6 address in \(text.prefix(60))") }
            hostEnd = rest.index(after: close)
        } else {
            hostEnd = rest.firstIndex { $0 == ":" || $0 == ";" } ?? rest.endIndex
        }
        uri.host = String(rest[..<hostEnd])
        guard !uri.host.isEmpty, uri.host.first == "[" || Self.isPlainHost(uri.host, also: ".-_")
            || uri.host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }) else {
            throw .malformed("host '\(uri.host.prefix(60))'")
        }
        rest = rest[hostEnd...]
        if rest.first == ":" {
            let portEnd = rest.firstIndex(of: ";") ?? rest.endIndex
            let digits = rest[rest.index(after: rest.startIndex)..<portEnd]
            guard let port = Int(digits), (1...65535).contains(port) else { throw .malformed("port '\(digits)'") }
            uri.port = port
            rest = rest[portEnd...]
        }
        uri.parameters = try [SIPParameter].parse(rest)
        return uri
    }

    public var description: String {
        var text = "\(scheme):"
        if let user {
            text += user
            if let password { text += ":\(password)" }
            text += "@"
        }
        text += host
        if let port { text += ":\(port)" }
        text += parameters.text
        if let headers { text += "?\(headers)" }
        return text
    }

    /// `host:port` with the default port made explicit.
    public var hostPort: String { "\(host):\(port ?? (scheme == "sips" ? 5061 : 5060))" }
}
