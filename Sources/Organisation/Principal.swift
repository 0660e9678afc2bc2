import SwitchboardCore

/// Who is acting: the signed-in person (or the CLI operator), with what the permission table
/// and the audit log need to know.
public struct Principal: Sendable, Equatable {
    public var userId: Int64?
    public var username: String
    public var roles: [Role]

    public init(userId: Int64?, username: String, roles: [Role]) {
        self.userId = userId
        self.username = username
        self.roles = roles
    }

    public init(_ user: User) {
        self.init(userId: user.id, username: user.username, roles: user.roles)
    }

    /// The operator at the server's console (`switchboard user add`): full rights, recorded in
    /// the audit log as `cli`.
    public static let console = Principal(userId: nil, username: "cli", roles: [.admin])

    public func require(_ operation: Operation, _ resource: Resource) throws(SwitchboardError) {
        try Permissions.require(roles, to: operation, resource)
    }

    /// Whether the person sees only their own team's figures — wallboard, event stream, reports:
    /// a team leader with no role that looks after the whole floor (supervisor, administrator,
    /// quality assurance, workforce planner). The one place this rule is decided.
    public var seesOnlyOwnTeam: Bool {
        roles.contains(.teamLeader) && !roles.contains(where: { [.supervisor, .admin, .qa, .workforce].contains($0) })
    }
}

/// The signed-in person as `GET /api/v1/me` shows them.
public struct Profile: Codable, Equatable, Sendable {
    public var id: Int64
    public var username: String
    public var displayName: String
    public var language: Language
    public var roles: [Role]
    /// The agent record, when the person takes calls.
    public var agentId: Int64?
    /// The team the person belongs to as an agent, or leads.
    public var teamId: Int64?
    public var teamName: String?

    enum CodingKeys: String, CodingKey { case id, username, displayName, language, roles, agentId, teamId, teamName }

    /// Absent links are written as `null`, so clients see every field the document promises.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(username, forKey: .username)
        try container.encode(displayName, forKey: .displayName)
        try container.encode(language, forKey: .language)
        try container.encode(roles, forKey: .roles)
        try container.encode(agentId, forKey: .agentId)
        try container.encode(teamId, forKey: .teamId)
        try container.encode(teamName, forKey: .teamName)
    }
}
