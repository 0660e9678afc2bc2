/// A person who signs in: an agent, a team leader, a supervisor, … (R-ROLE).
/// Invariant: `roles` is sorted and holds each role once; at least one role.
public struct User: Codable, Equatable, Sendable {
    public var id: Int64
    public var username: String
    public var displayName: String
    public var language: Language
    public var roles: [Role]
    /// A deactivated user cannot sign in, but their history stays attributed to them.
    public var active: Bool

    public init(id: Int64, username: String, displayName: String, language: Language, roles: [Role], active: Bool = true) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.language = language
        self.roles = Array(Set(roles)).sorted()
        self.active = active
    }

    public func has(_ role: Role) -> Bool { roles.contains(role) }
}

/// What is needed to create a user, checked: build it with `UserDraft.validated`.
public struct UserDraft: Equatable, Sendable {
    public var username: String
    public var displayName: String
    public var language: Language
    public var roles: [Role]
    public var active: Bool

    /// Checks every field and normalises roles (sorted, once each).
    public static func validated(
        username: String, displayName: String, language: Language, roles: [Role], active: Bool = true
    ) throws(SwitchboardError) -> UserDraft {
        let username = try Validate.username(username)
        let displayName = try Validate.name(displayName, field: "displayName")
        guard !roles.isEmpty else { throw .invalid("roles", "A user needs at least one role.") }
        return UserDraft(username: username, displayName: displayName, language: language, roles: Array(Set(roles)).sorted(), active: active)
    }
}
