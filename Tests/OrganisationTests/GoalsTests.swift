import Organisation
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

/// The goals feature's rules without HTTP — who may set and read which goals, validation, the
/// audit record, and progress — in memory and on each database.
@Suite("Goals: who sets and sees them, and where they stand")
struct GoalsTests {
    /// The use case on the backend, with a fake report store in memory (which the test can fill).
    struct Setup {
        let world: World
        let goals: Goals
        let store: InMemoryGoalStore?
        let reports: InMemoryReportStore?
    }

    static func with(_ backend: Backend, _ body: (Setup) async throws -> Void) async throws {
        try await backend.with { world in
            if let service = world.service {
                try await body(Setup(world: world, goals: Goals(service), store: nil, reports: nil))
            } else {
                let store = InMemoryGoalStore(), reportStore = InMemoryReportStore()
                let reports = Reports(store: reportStore, directory: world.directory, clock: world.now)
                try await body(Setup(world: world, goals: Goals(store: store, directory: world.directory, reports: reports, clock: world.now), store: store, reports: reportStore))
            }
        }
    }

    /// Audit actions recorded for goals, oldest first.
    static func goalAudit(_ setup: Setup) async throws -> [String] {
        if let store = setup.store { return await store.audit.map(\.action) }
        let service = try #require(setup.world.service)
        return try await service.auditLog(entity: "goal", by: .console).map(\.action).reversed()
    }

