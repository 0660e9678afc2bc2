/// An agent's state now, as `GET /realtime/agents` lists it.
public struct AgentRealtime: Encodable, Sendable {
    var agentId: Int64
    var username: String
    var displayName: String
    var teamId: Int64?
    var state: String
    var reason: String?
    var callId: Int64?
    var secondsInState: Double?
}
