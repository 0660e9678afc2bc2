import SwitchboardCore

/// Who is a customer already, as an import sees it, so that importing the same file twice adds
/// nobody twice: a customer is known by e-mail, or (without one) by last name and a phone
/// number — on record, or earlier in the file. Both stores apply this one rule inside the
/// import's transaction.
public struct CustomerIdentities: Sendable {
    /// Customer ids by lower-cased e-mail address.
    public var byEmail: [String: Int64]
    /// Customer ids by number (E.164), then by lower-cased last name.
    public var byPhone: [String: [String: Int64]]

    public init(byEmail: [String: Int64] = [:], byPhone: [String: [String: Int64]] = [:]) {
        self.byEmail = byEmail
        self.byPhone = byPhone
    }

    /// The customer this checked draft already is, and the field that told: by e-mail; else
    /// (no e-mail, or one not on record) by last name and a number.
    public func twin(of draft: CustomerDraft) -> (id: Int64, field: String)? {
        if let email = draft.email?.lowercased(), let id = byEmail[email] { return (id, "email") }
        let lastName = draft.lastName.lowercased()
        if let id = draft.phones.lazy.compactMap({ byPhone[$0]?[lastName] }).first { return (id, "phone") }
        return nil
    }

    /// Knows the draft, just stored as `id`, for the rows after it.
    public mutating func remember(_ draft: CustomerDraft, as id: Int64) {
        if let email = draft.email?.lowercased() { byEmail[email] = id }
        for phone in draft.phones { byPhone[phone, default: [:]][draft.lastName.lowercased()] = id }
    }
}
