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

/// The one handle to storage. Everything goes through `read` (a single statement or a few
/// independent ones) or `transaction` (all or nothing, committed before the caller returns,
/// so an acknowledged write is durable).
///
/// SQLite runs embedded on one connection in WAL mode with `synchronous=FULL`; its operations
/// are serialised by a FIFO lock so a transaction never interleaves with another request.
/// PostgreSQL runs through PostgresNIO's pooled `PostgresClient`.
public final class Database: Sendable {
    public let dialect: Dialect
    public let url: DatabaseURL
    private let backend: Backend
    private let logger: Logger

    private enum Backend: Sendable {
        case sqlite(SQLiteConnection, SerialLock)
        case postgres(PostgresClient, Task<Void, Never>)
    }

    private init(dialect: Dialect, url: DatabaseURL, backend: Backend, logger: Logger) {
        self.dialect = dialect
        self.url = url
        self.backend = backend
        self.logger = logger
    }

    /// Opens the database; for SQLite creates the file (and its folder) when missing.
    public static func open(_ url: DatabaseURL, logger: Logger = Logger(label: "switchboard.database")) async throws -> Database {
        switch url {
        case .sqlite(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return try await openSQLite(url, storage: .file(path: path), logger: logger)
        case .sqliteInMemory:
            return try await openSQLite(url, storage: .memory, logger: logger)
        case .postgres(let target):
            var configuration = PostgresClient.Configuration(
                host: target.host, port: target.port, username: target.username, password: target.password,
                database: target.database, tls: try Self.tls(target.sslMode))
            if let searchPath = target.searchPath {
                configuration.options.additionalStartupParameters = [("search_path", searchPath)]
            }
            configuration.options.maximumConnections = 16
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            let runner = Task { await client.run() }
            let database = Database(dialect: .postgres, url: url, backend: .postgres(client, runner), logger: logger)
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

    private static func openSQLite(_ url: DatabaseURL, storage: SQLiteConnection.Storage, logger: Logger) async throws -> Database {
        let connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        let sql = connection.sql(queryLogLevel: .trace)
        // WAL lets readers of other processes proceed during a write; FULL makes each commit
        // durable on disk before it returns; foreign keys are off in SQLite unless asked for.
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000"] {
            try await sql.raw(SQLQueryString(pragma)).run()
        }
        return Database(dialect: .sqlite, url: url, backend: .sqlite(connection, SerialLock()), logger: logger)
    }

    /// Runs `body` outside a transaction: for reads.
    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await measured("read") {
            switch backend {
            case .sqlite(let connection, let lock):
                return try await lock.withLock { try await body(connection.sql(queryLogLevel: .trace)) }
            case .postgres(let client, _):
                return try await client.withConnection { try await body($0.sql(queryLogLevel: .trace)) }
            }
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await measured("transaction") {
            switch backend {
            case .sqlite(let connection, let lock):
                return try await lock.withLock { try await Self.inTransaction(connection.sql(queryLogLevel: .trace), body) }
            case .postgres(let client, _):
                return try await client.withConnection { try await Self.inTransaction($0.sql(queryLogLevel: .trace), body) }
            }
        }
    }

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
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await self.read { try await $0.raw("SELECT 1 AS one").all() } }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw SwitchboardError(.invalid, code: "database_timeout", message: "The database did not answer within \(timeout).")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// Closes connections; the handle is unusable afterwards.
    public func close() async {
        switch backend {
        case .sqlite(let connection, _):
            try? await connection.close()
        case .postgres(_, let runner):
            runner.cancel()
            await runner.value
        }
    }

    private func measured<T>(_ kind: String, _ body: () async throws -> T) async throws -> T {
        let start = ContinuousClock.now
        let inUse = Meter(label: "switchboard_database_in_use", dimensions: [("dialect", dialect.rawValue)])
        inUse.increment()
        defer {
            inUse.decrement()
            Timer(label: "switchboard_database_seconds", dimensions: [("kind", kind), ("dialect", dialect.rawValue)])
                .recordNanoseconds((ContinuousClock.now - start).wholeNanoseconds)
        }
        do {
            return try await body()
        } catch {
            Counter(label: "switchboard_database_errors_total", dimensions: [("kind", kind), ("dialect", dialect.rawValue)]).increment()
            throw error
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
actor SerialLock {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func unlock() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }

    nonisolated func withLock<T>(_ body: () async throws -> T) async throws -> T {
        await lock()
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
