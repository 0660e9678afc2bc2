import ContactCenter
import Demo
import Floor
import Organisation
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

/// Who sees which of the floor's events and alerts, without HTTP, on SQLite and PostgreSQL.
@Suite("The floor's event audience: everything, a team, or one's own")
struct EventAudienceTests {
    static func with(_ kind: TestDatabase, _ body: (OrganisationService, ContactCenter) async throws -> Void) async throws {
        try await kind.with { (database: Database) async throws in
            let clock = TestClock()
            let service = OrganisationService.forTesting(database, clock: clock)
            try await DemoOrganisation.seedIfEmpty(service)
            try await body(service, try await ContactCenter(database: database, clock: { clock.now }))
        }
    }

    static func audience(_ username: String, _ service: OrganisationService) async throws -> EventAudience {
        let user = try #require(try await service.users(by: .console).first { $0.username == username })
        return try await EventAudience.of(Principal(user), service: service)
    }

    static func agent(_ username: String, _ service: OrganisationService) async throws -> AgentID {
        AgentID(try #require(try await service.agents(by: .console).first { $0.username == username }).id)
    }

    @Test("a supervisor sees all; a team leader their team; an agent themselves; alerts only for those who watch the floor", arguments: TestDatabase.available)
    func audiences(_ kind: TestDatabase) async throws {
        try await Self.with(kind) { service, center in
            // agent01 … agent13 are teamlead1's team; agent27 is in the third team.
            let agent01 = try await Self.agent("agent01", service), agent02 = try await Self.agent("agent02", service)
            let agent27 = try await Self.agent("agent27", service)
            let stateOf = { (agent: AgentID) in RoutingEffect.agentStateChanged(agent, .available, at: Instant(millisecondsSinceEpoch: 0)) }
            let alertAbout = { (agent: AgentID) in
                Alert(kind: .agentNotReady, queueId: nil, agentId: agent.rawValue, value: 900, threshold: 600, message: "long break")
            }
            let queueAlert = Alert(kind: .longestWait, queueId: 1, agentId: nil, value: 200, threshold: 120, message: "waiting")

            let supervisor = try await Self.audience("supervisor", service)
            #expect(supervisor.everything && supervisor.watchesFloor)
            #expect(await supervisor.sees(stateOf(agent27), center: center))
            #expect(supervisor.sees(alertAbout(agent27)) && supervisor.sees(queueAlert))

            let leader = try await Self.audience("teamlead1", service)
            #expect(!leader.everything && leader.watchesFloor)
            #expect(await leader.sees(stateOf(agent02), center: center))
            #expect(await !leader.sees(stateOf(agent27), center: center))
            #expect(leader.sees(alertAbout(agent02)) && !leader.sees(alertAbout(agent27)))

            let agent = try await Self.audience("agent01", service)
            #expect(!agent.everything && !agent.watchesFloor)
            #expect(await agent.sees(stateOf(agent01), center: center))
            #expect(await !agent.sees(stateOf(agent02), center: center))
            #expect(!agent.sees(alertAbout(agent01)) && !agent.sees(queueAlert), "agents get no alerts")
        }
    }
}
