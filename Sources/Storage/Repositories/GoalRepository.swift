import SQLKit
import SwitchboardCore

public struct GoalRepository {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public func insert(_ draft: GoalDraft, at now: Instant) async throws -> Goal {
        let shape = draft.goal(id: 0)
        let id = try await sql.raw("""
            INSERT INTO goals (scope, scope_id, metric, target, direction, period, created_at_ms)
            VALUES (\(bind: shape.scope.rawValue), \(bind: shape.scopeId), \(bind: shape.metric.rawValue), \(bind: shape.target),
                \(bind: shape.direction.rawValue), \(bind: shape.period.rawValue), \(bind: now.millisecondsSinceEpoch))
            RETURNING id
            """).first()!.int64("id")
        return draft.goal(id: id)
    }

    public func delete(_ id: Int64) async throws -> Bool {
        try await sql.raw("DELETE FROM goals WHERE id = \(bind: id) RETURNING id").first() != nil
    }

    public func find(_ id: Int64) async throws -> Goal? {
        try await sql.raw("SELECT id, scope, scope_id, metric, target, direction, period FROM goals WHERE id = \(bind: id)").first().flatMap(Self.goal)
    }

    /// Goals of one agent or team; nil scope: every goal.
    public func list(scope: Goal.Scope? = nil, scopeId: Int64? = nil) async throws -> [Goal] {
        if let scope, let scopeId {
            return try await sql.raw("""
                SELECT id, scope, scope_id, metric, target, direction, period FROM goals WHERE scope = \(bind: scope.rawValue) AND scope_id = \(bind: scopeId) ORDER BY id
                """).all().compactMap(Self.goal)
        }
        return try await sql.raw("SELECT id, scope, scope_id, metric, target, direction, period FROM goals ORDER BY id").all().compactMap(Self.goal)
    }

    static func goal(_ row: any SQLRow) throws -> Goal? {
        guard let scope = Goal.Scope(rawValue: try row.string("scope")), let metric = Goal.Metric(rawValue: try row.string("metric")),
              let direction = Goal.Direction(rawValue: try row.string("direction")), let period = Goal.Period(rawValue: try row.string("period"))
        else { return nil }
        return Goal(id: try row.int64("id"), scope: scope, scopeId: try row.int64("scope_id"), metric: metric,
                    target: try row.decode(column: "target", as: Double.self), direction: direction, period: period)
    }
}
