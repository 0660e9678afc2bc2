/// A follow-up task: a call's disposition with a date by which someone must come back to it.
public struct FollowUp: Codable, Equatable, Sendable {
    public var callId: Int64
    public var code: String
    /// YYYY-MM-DD.
    public var due: String
    public var text: String?
    public var agentId: Int64?
    /// The caller's number and the customer the call was for, to call back.
    public var from: String
    public var customerId: String?
    public var doneAt: Instant?

    public init(callId: Int64, code: String, due: String, text: String?, agentId: Int64?, from: String, customerId: String?, doneAt: Instant?) {
        self.callId = callId
        self.code = code
        self.due = due
        self.text = text
        self.agentId = agentId
        self.from = from
        self.customerId = customerId
        self.doneAt = doneAt
    }

    enum CodingKeys: String, CodingKey { case callId, code, due, text, agentId, from, customerId, doneAt }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(callId, forKey: .callId)
        try container.encode(code, forKey: .code)
        try container.encode(due, forKey: .due)
        try container.encode(text, forKey: .text)
        try container.encode(agentId, forKey: .agentId)
        try container.encode(from, forKey: .from)
        try container.encode(customerId, forKey: .customerId)
        try container.encode(doneAt?.iso8601, forKey: .doneAt)
    }

    /// Open and due before `today`.
    public func isOverdue(on today: LocalDate) -> Bool {
        guard doneAt == nil, let date = try? LocalDate(parsing: due, field: "due") else { return false }
        return date < today
    }
}
