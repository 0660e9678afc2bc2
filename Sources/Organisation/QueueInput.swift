import SwitchboardCore

/// The body of `POST /queues` and `PATCH /queues/{id}`; a new queue needs a name and an
/// extension, everything else has a sensible default (80 % in 20 s, open all week, …).
public struct QueueInput: Codable, Sendable, Equatable {
    public var name: String?
    public var extensionNumber: String?
    public var priority: Int?
    public var serviceLevel: ServiceLevelTarget?
    public var maxWaitingCalls: Int?
    public var wrapUpSeconds: Int?
    public var requiredSkills: [SkillRequirement]?
    public var hours: BusinessHours?
    public var strategy: RoutingStrategy?
    public var weight: Int?
    public var ringTimeoutSeconds: Int?
    public var missedCallGoesNotReady: Bool?
    public var maxWaitSeconds: Int?
    public var overflow: [OverflowRule]?
    public var escalation: Bool?
    public var dispositionRequired: Bool?
    public var alerts: AlertThresholds?

    public init(
        name: String? = nil, extensionNumber: String? = nil, priority: Int? = nil, serviceLevel: ServiceLevelTarget? = nil,
        maxWaitingCalls: Int? = nil, wrapUpSeconds: Int? = nil, requiredSkills: [SkillRequirement]? = nil, hours: BusinessHours? = nil
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

    func applied(to current: QueueSettings) -> QueueSettings {
        var settings = current
        if let name { settings.name = name }
        if let extensionNumber { settings.extensionNumber = extensionNumber }
        if let priority { settings.priority = priority }
        if let serviceLevel { settings.serviceLevel = serviceLevel }
        if let maxWaitingCalls { settings.maxWaitingCalls = maxWaitingCalls }
        if let wrapUpSeconds { settings.wrapUpSeconds = wrapUpSeconds }
        if let requiredSkills { settings.requiredSkills = requiredSkills }
        if let hours { settings.hours = hours }
        if let strategy { settings.strategy = strategy }
        if let weight { settings.weight = weight }
        if let ringTimeoutSeconds { settings.ringTimeoutSeconds = ringTimeoutSeconds }
        if let missedCallGoesNotReady { settings.missedCallGoesNotReady = missedCallGoesNotReady }
        if let maxWaitSeconds { settings.maxWaitSeconds = maxWaitSeconds }
        if let overflow { settings.overflow = overflow }
        if let escalation { settings.escalation = escalation }
        if let dispositionRequired { settings.dispositionRequired = dispositionRequired }
        if let alerts { settings.alerts = alerts }
        return settings
    }
}
