import ContactCenter
import Demo
import SQLKit
import Organisation
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@Suite("The live contact center: commands stored before they are acknowledged")
struct ContactCenterTests {
    /// The demo organisation in a fresh database, and a contact center on a test clock.
    static func withCenter(_ kind: TestDatabase, _ body: (ContactCenter, OrganisationService, TestClock) async throws -> Void) async throws {
        try await kind.with { (database: Database) async throws in
            let clock = TestClock()
            let service = OrganisationService.forTesting(database, clock: clock)
            try await DemoOrganisation.seedIfEmpty(service)
            let center = try await ContactCenter(database: database, clock: { clock.now })
            try await body(center, service, clock)
        }
    }

    static func agentId(_ username: String, _ service: OrganisationService) async throws -> AgentID {
        let view = try #require(try await service.agents(by: .console).first { $0.username == username })
        return AgentID(view.id)
    }

    static func queueId(_ name: String, _ service: OrganisationService) async throws -> QueueID {
        QueueID(try #require(try await service.queues(by: .console).first { $0.name == name }).id)
    }

    @Test("a call's whole life is written as a timeline and a record, with the agent's state intervals", arguments: TestDatabase.available)
    func lifecycle(_ kind: TestDatabase) async throws {
        try await Self.withCenter(kind) { center, service, clock in
            let agent = try await Self.agentId("agent01", service)
            let queue = try await Self.queueId("Klantenservice NL", service)
            try await center.submit(.logIn(agent))
            try await center.submit(.goAvailable(agent))
            clock.advance(by: .seconds(2))
            let call = try await center.callArrived(queue: queue, from: "+31201234567", customerId: "C-17", priority: 0)
            #expect(await center.state(of: agent) == .ringing(call))
            clock.advance(by: .seconds(3))
            try await center.submit(.answer(call, by: agent))
            clock.advance(by: .seconds(10))
            try await center.submit(.hold(call))
            clock.advance(by: .seconds(5))
            try await center.submit(.resume(call))
            clock.advance(by: .seconds(60))
            try await center.submit(.callerHungUp(call))
            #expect(await center.state(of: agent) == .wrapUp(call, until: clock.now + .seconds(30)))
            clock.advance(by: .seconds(31))
            try await center.tick()
            #expect(await center.state(of: agent) == .available)

            let stored = try #require(try await center.database.read { try await CallLogRepository($0).call(call.rawValue) })
            #expect(stored.from == "+31201234567")
            #expect(stored.customerId == "C-17")
            #expect(stored.outcome == "completed:caller")
            #expect(stored.agentId == agent.rawValue)
            #expect(stored.holdCount == 1)
            #expect(stored.holdMilliseconds == 5000)
            #expect(stored.answeredAt.map { $0 - stored.arrivedAt } == .seconds(3))
            let timeline = try await center.database.read { try await CallLogRepository($0).timeline(of: call.rawValue) }
            #expect(timeline.map(\.kind) == ["offered", "answered", "held", "resumed", "ended"])
        }
    }

    @Test("a refused command changes nothing and stores nothing", arguments: TestDatabase.available)
    func refused(_ kind: TestDatabase) async throws {
        try await Self.withCenter(kind) { center, service, _ in
            let agent = try await Self.agentId("agent01", service)
            let other = try await Self.agentId("agent02", service)
            let queue = try await Self.queueId("Klantenservice NL", service)
            try await center.submit(.logIn(agent))
            try await center.submit(.goAvailable(agent))
            let call = try await center.callArrived(queue: queue, from: "+31", customerId: nil, priority: 0)
            await #expect(throws: RoutingError.self) { try await center.submit(.answer(call, by: other)) }
            #expect(await center.state(of: agent) == .ringing(call))
            let timeline = try await center.database.read { try await CallLogRepository($0).timeline(of: call.rawValue) }
            #expect(timeline.map(\.kind) == ["offered"])
        }
    }

    @Test("after a restart, live calls are closed as systemRestart and agents are logged out; nothing stored is lost", arguments: TestDatabase.available)
    func restart(_ kind: TestDatabase) async throws {
        try await Self.withCenter(kind) { center, service, clock in
            let agent = try await Self.agentId("agent01", service)
            let queue = try await Self.queueId("Klantenservice NL", service)
            try await center.submit(.logIn(agent))
            try await center.submit(.goAvailable(agent))
            let call = try await center.callArrived(queue: queue, from: "+31", customerId: nil, priority: 0)
            try await center.submit(.answer(call, by: agent))
            clock.advance(by: .seconds(5))
            let restarted = try await ContactCenter(database: center.database, clock: { clock.now })
            #expect(await restarted.state(of: agent) == .loggedOut)
            let stored = try #require(try await center.database.read { try await CallLogRepository($0).call(call.rawValue) })
            #expect(stored.outcome == "systemRestart")
            #expect(stored.answeredAt != nil)
            let timeline = try await center.database.read { try await CallLogRepository($0).timeline(of: call.rawValue) }
            #expect(timeline.map(\.kind) == ["offered", "answered", "ended"])
        }
    }

    @Test("subscribers receive every effect as it is stored")
    func events() async throws {
        try await Self.withCenter(.sqlite) { center, service, _ in
            let agent = try await Self.agentId("agent01", service)
            let stream = await center.events.subscribe()
            try await center.submit(.logIn(agent))
            var iterator = stream.makeAsyncIterator()
            let first = await iterator.next()
            guard case .agentStateChanged(let id, .notReady, _) = first else {
                Issue.record("expected a state change, got \(String(describing: first))")
                return
            }
            #expect(id == agent)
        }
    }

    @Test("an owner hears its call's arrival first, then only the effects on its own calls, until each ends")
    func ownedEvents() async throws {
        try await Self.withCenter(.sqlite) { center, service, _ in
            let agent = try await Self.agentId("agent01", service)
            let queue = try await Self.queueId("Klantenservice NL", service)
            let stream = await center.ownedEvents.subscribe()
            try await center.submit(.logIn(agent))
            // Someone else's call (the API's, say) and then the owner's.
            let other = try await center.callArrived(queue: queue, from: "+31200000000", customerId: nil, priority: 0)
            let mine = try await center.callArrived(queue: queue, from: "+31201234567", customerId: nil, priority: 0, owner: "tag-1")
            try await center.submit(.goAvailable(agent))
            try await center.submit(.callerHungUp(other))
            try await center.submit(.callerHungUp(mine))
            // After its end the call is no longer the owner's: a later arrival is the next thing told.
            let next = try await center.callArrived(queue: queue, from: "+31209999999", customerId: nil, priority: 0, owner: "tag-2")
            var told: [CallOwnerEvent] = []
            var iterator = stream.makeAsyncIterator()
            while let event = await iterator.next() {
                told.append(event)
                if case .arrived(_, next) = event { break }
            }
            #expect(told.first == .arrived(owner: "tag-1", call: mine))
            #expect(told.last == .arrived(owner: "tag-2", call: next))
            let effects = told.dropFirst().dropLast().compactMap { event -> RoutingEffect? in
                if case .effect(let effect) = event { return effect }
                return nil
            }
            #expect(told.count == effects.count + 2)
            #expect(!effects.isEmpty)
            #expect(effects.allSatisfy { $0.callID == mine }, "\(effects)")
            guard case .callEnded(let record) = effects.last else {
                Issue.record("the owner's call did not end on the stream: \(effects)")
                return
            }
            #expect(record.id == mine)
        }
    }

    @Test("commands that arrive together are applied one after another: none is lost", arguments: TestDatabase.available)
    func concurrentCommands(_ kind: TestDatabase) async throws {
        try await Self.withCenter(kind) { center, service, _ in
            let queue = try await Self.queueId("Customer Service EN", service)
            let agents = try await service.agents(by: .console).filter { $0.username.hasPrefix("agent") }.prefix(10).map { AgentID($0.id) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for agent in agents {
                    group.addTask {
                        try await center.submit(.logIn(agent))
                    }
                }
                for _ in 0..<10 {
                    group.addTask { _ = try await center.callArrived(queue: queue, from: "+44", customerId: nil, priority: 0) }
                }
                try await group.waitForAll()
            }
            for agent in agents { #expect(await center.state(of: agent) != .loggedOut) }
            let open = try await center.database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM calls WHERE ended_at_ms IS NULL").first()!.decode(column: "n", as: Int64.self)
            }
            #expect(await center.statistics(of: queue)?.waiting == 10)
            #expect(open == 10)
        }
    }

    @Test("commands stored together each get their own answer: a refused one fails alone", arguments: TestDatabase.available)
    func batchedAnswers(_ kind: TestDatabase) async throws {
        try await Self.withCenter(kind) { center, service, _ in
            let agents = try await service.agents(by: .console).filter { $0.username.hasPrefix("agent") }.prefix(8).map { AgentID($0.id) }
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for agent in agents {
                    group.addTask { (try? await center.submit(.logIn(agent))) != nil }
                    // Finishing a wrap-up that never began is refused.
                    group.addTask { (try? await center.submit(.finishWrapUp(agent))) != nil }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == agents.count)
            #expect(outcomes.filter { !$0 }.count == agents.count)
            for agent in agents { #expect(await center.state(of: agent) == .notReady(reason: "login")) }
            let intervals = try await center.database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM agent_states").first()!.decode(column: "n", as: Int64.self)
            }
            #expect(intervals == Int64(agents.count), "every accepted login is stored, nothing of the refused ones")
        }
    }

    @Test("a call for a queue routing does not know is refused without a record, and does not fail the others")
    func unknownQueueArrival() async throws {
        try await Self.withCenter(.sqlite) { center, service, _ in
            let agent = try await Self.agentId("agent01", service)
            async let refused: CallID? = try? await center.callArrived(queue: QueueID(999_999), from: "+31", customerId: nil, priority: 0)
            async let accepted = center.submit(.logIn(agent))
            #expect(await refused == nil)
            #expect(try await accepted.isEmpty == false)
            let rows = try await center.database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM calls").first()!.decode(column: "n", as: Int64.self)
            }
            #expect(rows == 0)
        }
    }
}
