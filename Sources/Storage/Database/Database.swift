import NIOCore
import SQLKit
import SQLiteKit
import PostgresKit
import NIOSSL
import Logging
import Metrics
import Foundation
import SwitchboardCore

/// Which SQL engine a `Database` talks to; migrations pick their DDL by it.
public enum Dialect: String, Sendable {
    case sqlite
    case postgres
}

/// The handle a repository works on inside `Database.read` or `Database.transaction`. Use
/// cases pass it from the closure to repositories without importing SQLKit: the SQL stays here.
public typealias SQLHandle = any SQLDatabase

/// The one handle to storage. Everything goes through `read` (a single statement or a few
/// independent ones) or `transaction` (all or nothing, committed before the caller returns,
/// so an acknowledged write is durable).
///
/// SQLite runs embedded on one connection in WAL mode with `synchronous=FULL`; its operations
/// are serialised by a FIFO lock so a transaction never interleaves with another request.
/// PostgreSQL runs through PostgresNIO's pooled `PostgresClient`.
///
/// Every operation has a deadline (`DatabaseLimits.operationTimeout`, connection lease
/// included), and once the database has been unreachable for `failFastAfter` new operations
/// are refused at once with `SwitchboardError.databaseUnavailable` (503 and Retry-After)
/// until a probe finds it back: after a PostgreSQL restart no caller waits for good.
public final class Database: Sendable {
    public let dialect: Dialect
    public let url: DatabaseURL
    public let limits: DatabaseLimits
    private let backend: Backend
    private let logger: Logger
    private let availability: DatabaseAvailability

    private enum Backend: Sendable {
        /// The connection every write and read goes through, and for a file a second,
        /// read-only connection for long consistent reads (`snapshot`), which in WAL mode see
        /// the last commit without holding up the writer.
        case sqlite(SQLiteConnection, SerialLock, reader: (SQLiteConnection, SerialLock)?)
        case postgres(PostgresClient, Task<Void, Never>)
    }

    private init(dialect: Dialect, url: DatabaseURL, backend: Backend, limits: DatabaseLimits, logger: Logger) {
        self.dialect = dialect
        self.url = url
        self.backend = backend
        self.limits = limits
        self.availability = DatabaseAvailability(limits: limits)
        self.logger = logger
    }

