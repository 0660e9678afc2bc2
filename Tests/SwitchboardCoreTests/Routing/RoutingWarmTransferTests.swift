import SwitchboardCore
import Testing

@Suite("Routing: warm transfer, conference and who may act on a call")
struct RoutingWarmTransferTests {
    let queue = RoutingQueue(id: 1, name: "NL", wrapUp: .seconds(30))

    /// Agent 10 talks with caller 100; 11 and 12 are available.
    func talking() throws -> Scenario {
        var s = Scenario(queues: [queue], agents: [agent(10), agent(11), agent(12)])
        try s.ready([10, 11, 12])
        try s.send(.callArrived(100, queue: 1))
        try s.send(.answer(100, by: 10))
        return s
    }

    @Test("consult, then complete: the caller holds during the consultation and the colleague keeps the call")
    func consultAndComplete() throws {
        var s = try talking()
        s.at(10)
        let started = try s.send(.consult(100, with: 12, by: 10))
        #expect(started.contains(.callHeld(100)))
        #expect(s.engine.state(of: 10) == .onHold(100))
        #expect(s.engine.state(of: 12) == .ringing(100))
        #expect(s.engine.status(of: 100) == "consulting")
        #expect(s.engine.participants(of: 100) == [10, 12])
        s.at(14)
        #expect(try s.send(.answer(100, by: 12)).contains(.consultAnswered(100, by: 12)))
        #expect(s.engine.state(of: 12) == .talking(100))
        s.at(40)
        let completed = try s.send(.completeTransfer(100, by: 10))
        #expect(completed.contains(.callResumed(100, heldFor: .seconds(30))))
        #expect(completed.contains(.consultEnded(100, with: 12, because: .completed)))
        #expect(completed.contains(.callTransferred(100, from: 10, toQueue: nil, toAgent: 12)))
        #expect(s.engine.state(of: 10) == .wrapUp(100, until: s.now + .seconds(30)))
        #expect(s.engine.state(of: 12) == .talking(100))
        #expect(s.engine.agent(on: 100) == 12)
        s.at(100)
        try s.send(.callerHungUp(100))
        let record = try #require(s.records.first)
        #expect(record.agent == 12)
        #expect(record.transfers == 1)
        #expect(record.consultations == 1)
        #expect(record.holdCount == 1)
        #expect(record.holdTime == .seconds(30))
        #expect(record.conferenced == false)
    }

    @Test("a consultation can be cancelled while ringing or talking; the agent is back with the caller")
    func cancel() throws {
        var s = try talking()
        try s.send(.consult(100, with: 11, by: 10))
        try s.send(.cancelConsult(100, by: 10))
        #expect(s.engine.state(of: 11) == .available)
        #expect(s.engine.state(of: 10) == .talking(100))
        try s.send(.consult(100, with: 11, by: 10))
        try s.send(.answer(100, by: 11))
        let cancelled = try s.send(.cancelConsult(100, by: 10))
        #expect(cancelled.contains(.consultEnded(100, with: 11, because: .cancelled)))
        #expect(s.engine.state(of: 11) == .available, "the colleague never spoke to the caller: no wrap-up")
        #expect(s.engine.state(of: 10) == .talking(100))
        #expect(s.engine.status(of: 100) == "talking")
        try s.send(.agentHungUp(100, by: 10))
        #expect(s.records.first?.consultations == 2)
        #expect(s.records.first?.holdCount == 2)
        #expect(s.records.first?.transfers == 0)
    }

    @Test("a declined or unanswered consultation leaves the caller on hold with the agent, who resumes")
    func declinedAndTimedOut() throws {
        var s = try talking()
        s.at(10)
        try s.send(.consult(100, with: 11, by: 10))
        #expect(try s.send(.decline(100, by: 11)).contains(.consultEnded(100, with: 11, because: .declined)))
        #expect(s.engine.state(of: 10) == .onHold(100))
        #expect(s.engine.state(of: 11) == .available, "declining a colleague is not a missed call")
        try s.send(.consult(100, with: 12, by: 10))
        s.at(10 + 21)  // the queue's ring timeout is 20 s
        let timedOut = try s.send(.timersDue)
        #expect(timedOut.contains(.consultEnded(100, with: 12, because: .ringTimeout)))
        #expect(s.engine.state(of: 12) == .available)
        try s.send(.resume(100, by: 10))
        #expect(s.engine.state(of: 10) == .talking(100))
    }

