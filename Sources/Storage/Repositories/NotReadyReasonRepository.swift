import SQLKit
import SwitchboardCore

/// The center's list of not-ready reasons, in the order agents see them.
public struct NotReadyReasonRepository {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public func list() async throws -> [NotReadyReason] {
        try await sql.raw("SELECT code, label, system FROM not_ready_reasons ORDER BY position, code").all().map(Self.reason)
    }

    public func find(code: String) async throws -> NotReadyReason? {
        try await sql.raw("SELECT code, label, system FROM not_ready_reasons WHERE code = \(bind: code)").first().map(Self.reason)
    }

    /// Adds a reason at the end of the list.
    public func insert(_ reason: NotReadyReason) async throws {
        try await sql.raw("""
            INSERT INTO not_ready_reasons (code, label, position, system)
            VALUES (\(bind: reason.code), \(bind: reason.label),
                (SELECT COALESCE(MAX(position), 0) + 1 FROM not_ready_reasons), \(bind: reason.system ? 1 : 0))
            """).run()
    }

    public func update(code: String, label: String) async throws {
        try await sql.raw("UPDATE not_ready_reasons SET label = \(bind: label) WHERE code = \(bind: code)").run()
    }

    public func delete(code: String) async throws {
        try await sql.raw("DELETE FROM not_ready_reasons WHERE code = \(bind: code)").run()
    }

    static func reason(_ row: any SQLRow) throws -> NotReadyReason {
        NotReadyReason(code: try row.string("code"), label: try row.string("label"), system: try row.int64("system") != 0)
    }
}
