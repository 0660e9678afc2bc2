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
