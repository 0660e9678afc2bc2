import SQLKit
import SwitchboardCore

/// The append-only audit log.
public struct AuditRepository {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public func append(_ entry: AuditEntry) async throws {
        try await sql.raw("""
            INSERT INTO audit_log (at_ms, actor_user_id, actor_username, action, entity, entity_id, before_json, after_json)
            VALUES (\(bind: entry.at.millisecondsSinceEpoch), \(bind: entry.actorUserId), \(bind: entry.actorUsername), \(bind: entry.action),
                \(bind: entry.entity), \(bind: entry.entityId), \(bind: entry.before), \(bind: entry.after))
            """).run()
    }

    /// Newest first; `beforeId` pages back through older entries; `entity` filters (`user`, `queue`, …).
    public func list(limit: Int, beforeId: Int64? = nil, entity: String? = nil) async throws -> [AuditEntry] {
        var query = SQLQueryString("""
            SELECT id, at_ms, actor_user_id, actor_username, action, entity, entity_id, before_json, after_json FROM audit_log WHERE 1 = 1
            """)
        if let beforeId {
            query.appendInterpolation(unsafeRaw: " AND id < ")
            query.appendInterpolation(bind: beforeId)
        }
        if let entity {
            query.appendInterpolation(unsafeRaw: " AND entity = ")
            query.appendInterpolation(bind: entity)
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY id DESC LIMIT ")
        query.appendInterpolation(literal: limit)
        return try await sql.raw(query).all().map { row in
            AuditEntry(
                id: try row.int64("id"), at: Instant(millisecondsSinceEpoch: try row.int64("at_ms")),
                actorUserId: try row.optionalInt64("actor_user_id"), actorUsername: try row.optionalString("actor_username"),
                action: try row.string("action"), entity: try row.string("entity"), entityId: try row.optionalInt64("entity_id"),
                before: try row.optionalString("before_json"), after: try row.optionalString("after_json"))
        }
    }
}
