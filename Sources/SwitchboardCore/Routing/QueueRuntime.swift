// The engine's working state. `@usableFromInline` / `@inlinable` throughout: see `RoutingEngine`
// (the simulator compiles the engine for its own effect sink).

/// One queue's configuration with its routing indexes.
@usableFromInline struct QueueRuntime: Sendable {
    /// Who may take a call at one overflow stage: agents meeting any alternative set of
    /// requirements, and team leaders when `teamLeaders` is set.
    @usableFromInline struct Stage: Sendable {
        @inlinable init(alternatives: [[RoutingRequirement]], teamLeaders: Bool) {
            (self.alternatives, self.teamLeaders) = (alternatives, teamLeaders)
        }
        @usableFromInline var alternatives: [[RoutingRequirement]]
        @usableFromInline var teamLeaders: Bool

        @inlinable func admits(_ agent: RoutingAgent) -> Bool {
            if teamLeaders && agent.isTeamLeader { return true }
            return alternatives.contains { requirements in requirements.allSatisfy { (agent.skills[$0.skill] ?? 0) >= $0.minimum } }
        }
    }

    @usableFromInline var config: RoutingQueue
    /// `config.ringTimeout` and `config.wrapUp` in milliseconds: `Duration` arithmetic goes
    /// through 128-bit integers, several times per call.
    @usableFromInline let ringTimeout: Int64
    @usableFromInline let wrapUp: Int64
    /// `config.wrapUp > .zero` (a wrap-up shorter than a millisecond is still a wrap-up).
    @usableFromInline let hasWrapUp: Bool
    @usableFromInline var stages: [Stage]
    /// For each overflow step, the stage a call is at once that step has run.
    @usableFromInline var stageAfterStep: [Int]
    /// Available agents whose lowest qualifying stage is the index, in strategy order.
    @usableFromInline var agentHeaps: [MinHeap<AgentEntry>]
    /// Waiting calls at each stage, in (priority, arrival) order.
    @usableFromInline var callHeaps: [MinHeap<CallEntry>]
    @usableFromInline var statistics = QueueStatistics()

    @inlinable var waiting: Int {
        get { statistics.waiting }
        set { statistics.waiting = newValue }
    }

    @inlinable init(_ config: RoutingQueue) {
        self.config = config
        self.ringTimeout = config.ringTimeout.wholeMilliseconds
        self.wrapUp = config.wrapUp.wholeMilliseconds
        self.hasWrapUp = config.wrapUp > .zero
        var stage = Stage(alternatives: [config.requirements], teamLeaders: false)
        var stages = [stage]
        var after: [Int] = []
        for step in config.overflow {
            switch step.action {
            case .lowerMinimum(let level):
                stage.alternatives = stage.alternatives.map { $0.map { RoutingRequirement(skill: $0.skill, minimum: min($0.minimum, level)) } }
                stages.append(stage)
            case .addSkill(let requirement):
                stage.alternatives.append([requirement])
                stages.append(stage)
            case .addTeamLeaders:
                stage.teamLeaders = true
                stages.append(stage)
            case .moveToQueue, .offerCallback, .end:
                break
            }
            after.append(stages.count - 1)
        }
        self.stages = stages
        self.stageAfterStep = after
        self.agentHeaps = Array(repeating: MinHeap(), count: stages.count)
        self.callHeaps = Array(repeating: MinHeap(), count: stages.count)
    }

    /// The first stage at which the agent may take this queue's calls, or nil if never.
    @inlinable func minimumStage(for agent: RoutingAgent) -> Int? {
        if agent.removedQueues.contains(config.id) { return nil }
        if agent.addedQueues.contains(config.id) { return 0 }
        return stages.firstIndex { $0.admits(agent) }
    }

    /// The agent's place in this queue's strategy: smaller is offered first.
    @inlinable func key(for agent: AgentSlot) -> AgentEntry.Key {
        let idle = agent.idleSince.millisecondsSinceEpoch
        switch config.strategy {
        case .longestIdle:
            return .init(primary: idle, secondary: 0, id: agent.profile.id.rawValue)
        case .mostSkilled:
            let score = config.requirements.reduce(0) { $0 + (agent.profile.skills[$1.skill] ?? 0) }
            return .init(primary: Int64(-score), secondary: idle, id: agent.profile.id.rawValue)
        case .roundRobin:
            return .init(primary: agent.lastOffer, secondary: idle, id: agent.profile.id.rawValue)
        case .fewestCalls:
            return .init(primary: Int64(agent.callsToday), secondary: idle, id: agent.profile.id.rawValue)
        }
    }
}
