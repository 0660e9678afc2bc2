/// An agent's routing state now, as the desk shows it.
public struct AgentStatus: Encodable, Sendable {
    public var agentId: Int64
    public var state: String
    public var reason: String?
    public var callId: Int64?
    public var since: String?
    /// When wrap-up ends by itself (the agent's page counts down to it).
    public var wrapUpUntil: String?
}
