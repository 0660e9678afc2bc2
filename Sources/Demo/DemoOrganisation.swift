import Organisation
import Storage
import SwitchboardCore

/// The demo organisation that `switchboard demo` seeds into an empty database: three teams of
/// thirteen agents with their team leaders, a supervisor, a QA specialist, a workforce planner,
/// a recruiter and an administrator, six queues and a realistic mix of skills. Every later
/// feature, test and script relies on these sign-ins; all have the password `demo`.
public enum DemoOrganisation {
    public static let password = "demo"
    public static let agentCount = 39
    public static let teamNames = ["Team Amstel", "Team Maas", "Team Thames"]

    /// The staff accounts besides agents and team leaders: username, display name, language, roles.
    static let staff: [(String, String, Language, [Role])] = [
        ("admin", "Anna de Beheerder", .nl, [.admin]),
        ("supervisor", "Sanne Visser", .nl, [.supervisor]),
        ("qa", "Quinten Bakker", .nl, [.qa]),
        ("planner", "Priya Raman", .en, [.workforce]),
        ("recruiter", "Rob de Wit", .nl, [.recruiter]),
    ]

    static let leaders: [(String, Language)] = [("Lotte Jansen", .nl), ("Mark de Groot", .nl), ("Emily Carter", .en)]

    static let agentNames = [
        "Daan de Vries", "Emma Bakker", "Sem Janssen", "Julia Visser", "Lucas Smit", "Mila Meijer", "Finn de Boer", "Tess Mulder",
        "Levi de Groot", "Sophie Bos", "Noah Vos", "Zoë Peters", "Milan Hendriks", "Sara van Dijk", "Luuk Dekker", "Anna Brouwer",
        "Jesse de Wit", "Eva Dijkstra", "Thijs Smits", "Lisa de Graaf", "Bram van der Meer", "Fleur Kok", "Ruben Jacobs", "Nina de Haan",
        "Oliver Smith", "Amelia Jones", "Harry Taylor", "Isla Brown", "Jack Williams", "Ava Wilson", "George Evans", "Lily Thomas",
        "Noah Roberts", "Grace Walker", "Thomas Wright", "Chloe Green", "Arjun Patel", "Fatima El Amrani", "Mehmet Yılmaz",
    ]

    static let skills: [(String, String)] = [
        ("lang:nl", "Dutch"), ("lang:en", "English"), ("lang:de", "German"), ("billing", "Invoices, payments and balances"),
        ("shipping", "Orders, shipments and tracking"), ("techSupport", "Troubleshooting products and the website"),
        ("sales", "Offers, upgrades and cross-selling"), ("memberServices", "Credit-union member accounts and transactions"),
        ("escalations", "Unhappy callers and complaints: supervisors and team leaders"),
    ]

    /// The queues: name, extension, required skills, priority, service level, wrap-up, open all week?
    static let queues: [(String, String, [SkillRequirement], Int, ServiceLevelTarget, Int, Bool)] = [
        ("Klantenservice NL", "800", [.init(skill: "lang:nl", minimumProficiency: 2)], 5, .init(percent: 80, seconds: 20), 30, true),
        ("Customer Service EN", "801", [.init(skill: "lang:en", minimumProficiency: 2)], 5, .init(percent: 80, seconds: 20), 30, true),
        ("Billing", "802", [.init(skill: "billing", minimumProficiency: 2)], 6, .init(percent: 80, seconds: 30), 45, false),
        ("Technical Support", "803", [.init(skill: "techSupport", minimumProficiency: 2)], 4, .init(percent: 70, seconds: 60), 60, false),
        ("Member Services", "804", [.init(skill: "memberServices", minimumProficiency: 2)], 7, .init(percent: 90, seconds: 15), 45, false),
        ("Sales", "805", [.init(skill: "sales", minimumProficiency: 1)], 3, .init(percent: 80, seconds: 30), 20, false),
        ("Escalaties", "809", [.init(skill: "escalations", minimumProficiency: 3)], 9, .init(percent: 90, seconds: 15), 60, true),
    ]

