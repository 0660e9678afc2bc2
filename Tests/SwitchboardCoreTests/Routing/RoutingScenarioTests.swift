import SwitchboardCore
import Testing

@Suite("Routing: who gets which call")
struct SelectionTests {
    let dutch = RoutingQueue(id: 1, name: "Klantenservice NL", requirements: [.init(skill: Scenario.nl, minimum: 2)])

    @Test("a new call goes to the agent who has been idle longest")
    func longestIdle() throws {
        var s = Scenario(queues: [dutch], agents: [agent(10), agent(11), agent(12)])
        try s.ready([11, 10, 12])
        let produced = try s.send(.callArrived(100, queue: 1))
        #expect(s.offeredAgent(100, in: produced) == 11)
        #expect(s.engine.state(of: 11) == .ringing(100))
    }

    @Test("agents without the skill at the queue's minimum are never offered its calls")
    func skillFloor() throws {
        var s = Scenario(queues: [dutch], agents: [agent(10, [Scenario.nl: 1]), agent(11, [Scenario.en: 5])])
        try s.ready([10, 11])
        let produced = try s.send(.callArrived(100, queue: 1))
        #expect(s.offers(produced).isEmpty)
        #expect(produced.contains(.callQueued(100, 1, waiting: 1)))
    }

    @Test("most skilled: the highest proficiency first, then the longest idle")
    func mostSkilled() throws {
        var queue = dutch
        queue.strategy = .mostSkilled
        var s = Scenario(queues: [queue], agents: [agent(10, [Scenario.nl: 3]), agent(11, [Scenario.nl: 5]), agent(12, [Scenario.nl: 5])])
        try s.ready([10, 12, 11])
        #expect(s.offeredAgent(100, in: try s.send(.callArrived(100, queue: 1))) == 12)
        #expect(s.offeredAgent(101, in: try s.send(.callArrived(101, queue: 1))) == 11)
        #expect(s.offeredAgent(102, in: try s.send(.callArrived(102, queue: 1))) == 10)
    }

    @Test("fewest calls: the agent who answered fewest today goes first")
    func fewestCalls() throws {
        var queue = dutch
        queue.strategy = .fewestCalls
        queue.wrapUp = .zero
        var s = Scenario(queues: [queue], agents: [agent(10), agent(11)])
        try s.ready([10, 11])
        try s.send(.callArrived(100, queue: 1))
        try s.send(.answer(100, by: 10))
        try s.send(.agentHungUp(100))
        // Agent 10 is now the most recently idle AND has one call; 11 has none.
        s.at(60)
        #expect(s.offeredAgent(101, in: try s.send(.callArrived(101, queue: 1))) == 11)
    }

    @Test("calls wait in (priority, arrival) order; a freed agent takes the first")
    func callOrder() throws {
        var s = Scenario(queues: [dutch], agents: [agent(10)])
        try s.send(.callArrived(100, queue: 1))
        s.at(1)
        try s.send(.callArrived(101, queue: 1, priority: 5))
        s.at(2)
        try s.send(.callArrived(102, queue: 1))
        #expect(s.engine.statistics(of: 1)?.waiting == 3)
        s.at(3)
        try s.send(.logIn(10))
        try s.send(.goAvailable(10))
        #expect(s.offers().map(\.0) == [101], "priority 5 is served before older calls of priority 0")
    }

    @Test("an agent in two queues gets the older call first, all else equal")
    func fairAcrossQueues() throws {
        let english = RoutingQueue(id: 2, name: "Customer Service EN", requirements: [.init(skill: Scenario.en, minimum: 2)])
        var s = Scenario(queues: [dutch, english], agents: [agent(10, [Scenario.nl: 3, Scenario.en: 3])])
        try s.send(.callArrived(200, queue: 2))
        s.at(5)
        try s.send(.callArrived(100, queue: 1))
        s.at(10)
        try s.send(.logIn(10))
        try s.send(.goAvailable(10))
        #expect(s.offers().last?.0 == 200)
    }

