import SwitchboardCore

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
