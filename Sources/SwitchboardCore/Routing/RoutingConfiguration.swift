/// How a queue picks among available agents.
public enum RoutingStrategy: String, Sendable, CaseIterable, Codable {
    /// The agent who has waited longest since their last call (the default, and the fairest).
    case longestIdle
    /// The highest total proficiency in the queue's skills, then longest idle.
    case mostSkilled
    /// The agent offered a call least recently, whatever the queue.
    case roundRobin
    /// The fewest calls answered today, then longest idle.
    case fewestCalls
}

/// A skill a queue needs at a minimum proficiency (1–5).
public struct RoutingRequirement: Hashable, Sendable {
    public var skill: SkillID
    public var minimum: Int

    public init(skill: SkillID, minimum: Int) {
        self.skill = skill
        self.minimum = minimum
    }
}

/// What happens to a call that has waited `after` in a queue. Widening steps let more agents
/// take it; the last three make it leave the queue.
public struct OverflowStep: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        /// Every required skill's minimum drops to at most this level.
        case lowerMinimum(to: Int)
        /// Agents holding this skill at this level may also take the call.
        case addSkill(RoutingRequirement)
        /// Team leaders may take the call whatever their skills (they accept overflow).
        case addTeamLeaders
        /// The call moves to another queue, keeping its priority.
        case moveToQueue(QueueID)
        /// The caller is offered a callback and the call leaves the queue.
        case offerCallback
        /// The call ends with this reason (for example after an announcement).
        case end(reason: String)
    }

    public var after: Duration
    public var action: Action

    public init(after: Duration, _ action: Action) {
        self.after = after
        self.action = action
    }

    @usableFromInline var widens: Bool {
        switch action {
        case .lowerMinimum, .addSkill, .addTeamLeaders: true
        case .moveToQueue, .offerCallback, .end: false
        }
    }
}

/// A queue as the routing engine sees it.
public struct RoutingQueue: Sendable {
    public var id: QueueID
    public var name: String
    /// 1 (lowest) to 10 (highest): an agent in several queues is offered the higher first.
    public var priority: Int
    /// Among queues of equal priority, a call's wait counts `weight` times (1 = plain age).
    public var weight: Int
    public var strategy: RoutingStrategy
    public var requirements: [RoutingRequirement]
    public var wrapUp: Duration
    /// Calls beyond this many waiting are rejected as `queueFull`.
    public var maxWaiting: Int
    public var ringTimeout: Duration
    /// Whether an agent who lets a call ring out goes not ready ("missed call").
    public var missedCallGoesNotReady: Bool
    /// Sorted by `after`.
    public var overflow: [OverflowStep]
    /// `nil`: always open.
    public var hours: BusinessHours?
    /// Wrap-up after this queue's calls lasts until the call has a disposition
    /// (`RoutingCommand.dispositionRecorded`), however long the wrap-up time.
    public var dispositionRequired = false

    public init(
        id: QueueID, name: String, priority: Int = 5, weight: Int = 1, strategy: RoutingStrategy = .longestIdle,
        requirements: [RoutingRequirement] = [], wrapUp: Duration = .seconds(30), maxWaiting: Int = 50, ringTimeout: Duration = .seconds(20),
        missedCallGoesNotReady: Bool = true, overflow: [OverflowStep] = [], hours: BusinessHours? = nil
    ) {
        self.id = id
        self.name = name
        self.priority = priority
        self.weight = max(1, weight)
        self.strategy = strategy
        self.requirements = requirements
        self.wrapUp = wrapUp
        self.maxWaiting = maxWaiting
        self.ringTimeout = ringTimeout
        self.missedCallGoesNotReady = missedCallGoesNotReady
        self.overflow = overflow.sorted { $0.after < $1.after }
        self.hours = hours
    }
}

/// An agent as the routing engine sees it: skills and whether they lead a team.
public struct RoutingAgent: Sendable {
    public var id: AgentID
    public var skills: [SkillID: Int]
    public var isTeamLeader: Bool
    /// The agent's team (its id), for commands a team leader may give only within their team.
    public var team: Int64?
    /// Moved for the day by a supervisor: queues the agent takes whatever their skills, and
    /// queues they do not take whatever their skills (removal wins).
    public var addedQueues: Set<QueueID> = []
    public var removedQueues: Set<QueueID> = []
    /// Auto-answer ("auto-accept"): a call routed to the agent connects at once, without ringing
    /// and without an `answer` command — the simulator's robot agents, and a headset that picks
    /// up by itself. The engine still reports the offer (`callOffered`, ringing until now), then
    /// the answer; consultations still ring.
    public var autoAnswer = false

    public init(id: AgentID, skills: [SkillID: Int], isTeamLeader: Bool = false, team: Int64? = nil, autoAnswer: Bool = false) {
        self.id = id
        self.skills = skills
        self.isTeamLeader = isTeamLeader
        self.team = team
        self.autoAnswer = autoAnswer
    }
}

/// The local wall-clock time in a queue's time zone, for business hours. The shell supplies the
/// conversion (the core has no calendar); `LocalTime.utc` is the pure one for tests and the
/// simulator.
public struct LocalTime: Sendable, Equatable {
    public var date: LocalDate
    public var weekday: Weekday
    public var minuteOfDay: Int

    public init(date: LocalDate, weekday: Weekday, minuteOfDay: Int) {
        self.date = date
        self.weekday = weekday
        self.minuteOfDay = minuteOfDay
    }

    /// Civil time at a fixed offset from UTC (days-from-civil arithmetic, no calendar library).
    public static func utc(_ instant: Instant, offsetMinutes: Int = 0) -> LocalTime {
        let minutes = Int(floorDivide(instant.millisecondsSinceEpoch, 60_000)) + offsetMinutes
        let days = floorDivide(Int64(minutes), 1440)
        let minuteOfDay = minutes - Int(days) * 1440
        // 1970-01-01 was a Thursday.
        let weekday = Weekday.allCases[Int((days % 7 + 7 + 3) % 7)]
        return LocalTime(date: LocalDate(dayNumber: Int(days)), weekday: weekday, minuteOfDay: minuteOfDay)
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