    @Test("a higher-priority queue goes first; a queue weight makes its calls count as older")
    func priorityAndWeight() throws {
        let vip = RoutingQueue(id: 2, name: "Member Services", priority: 7, requirements: [.init(skill: Scenario.nl, minimum: 1)])
        var s = Scenario(queues: [dutch, vip], agents: [agent(10)])
        try s.send(.callArrived(100, queue: 1))
        s.at(30)
        try s.send(.callArrived(200, queue: 2))
        s.at(31)
        try s.ready([10])
        #expect(s.offers().last?.0 == 200, "priority 7 beats priority 5 despite being younger")

        let weighted = RoutingQueue(id: 3, name: "Billing", weight: 3, requirements: [.init(skill: Scenario.nl, minimum: 1)])
        var w = Scenario(queues: [dutch, weighted], agents: [agent(10)])
        try w.send(.callArrived(100, queue: 1))
        w.at(20)
        try w.send(.callArrived(300, queue: 3))
        w.at(40)
        // Waited 40 s × 1 against 20 s × 3: the weighted call goes first.
        try w.ready([10])
        #expect(w.offers().last?.0 == 300)
    }
}

@Suite("Routing: ringing, answering and timers")
struct RingingTests {
    let dutch = RoutingQueue(id: 1, name: "Klantenservice NL", wrapUp: .seconds(30), ringTimeout: .seconds(15))

    @Test("a ring timeout withdraws the offer, the agent goes not ready (missed call) and the call rings the next agent")
    func ringTimeout() throws {
        var s = Scenario(queues: [dutch], agents: [agent(10), agent(11)])
        try s.ready([10, 11])
        try s.send(.callArrived(100, queue: 1))
        #expect(s.engine.nextDeadline == s.now + .seconds(15))
        s.at(20)
        let produced = try s.send(.timersDue)
        #expect(produced.contains(.offerWithdrawn(100, from: 10, because: .ringTimeout)))
        #expect(s.engine.state(of: 10) == .notReady(reason: "missedCall"))
        #expect(s.offeredAgent(100, in: produced) == 11)
    }

    @Test("a queue may leave agents available after a missed call")
    func missedCallStaysAvailable() throws {
        var queue = dutch
        queue.missedCallGoesNotReady = false
        var s = Scenario(queues: [queue], agents: [agent(10), agent(11)])
        try s.ready([10, 11])
        try s.send(.callArrived(100, queue: 1))
        s.at(18)  // rung at 2 s, for 15 s
        let produced = try s.send(.timersDue)
        #expect(s.offeredAgent(100, in: produced) == 11)
        #expect(s.engine.state(of: 10) == .available)
    }

    @Test("answer, hold twice, resume, hang up: wrap-up, then available; the record counts holds")
    func callLifecycle() throws {
        var s = Scenario(queues: [dutch], agents: [agent(10)])
        try s.ready([10])
        s.at(2)
        try s.send(.callArrived(100, queue: 1))
        s.at(5)
        let answered = try s.send(.answer(100, by: 10))
        #expect(answered.contains(.callAnswered(100, by: 10, waited: .seconds(3))))
        s.at(10); try s.send(.hold(100))
        #expect(s.engine.state(of: 10) == .onHold(100))
        s.at(20); try s.send(.resume(100))
        s.at(30); try s.send(.hold(100))
        s.at(35); try s.send(.resume(100))
        s.at(60); try s.send(.callerHungUp(100))
        #expect(s.engine.state(of: 10) == .wrapUp(100, until: s.now + .seconds(30)))
        let record = try #require(s.records.first)
        #expect(record.outcome == .completed(by: .caller))
        #expect(record.holdCount == 2)
        #expect(record.holdTime == .seconds(15))
        #expect(record.agent == 10)
        s.at(95)
        try s.send(.timersDue)
        #expect(s.engine.state(of: 10) == .available)
    }

