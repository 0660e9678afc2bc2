import NIOConcurrencyHelpers
import NIOCore
import PostgresKit
import SwitchboardCore

/// How long the server lets database work take, and how soon it stops making clients wait for
/// a database that is down.
public struct DatabaseLimits: Sendable, Equatable {
    /// The longest one operation (a read or a whole transaction, connection lease included when
    /// the caller can be cancelled) may take; past it the connection is closed, so a query on a
    /// dead connection cannot hold its caller — or the live shell's command gate — for good.
    public var operationTimeout: Duration
    /// Once every operation has failed for this long because the database could not be
    /// reached, new ones are refused at once (HTTP 503 with Retry-After) instead of each
    /// waiting out the outage; one probe a second still goes through to notice the recovery.
    public var failFastAfter: Duration
    /// What Retry-After says while failing fast.
    public var retryAfterSeconds: Int

    public init(operationTimeout: Duration = .seconds(10), failFastAfter: Duration = .seconds(2), retryAfterSeconds: Int = 5) {
        self.operationTimeout = operationTimeout
        self.failFastAfter = failFastAfter
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// An operation outlived `DatabaseLimits.operationTimeout` and was abandoned (its connection
/// closed). Nothing it did is acknowledged; a transaction's COMMIT may or may not have landed.
public struct DatabaseDeadlineExceeded: Error, CustomStringConvertible {
    public let timeout: Duration
    public var description: String { "The database did not finish within \(timeout)." }
}

/// A circuit breaker over "can the database be reached": closed while operations succeed,
/// open (fail fast) once they have failed for unreachability longer than `failFastAfter`, with
/// one probe a second let through; the first success closes it again.
///
/// Only failures that mean "no database" count (connection refused or closed, deadline,
/// PostgreSQL's connection and shutdown states); a refused row or a domain error does not.
final class DatabaseAvailability: Sendable {
    struct State {
        var failingSince: ContinuousClock.Instant?
        var lastFailure: ContinuousClock.Instant?
        var lastProbe: ContinuousClock.Instant?
    }

    let limits: DatabaseLimits
    let probeInterval: Duration = .seconds(1)
    private let state = NIOLockedValueBox(State())

    init(limits: DatabaseLimits) { self.limits = limits }

    /// Throws `SwitchboardError.databaseUnavailable` while failing fast, except for one probe
    /// per `probeInterval`.
    func admit(now: ContinuousClock.Instant = .now) throws(SwitchboardError) {
        let admitted = state.withLockedValue { state -> Bool in
            guard let since = state.failingSince, now - since >= limits.failFastAfter else { return true }
            // A streak whose last failure is old (nothing tried since) says nothing about now.
            if let last = state.lastFailure, now - last > max(limits.failFastAfter, probeInterval * 3) {
                state = State()
                return true
            }
            if let probe = state.lastProbe, now - probe < probeInterval { return false }
            state.lastProbe = now
            return true
        }
        if !admitted { throw .databaseUnavailable(retryAfterSeconds: limits.retryAfterSeconds) }
    }

    func succeeded() {
        state.withLockedValue { $0 = State() }
    }

    func failed(_ error: any Error, now: ContinuousClock.Instant = .now) {
        // The server answered (a refused row, a domain error): it is there.
        guard Self.meansUnreachable(error) else { return succeeded() }
        state.withLockedValue { state in
            if let last = state.lastFailure, now - last > max(limits.failFastAfter, probeInterval * 3) { state.failingSince = nil }
            if state.failingSince == nil { state.failingSince = now }
            state.lastFailure = now
        }
    }

    /// Whether the breaker is open now (for health reports).
    var isFailingFast: Bool {
        state.withLockedValue { state in state.failingSince.map { .now - $0 >= limits.failFastAfter } ?? false }
    }

    static func meansUnreachable(_ error: any Error) -> Bool {
        switch error {
        case is DatabaseDeadlineExceeded, is ChannelError, is IOError:
            return true
        case let error as PSQLError:
            // A server that answered with an SQL state reached us; only its connection and
            // shutdown classes (08, 57) mean it is going or gone.
            guard let state = error.serverInfo?[.sqlState] else { return true }
            return state.hasPrefix("08") || state.hasPrefix("57")
        default:
            // The pool's own breaker and other transport errors carry no SQL state either.
            let name = String(reflecting: type(of: error))
            return name.contains("ConnectionPoolError") || name.contains("PostgresNIO.PSQL")
        }
    }
}

/// Closes a connection when an operation outlives its deadline or its task is cancelled, and
/// remembers that it did (so the caller reports the deadline rather than "connection closed").
final class OperationWatchdog: Sendable {
    private let fired = NIOLockedValueBox(false)

    var didFire: Bool { fired.withLockedValue { $0 } }

    func fire(_ close: () -> Void) {
        fired.withLockedValue { $0 = true }
        close()
    }
}

/// Leases a pooled connection on a task of its own, so the wait for it has a deadline: the
/// pool's lease ends only with a connection, a failure or its task's cancellation, and the
/// caller's own task cannot be cancelled from here. The caller works on the connection on its
/// own task, then gives it back, which ends the lease.
actor ConnectionLease {
    private var connection: PostgresConnection?
    private var failure: (any Error)?
    private var receiver: CheckedContinuation<PostgresConnection, any Error>?
    private var returned = false
    private var returnWaiter: CheckedContinuation<Void, Never>?
    private var leasing: Task<Void, Never>?

    /// A connection from `client` within `timeout`, or `DatabaseDeadlineExceeded`.
    static func lease(from client: PostgresClient, timeout: Duration) async throws -> (lease: ConnectionLease, connection: PostgresConnection) {
        let lease = ConnectionLease()
        await lease.start(client)
        let timer = Task {
            try await Task.sleep(for: timeout)
            await lease.abandon(DatabaseDeadlineExceeded(timeout: timeout))
        }
        defer { timer.cancel() }
        let connection = try await withTaskCancellationHandler {
            try await lease.receive()
        } onCancel: {
            Task { await lease.abandon(CancellationError()) }
        }
        return (lease, connection)
    }

    private func start(_ client: PostgresClient) {
        leasing = Task {
            do {
                try await client.withConnection { connection in
                    guard await self.give(connection) else { return }
                    await self.waitForReturn()
                }
            } catch {
                self.fail(error)
            }
        }
    }

    private func give(_ connection: PostgresConnection) -> Bool {
        guard failure == nil else { return false }
        self.connection = connection
        receiver?.resume(returning: connection)
        receiver = nil
        return true
    }

    private func fail(_ error: any Error) {
        guard connection == nil, failure == nil else { return }
        failure = error
        receiver?.resume(throwing: error)
        receiver = nil
    }

    private func receive() async throws -> PostgresConnection {
        if let connection { return connection }
        if let failure { throw failure }
        return try await withCheckedThrowingContinuation { receiver = $0 }
    }

    /// Gives up waiting (deadline or cancellation): the waiting caller fails, the pool's lease
    /// is cancelled, and a connection that arrives anyway goes straight back.
    private func abandon(_ error: any Error) {
        guard connection == nil else { return }
        fail(error)
        leasing?.cancel()
    }

    private func waitForReturn() async {
        if returned { return }
        await withCheckedContinuation { returnWaiter = $0 }
    }

    /// Ends the lease: the connection goes back to the pool.
    func giveBack() {
        returned = true
        returnWaiter?.resume()
        returnWaiter = nil
    }
}
