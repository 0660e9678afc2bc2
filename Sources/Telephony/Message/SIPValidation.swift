/// A request refused before anything acts on it: the status and reason to answer with, and
/// any header the answer needs (`Unsupported` with 420).
public struct SIPRejection: Error, Equatable, Sendable {
    public var status: Int
    public var reason: String
    public var headers: [SIPHeader]

    public init(_ status: Int, _ reason: String, headers: [SIPHeader] = []) {
        self.status = status
        self.reason = reason
        self.headers = headers
    }
}

/// The checks every request passes before a transaction or the application sees it
/// (RFC 3261 §8.2, §16.3 and the RFC 4475 torture cases).
public enum SIPValidation {
    /// Option tags we implement (`Require` naming any other gets 420).
    public static let supported: Set<String> = []

    /// Headers that appear at most once in a message.
    static let singletons = ["To", "From", "Call-ID", "CSeq", "Max-Forwards", "Content-Type", "Expires", "Date"]

    /// Nil when the request may be processed; else what to answer.
    public static func check(_ request: SIPMessage) -> SIPRejection? {
        guard case .request(let method, let uri) = request.startLine else { return nil }
        for name in ["Via", "To", "From", "Call-ID", "CSeq"] where request[name] == nil {
            return SIPRejection(400, "Missing \(name)")
        }
        for name in singletons where Set(request.values(name)).count > 1 {
            return SIPRejection(400, "More than one \(name)")
        }
        // Via: every hop readable; ours to answer needs a branch that is more than the cookie.
        var topVia: Via?
        for value in request.values("Via") {
            guard let via = try? Via.parse(value) else { return SIPRejection(400, "Bad Via") }
            if topVia == nil { topVia = via }
        }
        // A branch that is only the magic cookie is no branch; no branch at all is an RFC 2543
        // hop, matched by Call-ID, CSeq and From tag instead.
        if let branch = topVia?.branch, branch.isEmpty || branch == Via.magicCookie {
            return SIPRejection(400, "Via without a usable branch")
        }
        guard let cseq = try? CSeq.parse(request["CSeq"]!) else { return SIPRejection(400, "Bad CSeq") }
        guard cseq.method == method else { return SIPRejection(400, "CSeq method does not match the request") }
        if let maxForwards = request["Max-Forwards"] {
            guard maxForwards.count <= 4, maxForwards.allSatisfy(\.isASCII), let hops = Int(maxForwards), (0...255).contains(hops) else {
                return SIPRejection(400, "Bad Max-Forwards")
            }
            if hops == 0 { return SIPRejection(483, "Too Many Hops") }
        }
        // The request URI: sip or sips, no headers.
        switch SIPURI.scheme(of: uri) {
        case "sip", "sips":
            guard let parsed = try? SIPURI.parse(uri) else { return SIPRejection(400, "Bad Request-URI") }
            if parsed.headers != nil { return SIPRejection(400, "Headers in the Request-URI") }
        default:
            return SIPRejection(416, "Unsupported URI Scheme")
        }
        var from: NameAddress?
        for name in ["To", "From"] {
            guard let address = try? NameAddress.parse(request[name]!) else { return SIPRejection(400, "Bad \(name)") }
            guard let scheme = address.scheme, ["sip", "sips", "tel"].contains(scheme) else { return SIPRejection(416, "Unsupported URI Scheme in \(name)") }
            if name == "From" { from = address }
        }
        // RFC 3261 requires a From tag (RFC 2543 did not): without one no dialog can be matched.
        guard from?.tag?.isEmpty == false else { return SIPRejection(400, "From without tag") }
        for value in request.values("Contact") {
            guard let contact = try? NameAddress.parse(value) else { return SIPRejection(400, "Bad Contact") }
            if let sip = contact.sipURI, sip.headers != nil, method == "REGISTER" { return SIPRejection(400, "Headers in a registered Contact") }
        }
        if let date = request["Date"], !date.hasSuffix(" GMT") { return SIPRejection(400, "Date must be in GMT") }
        let required = request.values("Require").filter { !supported.contains($0) }
        if !required.isEmpty {
            return SIPRejection(420, "Bad Extension", headers: [SIPHeader("Unsupported", required.joined(separator: ", "))])
        }
        if !request.body.isEmpty, let type = request["Content-Type"], method == "INVITE" {
            let media = type.split(separator: ";").first.map { $0.trimmingWhitespace().lowercased() } ?? ""
            guard media == "application/sdp" || media.hasPrefix("multipart/") else {
                return SIPRejection(415, "Unsupported Media Type", headers: [SIPHeader("Accept", "application/sdp")])
            }
        }
        if method == "INVITE", !request.values("Accept").isEmpty,
            !request.values("Accept").contains(where: { $0.lowercased().hasPrefix("application/sdp") || $0.hasPrefix("*/*") || $0.lowercased().hasPrefix("application/*") })
        {
            return SIPRejection(406, "Not Acceptable")
        }
        return nil
    }
}
