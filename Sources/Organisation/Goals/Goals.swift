import Storage
import SwitchboardCore

/// Goals and their progress, computed from the reports (and referrals): who may set and see
/// which goals, and what each goal stands at in its current period. The goals are kept by a
/// `GoalStore`; people, agents and teams come from the `OrganisationDirectory`.
public struct Goals: Sendable {
    let store: any GoalStore
    let directory: any OrganisationDirectory
    let reports: Reports
    let clock: @Sendable () -> Instant

    public init(store: any GoalStore, directory: any OrganisationDirectory, reports: Reports, clock: @escaping @Sendable () -> Instant) {
        self.store = store
        self.directory = directory
        self.reports = reports
        self.clock = clock
    }

    /// The organisation's goals in its database.
    public init(_ organisation: OrganisationService) {
        self.init(store: DatabaseGoalStore(database: organisation.database), directory: organisation, reports: Reports(organisation), clock: organisation.clock)
    }

    /// Whether the principal may see (or, `writing`, set) goals of this agent or team.
    func checkGoalScope(agentId: Int64?, teamId: Int64?, writing: Bool, by principal: Principal) async throws {
        try principal.require(writing ? .write : .read, .goals)
        if principal.roles.contains(.admin) || principal.roles.contains(.supervisor) || (!writing && principal.roles.contains(.qa)) { return }
        let profile = try await directory.profile(of: principal)
        if let agentId {
            if !writing, profile.agentId == agentId { return }
            if principal.roles.contains(.teamLeader), let team = profile.teamId, try await directory.agent(agentId, by: .console).teamId == team { return }
        } else if let teamId, principal.roles.contains(.teamLeader), profile.teamId == teamId {
            return
        }
        throw SwitchboardError.forbidden(writing ? "set goals outside your team" : "read these goals")
    }

    public func createGoal(_ draft: GoalDraft, by principal: Principal) async throws -> GoalProgress {
        try principal.require(.write, .goals)
        let checked = try draft.validated()
        if let agentId = checked.agentId { _ = try await directory.agent(agentId, by: .console) }
        if let teamId = checked.teamId, try await directory.teams(by: .console).contains(where: { $0.id == teamId }) == false {
            throw SwitchboardError.unknownReference("teamId", "No team with id \(teamId).")
        }
        try await checkGoalScope(agentId: checked.agentId, teamId: checked.teamId, writing: true, by: principal)
        let now = clock()
        let goal = try await store.insert(checked, at: now) { goal in
            AuditEntry(at: now, actorUserId: principal.userId, actorUsername: principal.username, action: "goal.create", entity: "goal", entityId: goal.id)
        }
        return try await progress(of: [goal]).first!
    }

    public func deleteGoal(_ id: Int64, by principal: Principal) async throws {
        guard let goal = try await store.goal(id) else { throw SwitchboardError.notFound("goal", id: id) }
        try await checkGoalScope(agentId: goal.scope == .agent ? goal.scopeId : nil, teamId: goal.scope == .team ? goal.scopeId : nil, writing: true, by: principal)
        let now = clock()
        guard try await store.delete(id, audit: AuditEntry(
            at: now, actorUserId: principal.userId, actorUsername: principal.username, action: "goal.delete", entity: "goal", entityId: id))
        else { throw SwitchboardError.notFound("goal", id: id) }
    }

    /// An agent's goals (their own and their team's) or a team's, with progress this period.
    /// Without either: the signed-in agent's.
    public func goals(agentId: Int64?, teamId: Int64?, by principal: Principal) async throws -> [GoalProgress] {
        var agentId = agentId
        if agentId == nil, teamId == nil {
            // A user without an agent record has no goals of their own.
            guard let mine = try await directory.profile(of: principal).agentId else { return [] }
            agentId = mine
        }
        try await checkGoalScope(agentId: agentId, teamId: teamId, writing: false, by: principal)
        var goals: [Goal] = []
        if let agentId {
            goals = try await store.goals(scope: .agent, scopeId: agentId)
            if let team = try await directory.agent(agentId, by: .console).teamId {
                goals += try await store.goals(scope: .team, scopeId: team)
            }
        } else if let teamId {
            goals = try await store.goals(scope: .team, scopeId: teamId)
        }
        return try await progress(of: goals)
    }

    /// A team's goals and those of each of its agents, in one computation (the team page).
    public func teamGoalsWithAgents(teamId: Int64, by principal: Principal) async throws -> [GoalProgress] {
        try await checkGoalScope(agentId: nil, teamId: teamId, writing: false, by: principal)
        let members = Set(try await directory.agents(teamId: teamId, by: .console).map(\.id))
        let goals = try await store.goals(scope: nil, scopeId: nil).filter { goal in
            goal.scope == .team ? goal.scopeId == teamId : members.contains(goal.scopeId)
        }
        return try await progress(of: goals)
    }

    /// Each goal's value in its current period: one report per scope and period.
    func progress(of goals: [Goal], zone: ReportZone = ReportZone()) async throws -> [GoalProgress] {
        let today = Int(zone.day(of: clock().millisecondsSinceEpoch))
        var byKey: [String: Report] = [:]
        var results: [GoalProgress] = []
        for goal in goals {
            let kind: ReportPeriod.Kind = switch goal.period {
            case .day: .day
            case .week: .week
            case .month: .month
            case .quarter: .quarter
            case .year: .year
            }
            let period = try ReportPeriod.containing(kind, day: today)
            let by = goal.scope == .agent ? "agent" : "team"
            let key = "\(by) \(period.description)"
            if byKey[key] == nil { byKey[key] = try await reports.report(period: period.description, by: by, per: nil, zone: zone, by: .console) }
            let row = byKey[key]!.rows.first { $0.id == goal.scopeId }
            var value: Double?
            switch goal.metric {
            case .callsHandled: value = Double(row?.answered ?? 0)
            case .aht: value = row?.ahtSeconds
            case .serviceLevel: value = row?.serviceLevel
            case .holdRate: value = row.flatMap { $0.answered > 0 ? Double($0.holdCount) / Double($0.answered) : nil }
            case .notReadyShare: value = row.flatMap { r in r.loggedInSeconds.flatMap { $0 > 0 ? (r.notReadySeconds ?? 0) / $0 : nil } }
            case .referrals:
                let from = Instant(millisecondsSinceEpoch: Int64(period.fromDay) * 86_400_000 - zone.offset(at: Int64(period.fromDay) * 86_400_000))
                let to = Instant(millisecondsSinceEpoch: Int64(period.toDay) * 86_400_000 - zone.offset(at: Int64(period.toDay) * 86_400_000))
                let agents = goal.scope == .agent ? [goal.scopeId] : try await directory.agents(teamId: goal.scopeId, by: .console).map(\.id)
                value = Double(try await store.referralCount(agentIds: agents, from: from, to: to))
            }
            results.append(GoalProgress(goal: goal, period: period.description, value: value))
        }
        return results
    }
}
