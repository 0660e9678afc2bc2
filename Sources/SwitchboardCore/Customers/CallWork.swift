/// What an agent records about a call.

/// The call's note, saved as it is typed: one per call, the last save wins.
public struct CallNote: Codable, Equatable, Sendable {
    public var callId: Int64
    public var text: String
    public var agentId: Int64?
    public var updatedAt: Instant

    public init(callId: Int64, text: String, agentId: Int64?, updatedAt: Instant) {
        self.callId = callId
        self.text = text
        self.agentId = agentId
        self.updatedAt = updatedAt
    }

    public static let maximumLength = 20_000

    enum CodingKeys: String, CodingKey { case callId, text, agentId, updatedAt }

    /// Moments as ISO 8601, like the rest of the API.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(callId, forKey: .callId)
        try container.encode(text, forKey: .text)
        try container.encode(agentId, forKey: .agentId)
        try container.encode(updatedAt.iso8601, forKey: .updatedAt)
    }
}

/// A code from the center's list of call outcomes ("resolved", "followUp", …).
public struct DispositionCode: Codable, Equatable, Sendable {
    public var code: String
    public var label: String

    public init(code: String, label: String) {
        self.code = code
        self.label = label
    }
}

/// How the call ended, in the agent's words, with an optional follow-up task.
public struct CallDisposition: Codable, Equatable, Sendable {
    public var callId: Int64
    public var code: String
    public var reason: String?
    /// A calendar date (YYYY-MM-DD) by which to follow up.
    public var followUpDue: String?
    public var followUpText: String?
    public var agentId: Int64?
    public var updatedAt: Instant

    public init(callId: Int64, code: String, reason: String?, followUpDue: String?, followUpText: String?, agentId: Int64?, updatedAt: Instant) {
        self.callId = callId
        self.code = code
        self.reason = reason
        self.followUpDue = followUpDue
        self.followUpText = followUpText
        self.agentId = agentId
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey { case callId, code, reason, followUpDue, followUpText, agentId, updatedAt }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(callId, forKey: .callId)
        try container.encode(code, forKey: .code)
        try container.encode(reason, forKey: .reason)
        try container.encode(followUpDue, forKey: .followUpDue)
        try container.encode(followUpText, forKey: .followUpText)
        try container.encode(agentId, forKey: .agentId)
        try container.encode(updatedAt.iso8601, forKey: .updatedAt)
    }
}

/// A sales referral: a customer an agent passed on for a product (credit unions count them per
/// agent; the goal is five a month).
public struct Referral: Codable, Equatable, Sendable {
    public var id: Int64
    public var customerId: Int64
    public var product: String
    public var agentId: Int64
    public var callId: Int64?
    public var at: Instant

    public init(id: Int64, customerId: Int64, product: String, agentId: Int64, callId: Int64?, at: Instant) {
        self.id = id
        self.customerId = customerId
        self.product = product
        self.agentId = agentId
        self.callId = callId
        self.at = at
    }

    enum CodingKeys: String, CodingKey { case id, customerId, product, agentId, callId, at }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(customerId, forKey: .customerId)
        try container.encode(product, forKey: .product)
        try container.encode(agentId, forKey: .agentId)
        try container.encode(callId, forKey: .callId)
        try container.encode(at.iso8601, forKey: .at)
    }
}

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
