import ContactCenter
import Demo
import Organisation
import SQLKit
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

/// The group commit writes timeline lines and state intervals in a few statements; the rows
/// must be those one-by-one writes made.
@Suite("A batch of call log writes")
struct CallLogBatchTests {
    struct Interval: Equatable {
        var state: String
        var started: Int64
        var ended: Int64?
    }

    static func intervals(_ agent: Int64, _ sql: any SQLDatabase) async throws -> [Interval] {
        try await sql.raw("SELECT state, started_at_ms, ended_at_ms FROM agent_states WHERE agent_id = \(bind: agent) ORDER BY id").all().map {
            Interval(state: try $0.decode(column: "state", as: String.self), started: try $0.decode(column: "started_at_ms", as: Int64.self),
                     ended: try $0.decode(column: "ended_at_ms", as: Int64?.self))
        }
    }

    static func t(_ ms: Int64) -> Instant { Instant(millisecondsSinceEpoch: 1_795_000_000_000 + ms) }

    @Test("several changes of one agent in one batch: the open interval closes at the first, each ends at the next, the last stays open", arguments: TestDatabase.available)
    func intervalsInOneBatch(_ kind: TestDatabase) async throws {
        try await kind.with { (database: Database) async throws in
            let service = OrganisationService.forTesting(database)
            try await DemoOrganisation.seedIfEmpty(service)
            let agents = try await service.agents(by: .console).prefix(2).map(\.id)
            let (a, b) = (agents[0], agents[1])
            try await database.transaction { sql in
                try await CallLogRepository(sql).changeAgentState(a, to: "available", reason: nil, callId: nil, at: Self.t(0))
            }
            try await database.transaction { sql in
                let batch = CallLogBatch()
                batch.changeAgentState(a, to: "ringing", reason: nil, callId: nil, at: Self.t(1_000))
                batch.changeAgentState(b, to: "loggedIn", reason: nil, callId: nil, at: Self.t(1_500))
                batch.changeAgentState(a, to: "talking", reason: nil, callId: nil, at: Self.t(2_000))
                batch.changeAgentState(a, to: "wrapUp", reason: nil, callId: nil, at: Self.t(3_000))
                batch.append(CallEvent(at: Self.t(1_000), kind: "first"), to: try await CallLogRepository(sql).insertCall(queueId: 1, from: "+31", customerId: nil, priority: 0, at: Self.t(0)))
                try await batch.flush(sql)
                #expect(batch.isEmpty)
            }
            try await database.read { sql in
                #expect(try await Self.intervals(a, sql) == [
                    Interval(state: "available", started: Self.t(0).millisecondsSinceEpoch, ended: Self.t(1_000).millisecondsSinceEpoch),
                    Interval(state: "ringing", started: Self.t(1_000).millisecondsSinceEpoch, ended: Self.t(2_000).millisecondsSinceEpoch),
                    Interval(state: "talking", started: Self.t(2_000).millisecondsSinceEpoch, ended: Self.t(3_000).millisecondsSinceEpoch),
                    Interval(state: "wrapUp", started: Self.t(3_000).millisecondsSinceEpoch, ended: nil),
                ])
                #expect(try await Self.intervals(b, sql) == [Interval(state: "loggedIn", started: Self.t(1_500).millisecondsSinceEpoch, ended: nil)])
                let kinds = try await sql.raw("SELECT kind FROM call_events ORDER BY id").all().map { try $0.decode(column: "kind", as: String.self) }
                #expect(kinds == ["first"])
                // The closed intervals are marked for the reports.
                let marks = try await sql.raw("SELECT COUNT(*) AS n FROM report_dirty").first()!.decode(column: "n", as: Int64.self)
                #expect(marks >= 1)
            }
        }
    }
}
