import Storage
import SwitchboardCore

/// A disposition as the agent sends it.
public struct DispositionInput: Codable, Equatable, Sendable {
    public var code: String
    public var reason: String?
    public var followUpDue: String?
    public var followUpText: String?

    public init(code: String, reason: String? = nil, followUpDue: String? = nil, followUpText: String? = nil) {
        self.code = code
        self.reason = reason
        self.followUpDue = followUpDue
        self.followUpText = followUpText
    }
}
