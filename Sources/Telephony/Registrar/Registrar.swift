import SwitchboardCore

/// Where each account's phones can be reached (RFC 3261 §10.3): contact bindings with their
/// expiry, refreshed, replaced and removed by REGISTER. Soft state: phones register again after
/// a restart, as they do after every expiry.
public struct Registrar: Sendable {
    public struct Binding: Sendable, Equatable {
        /// The contact URI the phone gave.
        public var contact: String
        /// Where its REGISTER came from: requests to the phone go there (it may sit behind NAT).
        public var address: SIPAddress
        public var expires: Instant
        public var callID: String
        public var cseq: UInt32

        public init(contact: String, address: SIPAddress, expires: Instant, callID: String, cseq: UInt32) {
            self.contact = contact
            self.address = address
            self.expires = expires
            self.callID = callID
            self.cseq = cseq
        }
    }

    public var minimumExpiry = 60
    public var maximumExpiry = 3600
    public var defaultExpiry = 3600
    var bindings: [String: [Binding]] = [:]

    public init() {}

    public enum Outcome: Sendable, Equatable {
        /// 200 with these bindings (for the Contact headers of the answer).
        case registered([Binding])
        /// 423 with Min-Expires.
        case intervalTooBrief(minimum: Int)
        case badRequest(String)
    }

    /// Applies an authenticated REGISTER for `account` that came from `source`.
    public mutating func register(_ request: SIPMessage, account: String, source: SIPAddress, at now: Instant) -> Outcome {
        expire(at: now)
        guard let callID = request.callID, let cseq = request.cseq else { return .badRequest("Call-ID and CSeq are required") }
        let headerExpiry = request["Expires"].map { Int($0.trimmingWhitespace()) }
        if case .some(nil) = headerExpiry { return .badRequest("Expires is a number of seconds") }
        var contacts: [NameAddress] = []
        for value in request.values("Contact") {
            guard let contact = try? NameAddress.parse(value) else { return .badRequest("Bad Contact") }
            contacts.append(contact)
        }
        if contacts.contains(where: \.isWildcard) {
            guard contacts.count == 1, headerExpiry == .some(0) else { return .badRequest("Contact: * needs Expires: 0 and no other contact") }
            bindings[account] = nil
            return .registered([])
        }
        var current = bindings[account] ?? []
        for contact in contacts {
            guard let scheme = contact.scheme, scheme == "sip" || scheme == "sips", contact.sipURI != nil else {
                return .badRequest("Contacts must be sip: URIs")
            }
            let parameterExpiry = contact.parameters["expires"].map { $0.flatMap { Int($0) } }
            if case .some(nil) = parameterExpiry { return .badRequest("expires is a number of seconds") }
            let seconds = (parameterExpiry ?? nil) ?? (headerExpiry ?? nil) ?? defaultExpiry
            guard seconds >= 0 else { return .badRequest("expires is not negative") }
            if seconds > 0, seconds < minimumExpiry { return .intervalTooBrief(minimum: minimumExpiry) }
            if let existing = current.firstIndex(where: { $0.contact == contact.uri }) {
                // An older request of the same registration, arriving late, changes nothing.
                if current[existing].callID == callID, current[existing].cseq >= cseq.number { continue }
                current.remove(at: existing)
            }
            if seconds > 0 {
                current.append(Binding(
                    contact: contact.uri, address: source, expires: now + .seconds(Int64(min(seconds, maximumExpiry))), callID: callID, cseq: cseq.number))
            }
        }
        bindings[account] = current.isEmpty ? nil : current
        return .registered(current)
    }

    /// The account's live bindings, newest first.
    public func contacts(of account: String, at now: Instant) -> [Binding] {
        (bindings[account] ?? []).filter { $0.expires > now }.reversed()
    }

    public func isRegistered(_ account: String, at now: Instant) -> Bool { !contacts(of: account, at: now).isEmpty }

    /// Every live binding, by account.
    public func all(at now: Instant) -> [(account: String, binding: Binding)] {
        bindings.sorted { $0.key < $1.key }.flatMap { account, list in list.filter { $0.expires > now }.map { (account, $0) } }
    }

    public mutating func expire(at now: Instant) {
        for (account, list) in bindings {
            let live = list.filter { $0.expires > now }
            bindings[account] = live.isEmpty ? nil : live
        }
    }
}
