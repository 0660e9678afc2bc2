import Organisation
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

/// The same specification for the database's answers (SQLite, PostgreSQL) and the fake, so
/// the fake can stand in for the database in tests of what uses it.
@Suite("Idempotent answers: the first answer is kept for a day, per user and key")
struct IdempotentAnswersTests {
    enum Store: CustomStringConvertible, Sendable {
        case database(TestDatabase)
        case fake

        var description: String {
            switch self {
            case .database(let kind): "\(kind)"
            case .fake: "in memory"
            }
        }

        static var all: [Store] { TestDatabase.available.map(Store.database) + [.fake] }

        func with(_ clock: TestClock, _ body: (any IdempotentAnswers) async throws -> Void) async throws {
            switch self {
            case .database(let kind):
                try await kind.with { database in
                    try await body(DatabaseIdempotentAnswers(database: database, clock: { clock.now }))
                }
            case .fake:
                try await body(InMemoryIdempotentAnswers(clock: { clock.now }))
            }
        }
    }

    @Test("the first answer stays; a second for the same key changes nothing; keys are per user", arguments: Store.all)
    func firstAnswerStays(store: Store) async throws {
        let clock = TestClock()
        try await store.with(clock) { answers in
            #expect(try await answers.answer(userId: 1, key: "k") == nil)
            let first = IdempotentAnswer(fingerprint: "f1", status: 201, body: #"{"id":1}"#)
            try await answers.remember(first, userId: 1, key: "k")
            try await answers.remember(IdempotentAnswer(fingerprint: "f2", status: 200, body: "{}"), userId: 1, key: "k")
            #expect(try await answers.answer(userId: 1, key: "k") == first)
            #expect(try await answers.answer(userId: 2, key: "k") == nil)
        }
    }

    @Test("an answer is forgotten after a day, and the key may then be used again", arguments: Store.all)
    func forgottenAfterADay(store: Store) async throws {
        let clock = TestClock()
        try await store.with(clock) { answers in
            try await answers.remember(IdempotentAnswer(fingerprint: "f1", status: 201, body: "a"), userId: 1, key: "k")
            clock.advance(by: .seconds(24 * 3600 - 1))
            #expect(try await answers.answer(userId: 1, key: "k")?.body == "a")
            clock.advance(by: .seconds(2))
            #expect(try await answers.answer(userId: 1, key: "k") == nil)
            try await answers.remember(IdempotentAnswer(fingerprint: "f2", status: 200, body: "b"), userId: 1, key: "k")
            #expect(try await answers.answer(userId: 1, key: "k")?.body == "b")
        }
    }
}