    /// Opens the database; for SQLite creates the file (and its folder) when missing.
    public static func open(
        _ url: DatabaseURL, limits: DatabaseLimits = DatabaseLimits(), logger: Logger = Logger(label: "switchboard.database")
    ) async throws -> Database {
        switch url {
        case .sqlite(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return try await openSQLite(url, storage: .file(path: path), reader: true, limits: limits, logger: logger)
        case .sqliteInMemory:
            return try await openSQLite(url, storage: .memory, reader: false, limits: limits, logger: logger)
        case .postgres(let target):
            var configuration = PostgresClient.Configuration(
                host: target.host, port: target.port, username: target.username, password: target.password,
                database: target.database, tls: try Self.tls(target.sslMode))
            if let searchPath = target.searchPath {
                configuration.options.additionalStartupParameters = [("search_path", searchPath)]
            }
            configuration.options.maximumConnections = 16
            // A dead server is found in seconds, not at the kernel's TCP time-outs.
            configuration.options.connectTimeout = .seconds(5)
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            let runner = Task { await client.run() }
            let database = Database(dialect: .postgres, url: url, backend: .postgres(client, runner), limits: limits, logger: logger)
            do {
                try await database.ping(timeout: .seconds(10))
            } catch {
                await database.close()
                throw SwitchboardError(.invalid, code: "database_unreachable", message: "Cannot reach PostgreSQL at \(url): \(error)", field: "database")
            }
            return database
        }
    }

    /// TLS as libpq's `sslmode` asks: `verify-full` checks the certificate and host name against
    /// the system's trust store; `require` and `prefer` encrypt without checking who answers.
    static func tls(_ mode: DatabaseURL.PostgresTarget.SSLMode) throws -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable:
            return .disable
        case .verifyFull:
            return .require(TLSConfiguration.makeClientConfiguration())
        case .require, .prefer:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            return mode == .require ? .require(configuration) : .prefer(configuration)
        }
    }

    private static func openSQLite(
        _ url: DatabaseURL, storage: SQLiteConnection.Storage, reader: Bool, limits: DatabaseLimits, logger: Logger
    ) async throws -> Database {
        let connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        let sql = connection.sql(queryLogLevel: .trace)
        // WAL lets readers proceed during a write; FULL makes each commit durable on disk
        // before it returns; foreign keys are off in SQLite unless asked for.
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000"] {
            try await sql.raw(SQLQueryString(pragma)).run()
        }
        var second: (SQLiteConnection, SerialLock)?
        if reader {
            let connection = try await SQLiteConnection.open(storage: storage, logger: logger)
            for pragma in ["PRAGMA query_only=1", "PRAGMA busy_timeout=5000"] {
                try await connection.sql(queryLogLevel: .trace).raw(SQLQueryString(pragma)).run()
            }
            second = (connection, SerialLock())
        }
        return Database(dialect: .sqlite, url: url, backend: .sqlite(connection, SerialLock(), reader: second), limits: limits, logger: logger)
    }

    /// Runs `body` outside a transaction: for reads.
    public func read<T: Sendable>(timeout: Duration? = nil, _ body: sending @escaping (any SQLDatabase) async throws -> T) async throws -> T {
        try await run("read", transaction: false, timeout: timeout ?? limits.operationTimeout, body)
    }

    /// Reads that must see one state of the database: on PostgreSQL a read-only transaction at
    /// REPEATABLE READ (a plain read gives each statement its own snapshot); on an SQLite file a
    /// read transaction on the second, read-only connection — it sees the last commit
    /// throughout while the writer goes on, so a long read (the reports' catch-up) does not
    /// hold up the calls' commands; in memory a read on the one connection.
    public func snapshot<T: Sendable>(_ body: sending @escaping (any SQLDatabase) async throws -> T) async throws -> T {
        if case .sqlite(_, _, let reader?) = backend {
            return try await run("snapshot", transaction: true, timeout: limits.operationTimeout, on: reader, body)
        }
        guard dialect == .postgres else { return try await read(body) }
        return try await transaction { sql in
            try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
            return try await body(sql)
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    /// `timeout` overrides the operation deadline (long maintenance such as a migration).
    public func transaction<T: Sendable>(timeout: Duration? = nil, _ body: sending @escaping (any SQLDatabase) async throws -> T) async throws -> T {
        try await run("transaction", transaction: true, timeout: timeout ?? limits.operationTimeout, body)
    }

    private func run<T: Sendable>(
        _ kind: String, transaction: Bool, timeout: Duration, on reader: (SQLiteConnection, SerialLock)? = nil,
        _ body: sending @escaping (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try availability.admit()
        let start = ContinuousClock.now
        let inUse = Meter(label: "switchboard_database_in_use", dimensions: [("dialect", dialect.rawValue)])
        inUse.increment()
        defer {
            inUse.decrement()
            Timer(label: "switchboard_database_seconds", dimensions: [("kind", kind), ("dialect", dialect.rawValue)])
                .recordNanoseconds((ContinuousClock.now - start).wholeNanoseconds)
        }
        do {
            let result: T
            switch backend {
            case .sqlite(let writer, let writerLock, _):
                let (connection, lock) = reader ?? (writer, writerLock)
                result = try await lock.withLock(timeout: timeout) {
                    let sql = connection.sql(queryLogLevel: .trace)
                    return transaction ? try await Self.inTransaction(sql, body) : try await body(sql)
                }
            case .postgres(let client, _):
                // On a task of its own: a query written to a connection the server has just
                // dropped may never be answered (PostgresNIO fails only the queries it knew of
                // when the connection closed), and closing the connection does not reach it.
                // Past the deadline the caller is answered and the task left to end.
                let work = Task { try await Self.onPostgres(client, transaction: transaction, timeout: timeout, body) }
                do {
                    result = try await TimeLimit.run(timeout + .seconds(1)) { try await work.value }
                } catch {
                    work.cancel()
                    if error is TimeLimit.Exceeded { throw DatabaseDeadlineExceeded(timeout: timeout) }
                    throw error
                }
            }
            availability.succeeded()
            return result
        } catch {
            Counter(label: "switchboard_database_errors_total", dimensions: [("kind", kind), ("dialect", dialect.rawValue)]).increment()
            availability.failed(error)
            throw error
        }
    }

    /// Leases a connection (within `timeout`) and runs `body` on it, in a transaction if asked.
    private static func onPostgres<T: Sendable>(
        _ client: PostgresClient, transaction: Bool, timeout: Duration, _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        let start = ContinuousClock.now
        var (lease, connection) = try await ConnectionLease.lease(from: client, timeout: timeout)
        // A connection the server dropped a moment ago may still be handed out before the pool
        // has seen it go: take another.
        for _ in 0..<3 where connection.isClosed {
            await lease.giveBack()
            (lease, connection) = try await ConnectionLease.lease(from: client, timeout: timeout - (ContinuousClock.now - start))
        }
        do {
            let result = try await bounded(connection, lease: lease, timeout: timeout - (ContinuousClock.now - start)) {
                let sql = connection.sql(queryLogLevel: .trace)
                return transaction ? try await inTransaction(sql, body) : try await body(sql)
            }
            await lease.giveBack()
            return result
        } catch {
            await lease.giveBack()
            throw error
        }
    }

    /// Runs `body` on `connection`, closing the connection when the deadline passes or the
    /// task is cancelled: PostgresNIO's queries do not stop for cancellation, but they fail
    /// at once when their connection closes, and the pool replaces it.
    private static func bounded<T>(
        _ connection: PostgresConnection, lease: ConnectionLease, timeout: Duration, _ body: () async throws -> T
    ) async throws -> T {
        let watchdog = OperationWatchdog()
        let timer = Task {
            try await Task.sleep(for: max(timeout, .milliseconds(1)))
            watchdog.fire { let _: EventLoopFuture<Void> = connection.close() }
            // A query the close does not reach would keep its pool slot for good: the slot goes
            // back now (the connection is closed; the pool replaces it).
            await lease.giveBack()
        }
        defer { timer.cancel() }
        do {
            return try await withTaskCancellationHandler {
                try await body()
            } onCancel: {
                watchdog.fire { let _: EventLoopFuture<Void> = connection.close() }
            }
        } catch {
            if watchdog.didFire {
                // Give the connection back only once it is closed, so the pool has seen it go
                // and does not lease the dead one to the next caller.
                let closed = connection.closeFuture
                try? await TimeLimit.run(.seconds(2)) { try await closed.get() }
                throw Task.isCancelled ? CancellationError() : DatabaseDeadlineExceeded(timeout: timeout)
            }
            throw error
        }
    }

    /// Whether `error` means the database could not be reached or did not answer in time (as
    /// opposed to refusing a statement): the web shell answers 503 with Retry-After.
    public static func meansUnreachable(_ error: any Error) -> Bool {
        if let error = error as? SwitchboardError { return error.kind == .unavailable }
        return DatabaseAvailability.meansUnreachable(error)
    }

    /// Whether new operations are being refused because the database has been unreachable
    /// (for `/healthz`).
    public var isFailingFast: Bool { availability.isFailingFast }

    private nonisolated(nonsending) static func inTransaction<T: Sendable>(_ sql: any SQLDatabase, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await sql.raw("BEGIN").run()
        do {
            let result = try await body(sql)
            try await sql.raw("COMMIT").run()
            return result
        } catch {
            try? await sql.raw("ROLLBACK").run()
            throw error
        }
    }

    /// Checks the database answers within `timeout` (for `/healthz`).
    public func ping(timeout: Duration = .seconds(2)) async throws {
        _ = try await read(timeout: timeout) { try await $0.raw("SELECT 1 AS one").all() }
    }

    /// Closes connections; the handle is unusable afterwards.
    public func close() async {
        switch backend {
        case .sqlite(let connection, _, let reader):
            try? await reader?.0.close()
            try? await connection.close()
        case .postgres(_, let runner):
            runner.cancel()
            await runner.value
        }
    }

    /// Inside a transaction: waits until no other transaction holds the same named lock, until
    /// this one ends (PostgreSQL advisory lock; SQLite runs one writer at a time anyway).
    public func serialize(_ sql: any SQLDatabase, on name: String) async throws {
        guard dialect == .postgres else { return }
        var hash: Int64 = 1_469_598_103
        for byte in name.utf8 { hash = (hash &* 31) &+ Int64(byte) }
        try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: hash))").run()
    }

    /// Whether `error` is the database refusing a duplicate in a unique column.
    public static func isUniqueViolation(_ error: any Error) -> Bool {
        if let error = error as? SQLiteError {
            return error.reason == .constraintUniqueFailed || error.reason == .constraintPrimaryKeyFailed
                || (error.reason == .constraint && error.message.contains("UNIQUE"))
        }
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
        return false
    }

    /// Whether `error` is the database refusing to break a reference (a row still in use).
    public static func isForeignKeyViolation(_ error: any Error) -> Bool {
        if let error = error as? SQLiteError {
            return error.reason == .constraintForeignKeyFailed || (error.reason == .constraint && error.message.contains("FOREIGN KEY"))
        }
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23503" }
        return false
    }
}

extension Duration {
    var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// A FIFO async mutex: callers queue in arrival order and never block a thread while waiting.
/// A wait ends at its deadline (`DatabaseDeadlineExceeded`) or when its task is cancelled.
actor SerialLock {
    private var busy = false
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextWaiter: UInt64 = 0

    func lock(timeout: Duration) async throws {
        if !busy {
            busy = true
            return
        }
        nextWaiter += 1
        let id = nextWaiter
        let timer = Task { [weak self] in
            try await Task.sleep(for: timeout)
            await self?.expire(id, DatabaseDeadlineExceeded(timeout: timeout))
        }
        defer { timer.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { waiters.append((id, $0)) }
        } onCancel: { [weak self] in
            Task { await self?.expire(id, CancellationError()) }
        }
    }

    /// Fails a waiter that is still waiting; one that got the lock meanwhile keeps it.
    private func expire(_ id: UInt64, _ error: any Error) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: error)
    }

    func unlock() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    nonisolated func withLock<T>(timeout: Duration = .seconds(30), _ body: () async throws -> T) async throws -> T {
        try await lock(timeout: timeout)
        do {
            let result = try await body()
            await unlock()
            return result
        } catch {
            await unlock()
            throw error
        }
    }
}
