import Organisation
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

/// Supervision's rules without HTTP — directed states in the audit log, and who may move which
/// agent between queues for a day — in memory and on each database. That the live engine
/// follows the moves is specified in `WebTests/WallboardAPITests`.
@Suite("Supervision: directed states and moves between queues for a day")
struct SupervisionTests {
    /// The use case on the backend, with two queues to move agents between.
    struct Setup: Sendable {
        let world: World
        let supervision: Supervision
        let store: InMemorySupervisionStore?
        let helpdesk: Int64
        let sales: Int64

        /// The supervision records in the audit log (directed states, moves, clears), oldest first.
        func audit() async throws -> [AuditEntry] {
            if let store { return await store.audit }
            let entries = try await #require(world.service).auditLog(entity: "agent", by: .console)
            return entries.filter { $0.action.hasPrefix("agent.state.") || $0.action.hasPrefix("agent.queues.") }.reversed()
        }
    }

    static let day = "2026-11-18"

    static func with(_ backend: Backend, _ body: (Setup) async throws -> Void) async throws {
        try await backend.with { world in
            var queues: [Int64] = []
            for (name, number) in [("Helpdesk", "800"), ("Sales", "805")] {
                if let service = world.service {
                    queues.append(try await service.createQueue(QueueInput(name: name, extensionNumber: number), by: .console).id)
                } else {
                    let id = Int64(900 + queues.count)
                    try await #require(world.memory).addQueue(Queue(id: id, settings: QueueSettings(name: name, extensionNumber: number)))
                    queues.append(id)
                }
            }
            if let service = world.service {
                try await body(Setup(world: world, supervision: Supervision(service), store: nil, helpdesk: queues[0], sales: queues[1]))
            } else {
                let store = InMemorySupervisionStore()
                let supervision = Supervision(store: store, directory: world.directory, clock: world.now)
                try await body(Setup(world: world, supervision: supervision, store: store, helpdesk: queues[0], sales: queues[1]))
            }
        }
    }

    @Test("a directed state is recorded with who set it, the state, the reason code and why; a why over 500 characters is refused unrecorded", arguments: Backend.all)
    func directedState(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world
            let supervisor = try await world.person("sup", [.supervisor])
            let annId = try await world.agentId(of: try await world.person("ann", [.agent], agent: true))

            try await setup.supervision.recordDirectedState(agentId: annId, state: "notReady", reason: "coaching", because: " One-to-one at 14:00 ", by: supervisor)
            try await setup.supervision.recordDirectedState(agentId: annId, state: "available", reason: nil, because: "  ", by: supervisor)
            let long = await #expect(throws: SwitchboardError.self) {
                try await setup.supervision.recordDirectedState(agentId: annId, state: "available", reason: nil, because: String(repeating: "x", count: 501), by: supervisor)
            }
            #expect(long?.field == "because")

