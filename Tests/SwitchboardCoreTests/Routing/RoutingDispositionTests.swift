import SwitchboardCore
import Testing

@Suite("Routing: a queue that requires a disposition holds the wrap-up until there is one")
struct RoutingDispositionTests {
    func queue(wrapUp: Duration = .seconds(30), required: Bool = true) -> RoutingQueue {
        var queue = RoutingQueue(id: 1, name: "Billing", requirements: [.init(skill: Scenario.nl, minimum: 1)], wrapUp: wrapUp)
        queue.dispositionRequired = required
        return queue
    }

    /// Agent 10 answers call 100 and hangs up at 60 s.
    func handled(_ queue: RoutingQueue) throws -> Scenario {
        var s = Scenario(queues: [queue], agents: [agent(10)])
        try s.ready([10])
        try s.send(.callArrived(100, queue: 1))
        try s.send(.answer(100, by: 10))
        s.at(60)
        try s.send(.agentHungUp(100))
        return s
    }

    @Test("the wrap-up timer runs out but the agent stays in wrap-up; the disposition ends it at once")
    func timerWaits() throws {
        var s = try handled(queue())
        s.at(200)
        try s.send(.timersDue)
        guard case .wrapUp(100, _) = s.engine.state(of: 10) else { Issue.record("left wrap-up without a disposition: \(String(describing: s.engine.state(of: 10)))"); return }
        try s.send(.dispositionRecorded(100))
        #expect(s.engine.state(of: 10) == .available)
    }

    @Test("finishing the wrap-up or going available is refused until the disposition is chosen")
    func finishRefused() throws {
        var s = try handled(queue())
        let finish = #expect(throws: RoutingError.self) { try s.send(.finishWrapUp(10)) }
        #expect(finish?.reason == .dispositionRequired)
        let available = #expect(throws: RoutingError.self) { try s.send(.goAvailable(10)) }
        #expect(available?.reason == .dispositionRequired)
        // Within the wrap-up time the disposition only releases the hold; the agent may finish.
        s.at(70)
        try s.send(.dispositionRecorded(100))
        guard case .wrapUp = s.engine.state(of: 10) else { Issue.record("wrap-up ended before its time"); return }
        try s.send(.finishWrapUp(10))
        #expect(s.engine.state(of: 10) == .available)
    }

    @Test("a disposition chosen during the call means the wrap-up runs as usual")
    func chosenDuringCall() throws {
        var s = Scenario(queues: [queue()], agents: [agent(10)])
        try s.ready([10])
        try s.send(.callArrived(100, queue: 1))
        try s.send(.answer(100, by: 10))
        try s.send(.dispositionRecorded(100))
        s.at(60)
        try s.send(.agentHungUp(100))
        try s.send(.finishWrapUp(10))
        #expect(s.engine.state(of: 10) == .available)
    }

    @Test("without wrap-up time the agent still waits in wrap-up for the disposition")
    func zeroWrapUp() throws {
        var s = try handled(queue(wrapUp: .zero))
        guard case .wrapUp(100, _) = s.engine.state(of: 10) else { Issue.record("no wrap-up to wait in"); return }
        try s.send(.dispositionRecorded(100))
        #expect(s.engine.state(of: 10) == .available)
    }

    @Test("a break asked for while waiting starts once the disposition is in; a queue that does not require one never waits")
    func breakAndOptional() throws {
        var s = try handled(queue())
        try s.send(.goNotReady(10, reason: "lunch"))
        guard case .wrapUp = s.engine.state(of: 10) else { Issue.record("the break skipped the disposition"); return }
        s.at(200)
        try s.send(.dispositionRecorded(100))
        #expect(s.engine.state(of: 10) == .notReady(reason: "lunch"))

        var optional = try handled(queue(required: false))
        optional.at(100)
        try optional.send(.timersDue)
        #expect(optional.engine.state(of: 10) == .available)
        // A disposition for a call nobody waits for (or one long gone) is harmless.
        try optional.send(.dispositionRecorded(100))
        try optional.send(.dispositionRecorded(999))
    }