    /// `agent01` … `agent39`.
    public static func agentUsername(_ index: Int) -> String {
        index < 10 ? "agent0\(index)" : "agent\(index)"
    }

    /// Every demo sign-in, in the order they are printed.
    public static var usernames: [String] {
        staff.map(\.0) + (1...leaders.count).map { "teamlead\($0)" } + (1...agentCount).map(agentUsername)
    }

    /// Gives every agent without one a SIP account named as their sign-in, with the demo
    /// password (shorter than the API allows: the demo is for trying, not for production).
    /// Returns how many were added.
    @discardableResult
    public static func ensureSIPAccounts(_ service: OrganisationService) async throws -> Int {
        let now = service.clock()
        return try await service.database.transaction { sql -> Int in
            let accounts = SIPAccountRepository(sql)
            let users = Dictionary(uniqueKeysWithValues: try await UserRepository(sql).list().map { ($0.id, $0.username) })
            var added = 0
            for agent in try await AgentRepository(sql).list() where try await accounts.find(agentId: agent.id) == nil {
                guard let username = users[agent.userId], try await accounts.find(username: username) == nil else { continue }
                try await accounts.set(
                    StoredSIPAccount(
                        agentId: agent.id, username: username, realm: OrganisationService.sipRealm,
                        ha1: OrganisationService.sipSecret(username: username, password: password)),
                    at: now)
                added += 1
            }
            return added
        }
    }

    /// Seeds the organisation when the database has no users; returns whether it did.
    /// Uses one bcrypt hash of `demo` for every account (seeding fifty hashes would take seconds).
    @discardableResult
    public static func seedIfEmpty(_ service: OrganisationService) async throws -> Bool {
        let now = service.clock()
        let passwordHash = try await service.hash(password)
        return try await service.database.transaction { sql -> Bool in
            let users = UserRepository(sql)
            guard try await users.count() == 0 else { return false }
            for (username, name, language, roles) in staff {
                _ = try await users.insert(
                    try UserDraft.validated(username: username, displayName: name, language: language, roles: roles), passwordHash: passwordHash, at: now)
            }
            var skillIds: [String: Int64] = [:]
            for (name, description) in skills {
                skillIds[name] = try await SkillRepository(sql).insert(name: name, description: description).id
            }
            var teams: [Team] = []
            for (index, (name, language)) in leaders.enumerated() {
                let leader = try await users.insert(
                    try UserDraft.validated(username: "teamlead\(index + 1)", displayName: name, language: language, roles: [.teamLeader]),
                    passwordHash: passwordHash, at: now)
                teams.append(try await TeamRepository(sql).insert(name: teamNames[index], leaderId: leader.id, at: now))
                // Team leaders take overflow calls, so they have an agent record with broad skills.
                _ = try await AgentRepository(sql).insert(
                    userId: leader.id, teamId: nil,
                    skills: levels(for: (index + 1) * 13, leader: true).map { (skillIds[$0.skill]!, $0) }, at: now)
            }
            for index in 1...agentCount {
                let teamIndex = (index - 1) / 13
                let english = teamIndex == 2
                let user = try await users.insert(
                    try UserDraft.validated(
                        username: agentUsername(index), displayName: agentNames[index - 1], language: english ? .en : .nl, roles: [.agent]),
                    passwordHash: passwordHash, at: now)
                _ = try await AgentRepository(sql).insert(
                    userId: user.id, teamId: teams[teamIndex].id,
                    skills: levels(for: index, leader: false).map { (skillIds[$0.skill]!, $0) }, at: now)
            }
            // The supervisor takes escalated calls too, so has an agent record.
            let supervisor = try await users.credentials(username: "supervisor")!.user
            _ = try await AgentRepository(sql).insert(
                userId: supervisor.id, teamId: nil,
                skills: [("escalations", 5), ("lang:nl", 5), ("lang:en", 4)].map { (skillIds[$0.0]!, SkillLevel(skill: $0.0, proficiency: $0.1)) }, at: now)
            for (name, number, requirements, priority, serviceLevel, wrapUp, alwaysOpen) in queues {
                var settings = QueueSettings(
                    name: name, extensionNumber: number, priority: priority, serviceLevel: serviceLevel, maxWaitingCalls: 50,
                    wrapUpSeconds: wrapUp, requiredSkills: requirements, hours: alwaysOpen ? .alwaysOpen() : officeHours)
                if alwaysOpen {
                    // The general lines let team leaders help out after a minute (they accept overflow).
                    settings.overflow = [OverflowRule(afterSeconds: 60, action: .addTeamLeaders)]
                }
                if name == "Escalaties" {
                    settings.escalation = true
                    settings.strategy = .mostSkilled
                }
                _ = try await QueueRepository(sql).insert(try settings.validated(), skillIds: skillIds, at: now)
            }
            try await AuditRepository(sql).append(AuditEntry(
                at: now, actorUserId: nil, actorUsername: "demo", action: "demo.seed", entity: "organisation", entityId: nil))
            return true
        }
    }

