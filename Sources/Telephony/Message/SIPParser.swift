/// Why bytes are not a SIP message. `versionNotSupported` can still be answered (505); the
/// others with 400 when the headers needed for a response are readable, else dropped.
public enum SIPParseError: Error, Equatable, Sendable {
    case malformed(String)
    case versionNotSupported(String)
}

/// Reads one SIP message from a datagram (RFC 3261 §7): the start line, headers with compact
/// names, folded lines and comma-separated lists, and exactly Content-Length bytes of body.
/// Bytes after the body (a second message in the same datagram) are ignored.
public enum SIPParser {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10

    public static func parse(_ bytes: [UInt8]) throws(SIPParseError) -> SIPMessage {
        var start = 0
        // Leading blank lines are keep-alives or padding (RFC 3261 §7.5).
        while start < bytes.count, bytes[start] == cr || bytes[start] == lf { start += 1 }
        guard start < bytes.count else { throw .malformed("empty message") }
        guard let (headerEnd, bodyStart) = endOfHeaders(bytes, from: start) else {
            throw .malformed("no empty line after the headers")
        }
        let lines = try unfold(bytes[start..<headerEnd])
        guard let first = lines.first else { throw .malformed("no start line") }
        let startLine = try parseStartLine(first)
        var headers: [SIPHeader] = []
        for line in lines.dropFirst() {
            let (name, value) = try parseHeaderLine(line)
            if SIPHeader.lists.contains(name) {
                for element in splitList(value) { headers.append(SIPHeader(name, element)) }
            } else {
                headers.append(SIPHeader(name, value))
            }
        }
        let available = bytes.count - bodyStart
        let lengths = headers.filter { $0.name == "Content-Length" }.map(\.value)
        var length = available
        if let declared = lengths.first {
            guard Set(lengths).count == 1 else { throw .malformed("Content-Length given twice with different values") }
            guard !declared.isEmpty, declared.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), declared.utf8.count <= 9, let value = Int(declared) else {
                throw .malformed("Content-Length is not a number of bytes")
            }
            guard value <= available else { throw .malformed("Content-Length \(value) is more than the \(available) bytes that came") }
            length = value
        }
        return SIPMessage(startLine, headers: headers, body: Array(bytes[bodyStart..<(bodyStart + length)]))
    }

    /// The end of the header section and the start of the body: the first empty line.
    static func endOfHeaders(_ bytes: [UInt8], from start: Int) -> (Int, Int)? {
        var index = start
        while index < bytes.count {
            if bytes[index] == lf {
                // "\n\n" or "\n\r\n" ends the headers.
                if index + 1 < bytes.count, bytes[index + 1] == lf { return (index, index + 2) }
                if index + 2 < bytes.count, bytes[index + 1] == cr, bytes[index + 2] == lf { return (index, index + 3) }
            }
            index += 1
        }
        return nil
    }

    /// Splits the header section into logical lines, joining folded continuation lines. Works
    /// on bytes: in a Swift string "\r\n" is one character, which no split on "\n" finds.
    static func unfold(_ bytes: ArraySlice<UInt8>) throws(SIPParseError) -> [String] {
        var lines: [String] = []
        for raw in bytes.split(separator: lf, omittingEmptySubsequences: false) {
            var line = raw
            if line.last == cr { line = line.dropLast() }
            let text = String(decoding: line, as: UTF8.self)
            if let first = line.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                guard !lines.isEmpty else { throw .malformed("the message starts with white space") }
                lines[lines.count - 1] += " " + text.trimmingWhitespace()
            } else {
                lines.append(text)
            }
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    static func parseStartLine(_ line: String) throws(SIPParseError) -> SIPMessage.StartLine {
        if line.hasPrefix("SIP/") {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2 else { throw .malformed("status line") }
            guard parts[0] == "SIP/2.0" else { throw .versionNotSupported(String(parts[0])) }
            guard parts[1].utf8.count == 3, let status = Int(parts[1]), (100...699).contains(status) else {
                throw .malformed("status code \(parts[1])")
            }
            return .response(status: status, reason: parts.count == 3 ? String(parts[2]) : "")
        }
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts.contains(where: \.isEmpty) else {
            throw .malformed("a request line is a method, a URI and the version, separated by single spaces")
        }
        let method = String(parts[0])
        guard method.utf8.allSatisfy(isTokenByte) else { throw .malformed("method \(method)") }
        let uri = String(parts[1])
        guard SIPURI.hasScheme(uri) else { throw .malformed("request URI \(uri)") }
        guard parts[2] == "SIP/2.0" else {
            if parts[2].hasPrefix("SIP/") { throw .versionNotSupported(String(parts[2])) }
            throw .malformed("version \(parts[2])")
        }
        return .request(method: method, uri: uri)
    }

    static func parseHeaderLine(_ line: String) throws(SIPParseError) -> (String, String) {
        guard let colon = line.firstIndex(of: ":") else { throw .malformed("header line without a colon: \(line.prefix(40))") }
        let name = line[..<colon].trimmingWhitespace()
        guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else { throw .malformed("header name \(name.prefix(40))") }
        let value = line[line.index(after: colon)...].trimmingWhitespace()
        // A bare CR inside a value would become a line end in what we pass on to phones.
        guard !value.unicodeScalars.contains("\r") else { throw .malformed("a bare CR in \(name)") }
        return (SIPHeader.canonical(String(name)), String(value))
    }

    /// Splits a list header's value at commas outside quotes and angle brackets.
    static func splitList(_ value: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        var angle = false
        for character in value {
            if escaped {
                escaped = false
            } else if quoted && character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if !quoted && character == "<" {
                angle = true
            } else if !quoted && character == ">" {
                angle = false
            } else if !quoted && !angle && character == "," {
                parts.append(current.trimmingWhitespace())
                current = ""
                continue
            }
            current.append(character)
        }
        parts.append(current.trimmingWhitespace())
        return parts
    }

    /// RFC 3261 token characters.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "%"), UInt8(ascii: "*"), UInt8(ascii: "_"),
            UInt8(ascii: "+"), UInt8(ascii: "`"), UInt8(ascii: "'"), UInt8(ascii: "~"):
            true
        default: false
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    /// Spaces and tabs off both ends, found on the UTF-8 bytes: stepping back one Character
    /// at a time (`dropLast`) re-scans for grapheme breaks and took quadratic time — a header
    /// ending in 60,000 spaces held the endpoint for 20 s.
    func trimmingWhitespace() -> String {
        let bytes = Array(utf8)
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
