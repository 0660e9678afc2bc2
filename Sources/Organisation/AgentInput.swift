import SwitchboardCore

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
