import Storage
import SwitchboardCore

/// Idempotent answers in the database (`idempotency_keys`), where the call route also stores a
/// call's answer in the transaction that stores the call.
public struct DatabaseIdempotentAnswers: IdempotentAnswers {
    let database: Database
    let clock: @Sendable () -> Instant

    public init(database: Database, clock: @escaping @Sendable () -> Instant) {
        self.database = database
        self.clock = clock
    }

    public func answer(userId: Int64, key: String) async throws -> IdempotentAnswer? {
        try await database.read { try await IdempotencyRepository($0).find(userId: userId, key: key, now: clock()) }
    }

    public func remember(_ answer: IdempotentAnswer, userId: Int64, key: String) async throws {
        try await database.transaction { try await IdempotencyRepository($0).remember(userId: userId, key: key, answer, now: clock()) }
    }
}