    @Test("an agent may end wrap-up early, or ask for not ready during the call")
    func wrapUpAndPendingNotReady() throws {
        var s = Scenario(queues: [dutch], agents: [agent(10)])
        try s.ready([10])
        try s.send(.callArrived(100, queue: 1))
        try s.send(.answer(100, by: 10))
        try s.send(.goNotReady(10, reason: "break"))
        #expect(s.engine.state(of: 10) == .talking(100))
        try s.send(.agentHungUp(100))
        s.at(5)
        try s.send(.finishWrapUp(10))
        #expect(s.engine.state(of: 10) == .notReady(reason: "break"))
    }

    @Test("a freed agent at once gets the call that waited")
    func waitingCallOnFree() throws {
        var s = Scenario(queues: [dutch], agents: [agent(10)])
        try s.ready([10])
        try s.send(.callArrived(100, queue: 1))
        try s.send(.answer(100, by: 10))
        try s.send(.callArrived(101, queue: 1))
        try s.send(.agentHungUp(100))
        s.at(31)
        let produced = try s.send(.timersDue)
        #expect(s.offeredAgent(101, in: produced) == 10)
    }

    @Test("abandonment while queued and while ringing are both counted, and the agent is freed")
    func abandonment() throws {
        var s = Scenario(queues: [dutch], agents: [agent(10)])
        try s.send(.callArrived(100, queue: 1))
        s.at(4); try s.send(.callerHungUp(100))
        try s.ready([10])
        try s.send(.callArrived(101, queue: 1))
        try s.send(.callerHungUp(101))
        #expect(s.records.map(\.outcome) == [.abandonedInQueue, .abandonedRinging])
        #expect(s.engine.state(of: 10) == .available)
        #expect(s.engine.statistics(of: 1)?.abandoned == 2)
        #expect(s.engine.statistics(of: 1)?.waiting == 0)
    }

    @Test("answering someone else's call, or answering twice, is refused and changes nothing")
    func refusals() throws {
        var s = Scenario(queues: [dutch], agents: [agent(10), agent(11)])
        try s.ready([10, 11])
        try s.send(.callArrived(100, queue: 1))
        #expect(throws: RoutingError.self) { try s.send(.answer(100, by: 11)) }
        #expect(s.engine.state(of: 10) == .ringing(100))
        try s.send(.answer(100, by: 10))
        #expect(throws: RoutingError.self) { try s.send(.answer(100, by: 10)) }
        #expect(throws: RoutingError.self) { try s.send(.logOut(10)) }
        #expect(throws: RoutingError.self) { try s.send(.callArrived(100, queue: 1)) }
        #expect(throws: RoutingError.self) { try s.send(.callArrived(101, queue: 99)) }
        #expect(throws: RoutingError.self) { try s.send(.resume(100)) }
    }
}

@Suite("Routing: the queue's door, overflow, transfers and supervisors")
struct QueueRulesTests {
    @Test("changing a queue's requirements while calls wait re-indexes them; a new queue routes at once")
    func changeQueue() throws {
        var queue = RoutingQueue(id: 1, name: "Billing", requirements: [.init(skill: Scenario.billing, minimum: 4)])
        var s = Scenario(queues: [queue], agents: [agent(10, [Scenario.billing: 2])])
        try s.ready([10])
        try s.send(.callArrived(100, queue: 1))
        #expect(s.offers().isEmpty)
        queue.requirements = [.init(skill: Scenario.billing, minimum: 2)]
        s.engine.add(queue)
        try s.send(.goNotReady(10, reason: "break"))
        try s.send(.goAvailable(10))
        #expect(s.offers().map(\.0) == [100], "the waiting call kept its place and is now within reach")
        #expect(s.engine.statistics(of: 1)?.offered == 1, "statistics survive the change")
        s.engine.add(RoutingQueue(id: 2, name: "New"))
        try s.send(.callArrived(200, queue: 2))
        #expect(s.engine.statistics(of: 2)?.waiting == 1)
    }

