import ContactCenter
import Organisation
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@Suite("The live contact center: each queue's figures, warm transfers, organisation changes and a new day")
struct QueueVisitTests {
    typealias Center = ContactCenterTests

    /// A demo agent with at least level 2 in `skill` (and, when `without` is given, below 2 in it).
    static func agent(with skill: String, without other: String? = nil, _ service: OrganisationService) async throws -> AgentID {
        let agents = try await service.agents(by: .console).filter { $0.username.hasPrefix("agent") }
        let found = agents.first { view in
            view.skills.contains { $0.skill == skill && $0.proficiency >= 2 }
                && (other.map { other in !view.skills.contains { $0.skill == other && $0.proficiency >= 2 } } ?? true)
        }
        return AgentID(try #require(found, "a demo agent with \(skill)").id)
    }

    @Test("a transferred call counts in each queue it visited: waits, answers, abandonment, talk and wrap-up where they happened",
        arguments: TestDatabase.available)
    func figuresPerVisit(_ kind: TestDatabase) async throws {
        try await Center.withCenter(kind) { center, service, clock in
            let start = clock.now
            func at(_ seconds: Int64) { clock.advance(by: start + .seconds(seconds) - clock.now) }
            let dutch = try await Self.agent(with: "lang:nl", service)
            let english = try await Self.agent(with: "lang:en", without: "lang:nl", service)
            let nl = try await Center.queueId("Klantenservice NL", service)
            let en = try await Center.queueId("Customer Service EN", service)

            try await center.submit(.logIn(dutch))
            try await center.submit(.goAvailable(dutch))
            let first = try await center.callArrived(queue: nl, from: "+31201111111", customerId: nil, priority: 0)
            at(3); try await center.submit(.answer(first, by: dutch))
            at(23); try await center.submit(.transferToQueue(first, en, by: dutch))
            at(33); try await center.submit(.callerHungUp(first))  // 10 s in the English queue
            at(53); try await center.tick()  // the Dutch agent's 30 s wrap-up ends
            try await center.submit(.goNotReady(dutch, reason: "break"))

            at(55)
            try await center.submit(.logIn(english))
            try await center.submit(.goAvailable(english))
            at(60); let second = try await center.callArrived(queue: en, from: "+442071111111", customerId: nil, priority: 0)
            at(62); try await center.submit(.answer(second, by: english))
            at(70); try await center.submit(.hold(second, by: english))
            at(75); try await center.submit(.resume(second, by: english))
            let live = try #require(try await center.database.read { try await CallLogRepository($0).call(second.rawValue) })
            #expect(live.holdMilliseconds == 5000, "hold time is written when the hold ends, not at the end of the call")
            at(100); try await center.submit(.callerHungUp(second))
            at(130); try await center.tick()

            let totals = try await center.database.read { try await CallLogRepository($0).queueTotals(since: start, now: clock.now) }
            let dutchFigures = try #require(totals[nl.rawValue])
            #expect(dutchFigures.offered == 1)
            #expect(dutchFigures.answered == 1)
            #expect(dutchFigures.answeredWithinTarget == 1)
            #expect(dutchFigures.abandoned == 0)
            #expect(dutchFigures.waitMilliseconds == 3000)
            #expect(dutchFigures.handled == 1)
            #expect(dutchFigures.talkAndHoldMilliseconds == 20_000)
            #expect(dutchFigures.wrapUpMilliseconds == 30_000)
            let englishFigures = try #require(totals[en.rawValue])
            #expect(englishFigures.offered == 2)
            #expect(englishFigures.answered == 1)
            #expect(englishFigures.abandoned == 1)
            #expect(englishFigures.abandonedWithinTarget == 1)
            #expect(englishFigures.shortAbandoned == 0)
            #expect(englishFigures.waitMilliseconds == 2000)
            #expect(englishFigures.handled == 1)
            #expect(englishFigures.talkAndHoldMilliseconds == 38_000)
            #expect(englishFigures.wrapUpMilliseconds == 30_000)

            let visits = try await center.database.read { try await CallLogRepository($0).visits(of: first.rawValue) }
            #expect(visits.map(\.queueId) == [nl.rawValue, en.rawValue])
            #expect(visits.map(\.outcome) == ["transferred", "abandonedInQueue"])
        }
    }

    @Test("a warm transfer is stored: consultation, hand-over, counters and the colleague as the call's agent", arguments: TestDatabase.available)
    func warmTransfer(_ kind: TestDatabase) async throws {
        try await Center.withCenter(kind) { center, service, clock in
            let first = try await Center.agentId("agent01", service)
            let colleague = try await Center.agentId("agent02", service)
            let queue = try await Center.queueId("Klantenservice NL", service)
            for agent in [first, colleague] {
                try await center.submit(.logIn(agent))
            }
            try await center.submit(.goAvailable(first))
            let call = try await center.callArrived(queue: queue, from: "+31", customerId: nil, priority: 0)
            try await center.submit(.answer(call, by: first))
            try await center.submit(.goAvailable(colleague))
            clock.advance(by: .seconds(10))
            try await center.submit(.consult(call, with: colleague, by: first))
            #expect(await center.status(of: call) == "consulting")
            try await center.submit(.answer(call, by: colleague))
            clock.advance(by: .seconds(20))
            try await center.submit(.completeTransfer(call, by: first))
            #expect(await center.agent(on: call) == colleague)
            try await center.submit(.agentHungUp(call, by: colleague))
            let stored = try #require(try await center.database.read { try await CallLogRepository($0).call(call.rawValue) })
            #expect(stored.agentId == colleague.rawValue)
            #expect(stored.consultations == 1)
            #expect(stored.transfers == 1)
            #expect(stored.holdMilliseconds == 20_000)
            let timeline = try await center.database.read { try await CallLogRepository($0).timeline(of: call.rawValue) }
            #expect(timeline.map(\.kind) == [
                "offered", "answered", "held", "consultStarted", "consultAnswered", "resumed", "consultEnded", "transferred", "ended",
            ])
        }
    }

    @Test("an agent given a queue's skill takes its waiting call as soon as the organisation is refreshed", arguments: TestDatabase.available)
    func rematchOnRefresh(_ kind: TestDatabase) async throws {
        try await Center.withCenter(kind) { center, service, _ in
            let queue = try await Center.queueId("Escalaties", service)
            let agent = try await Center.agentId("agent05", service)
            try await center.submit(.logIn(agent))
            try await center.submit(.goAvailable(agent))
            let call = try await center.callArrived(queue: queue, from: "+31", customerId: nil, priority: 0)
            #expect(await center.status(of: call) == "queued")
            let view = try await service.agent(agent.rawValue, by: .console)
            _ = try await service.updateAgent(
                agent.rawValue, AgentInput(skills: view.skills + [SkillLevel(skill: "escalations", proficiency: 4)]), by: .console)
            try await center.refreshOrganisation()
            #expect(await center.state(of: agent) == .ringing(call))
            let timeline = try await center.database.read { try await CallLogRepository($0).timeline(of: call.rawValue) }
            #expect(timeline.map(\.kind) == ["queued", "offered"], "the offer is stored like any other")
        }
    }

    @Test("after local midnight calls today start from zero: a fewest-calls queue goes back to the longest idle")
    func newDay() async throws {
        try await Center.withCenter(.sqlite) { center, service, clock in
            let queue = try await service.createQueue(
                { var input = QueueInput(name: "Fewest", extensionNumber: "870", wrapUpSeconds: 0)
                  input.strategy = .fewestCalls
                  return input }(), by: .console)
            try await center.refreshOrganisation()
            let busy = try await Center.agentId("agent01", service)
            let fresh = try await Center.agentId("agent02", service)
            try await center.submit(.logIn(busy))
            try await center.submit(.goAvailable(busy))
            let call = try await center.callArrived(queue: QueueID(queue.id), from: "+31", customerId: nil, priority: 0)
            try await center.submit(.answer(call, by: busy))
            try await center.submit(.agentHungUp(call, by: busy))
            clock.advance(by: .seconds(5))
            try await center.submit(.logIn(fresh))
            try await center.submit(.goAvailable(fresh))
            // The busy agent has one call today and the fresh one none: without a new day the
            // fresh agent would go first; after midnight both have none and the longest idle does.
            clock.advance(by: .seconds(24 * 3600))
            let nextDay = try await center.callArrived(queue: QueueID(queue.id), from: "+31", customerId: nil, priority: 0)
            #expect(await center.agent(on: nextDay) == busy)
        }
    }
}
