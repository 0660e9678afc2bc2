import SQLKit
import SwitchboardCore

/// The first answer to each POST a client sent with an `Idempotency-Key`, per user, so that a
/// retry gets that answer instead of a second record. Keys are kept for a day.
public struct IdempotencyRepository {
    public typealias Stored = IdempotentAnswer

    /// How long a key is remembered.
    public static let lifetime = IdempotentAnswer.lifetime

    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public func find(userId: Int64, key: String, now: Instant) async throws -> Stored? {
        let oldest = (now + (.zero - Self.lifetime)).millisecondsSinceEpoch
        guard let row = try await sql.raw("""
            SELECT fingerprint, status, body FROM idempotency_keys
            WHERE user_id = \(bind: userId) AND idempotency_key = \(bind: key) AND created_at_ms >= \(bind: oldest)
            """).first()
        else { return nil }
        return Stored(fingerprint: try row.string("fingerprint"), status: try row.int("status"), body: try row.string("body"))
    }

    /// Keeps the first answer; a second one for the same key changes nothing. Expired keys go.
    public func remember(userId: Int64, key: String, _ stored: Stored, now: Instant) async throws {
        try await sql.raw("DELETE FROM idempotency_keys WHERE created_at_ms < \(bind: (now + (.zero - Self.lifetime)).millisecondsSinceEpoch)").run()
        try await sql.raw("""
            INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, status, body, created_at_ms)
            VALUES (\(bind: userId), \(bind: key), \(bind: stored.fingerprint), \(bind: stored.status), \(bind: stored.body), \(bind: now.millisecondsSinceEpoch))
            ON CONFLICT (user_id, idempotency_key) DO NOTHING
            """).run()
    }
}