            let audit = try await setup.audit()
            #expect(audit.map(\.action) == ["agent.state.directed", "agent.state.directed"])
            #expect(audit.allSatisfy { $0.entity == "agent" && $0.entityId == annId && $0.actorUserId == supervisor.userId && $0.actorUsername == "sup" })
            #expect(audit.map(\.after) == [#"{"because":"One-to-one at 14:00","reason":"coaching","state":"notReady"}"#, #"{"state":"available"}"#])
            #expect(audit.first?.at == world.clock.now)
        }
    }

    @Test("supervisors and workforce planners move any agent for the day, a team leader only their team's, an agent nobody; each move audited", arguments: Backend.all)
    func whoMoves(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world
            let north = try await world.team("North"), south = try await world.team("South")
            let leader = try await world.person("leader", [.teamLeader])
            try await world.lead(north, by: leader)
            let supervisor = try await world.person("sup", [.supervisor])
            let planner = try await world.person("wfm", [.workforce])
            let ann = try await world.person("ann", [.agent], agent: true, team: north)
            let annId = try await world.agentId(of: ann)
            let bobId = try await world.agentId(of: try await world.person("bob", [.agent], agent: true, team: south))

            let moved = try await setup.supervision.moveAgentForDay(annId, DayQueueMove(from: setup.helpdesk, to: setup.sales), day: Self.day, by: supervisor)
            #expect(moved == [
                DayMove(agentId: annId, day: Self.day, queueId: setup.helpdesk, mode: "remove"),
                DayMove(agentId: annId, day: Self.day, queueId: setup.sales, mode: "add"),
            ])
            _ = try await setup.supervision.moveAgentForDay(bobId, DayQueueMove(to: setup.sales), day: Self.day, by: planner)
            // Back to the helpdesk: the row changes its mode, no second row.
            let back = try await setup.supervision.moveAgentForDay(annId, DayQueueMove(from: setup.sales, to: setup.helpdesk), day: Self.day, by: leader)
            #expect(back.map(\.mode) == ["add", "remove"] && back.map(\.queueId) == [setup.helpdesk, setup.sales])

            let outsideTeam = await #expect(throws: SwitchboardError.self) {
                try await setup.supervision.moveAgentForDay(bobId, DayQueueMove(to: setup.helpdesk), day: Self.day, by: leader)
            }
            #expect(outsideTeam?.code == "forbidden")
            let herself = await #expect(throws: SwitchboardError.self) {
                try await setup.supervision.moveAgentForDay(annId, DayQueueMove(to: setup.sales), day: Self.day, by: ann)
            }
            #expect(herself?.code == "forbidden")

            let audit = try await setup.audit()
            #expect(audit.map(\.action) == ["agent.queues.moveForDay", "agent.queues.moveForDay", "agent.queues.moveForDay"], "refused moves leave no record")
            #expect(audit.map(\.entityId) == [annId, bobId, annId])
            #expect(audit.map(\.actorUsername) == ["sup", "wfm", "leader"])
            #expect(audit.first?.after == #"{"day":"\#(Self.day)","from":\#(setup.helpdesk),"to":\#(setup.sales)}"#)
            #expect(audit[1].after == #"{"day":"\#(Self.day)","from":null,"to":\#(setup.sales)}"#)
        }
    }

    @Test("a move names a queue to leave or to take, not the same one, each of them existing; the agent must exist", arguments: Backend.all)
    func moveValidation(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world
            let supervisor = try await world.person("sup", [.supervisor])
            let annId = try await world.agentId(of: try await world.person("ann", [.agent], agent: true))
            let cases: [(DayQueueMove, String, String)] = [
                (DayQueueMove(), "to", "invalid_field"),
                (DayQueueMove(from: setup.sales, to: setup.sales), "to", "invalid_field"),
                (DayQueueMove(from: 9_999, to: setup.sales), "from", "unknown_reference"),
                (DayQueueMove(from: setup.helpdesk, to: 9_999), "to", "unknown_reference"),
            ]
            for (move, field, code) in cases {
                let error = await #expect(throws: SwitchboardError.self, "\(move)") {
                    try await setup.supervision.moveAgentForDay(annId, move, day: Self.day, by: supervisor)
                }
                #expect(error?.field == field && error?.code == code, "\(move)")
            }
            let ghost = await #expect(throws: SwitchboardError.self) {
                try await setup.supervision.moveAgentForDay(9_999, DayQueueMove(to: setup.sales), day: Self.day, by: supervisor)
            }
            #expect(ghost?.code == "not_found")
            #expect(try await setup.supervision.dayMoves(day: Self.day, by: supervisor).isEmpty)
            #expect(try await setup.audit().isEmpty, "refused moves leave no record")
        }
    }

    @Test("clearing undoes one agent's moves for one day, by who may move them; everyone lists a day's moves, by agent and queue", arguments: Backend.all)
    func clearAndList(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world
            let north = try await world.team("North"), south = try await world.team("South")
            let leader = try await world.person("leader", [.teamLeader])
            try await world.lead(north, by: leader)
            let supervisor = try await world.person("sup", [.supervisor])
            let ann = try await world.person("ann", [.agent], agent: true, team: north)
            let annId = try await world.agentId(of: ann)
            let bobId = try await world.agentId(of: try await world.person("bob", [.agent], agent: true, team: south))
            let tomorrow = "2026-11-19"
            _ = try await setup.supervision.moveAgentForDay(bobId, DayQueueMove(to: setup.sales), day: Self.day, by: supervisor)
            _ = try await setup.supervision.moveAgentForDay(annId, DayQueueMove(from: setup.helpdesk, to: setup.sales), day: Self.day, by: supervisor)
            _ = try await setup.supervision.moveAgentForDay(annId, DayQueueMove(to: setup.sales), day: tomorrow, by: supervisor)

            let listed = try await setup.supervision.dayMoves(day: Self.day, by: ann)
            #expect(listed.map(\.agentId) == [annId, annId, bobId] && listed.map(\.queueId) == [setup.helpdesk, setup.sales, setup.sales])

            let byAgent = await #expect(throws: SwitchboardError.self) { try await setup.supervision.clearDayMoves(annId, day: Self.day, by: ann) }
            #expect(byAgent?.code == "forbidden")
            let otherTeam = await #expect(throws: SwitchboardError.self) { try await setup.supervision.clearDayMoves(bobId, day: Self.day, by: leader) }
            #expect(otherTeam?.code == "forbidden")
            let ghost = await #expect(throws: SwitchboardError.self) { try await setup.supervision.clearDayMoves(9_999, day: Self.day, by: supervisor) }
            #expect(ghost?.code == "not_found")

            try await setup.supervision.clearDayMoves(annId, day: Self.day, by: leader)
            #expect(try await setup.supervision.dayMoves(day: Self.day, by: supervisor).map(\.agentId) == [bobId])
            #expect(try await setup.supervision.dayMoves(day: tomorrow, by: supervisor).map(\.agentId) == [annId], "another day's move stays")
            let audit = try await setup.audit()
            #expect(audit.map(\.action) == ["agent.queues.moveForDay", "agent.queues.moveForDay", "agent.queues.moveForDay", "agent.queues.clearDay"])
            #expect(audit.last?.entityId == annId && audit.last?.actorUsername == "leader")
        }
    }
}