    @Test("shrinking a queue's overflow list while a step is pending does not fire a step that is gone")
    func shrinkOverflow() throws {
        var queue = RoutingQueue(
            id: 1, name: "Sales",
            overflow: [OverflowStep(after: .seconds(10), .addTeamLeaders), OverflowStep(after: .seconds(20), .end(reason: "late"))])
        var s = Scenario(queues: [queue], agents: [])
        try s.send(.callArrived(100, queue: 1))
        s.at(11); try s.send(.timersDue)
        queue.overflow = [OverflowStep(after: .seconds(10), .addTeamLeaders)]
        s.engine.add(queue)
        s.at(30); try s.send(.timersDue)
        #expect(s.records.isEmpty, "the removed 'end' step never runs")
        #expect(s.engine.statistics(of: 1)?.waiting == 1)
    }

    @Test("a full queue rejects the call at the door")
    func full() throws {
        var s = Scenario(queues: [RoutingQueue(id: 1, name: "Sales", maxWaiting: 2)], agents: [])
        for call in 100..<103 { try s.send(.callArrived(CallID(Int64(call)), queue: 1)) }
        #expect(s.records.map(\.outcome) == [.rejected(.queueFull)])
        #expect(s.engine.statistics(of: 1)?.rejected == 1)
    }

    @Test("outside business hours and on holidays the call is rejected as closed")
    func closed() throws {
        let hours = BusinessHours(
            timeZone: "UTC", weekly: [.thu: [OpeningInterval(opensAt: 8 * 60, closesAt: 20 * 60)]],
            holidays: [Holiday(date: LocalDate(year: 2027, month: 1, day: 21), name: "Closed Thursday")])
        var s = Scenario(queues: [RoutingQueue(id: 1, name: "Billing", hours: hours)], agents: [])
        // 2027-01-14 is a Thursday.
        s.now = Instant(millisecondsSinceEpoch: 1_799_920_800_000)  // 2027-01-14 10:00 UTC
        #expect(LocalTime.utc(s.now).weekday == .thu)
        try s.send(.callArrived(100, queue: 1))
        s.now = s.now + .seconds(11 * 3600)  // 21:00
        try s.send(.callArrived(101, queue: 1))
        s.now = s.now + .seconds(7 * 24 * 3600 - 11 * 3600)  // next Thursday 10:00, a holiday
        try s.send(.callArrived(102, queue: 1))
        #expect(s.records.map(\.id) == [101, 102])
        #expect(s.records.allSatisfy { $0.outcome == .rejected(.closed) })
    }

    @Test("overflow widens step by step: a lower floor, another skill, then team leaders")
    func overflowWidens() throws {
        let queue = RoutingQueue(
            id: 1, name: "Billing", requirements: [.init(skill: Scenario.billing, minimum: 4)],
            overflow: [
                OverflowStep(after: .seconds(30), .lowerMinimum(to: 2)),
                OverflowStep(after: .seconds(60), .addSkill(.init(skill: Scenario.tech, minimum: 3))),
                OverflowStep(after: .seconds(90), .addTeamLeaders),
            ])
        var s = Scenario(
            queues: [queue],
            agents: [agent(10, [Scenario.billing: 2]), agent(11, [Scenario.tech: 4]), agent(12, [:], leader: true)])
        try s.ready([10, 11, 12])
        s.at(0); try s.send(.callArrived(100, queue: 1))
        try s.send(.callArrived(101, queue: 1))
        try s.send(.callArrived(102, queue: 1))
        #expect(s.offers().isEmpty)
        s.at(31); try s.send(.timersDue)
        #expect(s.offers().map(\.1) == [10])
        s.at(61); try s.send(.timersDue)
        #expect(s.offers().map(\.1) == [10, 11])
        s.at(91); try s.send(.timersDue)
        #expect(s.offers().map(\.1) == [10, 11, 12])
        #expect(s.effects.contains(.callOverflowed(102, 1, step: 2, .addTeamLeaders)))
    }

