import SwitchboardCore

/// Idempotent answers in memory, with the same day-long lifetime: the fake for tests of what
/// uses them.
public actor InMemoryIdempotentAnswers: IdempotentAnswers {
    private var answers: [String: (answer: IdempotentAnswer, at: Instant)] = [:]
    let clock: @Sendable () -> Instant

    public init(clock: @escaping @Sendable () -> Instant) { self.clock = clock }

    public func answer(userId: Int64, key: String) async throws -> IdempotentAnswer? {
        guard let kept = answers["\(userId) \(key)"], clock() - kept.at <= IdempotentAnswer.lifetime else { return nil }
        return kept.answer
    }

    public func remember(_ answer: IdempotentAnswer, userId: Int64, key: String) async throws {
        let now = clock()
        if let kept = answers["\(userId) \(key)"], now - kept.at <= IdempotentAnswer.lifetime { return }
        answers["\(userId) \(key)"] = (answer, now)
    }
}
