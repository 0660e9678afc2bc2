// Measures the routing engine: commands per second on one core with 1,000 agents, 20 queues
// and 50 skills, and the cost per command at 100, 1,000 and 10,000 agents.
//
//   swift run -c release routing-benchmark
//
// A closed loop drives the engine the way a busy contact center does: calls arrive, each offer
// is answered, the oldest conversation ends, the agent finishes wrap-up. Every command that
// reaches `handle` counts; the loop's own bookkeeping is included in the time (so the figure
// is conservative).
import SwitchboardCore

/// Runs `commands` commands against a center of `agentCount` agents; returns nanoseconds per command.
func run(agentCount: Int, queueCount: Int = 20, skillCount: Int = 50, commands: Int) throws -> Double {
    var random = SeededGenerator(seed: 42)
    let queues = (0..<queueCount).map { index in
        RoutingQueue(
            id: QueueID(Int64(index + 1)), name: "Q\(index)", priority: 1 + index % 10, weight: 1 + index % 3,
            strategy: RoutingStrategy.allCases[index % 4],
            requirements: [RoutingRequirement(skill: SkillID(Int64(index % skillCount)), minimum: 2)],
            wrapUp: .seconds(10), maxWaiting: 1_000_000, ringTimeout: .seconds(20),
            overflow: [OverflowStep(after: .seconds(30), .lowerMinimum(to: 1)), OverflowStep(after: .seconds(60), .addTeamLeaders)])
    }
    let agents = (0..<agentCount).map { index in
        // Each agent holds the skills of three queues (and a few others), at levels 1–5.
        var skills: [SkillID: Int] = [:]
        for k in 0..<3 { skills[SkillID(Int64((index + k * 7) % queueCount))] = Int.random(in: 2...5, using: &random) }
        for _ in 0..<3 { skills[SkillID(Int64.random(in: 0..<Int64(skillCount), using: &random))] = Int.random(in: 1...5, using: &random) }
        return RoutingAgent(id: AgentID(Int64(index + 1)), skills: skills, isTeamLeader: index % 13 == 0)
    }
    var engine = RoutingEngine(queues: queues, agents: agents)
    var now = Instant(millisecondsSinceEpoch: 1_800_000_000_000)
    for agent in agents {
        _ = try engine.handle(.logIn(agent.id), at: now)
        _ = try engine.handle(.goAvailable(agent.id), at: now)
    }
    var talking: [CallID] = []
    var talkingHead = 0
    var wrapping: [AgentID] = []
    var wrappingHead = 0
    var nextCall: Int64 = 1
    var count = 0
    let clock = ContinuousClock()
    let start = clock.now
    while count < commands {
        now = now + .milliseconds(Int64.random(in: 1...20, using: &random))
        let queue = QueueID(Int64.random(in: 1...Int64(queueCount), using: &random))
        var effects = try engine.handle(.callArrived(CallID(nextCall), queue: queue), at: now)
        nextCall += 1
        count += 1
        // Answer what was offered; the answers may offer more.
        var index = 0
        while index < effects.count {
            if case .callOffered(let call, let agent, _) = effects[index] {
                effects += try engine.handle(.answer(call, by: agent), at: now)
                count += 1
                talking.append(call)
            }
            index += 1
        }
        // Keep about 70 % of the agents in conversation: end the oldest calls beyond that.
        while talking.count - talkingHead > agentCount * 7 / 10 {
            let call = talking[talkingHead]
            talkingHead += 1
            let agent = engine.agent(on: call)
            for effect in try engine.handle(.callerHungUp(call), at: now) {
                if case .callOffered(let next, let to, _) = effect {
                    _ = try engine.handle(.answer(next, by: to), at: now)
                    count += 1
                    talking.append(next)
                }
            }
            count += 1
            if let agent { wrapping.append(agent) }
        }
        // Half the agents finish wrap-up early; the rest run out on the timer.
        while wrapping.count - wrappingHead > agentCount / 10 {
            let agent = wrapping[wrappingHead]
            wrappingHead += 1
            if case .wrapUp = engine.state(of: agent) {
                for effect in try engine.handle(.finishWrapUp(agent), at: now) {
                    if case .callOffered(let next, let to, _) = effect {
                        _ = try engine.handle(.answer(next, by: to), at: now)
                        count += 1
                        talking.append(next)
                    }
                }
                count += 1
            }
        }
        if talkingHead > 100_000 {
            talking.removeFirst(talkingHead)
            talkingHead = 0
        }
        if wrappingHead > 100_000 {
            wrapping.removeFirst(wrappingHead)
            wrappingHead = 0
        }
    }
    let elapsed = clock.now - start
    let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    return nanoseconds / Double(count)
}

/// `value` with two decimals (no Foundation in this target).
func fixed(_ value: Double) -> String {
    let hundredths = Int(value * 100 + 0.5)
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

let commands = 2_000_000
print("Routing engine benchmark (release build, one core, \(commands) commands per run)")
let main = try run(agentCount: 1000, commands: commands)
print("1,000 agents, 20 queues, 50 skills: \(Int(1e9 / main)) commands/s (\(fixed(main)) ns per command)")
var curve: [(Int, Double)] = []
for agents in [100, 1000, 10_000] {
    let cost = try run(agentCount: agents, commands: commands)
    curve.append((agents, cost))
    print("\(agents) agents: \(fixed(cost)) ns per command")
}
print("cost at 10,000 agents ÷ cost at 100 agents: \(fixed(curve[2].1 / curve[0].1))× (target ≤ 3×)")
