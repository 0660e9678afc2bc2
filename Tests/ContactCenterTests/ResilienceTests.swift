@testable import ContactCenter
import Demo
import Foundation
import Organisation
import SQLKit
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

/// Issue 14: a caller who never hangs up cannot hold a queue's place for ever (D7), and a
/// database that stops answering cannot make commands hang for good (D2).
@Suite("The live shell under callers who never leave and a database that hangs")
struct ResilienceTests {
    @Test("a call that waits longer than its queue's longest wait ends as maxWait and frees its place", arguments: TestDatabase.available)
    func longestWait(_ kind: TestDatabase) async throws {
        try await ContactCenterTests.withCenter(kind) { center, service, clock in
            let queue = try await ContactCenterTests.queueId("Escalaties", service)
            var input = QueueInput()
            input.maxWaitSeconds = 60
            input.maxWaitingCalls = 1
            _ = try await service.updateQueue(queue.rawValue, input, by: .console)
            try await center.refreshOrganisation()
            // Nobody is logged in: the call waits.
            let call = try await center.callArrived(queue: queue, from: "+31201234567", customerId: nil, priority: 0)
            #expect(await center.status(of: call) == "queued")
            // The queue is full: a second caller is refused while the first holds the place.
            let refused = try await center.callArrived(queue: queue, from: "+31201234568", customerId: nil, priority: 0)
            #expect(await center.status(of: refused) == nil)
            clock.advance(by: .seconds(59))
            try await center.tick()
            #expect(await center.status(of: call) == "queued")
            clock.advance(by: .seconds(2))
            try await center.tick()
            #expect(await center.status(of: call) == nil)
            let stored = try #require(try await center.database.read { try await CallLogRepository($0).call(call.rawValue) })
            #expect(stored.outcome == "overflowEnded:maxWait")
            // The place is free again.
            let next = try await center.callArrived(queue: queue, from: "+31201234569", customerId: nil, priority: 0)
            #expect(await center.status(of: next) == "queued")
        }
    }

    @Test("a queue's longest wait is validated and kept", arguments: [9, 86_401, -1, Int.max])
    func longestWaitValidated(_ seconds: Int) async throws {
        try await ContactCenterTests.withCenter(.sqlite) { _, service, _ in
            let queue = try await ContactCenterTests.queueId("Billing", service)
            var input = QueueInput()
            input.maxWaitSeconds = seconds
            let error = await #expect(throws: SwitchboardError.self) { try await service.updateQueue(queue.rawValue, input, by: .console) }
            #expect(error?.field == "maxWaitSeconds")
            #expect(try await service.queue(queue.rawValue, by: .console).settings.maxWaitSeconds == 1800)
        }
    }

    @Test("the longest wait comes after overflow rules that act sooner, and a rule at the same moment acts first")
    func longestWaitOrder() {
        let steps = RoutingConfiguration.withLongestWait(
            [OverflowStep(after: .seconds(30), .addTeamLeaders), OverflowStep(after: .seconds(120), .end(reason: "closing"))], seconds: 120)
        #expect(steps.map(\.after) == [.seconds(30), .seconds(120), .seconds(120)])
        #expect(steps[1].action == .end(reason: "closing"))
        #expect(steps[2].action == .end(reason: "maxWait"))
    }

    @Test("a command behind a database operation that never ends is refused as unavailable within the deadline, and the next one goes through", .timeLimit(.minutes(1)))
    func stuckDatabase() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-stuck-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try await Database.open(
            .sqlite(path: folder.appendingPathComponent("db.sqlite").path), limits: DatabaseLimits(operationTimeout: .milliseconds(500), failFastAfter: .seconds(60)))
        defer { Task { await database.close() } }
        try await Migrator().migrate(database)
        let clock = TestClock()
        let service = OrganisationService.forTesting(database, clock: clock)
        try await DemoOrganisation.seedIfEmpty(service)
        let center = try await ContactCenter(database: database, clock: { clock.now })
        let queue = try await ContactCenterTests.queueId("Billing", service)
        // Something holds the database and never lets go (until the test ends).
        let release = AsyncStream<Void>.makeStream()
        let holder = Task { try await database.read(timeout: .seconds(3600)) { _ in for await _ in release.stream {} } }
        try await Task.sleep(for: .milliseconds(100))
        let started = ContinuousClock.now
        let error = await #expect(throws: SwitchboardError.self) {
            _ = try await center.callArrived(queue: queue, from: "+31", customerId: nil, priority: 0)
        }
        #expect(error?.kind == .unavailable)
        #expect(ContinuousClock.now - started < .seconds(10))
        release.continuation.finish()
        _ = try await holder.value
        let call = try await center.callArrived(queue: queue, from: "+31", customerId: nil, priority: 0)
        #expect(await center.status(of: call) == "queued")
    }
}