    @Test("conference: the three talk; when the first agent leaves the colleague keeps the caller")
    func conference() throws {
        var s = try talking()
        s.at(10)
        try s.send(.consult(100, with: 11, by: 10))
        try s.send(.answer(100, by: 11))
        s.at(20)
        let joined = try s.send(.conference(100, by: 10))
        #expect(joined.contains(.conferenceStarted(100, with: 11)))
        #expect(s.engine.status(of: 100) == "conference")
        #expect(s.engine.state(of: 10) == .talking(100))
        #expect(s.engine.state(of: 11) == .talking(100))
        #expect(throws: RoutingError.self) { try s.send(.hold(100, by: 10)) }
        s.at(50)
        #expect(try s.send(.agentHungUp(100, by: 10)).contains(.conferenceLeft(100, agent: 10)))
        #expect(s.engine.state(of: 10) == .wrapUp(100, until: s.now + .seconds(30)))
        #expect(s.engine.agent(on: 100) == 11)
        s.at(60)
        try s.send(.agentHungUp(100, by: 11))
        let record = try #require(s.records.first)
        #expect(record.conferenced)
        #expect(record.agent == 11)
        #expect(record.holdTime == .seconds(10))
        #expect(record.outcome == .completed(by: .agent))
    }

    @Test("a colleague leaving a conference leaves the agent with the caller; the caller hanging up frees both")
    func conferenceColleagueLeaves() throws {
        var s = try talking()
        try s.send(.consult(100, with: 11, by: 10))
        try s.send(.answer(100, by: 11))
        try s.send(.conference(100, by: 10))
        try s.send(.agentHungUp(100, by: 11))
        #expect(s.engine.agent(on: 100) == 10)
        #expect(s.engine.status(of: 100) == "talking")
        #expect(s.engine.state(of: 11) == .wrapUp(100, until: s.now + .seconds(30)))
        try s.send(.consult(100, with: 12, by: 10))
        try s.send(.answer(100, by: 12))
        try s.send(.conference(100, by: 10))
        try s.send(.callerHungUp(100))
        #expect(s.engine.state(of: 10) == .wrapUp(100, until: s.now + .seconds(30)))
        #expect(s.engine.state(of: 12) == .wrapUp(100, until: s.now + .seconds(30)))
        #expect(s.records.first?.outcome == .completed(by: .caller))
    }

    @Test("hanging up on a connected colleague hands them the caller; on a ringing one ends the call")
    func hangUpDuringConsult() throws {
        var s = try talking()
        try s.send(.consult(100, with: 11, by: 10))
        try s.send(.answer(100, by: 11))
        try s.send(.agentHungUp(100, by: 10))
        #expect(s.engine.agent(on: 100) == 11)
        #expect(s.engine.state(of: 11) == .talking(100))
        try s.send(.consult(100, with: 12, by: 11))
        try s.send(.agentHungUp(100, by: 11))
        #expect(s.engine.status(of: 100) == nil)
        #expect(s.engine.state(of: 12) == .available)
        #expect(s.records.first?.transfers == 1)
    }

    @Test("the colleague hanging up a consultation leaves the caller on hold with the agent")
    func colleagueHangsUp() throws {
        var s = try talking()
        try s.send(.consult(100, with: 11, by: 10))
        try s.send(.answer(100, by: 11))
        #expect(try s.send(.agentHungUp(100, by: 11)).contains(.consultEnded(100, with: 11, because: .colleagueHungUp)))
        #expect(s.engine.state(of: 10) == .onHold(100))
        #expect(s.engine.state(of: 11) == .available)
        #expect(s.engine.status(of: 100) == "held")
    }

