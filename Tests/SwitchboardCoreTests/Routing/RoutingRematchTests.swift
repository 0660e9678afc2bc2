import SwitchboardCore
import Testing

@Suite("Routing: declined calls, organisation changes and a new day")
struct RoutingRematchTests {
    @Test("a declined call goes to another agent even when the decliner ranks first, and back to them only after the re-offer delay")
    func declineSkipsTheDecliner() throws {
        var queue = RoutingQueue(id: 1, name: "NL", requirements: [.init(skill: Scenario.nl, minimum: 1)])
        queue.strategy = .mostSkilled
        var s = Scenario(queues: [queue], agents: [agent(10, [Scenario.nl: 5]), agent(11, [Scenario.nl: 2])])
        try s.ready([10, 11])
        try s.send(.callArrived(100, queue: 1))
        #expect(s.offers().last! == (100, 10))
        let declined = try s.send(.decline(100, by: 10))
        #expect(s.offeredAgent(100, in: declined) == 11, "the most skilled agent declined: the next one rings, not the decliner again")
        // 11 declines too: both are passed over, the call waits.
        #expect(s.offers(try s.send(.decline(100, by: 11))).isEmpty)
        #expect(s.engine.status(of: 100) == "queued")
        // After the delay (30 s by default) the call is offered again, to the best of them.
        s.at(2 + 31)
        let again = try s.send(.timersDue)
        #expect(s.offeredAgent(100, in: again) == 10, "\(again)")
    }

    @Test("a queue edit while a declined call waits does not lose its re-offer")
    func reofferSurvivesQueueEdit() throws {
        var queue = RoutingQueue(id: 1, name: "NL")
        var s = Scenario(queues: [queue], agents: [agent(10)])
        try s.ready([10])
        try s.send(.callArrived(100, queue: 1))
        try s.send(.decline(100, by: 10))
        s.at(10)
        queue.wrapUp = .seconds(10)
        s.engine.add(queue)
        #expect(s.offers(try s.send(.rematch)).isEmpty, "still passed over")
        s.at(1 + 31)
        #expect(s.offeredAgent(100, in: try s.send(.timersDue)) == 10)
    }

    @Test("rematch lets each queue's strategy choose: most skilled first, not longest idle")
    func rematchUsesStrategy() throws {
        var queue = RoutingQueue(id: 1, name: "NL", requirements: [.init(skill: Scenario.nl, minimum: 5)])
        queue.strategy = .mostSkilled
        var s = Scenario(queues: [queue], agents: [agent(10, [Scenario.nl: 2]), agent(11, [Scenario.nl: 4])])
        try s.ready([10, 11])
        try s.send(.callArrived(100, queue: 1))
        queue.requirements = [.init(skill: Scenario.nl, minimum: 1)]
        s.engine.add(queue)
        #expect(s.offeredAgent(100, in: try s.send(.rematch)) == 11)
    }

    @Test("an agent who declined is not handed the same call when they free up, but gets the next one")
    func freedDeclinerSkipsTheCall() throws {
        var s = Scenario(queues: [RoutingQueue(id: 1, name: "NL")], agents: [agent(10)])
        try s.ready([10])
        try s.send(.callArrived(100, queue: 1))
        try s.send(.decline(100, by: 10))
        #expect(s.engine.state(of: 10) == .available)
        try s.send(.callArrived(101, queue: 1))
        #expect(s.offers().last! == (101, 10), "the later call, not the declined one")
        try s.send(.answer(101, by: 10))
        #expect(s.engine.status(of: 100) == "queued")
    }

    @Test("a rung-out call skips the agent who missed it even when the queue leaves them available")
    func missedCallSkips() throws {
        var queue = RoutingQueue(id: 1, name: "NL")
        queue.missedCallGoesNotReady = false
        var s = Scenario(queues: [queue], agents: [agent(10), agent(11)])
        try s.ready([10, 11])
        try s.send(.callArrived(100, queue: 1))
        s.at(2 + 21)
        let rungOut = try s.send(.timersDue)
        #expect(s.offeredAgent(100, in: rungOut) == 11)
        #expect(s.engine.state(of: 10) == .available)
    }

    @Test("after an agent gains a skill, waiting calls are matched at once by rematch")
    func rematchAfterSkillChange() throws {
        let queue = RoutingQueue(id: 1, name: "Billing", requirements: [.init(skill: Scenario.billing, minimum: 2)])
        var s = Scenario(queues: [queue], agents: [agent(10, [Scenario.nl: 3])])
        try s.ready([10])
        try s.send(.callArrived(100, queue: 1))
        #expect(s.offers().isEmpty)
        s.engine.add(agent(10, [Scenario.nl: 3, Scenario.billing: 4]))
        #expect(s.offers().isEmpty, "adding alone matches nothing")
        let matched = try s.send(.rematch)
        #expect(s.offeredAgent(100, in: matched) == 10)
    }

    @Test("after a queue's requirements are lowered, the longest-idle agent takes the waiting call")
    func rematchAfterQueueChange() throws {
        var queue = RoutingQueue(id: 1, name: "NL", requirements: [.init(skill: Scenario.nl, minimum: 5)])
        var s = Scenario(queues: [queue], agents: [agent(10), agent(11)])
        try s.ready([11, 10])
        try s.send(.callArrived(100, queue: 1))
        try s.send(.callArrived(101, queue: 1))
        queue.requirements = [.init(skill: Scenario.nl, minimum: 1)]
        s.engine.add(queue)
        let matched = try s.send(.rematch)
        #expect(s.offers(matched).map(\.1) == [11, 10], "longest idle first")
        #expect(s.offers(matched).map(\.0) == [100, 101], "oldest call first")
    }

    @Test("a new day starts calls today from zero for the fewest-calls strategy")
    func newDay() throws {
        var queue = RoutingQueue(id: 1, name: "NL")
        queue.strategy = .fewestCalls
        queue.wrapUp = .zero
        var s = Scenario(queues: [queue], agents: [agent(10), agent(11)])
        try s.ready([10, 11])
        try s.send(.callArrived(100, queue: 1))
        try s.send(.answer(100, by: 10))
        try s.send(.agentHungUp(100))
        // 10 has one call today, 11 none: 11 first, though 10 has been idle longer below.
        try s.send(.goNotReady(11, reason: "break"))
        try s.send(.goAvailable(11))
        s.at(60)
        try s.send(.startNewDay)
        #expect(s.offeredAgent(101, in: try s.send(.callArrived(101, queue: 1))) == 10, "with the counts reset, the longest idle goes first")
    }
}
