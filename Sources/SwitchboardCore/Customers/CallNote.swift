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
