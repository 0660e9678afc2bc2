/// A stored call: the facts of its record; `endedAt` is nil while it lives.
public struct StoredCall: Codable, Equatable, Sendable {
    public var id: Int64
    public var firstQueueId: Int64
    public var lastQueueId: Int64
    public var from: String
    public var customerId: String?
    public var priority: Int
    public var arrivedAt: Instant
    public var answeredAt: Instant?
    public var agentId: Int64?
    public var endedAt: Instant?
    public var outcome: String?
    public var holdCount: Int
    public var holdMilliseconds: Int64
    public var transfers: Int
    public var escalated: Bool
    public var consultations: Int
    public var conferenced: Bool

    public init(
        id: Int64, firstQueueId: Int64, lastQueueId: Int64, from: String, customerId: String? = nil, priority: Int, arrivedAt: Instant,
        answeredAt: Instant? = nil, agentId: Int64? = nil, endedAt: Instant? = nil, outcome: String? = nil, holdCount: Int,
        holdMilliseconds: Int64, transfers: Int, escalated: Bool, consultations: Int, conferenced: Bool
    ) {
        self.id = id
        self.firstQueueId = firstQueueId
        self.lastQueueId = lastQueueId
        self.from = from
        self.customerId = customerId
        self.priority = priority
        self.arrivedAt = arrivedAt
        self.answeredAt = answeredAt
        self.agentId = agentId
        self.endedAt = endedAt
        self.outcome = outcome
        self.holdCount = holdCount
        self.holdMilliseconds = holdMilliseconds
        self.transfers = transfers
        self.escalated = escalated
        self.consultations = consultations
        self.conferenced = conferenced
    }
}
