/// The routing engine's configuration — queues, agents and the escalation queue — from the
/// organisation as people write it (skills and overflow targets by name). This is the one
/// translator: the live shell builds its engine with it and the simulator builds every
/// scenario's, so a what-if (`simulate --from-database`) runs the center's real rules.
public struct RoutingConfiguration: Sendable, Equatable {
    public var queues: [RoutingQueue]
    public var agents: [RoutingAgent]
    public var escalationQueue: QueueID?
    /// The skills' ids by name, as the queues and agents above use them.
    public var skills: [String: SkillID]

    /// An agent as routing needs them: skills by name, leadership, today's moves between queues.
    public struct AgentSetup: Sendable, Equatable {
        public var id: AgentID
        public var skills: [SkillLevel]
        public var isTeamLeader: Bool
        /// The team whose commands they may give (a leader's is the team they lead).
        public var team: Int64?
        public var addedQueues: Set<QueueID>
        public var removedQueues: Set<QueueID>
        /// Robots (the simulator's) answer at once; people's phones ring.
        public var autoAnswer: Bool

        public init(
            id: AgentID, skills: [SkillLevel], isTeamLeader: Bool = false, team: Int64? = nil, addedQueues: Set<QueueID> = [],
            removedQueues: Set<QueueID> = [], autoAnswer: Bool = false
        ) {
            self.id = id
            self.skills = skills
            self.isTeamLeader = isTeamLeader
            self.team = team
            self.addedQueues = addedQueues
            self.removedQueues = removedQueues
            self.autoAnswer = autoAnswer
        }
    }

    /// A supervisor's move of an agent into (`add`) or out of a queue for one day.
    public struct QueueMove: Sendable, Equatable {
        public var agent: Int64
        public var queue: Int64
        public var add: Bool

        public init(agent: Int64, queue: Int64, add: Bool) {
            self.agent = agent
            self.queue = queue
            self.add = add
        }
    }

    public init(queues: [RoutingQueue], agents: [RoutingAgent], escalationQueue: QueueID?, skills: [String: SkillID]) {
        self.queues = queues
        self.agents = agents
        self.escalationQueue = escalationQueue
        self.skills = skills
    }

    /// - Parameters:
    ///   - skills: every skill's id by name; a requirement or level naming an unknown skill is
    ///     left out (it cannot be met, and cannot widen anything).
    ///   - endAtLongestWait: whether each queue ends calls at its `maxWaitSeconds` (the live
    ///     center always does; a scenario may leave its callers waiting).
    public init(queues: [Queue], skills: [String: SkillID], agents: [AgentSetup], endAtLongestWait: Bool = true) {
        // Overflow targets match a queue's name in any case; the first of two such names wins.
        let byName = Dictionary(queues.map { ($0.name.lowercased(), QueueID($0.id)) }, uniquingKeysWith: { first, _ in first })
        self.queues = queues.map { Self.queue($0, skills: skills, queueNamed: { byName[$0.lowercased()] }, endAtLongestWait: endAtLongestWait) }
        self.agents = agents.map { Self.agent($0, skills: skills) }
        escalationQueue = queues.first { $0.settings.escalation }.map { QueueID($0.id) }
        self.skills = skills
    }

    /// The engine's queue for stored settings.
    public static func queue(
        _ queue: Queue, skills: [String: SkillID], queueNamed: (String) -> QueueID?, endAtLongestWait: Bool = true
    ) -> RoutingQueue {
        let settings = queue.settings
        let overflow: [OverflowStep] = settings.overflow.compactMap { rule in
            let after = Duration.seconds(Int64(rule.afterSeconds))
            switch rule.action {
            case .lowerMinimum: return OverflowStep(after: after, .lowerMinimum(to: rule.minimum ?? 1))
            case .addSkill:
                return rule.skill.flatMap { skills[$0] }.map { OverflowStep(after: after, .addSkill(RoutingRequirement(skill: $0, minimum: rule.minimum ?? 1))) }
            case .addTeamLeaders: return OverflowStep(after: after, .addTeamLeaders)
            case .moveToQueue: return rule.queue.flatMap(queueNamed).map { OverflowStep(after: after, .moveToQueue($0)) }
            case .offerCallback: return OverflowStep(after: after, .offerCallback)
            case .end: return OverflowStep(after: after, .end(reason: rule.reason ?? "overflow"))
            }
        }
        var routing = RoutingQueue(
            id: QueueID(queue.id), name: settings.name, priority: settings.priority, weight: settings.weight, strategy: settings.strategy,
            requirements: settings.requiredSkills.compactMap { need in skills[need.skill].map { RoutingRequirement(skill: $0, minimum: need.minimumProficiency) } },
            wrapUp: .seconds(Int64(settings.wrapUpSeconds)), maxWaiting: settings.maxWaitingCalls,
            ringTimeout: .seconds(Int64(settings.ringTimeoutSeconds)), missedCallGoesNotReady: settings.missedCallGoesNotReady,
            overflow: endAtLongestWait ? withLongestWait(overflow, seconds: settings.maxWaitSeconds) : overflow,
            // Always open needs no look at the clock: the engine skips the local-time conversion.
            hours: settings.hours.isAlwaysOpen ? nil : settings.hours)
        routing.dispositionRequired = settings.dispositionRequired
        return routing
    }

    /// The queue's overflow steps ending with its longest wait: the call ends as `maxWait` (over
    /// SIP 480) once it has waited that long, unless an earlier step moved or ended it.
    /// Stable-sorted, so a rule at the same moment acts first.
    public static func withLongestWait(_ steps: [OverflowStep], seconds: Int) -> [OverflowStep] {
        (steps + [OverflowStep(after: .seconds(Int64(seconds)), .end(reason: "maxWait"))]).enumerated()
            .sorted { ($0.element.after, $0.offset) < ($1.element.after, $1.offset) }.map(\.element)
    }

    /// The engine's agent: skills by id (the highest level of a skill named twice).
    public static func agent(_ setup: AgentSetup, skills: [String: SkillID]) -> RoutingAgent {
        var routing = RoutingAgent(
            id: setup.id,
            skills: Dictionary(setup.skills.compactMap { level in skills[level.skill].map { ($0, level.proficiency) } }, uniquingKeysWith: max),
            isTeamLeader: setup.isTeamLeader, team: setup.team, autoAnswer: setup.autoAnswer)
        routing.addedQueues = setup.addedQueues
        routing.removedQueues = setup.removedQueues
        return routing
    }

    /// Stored agents as routing sees them: a team leader's team is the one they lead, wherever
    /// their own agent record sits; the day's moves between queues apply.
    public static func agentSetups(_ agents: [Agent], teams: [Team], moves: [QueueMove]) -> [AgentSetup] {
        let led = Dictionary(teams.compactMap { team in team.leaderId.map { ($0, team.id) } }, uniquingKeysWith: { a, _ in a })
        let movesByAgent = Dictionary(grouping: moves, by: \.agent)
        return agents.map { agent in
            var setup = AgentSetup(id: AgentID(agent.id), skills: agent.skills, isTeamLeader: led[agent.userId] != nil, team: led[agent.userId] ?? agent.teamId)
            for move in movesByAgent[agent.id] ?? [] {
                if move.add { setup.addedQueues.insert(QueueID(move.queue)) } else { setup.removedQueues.insert(QueueID(move.queue)) }
            }
            return setup
        }
    }
}
