import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@Suite("The migrator")
struct MigratorTests {
    @Test("a fresh database gets every migration once, recorded with its checksum", arguments: TestDatabase.available)
    func freshDatabase(_ kind: TestDatabase) async throws {
        try await kind.with(migrated: false) { (database: Database) async throws in
            let migrator = Migrator()
            let applied = try await migrator.migrate(database, now: Instant(millisecondsSinceEpoch: 42))
            #expect(applied == Schema.migrations.map(\.version))
            let status = try await migrator.status(database)
            #expect(status.map(\.version) == Schema.migrations.map(\.version))
            #expect(status.first?.checksum == Schema.migrations.first?.checksum(for: database.dialect))
            #expect(status.first?.appliedAt == Instant(millisecondsSinceEpoch: 42))
            // Running again changes nothing.
            #expect(try await migrator.migrate(database).isEmpty)
            #expect(try await migrator.status(database).count == Schema.migrations.count)
        }
    }

    @Test("a shipped migration that was edited afterwards is refused", arguments: TestDatabase.available)
    func editedMigration(_ kind: TestDatabase) async throws {
        try await kind.with(migrated: false) { (database: Database) async throws in
            let original = Migrator(migrations: [Migration(1, "widgets") { _ in ["CREATE TABLE widgets (id BIGINT PRIMARY KEY)"] }])
            try await original.migrate(database)
            let edited = Migrator(migrations: [Migration(1, "widgets") { _ in ["CREATE TABLE widgets (id BIGINT PRIMARY KEY, name TEXT)"] }])
            await #expect(throws: SwitchboardError.self) { try await edited.migrate(database) }
            do {
                try await edited.migrate(database)
            } catch let error as SwitchboardError {
                #expect(error.code == "migration_edited")
            }
        }
    }

    @Test("a database migrated by a newer Switchboard is refused", arguments: TestDatabase.available)
    func newerDatabase(_ kind: TestDatabase) async throws {
        try await kind.with(migrated: false) { (database: Database) async throws in
            let newer = Migrator(migrations: [
                Migration(1, "a") { _ in ["CREATE TABLE a (id BIGINT PRIMARY KEY)"] }, Migration(2, "b") { _ in ["CREATE TABLE b (id BIGINT PRIMARY KEY)"] },
            ])
            try await newer.migrate(database)
            let older = Migrator(migrations: [Migration(1, "a") { _ in ["CREATE TABLE a (id BIGINT PRIMARY KEY)"] }])
            let error = await #expect(throws: SwitchboardError.self) { try await older.migrate(database) }
            #expect(error?.code == "schema_too_new")
        }
    }

    @Test("a migration that fails leaves neither its tables nor a record behind", arguments: TestDatabase.available)
    func failingMigration(_ kind: TestDatabase) async throws {
        try await kind.with(migrated: false) { (database: Database) async throws in
            let broken = Migrator(migrations: [
                Migration(1, "half") { _ in ["CREATE TABLE half (id BIGINT PRIMARY KEY)", "THIS IS NOT SQL"] }
            ])
            await #expect(throws: (any Error).self) { try await broken.migrate(database) }
            #expect(try await broken.status(database).isEmpty)
            let fixed = Migrator(migrations: [Migration(1, "half") { _ in ["CREATE TABLE half (id BIGINT PRIMARY KEY)"] }])
            #expect(try await fixed.migrate(database) == [1])
        }
    }
}

@Suite("Database URLs")
struct DatabaseURLTests {
    @Test("SQLite and PostgreSQL URLs parse, with defaults and percent-escapes")
    func parsing() throws {
        #expect(try DatabaseURL(parsing: "sqlite://./switchboard.sqlite") == .sqlite(path: "./switchboard.sqlite"))
        #expect(try DatabaseURL(parsing: "sqlite:///var/lib/sb.sqlite") == .sqlite(path: "/var/lib/sb.sqlite"))
        #expect(try DatabaseURL(parsing: "sqlite::memory:") == .sqliteInMemory)
        #expect(
            try DatabaseURL(parsing: "postgres://sb:p%40ss@db.example:6543/switchboard")
                == .postgres(.init(host: "db.example", port: 6543, username: "sb", password: "p@ss", database: "switchboard")))
        #expect(
            try DatabaseURL(parsing: "postgresql://sb@127.0.0.1/sb")
                == .postgres(.init(host: "127.0.0.1", port: 5432, username: "sb", password: nil, database: "sb")))
    }

    @Test("nonsense is refused naming the field, and passwords never appear in messages", arguments: [
        "mysql://root@localhost/db", "postgres://u:secret@host:99999/db", "postgres://u:secret@host", "sqlite://", "",
    ])
    func refused(_ text: String) {
        let error = #expect(throws: SwitchboardError.self) { try DatabaseURL(parsing: text) }
        #expect(error?.field == "database")
        #expect(error?.message.contains("secret") == false)
    }

    @Test("sslmode and search_path are read; other parameters are refused")
    func parameters() throws {
        guard case .postgres(let target) = try DatabaseURL(parsing: "postgres://u:p@h/db?sslmode=verify-full&search_path=s1") else {
            Issue.record("not a PostgreSQL URL")
            return
        }
        #expect(target.sslMode == .verifyFull)
        #expect(target.searchPath == "s1")
        #expect(throws: SwitchboardError.self) { try DatabaseURL(parsing: "postgres://u:p@h/db?sslmode=allow") }
        #expect(throws: SwitchboardError.self) { try DatabaseURL(parsing: "postgres://u:p@h/db?application_name=x") }
    }

    @Test("the description hides the password")
    func redacted() throws {
        #expect(try DatabaseURL(parsing: "postgres://sb:secret@h:5432/db").description == "postgres://sb:***@h:5432/db")
    }
}
