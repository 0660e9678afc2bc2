import SwitchboardCore
import Testing

/// Drives a routing engine through a scenario on a virtual clock: `at(seconds)` moves time,
/// `send` applies a command and keeps every effect for the assertions.
struct Scenario {
    var engine: RoutingEngine
    var now = Instant(millisecondsSinceEpoch: 1_800_000_000_000)
    var effects: [RoutingEffect] = []
    let start: Instant

    static let nl: SkillID = 1
    static let en: SkillID = 2
    static let billing: SkillID = 3
    static let tech: SkillID = 4

    init(queues: [RoutingQueue], agents: [RoutingAgent], escalation: QueueID? = nil, localClock: RoutingEngine.LocalClock? = nil) {
        if let localClock {
            engine = RoutingEngine(queues: queues, agents: agents, escalationQueue: escalation, localClock: localClock)
        } else {
            engine = RoutingEngine(queues: queues, agents: agents, escalationQueue: escalation)
        }
        start = now
    }

    /// Moves the clock to `seconds` after the start (never backwards).
    mutating func at(_ seconds: Double) {
        now = start + .milliseconds(Int64(seconds * 1000))
    }

    @discardableResult
    mutating func send(_ command: RoutingCommand) throws(RoutingError) -> [RoutingEffect] {
        let produced = try engine.handle(command, at: now)
        effects += produced
        return produced
    }

    /// Logs agents in and makes them available, one second apart in the order given (so the
    /// first has been idle longest).
    mutating func ready(_ agents: [AgentID]) throws(RoutingError) {
        for agent in agents {
            try send(.logIn(agent))
            try send(.goAvailable(agent))
            now = now + .seconds(1)
        }
    }

    func offers(_ produced: [RoutingEffect]? = nil) -> [(CallID, AgentID)] {
        (produced ?? effects).compactMap {
            if case .callOffered(let call, let agent, _) = $0 { return (call, agent) }
            return nil
        }
    }

    func offeredAgent(_ call: CallID, in produced: [RoutingEffect]) -> AgentID? {
        offers(produced).last { $0.0 == call }?.1
    }

    var records: [CallRecord] {
        effects.compactMap {
            if case .callEnded(let record) = $0 { return record }
            return nil
        }
    }
}

func agent(_ id: AgentID, _ skills: [SkillID: Int] = [Scenario.nl: 3], leader: Bool = false) -> RoutingAgent {
    RoutingAgent(id: id, skills: skills, isTeamLeader: leader)
}
