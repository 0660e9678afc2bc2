/// A user who takes calls: belongs to at most one team and holds skills with a proficiency.
/// The agent's id is what calls, state intervals and evaluations refer to.
public struct Agent: Codable, Equatable, Sendable {
    public var id: Int64
    public var userId: Int64
    public var teamId: Int64?
    /// Sorted by skill name; each skill once.
    public var skills: [SkillLevel]

    public init(id: Int64, userId: Int64, teamId: Int64?, skills: [SkillLevel]) {
        self.id = id
        self.userId = userId
        self.teamId = teamId
        self.skills = skills.sorted { $0.skill < $1.skill }
    }
}
