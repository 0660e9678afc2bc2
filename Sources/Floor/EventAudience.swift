import ContactCenter
import Organisation
import SwitchboardCore

/// Who sees which of the floor's events (`GET /events`): supervisors, administrators and QA
/// everything; a team leader what concerns their team; an agent what concerns them. Those who
/// watch the floor (read calls) get its alerts too, about the agents they see.
public struct EventAudience: Sendable {
    /// Sees every event.
    public let everything: Bool
    /// Otherwise: the agents whose events are seen.
    public let agents: Set<AgentID>
    /// Gets the floor's alerts.
    public let watchesFloor: Bool

    public init(everything: Bool, agents: Set<AgentID>, watchesFloor: Bool) {
        self.everything = everything
        self.agents = agents
        self.watchesFloor = watchesFloor
    }

    /// The audience a signed-in person is.
    public static func of(_ principal: Principal, service: any OrganisationDirectory) async throws -> EventAudience {
        let team = try await service.teamScope(of: principal)
        let watching = Permissions.allows(principal.roles, to: .read, .calls)
        var concerned = Set(try await service.profile(of: principal).agentId.map { [AgentID($0)] } ?? [])
        if let team {
            concerned.formUnion(try await service.agents(teamId: team, by: principal).map { AgentID($0.id) })
        }
        return EventAudience(everything: watching && team == nil, agents: concerned, watchesFloor: watching)
    }

    /// Whether this audience sees an effect of the routing engine.
    public func sees(_ effect: RoutingEffect, center: ContactCenter) async -> Bool {
        if everything || Self.concerns(effect, agents) { return true }
        return await Self.aboutOwnCall(effect, agents, center)
    }

    /// Whether this audience sees an alert: one about an agent only if it sees that agent.
    public func sees(_ alert: Alert) -> Bool {
        guard watchesFloor else { return false }
        guard let agent = alert.agentId, !everything else { return true }
        return agents.contains(AgentID(agent))
    }

    /// Whether an effect concerns one of the agents (their state, their calls).
    static func concerns(_ effect: RoutingEffect, _ agents: Set<AgentID>) -> Bool {
        switch effect {
        case .agentStateChanged(let id, _, _): return agents.contains(id)
        case .callOffered(_, let to, _): return agents.contains(to)
        case .offerWithdrawn(_, let from, _): return agents.contains(from)
        case .callAnswered(_, let by, _): return agents.contains(by)
        case .callTransferred(_, let from, _, let to): return agents.contains(from) || to.map(agents.contains) == true
        case .callEscalated(_, let from, _): return agents.contains(from)
        case .callTakenOver(_, let from, let by): return agents.contains(from) || agents.contains(by)
        case .consultStarted(_, let from, let to, _): return agents.contains(from) || agents.contains(to)
        case .consultAnswered(_, let by): return agents.contains(by)
        case .consultEnded(_, let with, _), .conferenceStarted(_, let with): return agents.contains(with)
        case .conferenceLeft(_, let agent): return agents.contains(agent)
        case .callEnded(let record): return record.agent.map(agents.contains) == true
        default: return false
        }
    }

    /// How the agent who started a consultation learns that the colleague answered or that
    /// it ended: the effect names the colleague, so ask who has the call.
    static func aboutOwnCall(_ effect: RoutingEffect, _ agents: Set<AgentID>, _ center: ContactCenter) async -> Bool {
        switch effect {
        case .consultAnswered(let call, _), .consultEnded(let call, _, _):
            guard let agent = await center.agent(on: call) else { return false }
            return agents.contains(agent)
        default: return false
        }
    }
}
