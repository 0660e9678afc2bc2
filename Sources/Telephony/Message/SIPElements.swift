/// A `;name=value` parameter of a URI or a header (the value is nil for `;lr`).
public struct SIPParameter: Sendable, Equatable {
    public var name: String
    public var value: String?

    public init(_ name: String, _ value: String? = nil) {
        self.name = name
        self.value = value
    }
}

extension [SIPParameter] {
    /// The value of a parameter; names compare without regard to case.
    public subscript(_ name: String) -> String?? {
        first { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    var text: String { map { ";\($0.name)" + ($0.value.map { "=\($0)" } ?? "") }.joined() }

    /// Parses `;a=b ; c ;d = "e f"` (white space allowed around `;` and `=`).
    static func parse(_ text: Substring) throws(SIPParseError) -> [SIPParameter] {
        var parameters: [SIPParameter] = []
        var rest = text.trimmingWhitespace()[...]
        while !rest.isEmpty {
            guard rest.first == ";" else { throw .malformed("parameters must start with ';': \(rest.prefix(40))") }
            rest = rest.dropFirst().trimmingWhitespace()[...]
            // The parameter runs to the next ';' outside quotes.
            var end = rest.startIndex
            var quoted = false
            while end < rest.endIndex {
                let character = rest[end]
                if character == "\"" { quoted.toggle() }
                if character == "\\", quoted, rest.index(after: end) < rest.endIndex { end = rest.index(after: end) }
                if character == ";", !quoted { break }
                end = rest.index(after: end)
            }
            guard !quoted else { throw .malformed("unbalanced quotes in parameters") }
            let parameter = rest[..<end]
            rest = rest[end...]
            let name: String
            var value: String?
            if let equals = parameter.firstIndex(of: "=") {
                name = parameter[..<equals].trimmingWhitespace()
                value = parameter[parameter.index(after: equals)...].trimmingWhitespace()
                guard !(value ?? "").isEmpty else { throw .malformed("parameter \(name) has no value after '='") }
            } else {
                name = parameter.trimmingWhitespace()
            }
            guard !name.isEmpty, name.utf8.allSatisfy(SIPParser.isTokenByte) else { throw .malformed("parameter name '\(name.prefix(40))'") }
            parameters.append(SIPParameter(name, value))
        }
        return parameters
    }
}

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

    public static func parse(_ text: String) throws(SIPParseError) -> SIPURI {
        guard let scheme = scheme(of: text), scheme == "sip" || scheme == "sips" else { throw .malformed("not a sip: URI: \(text.prefix(60))") }
        guard !text.contains(where: { $0 == " " || $0 == "\t" || $0 == "<" || $0 == ">" }) else { throw .malformed("white space or <> in URI \(text.prefix(60))") }
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
        guard !uri.host.isEmpty, uri.host.first == "[" || uri.host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }) else {
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

/// A `To`, `From` or `Contact` value: an optional display name, a URI, and header parameters
/// (`tag`, `expires`, …).
public struct NameAddress: Sendable, Equatable, CustomStringConvertible {
    public var displayName: String?
    /// The URI as written (any scheme).
    public var uri: String
    public var parameters: [SIPParameter]
    /// `*` in a REGISTER's Contact: every binding.
    public var isWildcard: Bool { uri == "*" }

    public init(displayName: String? = nil, uri: String, parameters: [SIPParameter] = []) {
        self.displayName = displayName
        self.uri = uri
        self.parameters = parameters
    }

    public var tag: String? { parameters["tag"] ?? nil }
    public var scheme: String? { SIPURI.scheme(of: uri) }
    public var sipURI: SIPURI? { try? SIPURI.parse(uri) }

    public static func parse(_ text: String) throws(SIPParseError) -> NameAddress {
        let value = text.trimmingWhitespace()
        if value == "*" { return NameAddress(uri: "*") }
        // Where the display name ends: a '<' outside quotes.
        var index = value.startIndex
        var quoted = false
        var open: String.Index?
        while index < value.endIndex {
            let character = value[index]
            if quoted, character == "\\" {
                index = value.index(after: index)
                guard index < value.endIndex else { break }
            } else if character == "\"" {
                quoted.toggle()
            } else if character == "<", !quoted {
                open = index
                break
            }
            index = value.index(after: index)
        }
        guard !quoted else { throw .malformed("unbalanced quotes in '\(value.prefix(60))'") }
        var address: NameAddress
        if let open {
            guard let close = value[open...].firstIndex(of: ">") else { throw .malformed("'<' without '>' in '\(value.prefix(60))'") }
            let uri = String(value[value.index(after: open)..<close])
            guard SIPURI.hasScheme(uri), !uri.contains(" "), !uri.contains("\t") else { throw .malformed("URI '<\(uri.prefix(60))>'") }
            address = NameAddress(displayName: try displayName(value[..<open]), uri: uri)
            address.parameters = try [SIPParameter].parse(value[value.index(after: close)...])
        } else {
            // addr-spec: the URI ends at the first ';' (what follows are header parameters).
            let end = value.firstIndex(of: ";") ?? value.endIndex
            let uri = value[..<end].trimmingWhitespace()
            guard SIPURI.hasScheme(uri), !uri.contains(" "), !uri.contains(","), !uri.contains("?") || SIPURI.scheme(of: uri) != "sip" else {
                throw .malformed("address '\(uri.prefix(60))'")
            }
            address = NameAddress(uri: uri)
            address.parameters = try [SIPParameter].parse(value[end...])
        }
        if let scheme = address.scheme, scheme == "sip" || scheme == "sips" { _ = try SIPURI.parse(address.uri) }
        return address
    }

    /// A quoted string (escapes removed) or words of token characters.
    static func displayName(_ text: Substring) throws(SIPParseError) -> String? {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { return nil }
        if trimmed.first == "\"" {
            guard trimmed.count >= 2, trimmed.last == "\"" else { throw .malformed("display name \(trimmed.prefix(60))") }
            var name = ""
            var escaped = false
            for character in trimmed.dropFirst().dropLast() {
                if escaped {
                    name.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else {
                    name.append(character)
                }
            }
            return name
        }
        for word in trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            guard word.utf8.allSatisfy(SIPParser.isTokenByte) else { throw .malformed("display name '\(trimmed.prefix(60))' needs quotes") }
        }
        return trimmed
    }

    public var description: String {
        var text = ""
        if let displayName {
            var quoted = ""
            for character in displayName {
                if character == "\\" || character == "\"" { quoted.append("\\") }
                quoted.append(character)
            }
            text += "\"\(quoted)\" "
        }
        text += uri == "*" ? "*" : "<\(uri)>"
        return text + parameters.text
    }
}

/// One Via value: the transport and sent-by of a hop, with branch, received and rport.
public struct Via: Sendable, Equatable, CustomStringConvertible {
    public var transport: String
    public var host: String
    public var port: Int?
    public var parameters: [SIPParameter]

    public init(transport: String = "UDP", host: String, port: Int?, parameters: [SIPParameter]) {
        self.transport = transport
        self.host = host
        self.port = port
        self.parameters = parameters
    }

    public var branch: String? { parameters["branch"] ?? nil }
    /// RFC 3261 branches start with this; older (RFC 2543) ones may not.
    public static let magicCookie = "z9hG4bK"

    public static func parse(_ text: String) throws(SIPParseError) -> Via {
        // "SIP / 2.0 / UDP host:port;params", white space allowed around the slashes.
        var rest = text.trimmingWhitespace()[...]
        var protocolParts: [String] = []
        for index in 0..<3 {
            rest = rest.trimmingWhitespace()[...]
            let end = rest.firstIndex { $0 == "/" || $0 == " " || $0 == "\t" } ?? rest.endIndex
            protocolParts.append(String(rest[..<end]))
            rest = rest[end...].trimmingWhitespace()[...]
            if index < 2 {
                guard rest.first == "/" else { throw .malformed("Via protocol in '\(text.prefix(60))'") }
                rest = rest.dropFirst()
            }
        }
        guard protocolParts[0].uppercased() == "SIP", protocolParts[1] == "2.0", !protocolParts[2].isEmpty,
            protocolParts[2].utf8.allSatisfy(SIPParser.isTokenByte)
        else { throw .malformed("Via protocol '\(protocolParts.joined(separator: "/"))'") }
        let sentByEnd = rest.firstIndex(of: ";") ?? rest.endIndex
        let sentBy = rest[..<sentByEnd].trimmingWhitespace()
        var host = sentBy
        var port: Int?
        if sentBy.first == "[" {
            guard let close = sentBy.firstIndex(of: "]") else { throw .malformed("Via host") }
            host = String(sentBy[...close])
            let after = sentBy[sentBy.index(after: close)...]
            if after.first == ":" {
                guard let value = Int(after.dropFirst()), (1...65535).contains(value) else { throw .malformed("Via port") }
                port = value
            } else if !after.isEmpty {
                throw .malformed("Via host '\(sentBy.prefix(60))'")
            }
        } else if let colon = sentBy.lastIndex(of: ":") {
            host = String(sentBy[..<colon])
            guard let value = Int(sentBy[sentBy.index(after: colon)...]), (1...65535).contains(value) else { throw .malformed("Via port") }
            port = value
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || ".-_[]:".contains($0) }) else { throw .malformed("Via host '\(host.prefix(60))'") }
        let parameters = try [SIPParameter].parse(rest[sentByEnd...])
        return Via(transport: protocolParts[2].uppercased(), host: host, port: port, parameters: parameters)
    }

    public var description: String {
        "SIP/2.0/\(transport) \(host)" + (port.map { ":\($0)" } ?? "") + parameters.text
    }
}

/// The `CSeq` header: a sequence number below 2^31 and the request's method.
public struct CSeq: Sendable, Equatable, CustomStringConvertible {
    public var number: UInt32
    public var method: String

    public init(_ number: UInt32, _ method: String) {
        self.number = number
        self.method = method
    }

    public static func parse(_ text: String) throws(SIPParseError) -> CSeq {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 2, parts[0].count <= 10, parts[0].allSatisfy(\.isASCII), let number = UInt32(parts[0]), number < 1 << 31,
            parts[1].utf8.allSatisfy(SIPParser.isTokenByte)
        else { throw .malformed("CSeq '\(text.prefix(60))'") }
        return CSeq(number, String(parts[1]))
    }

    public var description: String { "\(number) \(method)" }
}
