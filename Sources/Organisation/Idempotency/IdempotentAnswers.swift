import SwitchboardCore

/// The first answers to requests sent with an `Idempotency-Key`, per user, kept for a day, so
/// that a client's retry gets the first answer instead of a second record (issue 14, D4).
/// The web layer's middleware asks this, never the database.
public protocol IdempotentAnswers: Sendable {
    /// The answer remembered for the user's key, if it is younger than a day.
    func answer(userId: Int64, key: String) async throws -> IdempotentAnswer?
    /// Keeps the first answer for the key; a second one changes nothing.
    func remember(_ answer: IdempotentAnswer, userId: Int64, key: String) async throws
}
