/// One line of a call's timeline: queued, offered, answered, held, resumed, transferred, …
public struct CallEvent: Codable, Equatable, Sendable {
    public var at: Instant
    public var kind: String
    public var agentId: Int64?
    public var queueId: Int64?
    public var detail: String?

    public init(at: Instant, kind: String, agentId: Int64? = nil, queueId: Int64? = nil, detail: String? = nil) {
        self.at = at
        self.kind = kind
        self.agentId = agentId
        self.queueId = queueId
        self.detail = detail
    }
}
