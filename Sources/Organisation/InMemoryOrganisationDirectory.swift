import SwitchboardCore

/// The organisation in memory, for tests of the features that ask it (`OrganisationDirectory`):
/// people, agents, teams and queues as the test puts them, with the same permission checks as
/// the database's answers.
public actor InMemoryOrganisationDirectory: OrganisationDirectory {
    public private(set) var profiles: [Int64: Profile] = [:]
    public private(set) var agentViews: [Int64: AgentView] = [:]
    public private(set) var teamViews: [Int64: TeamView] = [:]
    public private(set) var queueList: [Queue] = []
    private var nextId: Int64 = 1

    public init() {}

    /// A team; its id.
    @discardableResult
    public func addTeam(_ name: String, leaderId: Int64? = nil) -> Int64 {
        let id = newId()
        teamViews[id] = TeamView(id: id, name: name, leaderId: leaderId, agentCount: 0, warnings: [])
        return id
    }

    /// A person (and, with `agent`, their agent record); the principal they act as.
    public func addPerson(_ username: String, roles: [Role], agent: Bool = false, teamId: Int64? = nil, skills: [SkillLevel] = []) -> Principal {
        let userId = newId()
        var agentId: Int64?
        if agent {
            let id = newId()
            agentViews[id] = AgentView(id: id, userId: userId, username: username, displayName: username, teamId: teamId, skills: skills)
            if let teamId { teamViews[teamId]?.agentCount += 1 }
            agentId = id
        }
        profiles[userId] = Profile(
            id: userId, username: username, displayName: username, language: .en, roles: roles, agentId: agentId,
            teamId: teamId, teamName: teamId.flatMap { teamViews[$0]?.name })
        return Principal(userId: userId, username: username, roles: roles)
    }

    /// Makes a person the leader of a team: the team their profile names from now on (before
    /// the one their agent record sits in, as in the database). A former leader keeps only
    /// their agent record's team.
    public func lead(_ teamId: Int64, by principal: Principal) {
        guard let userId = principal.userId else { return }
        if let former = teamViews[teamId]?.leaderId, former != userId, var profile = profiles[former] {
            profile.teamId = profile.agentId.flatMap { agentViews[$0]?.teamId }
            profile.teamName = profile.teamId.flatMap { teamViews[$0]?.name }
            profiles[former] = profile
        }
        teamViews[teamId]?.leaderId = userId
        profiles[userId]?.teamId = teamId
        profiles[userId]?.teamName = teamViews[teamId]?.name
    }

    public func addQueue(_ queue: Queue) { queueList.append(queue) }

    private func newId() -> Int64 {
        defer { nextId += 1 }
        return nextId
    }

    public func profile(of principal: Principal) async throws -> Profile {
        guard let userId = principal.userId, let profile = profiles[userId] else { throw SwitchboardError.unauthenticated }
        return profile
    }

    public func agent(_ id: Int64, by principal: Principal) async throws -> AgentView {
        try principal.require(.read, .agents)
        guard let agent = agentViews[id] else { throw SwitchboardError.notFound("agent", id: id) }
        return agent
    }

    public func agents(teamId: Int64?, by principal: Principal) async throws -> [AgentView] {
        try principal.require(.read, .agents)
        return agentViews.values.filter { teamId == nil || $0.teamId == teamId }.sorted { $0.id < $1.id }
    }

    public func teams(by principal: Principal) async throws -> [TeamView] {
        try principal.require(.read, .teams)
        return teamViews.values.sorted { $0.id < $1.id }
    }

    public func queues(by principal: Principal) async throws -> [Queue] {
        try principal.require(.read, .queues)
        return queueList
    }

    public func queue(_ id: Int64, by principal: Principal) async throws -> Queue {
        try principal.require(.read, .queues)
        guard let queue = queueList.first(where: { $0.id == id }) else { throw SwitchboardError.notFound("queue", id: id) }
        return queue
    }
}
