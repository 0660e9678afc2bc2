/// One stay of a call in one queue: from entering (arrival, transfer, escalation, overflow)
/// to leaving (answered and finished, transferred on, overflowed, abandoned, ended). Each
/// queue's figures count its own visits.
public struct QueueVisit: Codable, Equatable, Sendable {
    public var queueId: Int64
    public var enteredAt: Instant
    public var answeredAt: Instant?
    /// The agent who answered in this queue (a later warm transfer changes the call's agent,
    /// not this).
    public var agentId: Int64?
    public var leftAt: Instant?
    public var outcome: String?

    public init(queueId: Int64, enteredAt: Instant, answeredAt: Instant? = nil, agentId: Int64? = nil, leftAt: Instant? = nil, outcome: String? = nil) {
        self.queueId = queueId
        self.enteredAt = enteredAt
        self.answeredAt = answeredAt
        self.agentId = agentId
        self.leftAt = leftAt
        self.outcome = outcome
    }
}
