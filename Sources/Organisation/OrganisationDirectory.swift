import SwitchboardCore

/// What the other features ask of the organisation: who a person is, the agents, teams and
/// queues. `OrganisationService` answers from the database; `InMemoryOrganisationDirectory`
/// is the fake, so that a feature's rules are tested without one.
public protocol OrganisationDirectory: Sendable {
    /// The signed-in person; `unauthenticated` for the console or a user that is gone.
    func profile(of principal: Principal) async throws -> Profile
    /// One agent; `notFound` when there is none.
    func agent(_ id: Int64, by principal: Principal) async throws -> AgentView
    /// Every agent, or a team's.
    func agents(teamId: Int64?, by principal: Principal) async throws -> [AgentView]
    func teams(by principal: Principal) async throws -> [TeamView]
    func queues(by principal: Principal) async throws -> [Queue]
    /// One queue; `notFound` when there is none.
    func queue(_ id: Int64, by principal: Principal) async throws -> Queue
}

extension OrganisationDirectory {
    public func agents(by principal: Principal) async throws -> [AgentView] {
        try await agents(teamId: nil, by: principal)
    }

    /// The team whose figures the person is limited to (`Principal.seesOnlyOwnTeam`), or nil for
    /// the whole floor. A team leader without a team gets -1: no team's figures at all.
    public func teamScope(of principal: Principal) async throws -> Int64? {
        guard principal.seesOnlyOwnTeam else { return nil }
        return try await profile(of: principal).teamId ?? -1
    }
}
