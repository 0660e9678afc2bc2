import SwitchboardCore

/// A field in a partial update: absent (leave it), `null` (clear it) or a value.
/// JSON cannot otherwise tell "leave the team leader" from "remove the team leader".
public enum Patch<Value: Codable & Sendable & Equatable>: Sendable, Equatable {
    case absent
    case null
    case value(Value)

    func resolved(keeping current: Value?) -> Value? {
        switch self {
        case .absent: current
        case .null: nil
        case .value(let value): value
        }
    }
}

extension KeyedDecodingContainer {
    func decodePatch<Value>(_ type: Value.Type, forKey key: Key) throws -> Patch<Value> {
        guard contains(key) else { return .absent }
        if try decodeNil(forKey: key) { return .null }
        return .value(try decode(Value.self, forKey: key))
    }
}

/// The body of `POST /users` and `PATCH /users/{id}`; fields absent from a PATCH stay as they are.
public struct UserInput: Codable, Sendable, Equatable {
    public var username: String?
    public var displayName: String?
    public var language: String?
    public var roles: [String]?
    public var password: String?
    public var active: Bool?

    public init(username: String? = nil, displayName: String? = nil, language: String? = nil, roles: [String]? = nil, password: String? = nil, active: Bool? = nil) {
        self.username = username
        self.displayName = displayName
        self.language = language
        self.roles = roles
        self.password = password
        self.active = active
    }
}

/// The body of `PATCH /me`: what anyone may change about themselves. A new password needs the
/// current one.
public struct ProfileInput: Codable, Sendable, Equatable {
    public var displayName: String?
    public var language: String?
    public var currentPassword: String?
    public var newPassword: String?

    public init(displayName: String? = nil, language: String? = nil, currentPassword: String? = nil, newPassword: String? = nil) {
        self.displayName = displayName
        self.language = language
        self.currentPassword = currentPassword
        self.newPassword = newPassword
    }
}

/// The body of `POST /teams` and `PATCH /teams/{id}`.
public struct TeamInput: Codable, Sendable, Equatable {
    public var name: String?
    public var leaderId: Patch<Int64>

    public init(name: String? = nil, leaderId: Patch<Int64> = .absent) {
        self.name = name
        self.leaderId = leaderId
    }

    enum CodingKeys: String, CodingKey { case name, leaderId }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        leaderId = try container.decodePatch(Int64.self, forKey: .leaderId)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(name, forKey: .name)
        switch leaderId {
        case .absent: break
        case .null: try container.encodeNil(forKey: .leaderId)
        case .value(let id): try container.encode(id, forKey: .leaderId)
        }
    }
}

/// The body of `POST /skills` and `PATCH /skills/{id}`.
public struct SkillInput: Codable, Sendable, Equatable {
    public var name: String?
    public var description: String?

    public init(name: String? = nil, description: String? = nil) {
        self.name = name
        self.description = description
    }
}

/// The body of `POST /agents` and `PATCH /agents/{id}`.
public struct AgentInput: Codable, Sendable, Equatable {
    public var userId: Int64?
    public var teamId: Patch<Int64>
    public var skills: [SkillLevel]?

    public init(userId: Int64? = nil, teamId: Patch<Int64> = .absent, skills: [SkillLevel]? = nil) {
        self.userId = userId
        self.teamId = teamId
        self.skills = skills
    }

    enum CodingKeys: String, CodingKey { case userId, teamId, skills }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        userId = try container.decodeIfPresent(Int64.self, forKey: .userId)
        teamId = try container.decodePatch(Int64.self, forKey: .teamId)
        skills = try container.decodeIfPresent([SkillLevel].self, forKey: .skills)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(userId, forKey: .userId)
        switch teamId {
        case .absent: break
        case .null: try container.encodeNil(forKey: .teamId)
        case .value(let id): try container.encode(id, forKey: .teamId)
        }
        try container.encodeIfPresent(skills, forKey: .skills)
    }
}

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

/// A team as the API shows it: with its size and the span-of-control warnings.
public struct TeamView: Codable, Equatable, Sendable {
    public var id: Int64
    public var name: String
    public var leaderId: Int64?
    public var agentCount: Int
    public var warnings: [String]

    enum CodingKeys: String, CodingKey { case id, name, leaderId, agentCount, warnings }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(leaderId, forKey: .leaderId)
        try container.encode(agentCount, forKey: .agentCount)
        try container.encode(warnings, forKey: .warnings)
    }
}

/// An agent as the API shows it: with the person's name.
public struct AgentView: Codable, Equatable, Sendable {
    public var id: Int64
    public var userId: Int64
    public var username: String
    public var displayName: String
    public var teamId: Int64?
    public var skills: [SkillLevel]

    enum CodingKeys: String, CodingKey { case id, userId, username, displayName, teamId, skills }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(userId, forKey: .userId)
        try container.encode(username, forKey: .username)
        try container.encode(displayName, forKey: .displayName)
        try container.encode(teamId, forKey: .teamId)
        try container.encode(skills, forKey: .skills)
    }
}

/// The body of `POST /not-ready-reasons` and `PATCH /not-ready-reasons/{code}` (label only).
public struct NotReadyReasonInput: Codable, Sendable, Equatable {
    public var code: String?
    public var label: String?

    public init(code: String? = nil, label: String? = nil) {
        self.code = code
        self.label = label
    }
}