    /// Office hours of the specialised queues: weekdays 08:00–20:00, Saturday 09:00–17:00, closed
    /// on Dutch public holidays at the end of the year.
    static var officeHours: BusinessHours {
        var weekly: [Weekday: [OpeningInterval]] = [:]
        for day in [Weekday.mon, .tue, .wed, .thu, .fri] { weekly[day] = [OpeningInterval(opensAt: 8 * 60, closesAt: 20 * 60)] }
        weekly[.sat] = [OpeningInterval(opensAt: 9 * 60, closesAt: 17 * 60)]
        return BusinessHours(
            timeZone: "Europe/Amsterdam", weekly: weekly,
            holidays: [
                Holiday(date: LocalDate(year: 2026, month: 12, day: 25), name: "Eerste Kerstdag"),
                Holiday(date: LocalDate(year: 2026, month: 12, day: 26), name: "Tweede Kerstdag"),
                Holiday(date: LocalDate(year: 2027, month: 1, day: 1), name: "Nieuwjaarsdag"),
            ])
    }

    /// A deterministic, varied skill mix: Dutch teams speak Dutch (most also English), the
    /// English team English (a few Dutch or German), and expertise rotates so every queue has
    /// enough agents at proficiency 2 or more.
    static func levels(for index: Int, leader: Bool) -> [SkillLevel] {
        let english = index > 26
        var levels: [SkillLevel] = []
        if english {
            levels.append(.init(skill: "lang:en", proficiency: 5))
            if index % 4 == 0 { levels.append(.init(skill: "lang:nl", proficiency: 2 + index % 3)) }
            if index % 6 == 1 { levels.append(.init(skill: "lang:de", proficiency: 3)) }
        } else {
            levels.append(.init(skill: "lang:nl", proficiency: 5))
            if index % 5 != 0 { levels.append(.init(skill: "lang:en", proficiency: 2 + index % 4)) }
            if index % 9 == 0 { levels.append(.init(skill: "lang:de", proficiency: 2)) }
        }
        let expertise = ["billing", "shipping", "techSupport", "sales", "memberServices"]
        if leader {
            levels += expertise.map { SkillLevel(skill: $0, proficiency: 4) }
            levels.append(SkillLevel(skill: "escalations", proficiency: 4))
        } else {
            levels.append(.init(skill: expertise[index % 5], proficiency: 2 + index % 4))
            levels.append(.init(skill: expertise[(index + 2) % 5], proficiency: 1 + index % 3))
        }
        return levels
    }

    /// What `demo` prints: queues with their extensions.
    public static var queueDirectory: [(name: String, extensionNumber: String)] {
        queues.map { ($0.0, $0.1) }
    }
}
