import SwitchboardCore

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
