import SwitchboardCore

/// What the goals feature keeps: the goals, each change with its audit record, and the
/// referrals counted toward a referral goal. `DatabaseGoalStore` keeps them in the database,
/// `InMemoryGoalStore` in memory (the fake for tests of the rules in `Goals`).
public protocol GoalStore: Sendable {
    /// Stores a validated goal together with its audit record, made from the new goal.
    func insert(_ draft: GoalDraft, at now: Instant, audit: @escaping @Sendable (Goal) -> AuditEntry) async throws -> Goal
    /// Deletes a goal together with its audit record; false (and no record) when there was none.
    func delete(_ id: Int64, audit: AuditEntry) async throws -> Bool
    func goal(_ id: Int64) async throws -> Goal?
    /// One agent's or team's goals; nil scope: every goal. In the order they were set.
    func goals(scope: Goal.Scope?, scopeId: Int64?) async throws -> [Goal]
    /// Referrals the agents recorded in [from, to).
    func referralCount(agentIds: [Int64], from: Instant, to: Instant) async throws -> Int
}
