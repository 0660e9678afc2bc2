import SwitchboardCore

/// A what-if: queues with their routing settings and traffic, and agents with skills and
/// shifts. Read from JSON (`switchboard simulate SCENARIO.json`; examples in `examples/`),
/// built by the quick single-queue form, or from the real center's organisation and a day's
/// calls.
public struct Scenario: Sendable, Equatable, Codable {
    public struct Arrivals: Sendable, Equatable, Codable {
        /// A constant rate…
        public var callsPerHour: Double?
        /// …or calls per interval (`intervalMinutes` each), from the start; the last repeats.
        public var callsPerInterval: [Double]?

        public init(callsPerHour: Double? = nil, callsPerInterval: [Double]? = nil) {
            self.callsPerHour = callsPerHour
            self.callsPerInterval = callsPerInterval
        }
    }

    public struct Requirement: Sendable, Equatable, Codable {
        public var skill: String
        public var minimum: Int

        public init(skill: String, minimum: Int) {
            self.skill = skill
            self.minimum = minimum
        }
    }

    /// One overflow step, as the queue settings in the API spell it.
    public struct Overflow: Sendable, Equatable, Codable {
        public var afterSeconds: Double
        /// lowerMinimum, addSkill, addTeamLeaders, moveToQueue, offerCallback or end.
        public var action: String
        public var minimum: Int?
        public var skill: String?
        public var queue: String?
        public var reason: String?

        public init(afterSeconds: Double, action: String, minimum: Int? = nil, skill: String? = nil, queue: String? = nil, reason: String? = nil) {
            self.afterSeconds = afterSeconds
            self.action = action
            self.minimum = minimum
            self.skill = skill
            self.queue = queue
            self.reason = reason
        }
    }

    public struct Queue: Sendable, Equatable, Codable {
        public var name: String
        public var priority: Int?
        public var weight: Int?
        public var strategy: RoutingStrategy?
        public var requiredSkills: [Requirement]?
        public var wrapUpSeconds: Double?
        public var maxWaiting: Int?
        public var overflow: [Overflow]?
        public var arrivals: Arrivals
        public var handleTime: Distribution
        /// How long callers wait before giving up; absent: they never do.
        public var patience: Distribution?
        // The rest of the live center's routing settings, as a queue's settings spell them
        // (`simulate --from-database` copies them): absent, the simulator's defaults.
        /// Ring time before the next agent is tried (5–300 s; 20). Robots answer at once.
        public var ringTimeoutSeconds: Int?
        /// Whether an agent who lets a call ring out goes not ready (robots never do).
        public var missedCallGoesNotReady: Bool?
        /// The longest a caller waits before the call ends as `maxWait`; absent: no limit.
        public var maxWaitSeconds: Int?
        /// Opening hours and holidays, read against `Scenario.startDate`; absent: always open.
        public var hours: BusinessHours?
        /// Whether this is the escalation queue (the first so marked).
        public var escalation: Bool?
        /// Whether wrap-up lasts until a disposition is chosen (robots choose one as they hang up).
        public var dispositionRequired: Bool?

        public init(
            name: String, priority: Int? = nil, weight: Int? = nil, strategy: RoutingStrategy? = nil, requiredSkills: [Requirement]? = nil,
            wrapUpSeconds: Double? = nil, maxWaiting: Int? = nil, overflow: [Overflow]? = nil, arrivals: Arrivals, handleTime: Distribution,
            patience: Distribution? = nil
        ) {
            self.name = name
            self.priority = priority
            self.weight = weight
            self.strategy = strategy
            self.requiredSkills = requiredSkills
            self.wrapUpSeconds = wrapUpSeconds
            self.maxWaiting = maxWaiting
            self.overflow = overflow
            self.arrivals = arrivals
            self.handleTime = handleTime
            self.patience = patience
        }
    }

    /// When agents work, as "HH:MM" from the start of each simulated day; the end may be past
    /// midnight ("22:00"–"06:00").
    public struct Shift: Sendable, Equatable, Codable {
        public var start: String
        public var end: String

        public init(start: String, end: String) {
            self.start = start
            self.end = end
        }
    }

    public struct AgentGroup: Sendable, Equatable, Codable {
        public var name: String?
        public var count: Int
        /// Skill name → proficiency 1…5.
        public var skills: [String: Int]?
        public var shift: Shift?
        public var teamLeader: Bool?
        /// Queues (by name) the group takes, or does not take, whatever their skills: a
        /// supervisor's moves of the day.
        public var addedQueues: [String]?
        public var removedQueues: [String]?

        public init(name: String? = nil, count: Int, skills: [String: Int]? = nil, shift: Shift? = nil, teamLeader: Bool? = nil) {
            self.name = name
            self.count = count
            self.skills = skills
            self.shift = shift
            self.teamLeader = teamLeader
        }
    }

    public var name: String?
    /// The local date the run starts on, at midnight (YYYY-MM-DD): business hours, holidays and
    /// weekdays read the simulated clock as local time from then. Default 2027-01-04, a Monday.
    public var startDate: String?
    public var durationMinutes: Double
    public var intervalMinutes: Double?
    public var thresholdSeconds: Double?
    /// Calls arriving in the first minutes are not counted (the queues start empty).
    public var warmUpMinutes: Double?
    public var queues: [Queue]
    public var agents: [AgentGroup]

    public init(
        name: String? = nil, startDate: String? = nil, durationMinutes: Double, intervalMinutes: Double? = nil, thresholdSeconds: Double? = nil, warmUpMinutes: Double? = nil,
        queues: [Queue], agents: [AgentGroup]
    ) {
        self.name = name
        self.startDate = startDate
        self.durationMinutes = durationMinutes
        self.intervalMinutes = intervalMinutes
        self.thresholdSeconds = thresholdSeconds
        self.warmUpMinutes = warmUpMinutes
        self.queues = queues
        self.agents = agents
    }

    /// The routing engine's configuration the simulator runs this scenario with: the live
    /// center's translator (`RoutingConfiguration`) applied to the scenario's settings.
    public func routingConfiguration() throws(SwitchboardError) -> RoutingConfiguration {
        try Model(self).configuration
    }

    /// One queue with identical agents: the M/M/N(+M) model of the quick form.
    public static func singleQueue(
        agents: Int, callsPerMinute: Double, handleTime: Distribution, patience: Distribution?, durationMinutes: Double,
        thresholdSeconds: Double = 20, warmUpMinutes: Double = 0
    ) -> Scenario {
        Scenario(
            name: "single queue", durationMinutes: durationMinutes, intervalMinutes: 30, thresholdSeconds: thresholdSeconds, warmUpMinutes: warmUpMinutes,
            queues: [Queue(name: "Queue", wrapUpSeconds: 0, maxWaiting: 10_000_000, arrivals: Arrivals(callsPerHour: callsPerMinute * 60),
                           handleTime: handleTime, patience: patience)],
            agents: [AgentGroup(name: "agents", count: agents)])
    }
}
