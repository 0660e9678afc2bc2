import Organisation
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

/// Where a feature's use case keeps its data in a test: in memory (the fakes: its store and
/// `InMemoryOrganisationDirectory`) or a real database (SQLite always, PostgreSQL when CI
/// provides one). Each use-case test runs on all of them, so the rules are specified once and
/// the fakes are held to what the databases do.
enum Backend: CustomStringConvertible, Sendable {
    case memory
    case database(TestDatabase)

    static var all: [Backend] { [.memory] + TestDatabase.available.map { .database($0) } }

    var description: String {
        switch self {
        case .memory: "in memory"
        case .database(let kind): kind.rawValue
        }
    }

    /// Runs `body` with an empty organisation on this backend.
    func with(_ body: (World) async throws -> Void) async throws {
        let clock = TestClock()
        switch self {
        case .memory:
            let memory = InMemoryOrganisationDirectory()
            try await body(World(clock: clock, directory: memory, service: nil, memory: memory))
        case .database(let kind):
            try await kind.with { database in
                let service = OrganisationService.forTesting(database, clock: clock)
                try await body(World(clock: clock, directory: service, service: service, memory: nil))
            }
        }
    }
}

/// An organisation a test builds on either backend: teams and people, the clock, and the
/// directory and database the feature's use case is made from.
struct World: Sendable {
    let clock: TestClock
    let directory: any OrganisationDirectory
    /// The database's organisation; nil in memory.
    let service: OrganisationService?
    /// The fake directory; nil on a database.
    let memory: InMemoryOrganisationDirectory?

    var database: Database? { service?.database }
    var now: @Sendable () -> Instant { { [clock] in clock.now } }

    /// A team; its id.
    func team(_ name: String) async throws -> Int64 {
        if let service { return try await service.createTeam(TeamInput(name: name), by: .console).id }
        return try await #require(memory).addTeam(name)
    }

    /// A person with these roles (and an agent record in `team` when `agent`); who they act as.
    func person(_ username: String, _ roles: [Role], agent: Bool = false, team: Int64? = nil) async throws -> Principal {
        if let service {
            let user = try await service.createUser(
                UserInput(username: username, displayName: username, roles: roles.map(\.rawValue), password: "correct horse 1"), by: .console)
            if agent { _ = try await service.createAgent(AgentInput(userId: user.id, teamId: team.map { .value($0) } ?? .absent), by: .console) }
            return Principal(user)
        }
        return try await #require(memory).addPerson(username, roles: roles, agent: agent, teamId: team)
    }

    /// Makes a team leader lead a team.
    func lead(_ team: Int64, by leader: Principal) async throws {
        if let service {
            _ = try await service.updateTeam(team, TeamInput(leaderId: .value(try #require(leader.userId))), by: .console)
        } else {
            try await #require(memory).lead(team, by: leader)
        }
    }

    /// The agent record of a person.
    func agentId(of principal: Principal) async throws -> Int64 {
        try #require(try await directory.profile(of: principal).agentId)
    }
}
