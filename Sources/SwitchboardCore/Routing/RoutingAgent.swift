/// An agent as the routing engine sees it: skills and whether they lead a team.
public struct RoutingAgent: Sendable, Equatable {
    public var id: AgentID
    public var skills: [SkillID: Int]
    public var isTeamLeader: Bool
    /// The agent's team (its id), for commands a team leader may give only within their team.
    public var team: Int64?
    /// Moved for the day by a supervisor: queues the agent takes whatever their skills, and
    /// queues they do not take whatever their skills (removal wins).
    public var addedQueues: Set<QueueID> = []
    public var removedQueues: Set<QueueID> = []
    /// Auto-answer ("auto-accept"): a call routed to the agent connects at once, without ringing
    /// and without an `answer` command — the simulator's robot agents, and a headset that picks
    /// up by itself. The engine still reports the offer (`callOffered`, ringing until now), then
    /// the answer; consultations still ring.
    public var autoAnswer = false

    public init(id: AgentID, skills: [SkillID: Int], isTeamLeader: Bool = false, team: Int64? = nil, autoAnswer: Bool = false) {
        self.id = id
        self.skills = skills
        self.isTeamLeader = isTeamLeader
        self.team = team
        self.autoAnswer = autoAnswer
    }
}
