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
