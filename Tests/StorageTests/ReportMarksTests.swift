import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

/// The report catch-up's marks: which intervals wait to be recomputed.
@Suite("Report marks")
struct ReportMarksTests {
    @Test("clearing marks in bulk removes exactly the marks read — a mark bumped since stays, across statement chunks", arguments: TestDatabase.available)
    func clearingKeepsBumpedMarks(_ kind: TestDatabase) async throws {
        try await kind.with { database in
            let start: Int64 = 1_735_689_600_000
            // 450 intervals: three chunks of the bulk delete.
            let last = start + 449 * ReportRepository.interval
            try await database.transaction { try await ReportRepository($0).touch(from: start, to: last) }
            // A new database also holds the "everything" mark (-1); it is not read here.
            let read = try await database.read { try await ReportRepository($0).dirtyBuckets(limit: 1_000) }.filter { $0.bucket >= 0 }
            #expect(read.count == 450)
            // Intervals in the first and the last chunk are marked again after the read.
            let bumped = [start + 3 * ReportRepository.interval, start + 420 * ReportRepository.interval]
            try await database.transaction { sql in
                for bucket in bumped { try await ReportRepository(sql).touch(from: bucket) }
            }
            try await database.transaction { try await ReportRepository($0).clearDirty(read) }
            let left = try await database.read { try await ReportRepository($0).dirtyBuckets(limit: 1_000) }
            #expect(left.map(\.bucket) == [-1] + bumped)
        }
    }
}
