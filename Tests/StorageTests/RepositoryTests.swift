import SQLKit
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@Suite("Repositories, on every database")
struct RepositoryTests {
    let now = Instant(millisecondsSinceEpoch: 1_795_000_000_000)

    @Test("users keep their roles, language and activation through insert, update and delete", arguments: TestDatabase.available)
    func users(_ kind: TestDatabase) async throws {
        try await kind.with { (database: Database) async throws in
            try await database.transaction { sql in
                let users = UserRepository(sql)
                let draft = try UserDraft.validated(username: "jdoe", displayName: "Jan Doe", language: .nl, roles: [.teamLeader, .agent, .agent])
                let created = try await users.insert(draft, passwordHash: "hash-1", at: now)
                #expect(created.roles == [.agent, .teamLeader])
                var changed = try #require(try await users.find(id: created.id))
                #expect(changed == created)
                changed.displayName = "Jan de Vries"
                changed.roles = [.supervisor]
                changed.active = false
                changed.language = .en
                try await users.update(changed, at: now)
                try await users.setPasswordHash(of: created.id, to: "hash-2", at: now)
                let credentials = try #require(try await users.credentials(username: "jdoe"))
                #expect(credentials.user == changed)
                #expect(credentials.passwordHash == "hash-2")
                #expect(try await users.list().map(\.username) == ["jdoe"])
                try await users.delete(created.id)
                #expect(try await users.find(id: created.id) == nil)
                #expect(try await users.count() == 0)
            }
        }
    }

    @Test("a duplicate username is refused by the database itself", arguments: TestDatabase.available)
    func uniqueUsername(_ kind: TestDatabase) async throws {
        try await kind.with { (database: Database) async throws in
            let draft = try UserDraft.validated(username: "dup", displayName: "A", language: .en, roles: [.agent])
            _ = try await database.transaction { try await UserRepository($0).insert(draft, passwordHash: "h", at: now) }
            do {
                _ = try await database.transaction { try await UserRepository($0).insert(draft, passwordHash: "h", at: now) }
                Issue.record("the second insert should have failed")
            } catch {
                #expect(Database.isUniqueViolation(error))
            }
            #expect(try await database.read { try await UserRepository($0).count() } == 1)
        }
    }

    @Test("sessions expire, and can be ended one by one or all at once", arguments: TestDatabase.available)
    func sessions(_ kind: TestDatabase) async throws {
        try await kind.with { (database: Database) async throws in
            try await database.transaction { sql in
                let user = try await UserRepository(sql).insert(
                    try UserDraft.validated(username: "sess", displayName: "S", language: .en, roles: [.agent]), passwordHash: "h", at: now)
                let sessions = SessionRepository(sql)
                try await sessions.insert(tokenHash: "a", userId: user.id, at: now, expiresAt: now + .seconds(60))
                try await sessions.insert(tokenHash: "b", userId: user.id, at: now, expiresAt: now + .seconds(60))
                #expect(try await sessions.userId(tokenHash: "a", at: now) == user.id)
                #expect(try await sessions.userId(tokenHash: "a", at: now + .seconds(60)) == nil)
                try await sessions.delete(tokenHash: "a")
                #expect(try await sessions.userId(tokenHash: "a", at: now) == nil)
                #expect(try await sessions.userId(tokenHash: "b", at: now) == user.id)
                try await sessions.deleteAll(userId: user.id)
                #expect(try await sessions.userId(tokenHash: "b", at: now) == nil)
            }
        }
    }

    @Test("teams, skills and agents round-trip with skills and counts", arguments: TestDatabase.available)
    func teamsSkillsAgents(_ kind: TestDatabase) async throws {
        try await kind.with { (database: Database) async throws in
            try await database.transaction { sql in
                let users = UserRepository(sql)
                let leader = try await users.insert(
                    try UserDraft.validated(username: "lead", displayName: "Lead", language: .nl, roles: [.teamLeader]), passwordHash: "h", at: now)
                let agentUser = try await users.insert(
                    try UserDraft.validated(username: "ag", displayName: "Ag", language: .nl, roles: [.agent]), passwordHash: "h", at: now)
                let team = try await TeamRepository(sql).insert(name: "Team Noord", leaderId: leader.id, at: now)
                #expect(try await TeamRepository(sql).find(name: "team noord") == team)
                #expect(try await TeamRepository(sql).find(leaderId: leader.id) == team)
                let dutch = try await SkillRepository(sql).insert(name: "lang:nl", description: "Dutch")
                let billing = try await SkillRepository(sql).insert(name: "billing", description: "")
                #expect(dutch.kind == .language)
                #expect(billing.kind == .expertise)
                let agent = try await AgentRepository(sql).insert(
                    userId: agentUser.id, teamId: team.id,
                    skills: [(dutch.id, SkillLevel(skill: "lang:nl", proficiency: 5)), (billing.id, SkillLevel(skill: "billing", proficiency: 3))], at: now)
                #expect(try await AgentRepository(sql).find(id: agent.id) == agent)
                #expect(try await AgentRepository(sql).find(userId: agentUser.id)?.skills.map(\.skill) == ["billing", "lang:nl"])
                #expect(try await AgentRepository(sql).list(teamId: team.id).count == 1)
                #expect(try await TeamRepository(sql).agentCounts() == [team.id: 1])
                #expect(try await SkillRepository(sql).isInUse(billing.id))
                try await AgentRepository(sql).update(id: agent.id, teamId: nil, skills: [(dutch.id, SkillLevel(skill: "lang:nl", proficiency: 4))], at: now)
                let updated = try #require(try await AgentRepository(sql).find(id: agent.id))
                #expect(updated.teamId == nil)
                #expect(updated.skills == [SkillLevel(skill: "lang:nl", proficiency: 4)])
                #expect(try await SkillRepository(sql).isInUse(billing.id) == false)
            }
        }
    }

