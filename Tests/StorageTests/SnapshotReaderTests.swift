import Foundation
import SQLKit
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

/// On an SQLite file, `snapshot` reads on a second, read-only connection: a long read (the
/// reports' catch-up) sees one state throughout and does not hold up the writer.
@Suite("SQLite snapshots on their own connection")
struct SnapshotReaderTests {
    static func count(_ sql: any SQLDatabase) async throws -> Int64 {
        try await sql.raw("SELECT COUNT(*) AS n FROM skills").first()!.decode(column: "n", as: Int64.self)
    }

    @Test("a write commits while a snapshot is open; the snapshot keeps its state; the next one sees the write")
    func writerGoesOn() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-snapshot-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try await Database.open(.sqlite(path: folder.appendingPathComponent("db.sqlite").path), limits: TestDatabase.limits)
        try await Migrator().migrate(database)
        try await database.transaction { try await $0.raw("INSERT INTO skills (name, description) VALUES ('one', '')").run() }
        let (opened, open) = AsyncStream.makeStream(of: Void.self)
        let (written, write) = AsyncStream.makeStream(of: Void.self)
        let reading = Task {
            try await database.snapshot { sql -> (Int64, Int64) in
                let before = try await Self.count(sql)
                open.yield()
                // Holds the read open until the writer has committed.
                for await _ in written { break }
                return (before, try await Self.count(sql))
            }
        }
        for await _ in opened { break }
        // Would wait for the snapshot (and time out) were both on one connection.
        try await database.transaction(timeout: .seconds(5)) { try await $0.raw("INSERT INTO skills (name, description) VALUES ('two', '')").run() }
        write.yield()
        let (before, after) = try await reading.value
        #expect(before == 1 && after == 1, "one state throughout the snapshot")
        #expect(try await database.snapshot { try await Self.count($0) } == 2)
        #expect(try await database.read { try await Self.count($0) } == 2)
        await database.close()
    }
}
