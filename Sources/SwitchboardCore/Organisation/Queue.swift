/// The share of calls to answer within a time: "80 % in 20 s".
public struct ServiceLevelTarget: Codable, Equatable, Sendable {
    public var percent: Int
    public var seconds: Int

    public init(percent: Int, seconds: Int) {
        self.percent = percent
        self.seconds = seconds
    }
}

/// A skill a queue's calls need, with the lowest proficiency that may take them.
public struct SkillRequirement: Codable, Equatable, Hashable, Sendable {
    public var skill: String
    public var minimumProficiency: Int

    public init(skill: String, minimumProficiency: Int) {
        self.skill = skill
        self.minimumProficiency = minimumProficiency
    }
}

/// One overflow rule of a queue as people write it: after a wait, one action, naming skills and
/// queues by name. The live shell turns it into the routing engine's `OverflowStep`.
public struct OverflowRule: Codable, Equatable, Sendable {
    public enum Action: String, Codable, Sendable, CaseIterable {
        case lowerMinimum, addSkill, addTeamLeaders, moveToQueue, offerCallback, end
    }

    public var afterSeconds: Int
    public var action: Action
    /// For `lowerMinimum` and `addSkill`: the proficiency floor.
    public var minimum: Int?
    /// For `addSkill`.
    public var skill: String?
    /// For `moveToQueue`: the target queue's name.
    public var queue: String?
    /// For `end`: why the call ends (shown in its record).
    public var reason: String?

    public init(afterSeconds: Int, action: Action, minimum: Int? = nil, skill: String? = nil, queue: String? = nil, reason: String? = nil) {
        self.afterSeconds = afterSeconds
        self.action = action
        self.minimum = minimum
        self.skill = skill
        self.queue = queue
        self.reason = reason
    }
}

/// A line callers wait in: how it is reached, which agents may take its calls, and the service
/// it promises. Invariants hold for every stored queue (see `QueueSettings.validated`).
public struct Queue: Codable, Equatable, Sendable {
    public var id: Int64
    public var settings: QueueSettings

    public init(id: Int64, settings: QueueSettings) {
        self.id = id
        self.settings = settings
    }

    public var name: String { settings.name }

    enum CodingKeys: String, CodingKey { case id }

    public init(from decoder: any Decoder) throws {
        id = try decoder.container(keyedBy: CodingKeys.self).decode(Int64.self, forKey: .id)
        settings = try QueueSettings(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try settings.encode(to: encoder)
    }
}

/// Everything about a queue but its id.
public struct QueueSettings: Codable, Equatable, Sendable {
    public static let priorityRange: ClosedRange<Int> = 1...10

    public var name: String
    /// The number callers dial, 2 to 8 digits.
    public var extensionNumber: String
    /// 1 (lowest) to 10 (highest): calls of a higher-priority queue are offered first.
    public var priority: Int
    public var serviceLevel: ServiceLevelTarget
    /// Calls beyond this many waiting are refused ("queue full").
    public var maxWaitingCalls: Int
    /// After-call work time before the agent is offered the next call.
    public var wrapUpSeconds: Int
    /// Sorted by skill; each skill once.
    public var requiredSkills: [SkillRequirement]
    public var hours: BusinessHours
    /// How an available agent is chosen.
    public var strategy: RoutingStrategy = .longestIdle
    /// Among queues of equal priority, how many times a waiting call's age counts (1–100).
    public var weight: Int = 1
    /// How long an agent's phone rings before the call goes to the next agent (5–300 s).
    public var ringTimeoutSeconds: Int = 20
    /// Whether an agent who lets a call ring out goes not ready ("missed call").
    public var missedCallGoesNotReady: Bool = true
    /// The longest a caller waits in this queue before the call ends ("maxWait"; over SIP
    /// 480): a caller who never hangs up cannot hold a place for ever. Overflow rules with a
    /// shorter wait act first.
    public var maxWaitSeconds: Int = 1800
    /// Sorted by `afterSeconds`.
    public var overflow: [OverflowRule] = []
    /// Whether `escalate` sends calls here (at most one queue is the escalation queue).
    public var escalation: Bool = false
    /// Whether wrap-up only ends once the agent has chosen a disposition for the call.
    public var dispositionRequired: Bool = false
    /// When the wallboard warns about this queue (and its agents).
    public var alerts = AlertThresholds()

