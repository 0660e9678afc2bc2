import SwitchboardCore

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
