/// A skill a queue needs at a minimum proficiency (1–5).
public struct RoutingRequirement: Hashable, Sendable {
    public var skill: SkillID
    public var minimum: Int

    public init(skill: SkillID, minimum: Int) {
        self.skill = skill
        self.minimum = minimum
    }
}
