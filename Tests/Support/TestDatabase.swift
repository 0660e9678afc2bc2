import Synchronization
import Foundation
import Logging
import SQLKit
import Organisation
import Storage
import SwitchboardCore

/// The databases every storage test runs on: SQLite always; PostgreSQL when
/// `SWITCHBOARD_TEST_POSTGRES_URL` names a server (CI starts one). With
/// `SWITCHBOARD_REQUIRE_POSTGRES=1` (set by CI) a missing URL is an error, not a skip.
public enum TestDatabase: String, CaseIterable, Sendable {
    case sqlite
    case postgres


    /// Tests run many suites at once on two cores, and some seed thousands of rows in one
    /// transaction: the production deadline (10 s) would only make them flaky. Tests of the
    /// deadline itself open their database with their own limits.
    public static let limits = DatabaseLimits(operationTimeout: .seconds(300), failFastAfter: .seconds(300))

    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var postgresRequired: Bool {
        ProcessInfo.processInfo.environment["SWITCHBOARD_REQUIRE_POSTGRES"] == "1"
    }

    /// The databases to run on now.
    public static var available: [TestDatabase] {
        postgresURL != nil || postgresRequired ? [.sqlite, .postgres] : [.sqlite]
    }

    /// Opens a fresh, empty database (a new in-memory SQLite, or a new PostgreSQL schema that is
    /// dropped afterwards), migrated unless asked not to, and runs `body` with it.
    public func with<T>(migrated: Bool = true, _ body: (Database) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let database = try await Database.open(.sqliteInMemory, limits: Self.limits, logger: Self.logger)
            do {
                if migrated { try await Migrator().migrate(database) }
                let result = try await body(database)
                await database.close()
                return result
            } catch {
                await database.close()
                throw error
            }
        case .postgres:
            let url = try Self.postgresTarget()
            let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let admin = try await Database.open(.postgres(url), limits: Self.limits, logger: Self.logger)
            _ = try await admin.read { try await $0.raw("CREATE SCHEMA \(unsafeRaw: schema)").run() }
            var scoped = url
            scoped.searchPath = schema
            do {
                let database = try await Database.open(.postgres(scoped), limits: Self.limits, logger: Self.logger)
                do {
                    if migrated { try await Migrator().migrate(database) }
                    let result = try await body(database)
                    await database.close()
                    try await Self.drop(schema, admin)
                    return result
                } catch {
                    await database.close()
                    throw error
                }
            } catch {
                try? await Self.drop(schema, admin)
                throw error
            }
        }
    }

    /// A file-backed database that survives `body`'s close and can be opened again, for restart
    /// tests: a temporary SQLite file, or a PostgreSQL schema.
    public func withReopenable<T>(_ body: (_ open: () async throws -> Database) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-test-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = DatabaseURL.sqlite(path: folder.appendingPathComponent("switchboard.sqlite").path)
            return try await body { try await Database.open(url, limits: Self.limits, logger: Self.logger) }
        case .postgres:
            var target = try Self.postgresTarget()
            let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let admin = try await Database.open(.postgres(target), limits: Self.limits, logger: Self.logger)
            _ = try await admin.read { try await $0.raw("CREATE SCHEMA \(unsafeRaw: schema)").run() }
            target.searchPath = schema
            let scoped = target
            do {
                let result = try await body { try await Database.open(.postgres(scoped), limits: Self.limits, logger: Self.logger) }
                try await Self.drop(schema, admin)
                return result
            } catch {
                try? await Self.drop(schema, admin)
                throw error
            }
        }
    }

    public static func postgresTarget() throws -> DatabaseURL.PostgresTarget {
        guard let text = postgresURL else {
            throw SwitchboardError.invalid("SWITCHBOARD_TEST_POSTGRES_URL", "SWITCHBOARD_REQUIRE_POSTGRES=1 but SWITCHBOARD_TEST_POSTGRES_URL is not set.")
        }
        guard case .postgres(let target) = try DatabaseURL(parsing: text) else {
            throw SwitchboardError.invalid("SWITCHBOARD_TEST_POSTGRES_URL", "It must be a postgres:// URL.")
        }
        return target
    }

    static func drop(_ schema: String, _ admin: Database) async throws {
        _ = try await admin.read { try await $0.raw("DROP SCHEMA \(unsafeRaw: schema) CASCADE").run() }
        await admin.close()
    }

    static let logger: Logger = {
        var logger = Logger(label: "switchboard.test")
        logger.logLevel = .warning
        return logger
    }()
}

/// A service over a test database with a fast bcrypt cost and a clock the test controls.
public final class TestClock: Sendable {
    private let storage = Mutex(Instant(millisecondsSinceEpoch: 1_795_000_000_000))

    public init() {}

    public var now: Instant { storage.withLock { $0 } }

    public func advance(by duration: Duration) {
        storage.withLock { $0 = $0 + duration }
    }
}

extension OrganisationService {
    /// A service for tests: bcrypt cost 4 and the given clock.
    public static func forTesting(_ database: Database, clock: TestClock = TestClock()) -> OrganisationService {
        OrganisationService(database: database, hasher: PasswordHasher(cost: 4), clock: { clock.now })
    }
}
