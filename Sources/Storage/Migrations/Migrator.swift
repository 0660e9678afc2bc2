import SQLKit
import Foundation
import SwitchboardCore

/// One numbered schema change. Once shipped it is never edited: the migrator records a checksum
/// of its SQL and refuses to run against a database where a recorded migration differs.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    /// The statements for a dialect, run in order inside one transaction.
    public let statements: @Sendable (Dialect) -> [String]

    public init(_ version: Int, _ name: String, statements: @escaping @Sendable (Dialect) -> [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }

    /// FNV-1a over the statements, hex; stable across runs and platforms.
    public func checksum(for dialect: Dialect) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in statements(dialect).joined(separator: ";\n").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

/// A migration already applied to a database.
public struct AppliedMigration: Equatable, Sendable {
    public var version: Int
    public var name: String
    public var checksum: String
    public var appliedAt: Instant
}

/// Brings a database's schema up to date, each migration in its own transaction, recorded in
/// `schema_migrations`. On PostgreSQL an advisory lock makes concurrent starts safe.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    /// A migration may rewrite large tables: it gets far longer than an ordinary operation.
    static let timeout: Duration = .seconds(3600)

    public init(migrations: [Migration] = Schema.migrations) {
        precondition(Set(migrations.map(\.version)).count == migrations.count, "migration versions must be unique")
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Applies what is missing; returns the versions applied now (empty when up to date).
    @discardableResult
    public func migrate(_ database: Database, now: Instant = .now) async throws -> [Int] {
        try await database.transaction(timeout: Self.timeout) { sql in
            try await lock(sql, database.dialect)
            try await createLedger(sql)
        }
        var appliedNow: [Int] = []
        for migration in migrations {
            let ranNow = try await database.transaction(timeout: Self.timeout) { sql -> Bool in
                try await lock(sql, database.dialect)
                let recorded = try await applied(sql).first { $0.version == migration.version }
                if let recorded {
                    guard recorded.checksum == migration.checksum(for: database.dialect) else {
                        throw SwitchboardError(
                            .conflict, code: "migration_edited",
                            message: "Migration \(migration.version) (\(migration.name)) differs from the one applied to this database; shipped migrations must never be edited.")
                    }
                    return false
                }
                for statement in migration.statements(database.dialect) {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
                try await sql.raw("""
                    INSERT INTO schema_migrations (version, name, checksum, applied_at_ms)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: migration.checksum(for: database.dialect)), \(bind: now.millisecondsSinceEpoch))
                    """).run()
                return true
            }
            if ranNow { appliedNow.append(migration.version) }
        }
        let known = Set(migrations.map(\.version))
        if let newer = try await status(database).first(where: { !known.contains($0.version) }) {
            throw SwitchboardError(
                .conflict, code: "schema_too_new",
                message: "The database has migration \(newer.version) (\(newer.name)), which this version of Switchboard does not know; upgrade Switchboard.")
        }
        return appliedNow
    }

    /// The migrations recorded in the database, oldest first.
    public func status(_ database: Database) async throws -> [AppliedMigration] {
        try await database.transaction(timeout: Self.timeout) { sql in
            try await lock(sql, database.dialect)
            try await createLedger(sql)
            return try await applied(sql)
        }
    }

    /// Serialises migrators of several processes on PostgreSQL until the transaction ends
    /// (SQLite's single writer does this by itself).
    private func lock(_ sql: any SQLDatabase, _ dialect: Dialect) async throws {
        if dialect == .postgres { try await sql.raw("SELECT pg_advisory_xact_lock(4242001)").run() }
    }

    private func createLedger(_ sql: any SQLDatabase) async throws {
        try await sql.raw("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)
            """).run()
    }

    private func applied(_ sql: any SQLDatabase) async throws -> [AppliedMigration] {
        try await sql.raw("SELECT version, name, checksum, applied_at_ms FROM schema_migrations ORDER BY version").all().map {
            AppliedMigration(
                version: Int(try $0.decode(column: "version", as: Int64.self)), name: try $0.decode(column: "name", as: String.self),
                checksum: try $0.decode(column: "checksum", as: String.self),
                appliedAt: Instant(millisecondsSinceEpoch: try $0.decode(column: "applied_at_ms", as: Int64.self)))
        }
    }
}

extension Instant {
    /// The wall clock now. Only shells call this; the core takes instants as arguments.
    public static var now: Instant {
        Instant(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}
