import SwitchboardCore

/// An agent's moves between queues today and the queues they serve now.
public struct DayQueues: Encodable, Sendable {
    public var agentId: Int64
    public var day: String
    public var moves: [DayMove]
    public var serving: [Int64]
}
