import Foundation
import NIOCore
import SQLKit
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@testable import Storage

/// Issue 14, D2 and D4: every database operation has a deadline, and a database that has been
/// unreachable for a while is reported at once instead of making every caller wait it out.
@Suite("Database deadlines and failing fast")
struct DatabaseLimitsTests {
    @Test("failures that mean 'no database' open the breaker after the grace; one probe a second goes through; a success closes it")
    func breaker() throws {
        let availability = DatabaseAvailability(limits: DatabaseLimits(operationTimeout: .seconds(15), failFastAfter: .seconds(2), retryAfterSeconds: 7))
        let start = ContinuousClock.now
        try availability.admit(now: start)
        availability.failed(ChannelError.ioOnClosedChannel, now: start)
        // Within the grace every operation is still tried.
        try availability.admit(now: start + .milliseconds(1_999))
        // After it: one probe, then refused with Retry-After until the next second.
        try availability.admit(now: start + .seconds(2))
        let refused = #expect(throws: SwitchboardError.self) { try availability.admit(now: start + .milliseconds(2_500)) }
        #expect(refused?.kind == .unavailable)
        #expect(refused?.retryAfterSeconds == 7)
        try availability.admit(now: start + .milliseconds(3_001))
        availability.succeeded()
        try availability.admit(now: start + .milliseconds(3_002))
        try availability.admit(now: start + .milliseconds(3_003))
    }

    @Test("an old failure with nothing tried since says nothing about now; an answered error closes the breaker")
    func staleStreaks() throws {
        let availability = DatabaseAvailability(limits: DatabaseLimits(failFastAfter: .seconds(2)))
        let start = ContinuousClock.now
        availability.failed(ChannelError.ioOnClosedChannel, now: start)
        // Ten quiet seconds later the next burst is tried, every request of it.
        for step in 0..<5 { try availability.admit(now: start + .seconds(10) + .milliseconds(step)) }
        // An outage, then the server answers with a refusal: it is there again.
        availability.failed(ChannelError.ioOnClosedChannel, now: start + .seconds(20))
        availability.failed(SwitchboardError.invalid("name", "taken"), now: start + .seconds(21))
        for step in 0..<5 { try availability.admit(now: start + .seconds(23) + .milliseconds(step)) }
    }

    @Test("a refused row or a domain error is no outage: it never opens the breaker")
    func domainErrorsDoNotCount() throws {
        let availability = DatabaseAvailability(limits: DatabaseLimits(failFastAfter: .zero))
        let start = ContinuousClock.now
        availability.failed(SwitchboardError.invalid("name", "taken"), now: start)
        availability.failed(CancellationError(), now: start)
        for step in 0..<5 { try availability.admit(now: start + .seconds(step)) }
        #expect(DatabaseAvailability.meansUnreachable(DatabaseDeadlineExceeded(timeout: .seconds(1))))
        #expect(Database.meansUnreachable(SwitchboardError.databaseUnavailable(retryAfterSeconds: 1)))
        #expect(!Database.meansUnreachable(SwitchboardError.invalid("x", "y")))
    }

    @Test("an operation waiting behind one that never ends gives up at its deadline", .timeLimit(.minutes(1)))
    func lockDeadline() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-limits-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try await Database.open(.sqlite(path: folder.appendingPathComponent("db.sqlite").path), limits: DatabaseLimits(operationTimeout: .milliseconds(300)))
        let release = AsyncStream<Void>.makeStream()
        let holder = Task { try await database.read(timeout: .seconds(3600)) { _ in for await _ in release.stream {} } }
        try await Task.sleep(for: .milliseconds(100))
        let started = ContinuousClock.now
        await #expect(throws: DatabaseDeadlineExceeded.self) { try await database.read { try await $0.raw("SELECT 1 AS one").all() } }
        #expect(ContinuousClock.now - started < .seconds(5))
        // A waiter whose task is cancelled stops waiting too.
        let waiter = Task { try await database.read(timeout: .seconds(3600)) { try await $0.raw("SELECT 1 AS one").all() } }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { _ = try await waiter.value }
        release.continuation.finish()
        _ = try await holder.value
        // The lock is free and in order again.
        #expect(try await database.read { try await $0.raw("SELECT 1 AS one").all() }.count == 1)
        await database.close()
    }

    @Test("on PostgreSQL a query that outlives its deadline is abandoned: its connection is closed and the pool serves the next", .timeLimit(.minutes(1)))
    func postgresQueryDeadline() async throws {
        guard TestDatabase.available.contains(.postgres) else { return }
        let target = try TestDatabase.postgresTarget()
        let database = try await Database.open(.postgres(target), limits: DatabaseLimits(operationTimeout: .milliseconds(500), failFastAfter: .seconds(60)))
        let started = ContinuousClock.now
        await #expect(throws: DatabaseDeadlineExceeded.self) { try await database.read { try await $0.raw("SELECT pg_sleep(30)").run() } }
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(try await database.read { try await $0.raw("SELECT 1 AS one").all() }.count == 1)
        await database.close()
    }
}
