/// An agent's own figures today (`GET /agents/{id}/today`).
public struct AgentToday: Encodable, Sendable {
    public var agentId: Int64
    public var handled: Int
    public var talkSeconds: Double
    public var wrapUpSeconds: Double
    public var ahtSeconds: Double?
}
