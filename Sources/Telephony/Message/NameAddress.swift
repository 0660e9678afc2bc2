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
        // Where the display name ends: a '<' outside quotes. Scanned as UTF-8 bytes (every
        // delimiter is ASCII, and no byte of a longer character looks like one): walking
        // `Character`s made this loop a hot spot of the SIP path.
        let bytes = value.utf8
        var index = bytes.startIndex
        var quoted = false
        var open: String.Index?
        while index < bytes.endIndex {
            let byte = bytes[index]
            if quoted, byte == UInt8(ascii: "\\") {
                index = bytes.index(after: index)
                guard index < bytes.endIndex else { break }
            } else if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if byte == UInt8(ascii: "<"), !quoted {
                open = index
                break
            }
            index = bytes.index(after: index)
        }
        guard !quoted else { throw .malformed("unbalanced quotes in '\(value.prefix(60))'") }
        // A '<' that a combining mark joins is not a delimiter (and no valid SIP either).
        if let open, value[open] != "<" { throw .malformed("'<' joined to another character in '\(value.prefix(60))'") }
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
