import SwitchboardCore

/// Goals in memory: the fake behind `Goals` in tests of its rules. Keeps the audit records it
/// was given, and the referrals a test records, so both can be checked.
public actor InMemoryGoalStore: GoalStore {
    public private(set) var stored: [Goal] = []
    public private(set) var audit: [AuditEntry] = []
    private var referrals: [(agentId: Int64, at: Instant)] = []
    private var nextId: Int64 = 1

    public init() {}

    /// A referral as the call-work feature records one.
    public func recordReferral(agentId: Int64, at: Instant) { referrals.append((agentId, at)) }

    public func insert(_ draft: GoalDraft, at now: Instant, audit record: @escaping @Sendable (Goal) -> AuditEntry) async throws -> Goal {
        let goal = draft.goal(id: nextId)
        nextId += 1
        stored.append(goal)
        audit.append(record(goal))
        return goal
    }

    public func delete(_ id: Int64, audit record: AuditEntry) async throws -> Bool {
        guard let index = stored.firstIndex(where: { $0.id == id }) else { return false }
        stored.remove(at: index)
        audit.append(record)
        return true
    }

    public func goal(_ id: Int64) async throws -> Goal? { stored.first { $0.id == id } }

    public func goals(scope: Goal.Scope?, scopeId: Int64?) async throws -> [Goal] {
        guard let scope, let scopeId else { return stored }
        return stored.filter { $0.scope == scope && $0.scopeId == scopeId }
    }

    public func referralCount(agentIds: [Int64], from: Instant, to: Instant) async throws -> Int {
        let agents = Set(agentIds)
        return referrals.filter { agents.contains($0.agentId) && $0.at >= from && $0.at < to }.count
    }
}