    @Test("overflow moves the call to another queue, or ends it with a callback or a reason")
    func overflowLeaves() throws {
        let first = RoutingQueue(id: 1, name: "Sales", overflow: [OverflowStep(after: .seconds(60), .moveToQueue(2))])
        let second = RoutingQueue(id: 2, name: "Customer Service EN", overflow: [OverflowStep(after: .seconds(120), .offerCallback)])
        let third = RoutingQueue(id: 3, name: "Night", overflow: [OverflowStep(after: .seconds(10), .end(reason: "closedAnnouncement"))])
        var s = Scenario(queues: [first, second, third], agents: [])
        try s.send(.callArrived(100, queue: 1))
        try s.send(.callArrived(300, queue: 3))
        s.at(61); try s.send(.timersDue)
        #expect(s.engine.statistics(of: 2)?.waiting == 1)
        #expect(s.engine.statistics(of: 1)?.overflowedOut == 1)
        s.at(182); try s.send(.timersDue)
        #expect(s.records.map(\.outcome) == [.overflowEnded(reason: "closedAnnouncement"), .callbackOffered])
        #expect(s.records.last?.firstQueue == 1)
        #expect(s.records.last?.lastQueue == 2)
    }

    @Test("blind transfer to a queue puts the caller in line there and frees the agent into wrap-up")
    func transferToQueue() throws {
        let sales = RoutingQueue(id: 2, name: "Sales", requirements: [.init(skill: Scenario.en, minimum: 1)])
        var s = Scenario(queues: [RoutingQueue(id: 1, name: "NL"), sales], agents: [agent(10), agent(20, [Scenario.en: 3])])
        try s.ready([10])
        try s.send(.callArrived(100, queue: 1))
        try s.send(.answer(100, by: 10))
        try s.send(.transferToQueue(100, 2))
        #expect(s.engine.state(of: 10) == .wrapUp(100, until: s.now + .seconds(30)))
        try s.ready([20])
        #expect(s.offers().last! == (100, 20))
        try s.send(.answer(100, by: 20))
        try s.send(.callerHungUp(100))
        #expect(s.records.first?.transfers == 1)
        #expect(s.records.first?.agent == 20)
    }

    @Test("blind transfer to an agent rings that agent; a busy target is refused")
    func transferToAgent() throws {
        var s = Scenario(queues: [RoutingQueue(id: 1, name: "NL")], agents: [agent(10), agent(11), agent(12)])
        try s.ready([10, 11])
        try s.send(.callArrived(100, queue: 1))
        try s.send(.answer(100, by: 10))
        #expect(throws: RoutingError.self) { try s.send(.transferToAgent(100, 12)) }
        try s.send(.transferToAgent(100, 11))
        #expect(s.engine.state(of: 11) == .ringing(100))
    }

    @Test("escalation goes to the supervisors' queue ahead of its other calls; a supervisor can take over a call")
    func escalateAndTakeOver() throws {
        let supervisors = RoutingQueue(id: 9, name: "Escalations", requirements: [.init(skill: 99, minimum: 1)])
        var s = Scenario(
            queues: [RoutingQueue(id: 1, name: "NL"), supervisors], agents: [agent(10), agent(11), agent(50, [99: 5])], escalation: 9)
        try s.ready([10, 11])
        try s.send(.callArrived(900, queue: 9))  // an ordinary call already waiting there
        try s.send(.callArrived(100, queue: 1))
        try s.send(.answer(100, by: 10))
        try s.send(.escalate(100))
        try s.ready([50])
        #expect(s.offers().last! == (100, 50), "the escalated call jumps the line")
        try s.send(.answer(100, by: 50))
        try s.send(.callArrived(101, queue: 1))
        try s.send(.answer(101, by: 11))
        try s.send(.hold(101))
        try s.send(.agentHungUp(100))
        try s.send(.takeOver(101, by: 50))
        #expect(s.engine.state(of: 50) == .onHold(101))
        #expect(s.engine.state(of: 11) == .wrapUp(101, until: s.now + .seconds(30)))
        try s.send(.resume(101))
        try s.send(.agentHungUp(101))
        let record = try #require(s.records.first { $0.id == 101 })
        #expect(record.agent == 50)
        #expect(record.holdCount == 1)
        #expect(s.records.first { $0.id == 100 }?.escalated == true)
    }
}
