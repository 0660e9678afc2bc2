/// The administrator's edit form for one record (`edit.mustache`); exactly one of the kinds is
/// set. Multi-value settings are plain lines (`billing 3`, `mon 08:00-12:00, 13:00-17:00`).
struct EditPage: PageView {
    var page: PageFrame
    let action: String
    let error: String?
    var user: User? = nil
    var team: Team? = nil
    var skill: Skill? = nil
    var agent: Agent? = nil
    var queue: Queue? = nil

    struct User {
        let username: String
        let displayName: String
        let languages: [PageOption]
        let active: Bool
        let roles: [PageOption]
    }

    struct Team {
        let name: String
        let leaders: [PageOption]
    }

    struct Skill {
        let name: String
        let description: String
    }

    struct Agent {
        let teams: [PageOption]
        let skills: String
    }

    struct Queue {
        let name: String
        let extensionNumber: String
        let priority: Int
        let serviceLevelPercent: Int
        let serviceLevelSeconds: Int
        let maxWaitingCalls: Int
        let wrapUpSeconds: Int
        let timeZone: String
        let strategies: [PageOption]
        let weight: Int
        let ringTimeoutSeconds: Int
        let maxWaitSeconds: Int
        let missedCallGoesNotReady: Bool
        let escalation: Bool
        let dispositionRequired: Bool
        let requiredSkills: String
        let weekly: String
        let holidays: String
    }
}
