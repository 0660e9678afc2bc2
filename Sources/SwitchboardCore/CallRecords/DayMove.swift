/// An agent moved into (`add`) or out of (`remove`) a queue for one day.
public struct DayMove: Codable, Equatable, Sendable {
    public var agentId: Int64
    public var day: String
    public var queueId: Int64
    /// add or remove.
    public var mode: String

    public init(agentId: Int64, day: String, queueId: Int64, mode: String) {
        self.agentId = agentId
        self.day = day
        self.queueId = queueId
        self.mode = mode
    }
}
