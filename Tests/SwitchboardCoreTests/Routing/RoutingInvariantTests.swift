import SwitchboardCore
import Testing

@Suite("Routing invariants over long random command sequences")
struct RoutingInvariantTests {
    @Test("no agent ever holds two calls, every call ends once, state changes never go back in time, counters match the records",
        arguments: [1, 2, 3, 4, 5] as [UInt64])
    func randomSequences(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let skills: [SkillID] = [1, 2, 3, 4]
        var queues: [RoutingQueue] = []
        for index in 1...4 {
            let last: OverflowStep.Action = index == 4 ? .offerCallback : .moveToQueue(QueueID(Int64(index + 1)))
            let overflow: [OverflowStep] = [
                OverflowStep(after: .seconds(20), .lowerMinimum(to: 1)), OverflowStep(after: .seconds(40), .addTeamLeaders),
                OverflowStep(after: .seconds(90), last),
            ]
            let requirement = RoutingRequirement(skill: skills[index - 1], minimum: Int.random(in: 1...3, using: &random))
            let wrapUp = Duration.seconds(Int64.random(in: 0...20, using: &random))
            queues.append(RoutingQueue(
                id: QueueID(Int64(index)), name: "Q\(index)", priority: Int.random(in: 3...7, using: &random),
                weight: Int.random(in: 1...3, using: &random), strategy: RoutingStrategy.allCases[index % 4], requirements: [requirement],
                wrapUp: wrapUp, maxWaiting: 15, ringTimeout: .seconds(10), missedCallGoesNotReady: index % 2 == 0, overflow: overflow))
        }
        let agents = (1...25).map { index in
            RoutingAgent(
                id: AgentID(Int64(index)),
                skills: Dictionary(uniqueKeysWithValues: skills.filter { _ in Bool.random(using: &random) }.map { ($0, Int.random(in: 1...5, using: &random)) }),
                isTeamLeader: index % 8 == 0)
        }
        var engine = RoutingEngine(queues: queues, agents: agents, escalationQueue: 4)
        var now = Instant(millisecondsSinceEpoch: 1_800_000_000_000)
        var nextCall: Int64 = 1
        var live: Set<CallID> = []
        var ended: Set<CallID> = []
        var lastChange: [AgentID: Instant] = [:]
        var records: [CallRecord] = []

        for _ in 0..<20_000 {
            now = now + .milliseconds(Int64.random(in: 0...3000, using: &random))
            let agent = agents.randomElement(using: &random)!.id
            // Sorted: a Set's order changes from run to run, and the sequence must not.
            let call = live.sorted { $0.rawValue < $1.rawValue }.randomElement(using: &random) ?? CallID(0)
            let command: RoutingCommand
            switch Int.random(in: 0..<112, using: &random) {
            case 0..<25:
                command = .callArrived(CallID(nextCall), queue: queues.randomElement(using: &random)!.id, priority: Int.random(in: 0...2, using: &random))
                nextCall += 1
            case 25..<35: command = .logIn(agent)
            case 35..<50: command = .goAvailable(agent)
            case 50..<53: command = .goNotReady(agent, reason: "break")
            case 53..<55: command = .logOut(agent)
            case 55..<70:
                if let holder = engine.agent(on: call) { command = RoutingCommand.answer(call, by: holder) } else { command = .timersDue }
            case 70..<73: command = .decline(call, by: engine.agent(on: call) ?? agent)
            case 73..<76: command = .hold(call)
            case 76..<79: command = .resume(call)
            case 79..<87: command = .callerHungUp(call)
            case 87..<92: command = .agentHungUp(call)
            case 92..<94: command = .transferToQueue(call, queues.randomElement(using: &random)!.id)
            case 94..<95: command = .transferToAgent(call, agent)
            case 95..<96: command = .escalate(call)
            case 96..<97: command = .takeOver(call, by: agent)
            case 97..<99: command = .finishWrapUp(agent)
            case 100..<103:
                // Aim at a call in conversation and a free colleague, so consultations happen.
                let talking = live.filter { engine.status(of: $0) == "talking" }.sorted { $0.rawValue < $1.rawValue }.randomElement(using: &random) ?? call
                let free = agents.filter { engine.state(of: $0.id) == .available }.randomElement(using: &random)?.id ?? agent
                command = .consult(talking, with: free, by: engine.agent(on: talking))
            case 103..<110:
                let consulting = live.filter { engine.status(of: $0) == "consulting" || engine.status(of: $0) == "conference" }
                    .sorted { $0.rawValue < $1.rawValue }.randomElement(using: &random) ?? call
                let participants = engine.participants(of: consulting)
                let colleague = participants.dropFirst().first ?? agent
                let first = participants.first
                // A ringing colleague mostly answers; a connected consultation mostly becomes a
                // conference; the rest completes, cancels or hangs up.
                let options: [RoutingCommand]
                if case .ringing = engine.state(of: colleague) {
                    options = [.answer(consulting, by: colleague), .answer(consulting, by: colleague), .answer(consulting, by: colleague),
                        .decline(consulting, by: colleague), .agentHungUp(consulting, by: colleague), .cancelConsult(consulting)]
                } else {
                    options = [.conference(consulting, by: first), .conference(consulting, by: first), .completeTransfer(consulting, by: first),
                        .cancelConsult(consulting), .agentHungUp(consulting, by: colleague), .agentHungUp(consulting, by: first)]
                }
                command = options.randomElement(using: &random)!
            case 110: command = .hold(call, by: agent)  // usually someone else's call: refused
            case 111: command = Bool.random(using: &random) ? .rematch : .startNewDay
            default: command = .timersDue
            }
            var effects: [RoutingEffect]
            do {
                effects = try engine.handle(command, at: now)
                if case .callArrived(let id, _, _) = command { live.insert(id) }
            } catch {
                // Refused, but the timers that were due still ran.
                effects = error.timerEffects
                if case .callArrived = command { nextCall -= 1 }
            }
            for effect in effects {
                switch effect {
                case .agentStateChanged(let id, _, let at):
                    #expect(at >= (lastChange[id] ?? at), "agent \(id) changed state back in time")
                    #expect(at <= now)
                    lastChange[id] = at
                case .callEnded(let record):
                    #expect(!ended.contains(record.id), "call \(record.id) ended twice")
                    ended.insert(record.id)
                    live.remove(record.id)
                    records.append(record)
                default:
                    break
                }
            }
            // No agent holds two calls: each live call's agents (its agent and a consulted
            // colleague) are bound to that call, and back.
            var bound: [AgentID: CallID] = [:]
            for id in live {
                for holder in engine.participants(of: id) {
                    #expect(bound[holder] == nil, "agent \(holder) holds two calls")
                    bound[holder] = id
                    #expect(engine.state(of: holder)?.call == id)
                }
            }
            for profile in agents {
                if let id = engine.state(of: profile.id)?.call { #expect(bound[profile.id] == id) }
            }
        }
        #expect(engine.liveCalls == live.count)
        #expect(records.count == ended.count)
        #expect(Int64(records.count + live.count) == nextCall - 1, "every call that arrived is live or ended")
        var waiting = 0
        for queue in queues {
            let statistics = try #require(engine.statistics(of: queue.id))
            waiting += statistics.waiting
            let rejected = records.filter { record in
                guard case .rejected = record.outcome else { return false }
                return record.firstQueue == queue.id
            }
            #expect(statistics.rejected == rejected.count)
            #expect(statistics.abandoned == records.filter {
                $0.lastQueue == queue.id && ($0.outcome == .abandonedInQueue || $0.outcome == .abandonedRinging)
            }.count)
            #expect(statistics.waiting >= 0)
        }
        #expect(waiting == live.filter { engine.agent(on: $0) == nil }.count, "waiting counters equal the calls bound to nobody")
        #expect(records.count > 1000, "the sequence exercised the engine")
        #expect(records.filter { $0.consultations > 0 && $0.transfers > 0 }.count > 5, "warm transfers happened")
        #expect(records.filter(\.conferenced).count > 5, "conferences happened")
    }
}