    public init(
        name: String, extensionNumber: String, priority: Int = 5,
        serviceLevel: ServiceLevelTarget = .init(percent: 80, seconds: 20), maxWaitingCalls: Int = 50,
        wrapUpSeconds: Int = 30, requiredSkills: [SkillRequirement] = [], hours: BusinessHours = .alwaysOpen()
    ) {
        self.name = name
        self.extensionNumber = extensionNumber
        self.priority = priority
        self.serviceLevel = serviceLevel
        self.maxWaitingCalls = maxWaitingCalls
        self.wrapUpSeconds = wrapUpSeconds
        self.requiredSkills = requiredSkills
        self.hours = hours
    }

    enum CodingKeys: String, CodingKey {
        case name, extensionNumber = "extension", priority, serviceLevel, maxWaitingCalls, wrapUpSeconds, requiredSkills, hours
        case strategy, weight, ringTimeoutSeconds, missedCallGoesNotReady, maxWaitSeconds, overflow, escalation, dispositionRequired, alerts
    }

    /// Checks every field, naming the first one that breaks a rule, and normalises the order
    /// of skills, intervals and holidays.
    public func validated() throws(SwitchboardError) -> QueueSettings {
        var copy = self
        copy.name = try Validate.name(name, field: "name")
        let ext = Validate.trim(extensionNumber)
        guard (2...8).contains(ext.count), ext.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
            throw .invalid("extension", "extension is 2 to 8 digits, such as 800.")
        }
        copy.extensionNumber = ext
        _ = try Validate.integer(priority, field: "priority", in: Self.priorityRange)
        _ = try Validate.integer(serviceLevel.percent, field: "serviceLevel.percent", in: 1...100)
        _ = try Validate.integer(serviceLevel.seconds, field: "serviceLevel.seconds", in: 1...3600)
        _ = try Validate.integer(maxWaitingCalls, field: "maxWaitingCalls", in: 1...100_000)
        _ = try Validate.integer(wrapUpSeconds, field: "wrapUpSeconds", in: 0...3600)
        var seen: Set<String> = []
        for (index, requirement) in requiredSkills.enumerated() {
            _ = try Validate.integer(requirement.minimumProficiency, field: "requiredSkills[\(index)].minimumProficiency", in: SkillLevel.range)
            guard seen.insert(requirement.skill).inserted else {
                throw .invalid("requiredSkills[\(index)].skill", "Skill '\(requirement.skill)' is listed twice.")
            }
        }
        copy.requiredSkills.sort { $0.skill < $1.skill }
        copy.hours = try hours.validated()
        _ = try Validate.integer(weight, field: "weight", in: 1...100)
        _ = try Validate.integer(ringTimeoutSeconds, field: "ringTimeoutSeconds", in: 5...300)
        _ = try Validate.integer(maxWaitSeconds, field: "maxWaitSeconds", in: 10...86_400)
        for (index, rule) in overflow.enumerated() {
            let field = "overflow[\(index)]"
            _ = try Validate.integer(rule.afterSeconds, field: "\(field).afterSeconds", in: 1...86_400)
            switch rule.action {
            case .lowerMinimum:
                guard let minimum = rule.minimum else { throw SwitchboardError.missing("\(field).minimum") }
                _ = try Validate.integer(minimum, field: "\(field).minimum", in: SkillLevel.range)
            case .addSkill:
                guard rule.skill != nil else { throw SwitchboardError.missing("\(field).skill") }
                _ = try Validate.integer(rule.minimum ?? 1, field: "\(field).minimum", in: SkillLevel.range)
            case .moveToQueue:
                guard let target = rule.queue, !target.isEmpty else { throw SwitchboardError.missing("\(field).queue") }
                guard target.lowercased() != copy.name.lowercased() else { throw SwitchboardError.invalid("\(field).queue", "A queue cannot overflow into itself.") }
            case .end:
                copy.overflow[index].reason = try Validate.name(rule.reason ?? "overflow", field: "\(field).reason", maxLength: 64)
            case .addTeamLeaders, .offerCallback:
                break
            }
        }
        copy.overflow.sort { $0.afterSeconds < $1.afterSeconds }
        copy.alerts = try alerts.validated()
        return copy
    }
}
