import SwitchboardCore

/// The body of `POST /skills` and `PATCH /skills/{id}`.
public struct SkillInput: Codable, Sendable, Equatable {
    public var name: String?
    public var description: String?

    public init(name: String? = nil, description: String? = nil) {
        self.name = name
        self.description = description
    }
}
