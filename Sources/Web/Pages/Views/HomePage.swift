/// The home page (`home.mustache`): what matters to each of the person's roles — links to the
/// pages they may use, an agent's profile, a team leader's team and goals, the queues and teams.
struct HomePage: PageView {
    let page: PageFrame
    let displayName: String
    /// The person's roles, translated and joined.
    let roles: String
    let links: Links
    let profile: Profile?
    let team: Team?
    let queues: PageTable?
    let teams: PageTable?

    struct Links {
        let admin: Bool
        let desk: Bool
        let floor: Bool
        let customers: Bool
    }

    struct Profile {
        let team: String
        let skills: String
    }

    struct Team {
        let name: String
        let warnings: [String]
        let agents: PageTable
        let goals: PageTable
    }
}
