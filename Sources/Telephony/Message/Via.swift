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
        guard !host.isEmpty, SIPURI.isPlainHost(host, also: ".-_[]:") || host.allSatisfy({ $0.isLetter || $0.isNumber || ".-_[]:".contains($0) }) else { throw .malformed("Via host '\(host.prefix(60))'") }
        let parameters = try [SIPParameter].parse(rest[sentByEnd...])
        return Via(transport: protocolParts[2].uppercased(), host: host, port: port, parameters: parameters)
    }

    public var description: String {
        "SIP/2.0/\(transport) \(host)" + (port.map { ":\($0)" } ?? "") + parameters.text
    }
}