    @Test("during a consultation the call cannot be held, transferred, escalated, taken over or consulted again")
    func busyDuringConsult() throws {
        var s = try talking()
        try s.send(.consult(100, with: 11, by: 10))
        for command: RoutingCommand in [
            .hold(100), .resume(100), .transferToQueue(100, 1), .transferToAgent(100, 12), .escalate(100), .takeOver(100, by: 12),
            .consult(100, with: 12), .completeTransfer(100), .conference(100),
        ] {
            let before = s.engine.status(of: 100)
            #expect(throws: RoutingError.self, "\(command)") { try s.send(command) }
            #expect(s.engine.status(of: 100) == before)
        }
        #expect(throws: RoutingError.self, "a busy colleague cannot be consulted") {
            var other = try talking()
            try other.send(.callArrived(101, queue: 1))
            try other.send(.consult(100, with: 11, by: 10))
        }
    }

    @Test("the acting agent is checked by the engine: after a take-over the former agent cannot hold or hang up")
    func actingAgent() throws {
        var s = try talking()
        #expect(refusal { () throws(RoutingError) in try s.send(.hold(100, by: 11)) } == .notYourCall)
        try s.send(.takeOver(100, by: 12))
        for command: RoutingCommand in [
            .hold(100, by: 10), .agentHungUp(100, by: 10), .transferToQueue(100, 1, by: 10), .escalate(100, by: 10), .consult(100, with: 11, by: 10),
        ] {
            #expect(refusal { () throws(RoutingError) in try s.send(command) } == .notYourCall, "\(command)")
        }
        #expect(s.engine.state(of: 12) == .talking(100))
        try s.send(.hold(100, by: 12))
        #expect(s.engine.state(of: 12) == .onHold(100))
    }

    @Test("a team leader's take-over is checked against the call's agent's team in the same step")
    func takeOverWithinTeam() throws {
        var s = Scenario(
            queues: [queue],
            agents: [RoutingAgent(id: 10, skills: [:], team: 1), RoutingAgent(id: 20, skills: [:], team: 2),
                RoutingAgent(id: 50, skills: [:], isTeamLeader: true, team: 1)])
        try s.ready([10, 20])
        try s.send(.callArrived(100, queue: 1))
        try s.send(.callArrived(101, queue: 1))
        try s.send(.answer(100, by: 10))
        try s.send(.answer(101, by: 20))
        try s.send(.logIn(50))
        #expect(refusal { () throws(RoutingError) in try s.send(.takeOver(101, by: 50, withinTeam: true)) } == .notYourCall)
        #expect(s.engine.agent(on: 101) == 20)
        try s.send(.takeOver(100, by: 50, withinTeam: true))
        #expect(s.engine.agent(on: 100) == 50)
    }

    @Test("a blind transfer to an agent is a new visit of the queue: answered once there, then abandoned once")
    func blindTransferToAgentIsANewVisit() throws {
        var s = try talking()
        s.at(10)
        let transferred = try s.send(.transferToAgent(100, 11, by: 10))
        #expect(transferred.contains(.callTransferred(100, from: 10, toQueue: 1, toAgent: 11)))
        #expect(transferred.contains(.callEnteredQueue(100, 1)))
        try s.send(.callerHungUp(100))
        let statistics = try #require(s.engine.statistics(of: 1))
        #expect(statistics.offered == 2)
        #expect(statistics.answered == 1)
        #expect(statistics.abandoned == 1)
    }

    @Test("a held caller taken over stays on hold, unbroken: the whole hold is counted at resume")
    func takeOverKeepsTheHold() throws {
        var s = try talking()
        s.at(10)
        try s.send(.hold(100, by: 10))
        s.at(20)
        try s.send(.takeOver(100, by: 11))
        s.at(25)
        #expect(try s.send(.resume(100, by: 11)).contains(.callResumed(100, heldFor: .seconds(15))))
    }

    @Test("a colleague rung for a consultation who logs out ends the consultation")
    func colleagueLogsOut() throws {
        var s = try talking()
        try s.send(.consult(100, with: 11, by: 10))
        #expect(try s.send(.logOut(11)).contains(.consultEnded(100, with: 11, because: .agentLoggedOut)))
        #expect(s.engine.state(of: 11) == .loggedOut)
        #expect(s.engine.participants(of: 100) == [10])
    }
}

/// Why the engine refused what `body` sent, or nil if it accepted it.
func refusal(_ body: () throws(RoutingError) -> Void) -> RoutingError.Reason? {
    do {
        try body()
        return nil
    } catch {
        return error.reason
    }
}
