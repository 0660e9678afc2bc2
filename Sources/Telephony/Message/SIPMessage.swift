/// A SIP request or response (RFC 3261 §7), as parsed from the wire or built to be sent.
/// Headers keep their order; names are stored in their canonical long form, so `v:` and `Via:`
/// are the same header.
public struct SIPMessage: Sendable, Equatable {
    public enum StartLine: Sendable, Equatable {
        case request(method: String, uri: String)
        case response(status: Int, reason: String)
    }

    public var startLine: StartLine
    /// In order of appearance; a comma-separated list header contributes one entry per value.
    public var headers: [SIPHeader]
    public var body: [UInt8]

    public init(_ startLine: StartLine, headers: [SIPHeader] = [], body: [UInt8] = []) {
        self.startLine = startLine
        self.headers = headers
        self.body = body
    }

    public var isRequest: Bool {
        if case .request = startLine { return true }
        return false
    }

    public var method: String? {
        if case .request(let method, _) = startLine { return method }
        return nil
    }

    public var requestURI: String? {
        if case .request(_, let uri) = startLine { return uri }
        return nil
    }

    public var status: Int? {
        if case .response(let status, _) = startLine { return status }
        return nil
    }

    public var reasonPhrase: String? {
        if case .response(_, let reason) = startLine { return reason }
        return nil
    }

    // MARK: Headers

    /// The first value of a header (any spelling or compact form of `name`).
    public subscript(_ name: String) -> String? {
        let key = SIPHeader.canonical(name)
        return headers.first { $0.name == key }?.value
    }

    /// Every value of a header, in order.
    public func values(_ name: String) -> [String] {
        let key = SIPHeader.canonical(name)
        return headers.filter { $0.name == key }.map(\.value)
    }

    /// Replaces every value of a header with one (or removes it when `value` is nil).
    public mutating func set(_ name: String, _ value: String?) {
        let key = SIPHeader.canonical(name)
        if let index = headers.firstIndex(where: { $0.name == key }) {
            headers.removeAll { $0.name == key }
            if let value { headers.insert(SIPHeader(key, value), at: min(index, headers.count)) }
        } else if let value {
            headers.append(SIPHeader(key, value))
        }
    }

    public mutating func add(_ name: String, _ value: String) {
        headers.append(SIPHeader(name, value))
    }

    /// Adds a header value before the others of its name (a Via or Record-Route on top).
    public mutating func prepend(_ name: String, _ value: String) {
        let key = SIPHeader.canonical(name)
        let index = headers.firstIndex { $0.name == key } ?? 0
        headers.insert(SIPHeader(key, value), at: index)
    }

    public var vias: [Via] { values("Via").compactMap { try? Via.parse($0) } }
    public var topVia: Via? { self["Via"].flatMap { try? Via.parse($0) } }
    public var callID: String? { self["Call-ID"] }
    public var cseq: CSeq? { self["CSeq"].flatMap { try? CSeq.parse($0) } }
    public var from: NameAddress? { self["From"].flatMap { try? NameAddress.parse($0) } }
    public var to: NameAddress? { self["To"].flatMap { try? NameAddress.parse($0) } }
    public var contacts: [NameAddress] { values("Contact").compactMap { try? NameAddress.parse($0) } }

    // MARK: Wire form

    /// The message as sent: start line, headers in long form, Content-Length always set to the
    /// body's size.
    public var bytes: [UInt8] {
        var text: String
        switch startLine {
        case .request(let method, let uri): text = "\(method) \(uri) SIP/2.0\r\n"
        case .response(let status, let reason): text = "SIP/2.0 \(status) \(reason)\r\n"
        }
        for header in headers where header.name != "Content-Length" {
            text += "\(header.name): \(header.value)\r\n"
        }
        text += "Content-Length: \(body.count)\r\n\r\n"
        return Array(text.utf8) + body
    }
}

/// One header value under its canonical name.
public struct SIPHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = SIPHeader.canonical(name)
        self.value = value
    }

    /// The compact forms of RFC 3261 §7.3.3 and its extensions.
    static let compact: [String: String] = [
        "i": "Call-ID", "m": "Contact", "e": "Content-Encoding", "l": "Content-Length", "c": "Content-Type", "f": "From",
        "s": "Subject", "k": "Supported", "t": "To", "v": "Via", "o": "Event", "r": "Refer-To", "b": "Referred-By",
        "u": "Allow-Events", "x": "Session-Expires", "a": "Accept-Contact", "j": "Reject-Contact", "d": "Request-Disposition",
        "y": "Identity", "n": "Identity-Info",
    ]

    /// Well-known names in their usual spelling; others are kept as first seen, compared
    /// without regard to case.
    static let known: [String: String] = {
        let names = [
            "Accept", "Accept-Encoding", "Accept-Language", "Alert-Info", "Allow", "Authentication-Info", "Authorization", "Call-ID",
            "Call-Info", "Contact", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length", "Content-Type",
            "CSeq", "Date", "Error-Info", "Expires", "From", "In-Reply-To", "Max-Forwards", "MIME-Version", "Min-Expires",
            "Organization", "Priority", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Require", "Record-Route", "Reply-To",
            "Require", "Retry-After", "Route", "Server", "Subject", "Supported", "Timestamp", "To", "Unsupported", "User-Agent",
            "Via", "Warning", "WWW-Authenticate", "Event", "Refer-To", "Referred-By", "Allow-Events", "Session-Expires", "RSeq", "RAck",
        ]
        return Dictionary(uniqueKeysWithValues: names.map { ($0.lowercased(), $0) })
    }()

    public static func canonical(_ name: String) -> String {
        let lower = name.lowercased()
        if lower.count == 1, let long = compact[lower] { return long }
        return known[lower] ?? name
    }

    /// Headers whose values may be comma-separated lists (split on receipt). Others, such as
    /// Date or the authentication headers, may hold commas of their own.
    static let lists: Set<String> = [
        "Via", "Route", "Record-Route", "Contact", "Allow", "Supported", "Require", "Proxy-Require", "Unsupported", "Accept",
        "Accept-Encoding", "Accept-Language", "Content-Encoding", "Allow-Events", "In-Reply-To", "Alert-Info", "Call-Info",
        "Error-Info", "Warning", "Content-Language",
    ]
}
