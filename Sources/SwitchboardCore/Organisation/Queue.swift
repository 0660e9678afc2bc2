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
        return copy
    }
}
