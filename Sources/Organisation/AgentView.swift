import SwitchboardCore

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