    @Test("a skill still held by an agent cannot be deleted (the reference is enforced)", arguments: TestDatabase.available)
    func referencedSkill(_ kind: TestDatabase) async throws {
        try await kind.with { (database: Database) async throws in
            let skill = try await database.transaction { sql in
                let user = try await UserRepository(sql).insert(
                    try UserDraft.validated(username: "ag", displayName: "Ag", language: .nl, roles: [.agent]), passwordHash: "h", at: now)
                let skill = try await SkillRepository(sql).insert(name: "sales", description: "")
                _ = try await AgentRepository(sql).insert(userId: user.id, teamId: nil, skills: [(skill.id, SkillLevel(skill: "sales", proficiency: 2))], at: now)
                return skill
            }
            do {
                try await database.transaction { try await SkillRepository($0).delete(skill.id) }
                Issue.record("deleting a skill in use should fail")
            } catch {
                #expect(Database.isForeignKeyViolation(error))
            }
            #expect(try await database.read { try await SkillRepository($0).find(id: skill.id) } != nil)
        }
    }

    @Test("queues keep every setting: service level, skills, weekly hours and holidays", arguments: TestDatabase.available)
    func queues(_ kind: TestDatabase) async throws {
        try await kind.with { (database: Database) async throws in
            try await database.transaction { sql in
                let billing = try await SkillRepository(sql).insert(name: "billing", description: "")
                var hours = BusinessHours(
                    timeZone: "Europe/Amsterdam",
                    weekly: [.mon: [OpeningInterval(opensAt: 480, closesAt: 720), OpeningInterval(opensAt: 780, closesAt: 1200)], .sat: [OpeningInterval(opensAt: 540, closesAt: 1020)]],
                    holidays: [Holiday(date: LocalDate(year: 2026, month: 12, day: 25), name: "Kerstmis")])
                hours = try hours.validated()
                let settings = try QueueSettings(
                    name: "Billing", extensionNumber: "802", priority: 7, serviceLevel: .init(percent: 90, seconds: 15), maxWaitingCalls: 25,
                    wrapUpSeconds: 45, requiredSkills: [.init(skill: "billing", minimumProficiency: 3)], hours: hours
                ).validated()
                let queue = try await QueueRepository(sql).insert(settings, skillIds: ["billing": billing.id], at: now)
                #expect(try await QueueRepository(sql).find(id: queue.id) == queue)
                #expect(try await QueueRepository(sql).find(nameOrExtension: "BILLING")?.id == queue.id)
                #expect(try await QueueRepository(sql).find(nameOrExtension: "802")?.id == queue.id)
                var changed = queue
                changed.settings.serviceLevel = .init(percent: 80, seconds: 20)
                changed.settings.requiredSkills = []
                changed.settings.hours = .alwaysOpen()
                try await QueueRepository(sql).update(changed, skillIds: [:], at: now)
                #expect(try await QueueRepository(sql).list() == [changed])
                try await QueueRepository(sql).delete(queue.id)
                #expect(try await QueueRepository(sql).list().isEmpty)
            }
        }
    }

    @Test("the audit log pages newest first and filters by entity", arguments: TestDatabase.available)
    func auditLog(_ kind: TestDatabase) async throws {
        try await kind.with { (database: Database) async throws in
            try await database.transaction { sql in
                let audit = AuditRepository(sql)
                for index in 0..<5 {
                    try await audit.append(AuditEntry(
                        at: now + .seconds(Int64(index)), actorUserId: 1, actorUsername: "admin", action: "team.update",
                        entity: index % 2 == 0 ? "team" : "queue", entityId: Int64(index), before: #"{"n":\#(index)}"#, after: nil))
                }
                let newest = try await audit.list(limit: 2)
                #expect(newest.map(\.entityId) == [4, 3])
                let older = try await audit.list(limit: 10, beforeId: newest.last?.id)
                #expect(older.map(\.entityId) == [2, 1, 0])
                #expect(try await audit.list(limit: 10, entity: "queue").map(\.entityId) == [3, 1])
                #expect(newest.first?.before == #"{"n":4}"#)
                #expect(newest.first?.after == nil)
            }
        }
    }

    @Test("a transaction that throws leaves nothing behind", arguments: TestDatabase.available)
    func rollback(_ kind: TestDatabase) async throws {
        try await kind.with { (database: Database) async throws in
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await database.transaction { sql in
                    _ = try await SkillRepository(sql).insert(name: "billing", description: "")
                    throw Boom()
                }
            }
            #expect(try await database.read { try await SkillRepository($0).list() }.isEmpty)
        }
    }

    @Test("records survive closing and reopening the database", arguments: TestDatabase.available)
    func durability(_ kind: TestDatabase) async throws {
        try await kind.withReopenable { open in
            let first = try await open()
            try await Migrator().migrate(first)
            _ = try await first.transaction { try await SkillRepository($0).insert(name: "techSupport", description: "Kept") }
            await first.close()
            let second = try await open()
            #expect(try await Migrator().migrate(second).isEmpty)
            #expect(try await second.read { try await SkillRepository($0).list() }.map(\.description) == ["Kept"])
            await second.close()
        }
    }

    @Test(
        "PostgreSQL is configured for the storage tests",
        .enabled(if: TestDatabase.postgresURL != nil, "SWITCHBOARD_TEST_POSTGRES_URL is not set: every PostgreSQL storage test was skipped; .ci/run sets it"))
    func postgresConfigured() async throws {
        try await TestDatabase.postgres.with { database in
            #expect(database.dialect == .postgres)
            try await database.ping()
        }
    }
}
