/// A team of agents led by one team leader (R-ROLE).
public struct Team: Codable, Equatable, Sendable {
    public var id: Int64
    public var name: String
    /// The user id of the team leader; `nil` while the team has none.
    public var leaderId: Int64?

    public init(id: Int64, name: String, leaderId: Int64?) {
        self.id = id
        self.name = name
        self.leaderId = leaderId
    }
}

/// The span of control the guide describes: one team leader for 10 to 16 agents
/// (11.7 on average). Outside it the product warns; it never refuses.
public enum TeamSpan {
    public static let recommendedAgents: ClosedRange<Int> = 10...16

    /// Warnings for a team with `agentCount` agents, in English; empty when the team is fine.
    public static func warnings(agentCount: Int, hasLeader: Bool) -> [String] {
        var warnings: [String] = []
        if !hasLeader {
            warnings.append("The team has no team leader.")
        }
        if agentCount < recommendedAgents.lowerBound {
            warnings.append("The team has \(agentCount) agents; one team leader usually leads \(recommendedAgents.lowerBound) to \(recommendedAgents.upperBound).")
        } else if agentCount > recommendedAgents.upperBound {
            warnings.append("The team has \(agentCount) agents, more than the \(recommendedAgents.upperBound) one team leader can usually lead.")
        }
        return warnings
    }
}