    @Test("a team leader sets goals for their own team and its agents only; an agent reads, never sets", arguments: Backend.all)
    func teamLeaderScope(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world
            let north = try await world.team("North"), south = try await world.team("South")
            let leader = try await world.person("leader", [.teamLeader])
            try await world.lead(north, by: leader)
            let ann = try await world.person("ann", [.agent], agent: true, team: north)
            let bob = try await world.person("bob", [.agent], agent: true, team: south)
            let annId = try await world.agentId(of: ann), bobId = try await world.agentId(of: bob)

            let own = try await setup.goals.createGoal(GoalDraft(agentId: annId, metric: .callsHandled, target: 40), by: leader)
            #expect(own.goal.scope == .agent && own.goal.scopeId == annId && own.goal.period == .month && own.goal.direction == .atLeast)
            let team = try await setup.goals.createGoal(GoalDraft(teamId: north, metric: .aht, target: 300), by: leader)
            #expect(team.goal.direction == .atMost, "a shorter handle time is better")

            let other = await #expect(throws: SwitchboardError.self) {
                try await setup.goals.createGoal(GoalDraft(agentId: bobId, metric: .callsHandled, target: 40), by: leader)
            }
            #expect(other?.code == "forbidden")
            let otherTeam = await #expect(throws: SwitchboardError.self) {
                try await setup.goals.createGoal(GoalDraft(teamId: south, metric: .callsHandled, target: 40), by: leader)
            }
            #expect(otherTeam?.code == "forbidden")
            let byAgent = await #expect(throws: SwitchboardError.self) {
                try await setup.goals.createGoal(GoalDraft(agentId: annId, metric: .callsHandled, target: 1), by: ann)
            }
            #expect(byAgent?.code == "forbidden")

            // Ann sees her own goal and her team's; Bob sees neither, and may not ask for Ann's.
            #expect(try await setup.goals.goals(agentId: nil, teamId: nil, by: ann).map(\.goal.id) == [own.goal.id, team.goal.id])
            #expect(try await setup.goals.goals(agentId: nil, teamId: nil, by: bob).isEmpty)
            let peek = await #expect(throws: SwitchboardError.self) { try await setup.goals.goals(agentId: annId, teamId: nil, by: bob) }
            #expect(peek?.code == "forbidden")
            #expect(try await setup.goals.teamGoalsWithAgents(teamId: north, by: leader).map(\.goal.id).sorted() == [own.goal.id, team.goal.id])
            #expect(try await Self.goalAudit(setup) == ["goal.create", "goal.create"], "refused goals leave no record")
        }
    }

    @Test("a goal names one agent or one team that exists, with a target in range; deleting is audited", arguments: Backend.all)
    func validation(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world
            let north = try await world.team("North")
            let supervisor = try await world.person("sup", [.supervisor])
            let ann = try await world.person("ann", [.agent], agent: true, team: north)
            let annId = try await world.agentId(of: ann)

            let both = await #expect(throws: SwitchboardError.self) {
                try await setup.goals.createGoal(GoalDraft(agentId: annId, teamId: north, metric: .aht, target: 300), by: supervisor)
            }
            #expect(both?.field == "agentId")
            let share = await #expect(throws: SwitchboardError.self) {
                try await setup.goals.createGoal(GoalDraft(teamId: north, metric: .serviceLevel, target: 80), by: supervisor)
            }
            #expect(share?.field == "target", "a service level is a share: 0.8, not 80")
            let ghost = await #expect(throws: SwitchboardError.self) {
                try await setup.goals.createGoal(GoalDraft(teamId: 9_999, metric: .callsHandled, target: 10), by: supervisor)
            }
            #expect(ghost?.code == "unknown_reference")
            await #expect(throws: SwitchboardError.self) {
                try await setup.goals.createGoal(GoalDraft(agentId: 9_999, metric: .callsHandled, target: 10), by: supervisor)
            }

            let goal = try await setup.goals.createGoal(GoalDraft(teamId: north, metric: .serviceLevel, target: 0.8), by: supervisor)
            try await setup.goals.deleteGoal(goal.goal.id, by: supervisor)
            let again = await #expect(throws: SwitchboardError.self) { try await setup.goals.deleteGoal(goal.goal.id, by: supervisor) }
            #expect(again?.code == "not_found")
            #expect(try await setup.goals.goals(agentId: nil, teamId: north, by: supervisor).isEmpty)
            #expect(try await Self.goalAudit(setup) == ["goal.create", "goal.delete"])
        }
    }

    @Test("progress is this period's figure from the reports: nothing yet on a new floor", arguments: Backend.all)
    func progressStartsAtZero(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world
            let north = try await world.team("North")
            let supervisor = try await world.person("sup", [.supervisor])
            let ann = try await world.person("ann", [.agent], agent: true, team: north)
            let goal = try await setup.goals.createGoal(GoalDraft(agentId: try await world.agentId(of: ann), metric: .callsHandled, target: 40), by: supervisor)
            #expect(goal.value == 0)
            #expect(goal.met == false)
        }
    }

    @Test("progress counts the agent's answered calls and the team's referrals in the current period")
    func progressFromFigures() async throws {
        try await Self.with(.memory) { setup in
            let world = setup.world
            let store = try #require(setup.store), reports = try #require(setup.reports)
            let north = try await world.team("North")
            let supervisor = try await world.person("sup", [.supervisor])
            let ann = try await world.person("ann", [.agent], agent: true, team: north)
            let bea = try await world.person("bea", [.agent], agent: true, team: north)
            let annId = try await world.agentId(of: ann), beaId = try await world.agentId(of: bea)
            let now = world.clock.now.millisecondsSinceEpoch
            let today = now / 86_400_000
            // Today and 40 days ago (another month): only today counts for a monthly goal.
            await reports.addVisits(.init(agentId: annId, teamId: north, bucket: now, localDay: today, values: ["answered": 25]))
            await reports.addVisits(.init(agentId: annId, teamId: north, bucket: now - 40 * 86_400_000, localDay: today - 40, values: ["answered": 90]))
            await store.recordReferral(agentId: annId, at: world.clock.now)
            await store.recordReferral(agentId: beaId, at: world.clock.now)
            await store.recordReferral(agentId: beaId, at: Instant(millisecondsSinceEpoch: now - 40 * 86_400_000))

            let calls = try await setup.goals.createGoal(GoalDraft(agentId: annId, metric: .callsHandled, target: 20), by: supervisor)
            #expect(calls.value == 25 && calls.met == true)
            let referrals = try await setup.goals.createGoal(GoalDraft(teamId: north, metric: .referrals, target: 5, period: .month), by: supervisor)
            #expect(referrals.value == 2 && referrals.met == false)
        }
    }

    @Test("a team's referral goal counts the referrals its agents record through call work", arguments: TestDatabase.available)
    func referralsFromCallWork(_ kind: TestDatabase) async throws {
        try await Self.with(.database(kind)) { setup in
            let world = setup.world
            let service = try #require(world.service)
            let north = try await world.team("North"), south = try await world.team("South")
            let supervisor = try await world.person("sup", [.supervisor])
            let ann = try await world.person("ann", [.agent], agent: true, team: north)
            let bea = try await world.person("bea", [.agent], agent: true, team: north)
            let cas = try await world.person("cas", [.agent], agent: true, team: south)
            let draft = try CustomerDraft(firstName: "Anna", lastName: "de Vries", phones: []).validated()
            let now = world.clock.now
            let customer = try await service.database.transaction { try await CustomerRepository($0).insert(draft, at: now).id }
            for (person, product) in [(ann, "Loan"), (bea, "Loan"), (bea, "Insurance"), (cas, "Loan")] {
                _ = try await CallWork(service).recordReferral(ReferralInput(customerId: customer, product: product), by: person)
            }
            let goal = try await setup.goals.createGoal(GoalDraft(teamId: north, metric: .referrals, target: 5), by: supervisor)
            #expect(goal.value == 3, "North's three, not South's")
            let annGoal = try await setup.goals.createGoal(GoalDraft(agentId: try await world.agentId(of: ann), metric: .referrals, target: 1), by: supervisor)
            #expect(annGoal.value == 1 && annGoal.met == true)
        }
    }
}