    @Test("two agents who wrapped up one call (a take-over) both wait for its disposition, and one disposition releases both")
    func twoAgentsOneCall() throws {
        var s = Scenario(queues: [queue(wrapUp: .seconds(10))], agents: [agent(10), agent(11)])
        try s.ready([10, 11])
        try s.send(.callArrived(100, queue: 1))
        let first = try #require(s.engine.agent(on: 100))
        let other: AgentID = first == 10 ? 11 : 10
        try s.send(.answer(100, by: first))
        s.at(30)
        try s.send(.takeOver(100, by: other))
        s.at(60)
        try s.send(.agentHungUp(100))
        s.at(200)
        try s.send(.timersDue)
        for id in [first, other] {
            guard case .wrapUp(100, _) = s.engine.state(of: id) else { Issue.record("agent \(id) left wrap-up without a disposition"); return }
        }
        // One of them logging out does not release the other.
        try s.send(.logOut(first))
        guard case .wrapUp(100, _) = s.engine.state(of: other) else { Issue.record("the other agent stopped waiting"); return }
        try s.send(.dispositionRecorded(100))
        #expect(s.engine.state(of: other) == .available)
    }

    @Test("an agent who owes a disposition may not take over another call until it is chosen")
    func noTakeOverWhileOwing() throws {
        var s = Scenario(queues: [queue()], agents: [agent(10), agent(11)])
        try s.ready([10])
        try s.send(.callArrived(100, queue: 1))
        try s.send(.answer(100, by: 10))
        try s.send(.agentHungUp(100))
        try s.ready([11])
        try s.send(.callArrived(101, queue: 1))
        try s.send(.answer(101, by: 11))
        let refused = #expect(throws: RoutingError.self) { try s.send(.takeOver(101, by: 10)) }
        #expect(refused?.reason == .dispositionRequired)
        try s.send(.dispositionRecorded(100))
        try s.send(.takeOver(101, by: 10))
        #expect(s.engine.state(of: 10) == .talking(101))
    }

    @Test("logging out ends the wait; the next wrap-up starts clean")
    func logOut() throws {
        var s = try handled(queue())
        try s.send(.logOut(10))
        try s.send(.logIn(10))
        try s.send(.goAvailable(10))
        #expect(s.engine.state(of: 10) == .available)
    }

    @Test("a wrap-up timer is kept while the agent owes a disposition: chosen in time, the wrap-up still ends by the timer")
    func wrapUpTimerKeptWhileAwaiting() throws {
        var s = try handled(queue())
        #expect(s.engine.nextDeadline == s.start + .seconds(90))
        s.at(70)
        try s.send(.dispositionRecorded(100))
        #expect(s.engine.nextDeadline == s.start + .seconds(90))
        s.at(95)
        try s.send(.timersDue)
        #expect(s.engine.state(of: 10) == .available)
    }
}

@Suite("Routing: an agent moved between queues for the day")
struct RoutingDayMoveTests {
    @Test("an added queue's calls reach the agent whatever their skills; a removed queue's never do")
    func moved() throws {
        let dutch = RoutingQueue(id: 1, name: "NL", requirements: [.init(skill: Scenario.nl, minimum: 2)])
        let english = RoutingQueue(id: 2, name: "EN", requirements: [.init(skill: Scenario.en, minimum: 2)])
        var moved = agent(10, [Scenario.nl: 5])
        moved.addedQueues = [2]
        moved.removedQueues = [1]
        var s = Scenario(queues: [dutch, english], agents: [moved])
        try s.ready([10])
        #expect(s.engine.queuesServed(by: 10) == [2])
        #expect(s.offers(try s.send(.callArrived(100, queue: 1))).isEmpty)
        #expect(s.offeredAgent(101, in: try s.send(.callArrived(101, queue: 2))) == 10)
    }
}
