import Foundation
import Hummingbird
import HummingbirdTesting
import Organisation
import SQLKit
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@testable import Web

/// Writes call records the way the live shell does (visits, states, the final record), so the
/// aggregates are kept by the same code path as in production.
struct RecordWriter {
    let sql: any SQLDatabase

    enum End { case answered(wait: Int64, talk: Int64, wrap: Int64, holds: Int, holdMs: Int64), abandoned(wait: Int64), rejected }

    /// One call into `queue` at `at` (ms); answered calls are talked by `agent` (states written).
    @discardableResult
    func call(queue: Int64, at: Int64, agent: Int64?, _ end: End, transferTo: Int64? = nil) async throws -> Int64 {
        let log = CallLogRepository(sql)
        let id = try await log.insertCall(queueId: queue, from: "+31205550001", customerId: nil, priority: 0, at: Instant(millisecondsSinceEpoch: at))
        switch end {
        case .rejected:
            try await log.recordRejection(id, queueId: queue, outcome: "rejected: queueFull", at: Instant(millisecondsSinceEpoch: at))
            try await log.complete(record(id, queue, at, nil, nil, at, .rejected(.queueFull)), outcome: "rejected")
        case .abandoned(let wait):
            try await log.enterQueue(id, queueId: queue, at: Instant(millisecondsSinceEpoch: at))
            try await log.leaveQueue(id, outcome: "abandoned", at: Instant(millisecondsSinceEpoch: at + wait))
            try await log.complete(record(id, queue, at, nil, nil, at + wait, .abandonedInQueue), outcome: "abandonedInQueue")
        case .answered(let wait, let talk, let wrap, let holds, let holdMs):
            let agent = agent!
            try await log.enterQueue(id, queueId: queue, at: Instant(millisecondsSinceEpoch: at))
            try await log.changeAgentState(agent, to: "talking", reason: nil, callId: id, at: Instant(millisecondsSinceEpoch: at + wait))
            try await log.markAnswered(id, by: agent, at: Instant(millisecondsSinceEpoch: at + wait))
            let end = at + wait + talk
            var last = queue
            if let transferTo {
                // Half way the agent moves the call on; the second queue's visit is unanswered and abandoned.
                try await log.enterQueue(id, queueId: transferTo, at: Instant(millisecondsSinceEpoch: at + wait + talk / 2))
                try await log.leaveQueue(id, outcome: "abandoned", at: Instant(millisecondsSinceEpoch: end))
                last = transferTo
            } else {
                try await log.leaveQueue(id, outcome: "completed", at: Instant(millisecondsSinceEpoch: end))
            }
            var done = record(id, queue, at, at + wait, agent, end, .completed(by: .caller))
            done.lastQueue = QueueID(last)
            done.holdCount = holds
            done.holdTime = .milliseconds(holdMs)
            done.transfers = transferTo == nil ? 0 : 1
            try await log.complete(done, outcome: "completed")
            try await log.changeAgentState(agent, to: "wrapUp", reason: nil, callId: id, at: Instant(millisecondsSinceEpoch: end))
            try await log.changeAgentState(agent, to: "available", reason: nil, callId: nil, at: Instant(millisecondsSinceEpoch: end + wrap))
        }
        return id
    }

    func record(_ id: Int64, _ queue: Int64, _ at: Int64, _ answered: Int64?, _ agent: Int64?, _ end: Int64, _ outcome: CallOutcome) -> CallRecord {
        CallRecord(id: CallID(id), firstQueue: QueueID(queue), lastQueue: QueueID(queue), arrivedAt: Instant(millisecondsSinceEpoch: at),
                   answeredAt: answered.map(Instant.init(millisecondsSinceEpoch:)), agent: agent.map { AgentID($0) },
                   endedAt: Instant(millisecondsSinceEpoch: end), outcome: outcome, holdCount: 0, holdTime: .zero, transfers: 0, escalated: false)
    }
}

@Suite("Reports from the 15-minute aggregates")
struct ReportTests {
    static let utc = ReportZone(TimeZone(identifier: "UTC")!)
    /// 2026-10-01T00:00:00Z
    static let october: Int64 = 1_790_812_800_000

    func ids(_ app: Harness) async throws -> (queues: [String: Int64], agents: [Int64], teamOf: [Int64: Int64?]) {
        let queues = Dictionary(uniqueKeysWithValues: try await app.service.queues(by: .console).map { ($0.name, $0.id) })
        let agents = try await app.service.agents(by: .console)
        return (queues, agents.map(\.id), Dictionary(uniqueKeysWithValues: agents.map { ($0.id, $0.teamId) }))
    }

    @Test("every metric against a hand-computed example, with the three abandon treatments", arguments: TestDatabase.available)
    func handComputed(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let (queues, agents, _) = try await ids(app)
            let billing = try #require(queues["Billing"])  // service level 80 % in 30 s
            let (a, b) = (agents[0], agents[1])
            let t0 = Self.october + 9 * 3_600_000
            try await app.service.database.transaction { sql in
                let w = RecordWriter(sql: sql)
                try await w.call(queue: billing, at: t0, agent: a, .answered(wait: 10_000, talk: 100_000, wrap: 30_000, holds: 1, holdMs: 20_000))
                try await w.call(queue: billing, at: t0 + 60_000, agent: b, .answered(wait: 40_000, talk: 200_000, wrap: 30_000, holds: 0, holdMs: 0))
                try await w.call(queue: billing, at: t0 + 120_000, agent: nil, .abandoned(wait: 3_000))
                try await w.call(queue: billing, at: t0 + 180_000, agent: nil, .abandoned(wait: 45_000))
                try await w.call(queue: billing, at: t0 + 240_000, agent: nil, .rejected)
            }
            let report = try await Reports(app.service).report(period: "2026-10-01", by: "queue", per: nil, zone: Self.utc, by: .console)
            let row = try #require(report.rows.first { $0.id == billing })
            #expect(report.rows.count == 1)
            #expect(row.offered == 4)
            #expect(row.answered == 2)
            #expect(row.abandoned == 2)
            #expect(row.shortAbandoned == 1)
            #expect(row.rejected == 1)
            // Within 30 s: one answer (10 s) and one abandon (3 s).
            #expect(row.serviceLevel == 1.0 / 3.0, "1 ÷ (2 + 2 − 1)")
            #expect(row.serviceLevelAbandonsAgainst == 0.25, "1 ÷ 4")
            #expect(row.serviceLevelAbandonsFor == 0.5, "(1 + 1) ÷ 4")
            #expect(row.abandonmentRate == 1.0 / 3.0, "(2 − 1) ÷ (4 − 1)")
            #expect(row.asaSeconds == 25, "(10 + 40) ÷ 2")
            #expect(row.talkSeconds == 300)
            #expect(row.wrapUpSeconds == 60)
            #expect(row.ahtSeconds == 180, "(300 + 60) ÷ 2")
            #expect(row.holdCount == 1)
            #expect(row.holdSeconds == 20)

            let byAgent = try await Reports(app.service).report(period: "2026-10", by: "agent", per: nil, zone: Self.utc, by: .console)
            let first = try #require(byAgent.rows.first { $0.id == a })
            #expect(first.answered == 1)
            #expect(first.ahtSeconds == 130)
            #expect(first.loggedInSeconds == 130, "talking 100 s and wrap-up 30 s; the open available interval does not count yet")
            #expect(first.occupancy == 1)
            #expect(byAgent.total.offered == 4, "the unanswered calls are in the No agent row")

            let csv = try await app.call(.get, "/api/v1/reports?period=2026-10-01&by=queue&format=csv", token: try await app.signIn("supervisor"))
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let text = String(buffer: csv.body)
            #expect(text.hasPrefix("\u{FEFF}period,queue,queue_id,offered,answered,abandoned,short_abandoned"))
            #expect(text.contains("\r\n2026-10-01,Billing,\(billing),4,2,2,1,1,0.3333,0.2500,0.5000,0.3333,25.0,180.0,300.0,20.0,60.0,1,0,0,"))
        }
    }

    @Test(
        "a catch-up computes beside the writers and stores after: a call that finishes in between keeps its interval marked and counts next time",
        arguments: TestDatabase.available)
    func computedThenStored(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let (queues, agents, _) = try await ids(app)
            let billing = try #require(queues["Billing"])
            let t0 = Self.october + 10 * 3_600_000
            let database = app.service.database
            try await database.transaction { sql in
                try await RecordWriter(sql: sql).call(queue: billing, at: t0, agent: agents[0], .answered(wait: 5_000, talk: 60_000, wrap: 0, holds: 0, holdMs: 0))
            }
            // Phase one, read only: the marks and the interval's rows as they are now.
            let (marks, recomputed) = try await database.read { sql in
                let reports = ReportRepository(sql)
                let marks = try await reports.dirtyBuckets().filter { $0.bucket == ReportRepository.bucket(t0) }
                var recomputed = ReportRepository.Recomputed()
                try await reports.recompute(from: ReportRepository.bucket(t0), to: ReportRepository.bucket(t0) + ReportRepository.interval, zone: Self.utc, into: &recomputed)
                return (marks, recomputed)
            }
            #expect(marks.count == 1)
            // Meanwhile a second call in the same interval finishes: its mark is bumped.
            try await database.transaction { sql in
                try await RecordWriter(sql: sql).call(queue: billing, at: t0 + 60_000, agent: nil, .abandoned(wait: 30_000))
            }
            // Phase two: stored, but the mark (newer than the computation) stays.
            try await database.transaction { sql in
                let reports = ReportRepository(sql)
                try await reports.store(recomputed, only: [ReportRepository.bucket(t0)], zone: Self.utc)
                try await reports.clearDirty(marks)
                #expect(try await reports.dirtyBuckets(in: [ReportRepository.bucket(t0)]).count == 1)
            }
            let stale = try await database.read { sql in
                try await ReportRepository(sql).visitSums(by: .queue, time: .none, fromDay: Int64(LocalDate(year: 2026, month: 10, day: 1).dayNumber), toDay: Int64(LocalDate(year: 2026, month: 10, day: 2).dayNumber))
            }
            #expect(stale.first { $0.dimension == billing }?.values["offered"] == 1, "the stored computation predates the second call")
            let bumped = try await database.read { sql in try await ReportRepository(sql).dirtyBuckets(in: [ReportRepository.bucket(t0)]) }
            #expect(bumped.map { ReportRepository.markInstance($0.gen) } == marks.map { ReportRepository.markInstance($0.gen) }, "bumped, the same mark")
            // The next catch-up (a report does one) counts both.
            let report = try await Reports(app.service).report(period: "2026-10-01", by: "queue", per: nil, zone: Self.utc, by: .console)
            let row = try #require(report.rows.first { $0.id == billing })
            #expect(row.offered == 2)
            #expect(row.abandoned == 1)
            // Cleared, then marked again by a third call: another mark, which a catch-up that
            // read the first one would not overwrite with its older computation.
            try await Task.sleep(for: .milliseconds(2))
            try await database.transaction { sql in
                try await RecordWriter(sql: sql).call(queue: billing, at: t0 + 120_000, agent: nil, .rejected)
            }
            let again = try await database.read { sql in try await ReportRepository(sql).dirtyBuckets(in: [ReportRepository.bucket(t0)]) }
            #expect(again.count == 1)
            #expect(again.map { ReportRepository.markInstance($0.gen) } != marks.map { ReportRepository.markInstance($0.gen) })
        }
    }

    @Test("a seeded random month: the report's totals equal a recount from the raw records", arguments: TestDatabase.available)
    func recount(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let (queues, agents, _) = try await ids(app)
            let queueIds = queues.values.sorted()
            let expected = try await app.service.database.transaction { sql in
                var random = SeededGenerator(seed: 41)
                // Each agent works calls one after another, so their states never overlap.
                var agentFree = Dictionary(uniqueKeysWithValues: agents.map { ($0, Self.october) })
                var expected = (offered: 0, answered: 0, abandoned: 0, rejected: 0, transfers: 0)
                let w = RecordWriter(sql: sql)
                for _ in 0..<400 {
                    let at = Self.october + Int64(random.next() % UInt64(30 * 86_400_000))
                    let queue = queueIds[Int(random.next() % UInt64(queueIds.count))]
                    switch random.next() % 10 {
                    case 0:
                        try await w.call(queue: queue, at: at, agent: nil, .rejected)
                        expected.rejected += 1
                    case 1, 2:
                        try await w.call(queue: queue, at: at, agent: nil, .abandoned(wait: Int64(random.next() % 120_000)))
                        expected.offered += 1
                        expected.abandoned += 1
                    default:
                        let agent = agents[Int(random.next() % UInt64(agents.count))]
                        let start = max(at, agentFree[agent]!)
                        let wait = Int64(random.next() % 60_000), talk = 30_000 + Int64(random.next() % 600_000), wrap = Int64(random.next() % 60_000)
                        let transfer = random.next() % 8 == 0 ? queueIds[Int(random.next() % UInt64(queueIds.count))] : nil
                        try await w.call(queue: queue, at: start, agent: agent, .answered(wait: wait, talk: talk, wrap: wrap, holds: Int(random.next() % 3), holdMs: 5_000),
                                         transferTo: transfer == queue ? nil : transfer)
                        agentFree[agent] = start + wait + talk + wrap + 1
                        expected.offered += transfer == nil || transfer == queue ? 1 : 2
                        expected.answered += 1
                        if let transfer, transfer != queue { expected.abandoned += 1; expected.transfers += 1 }
                    }
                }
                return expected
            }
            let raw = try await app.service.database.read { sql in
                try await sql.raw("""
                    SELECT
                      (SELECT CAST(COUNT(*) AS BIGINT) FROM queue_visits WHERE outcome NOT LIKE 'rejected%') AS offered,
                      (SELECT CAST(COUNT(*) AS BIGINT) FROM queue_visits WHERE answered_at_ms IS NOT NULL) AS answered,
                      (SELECT CAST(COALESCE(SUM(answered_at_ms - entered_at_ms), 0) AS BIGINT) FROM queue_visits WHERE answered_at_ms IS NOT NULL) AS wait_ms,
                      (SELECT CAST(COALESCE(SUM(left_at_ms - answered_at_ms), 0) AS BIGINT) FROM queue_visits WHERE answered_at_ms IS NOT NULL) AS talk_ms,
                      (SELECT CAST(COALESCE(SUM(ended_at_ms - started_at_ms), 0) AS BIGINT) FROM agent_states WHERE state = 'wrapUp' AND ended_at_ms IS NOT NULL) AS wrap_ms,
                      (SELECT CAST(COALESCE(SUM(ended_at_ms - started_at_ms), 0) AS BIGINT) FROM agent_states WHERE state <> 'loggedOut' AND ended_at_ms IS NOT NULL) AS state_ms,
                      (SELECT CAST(COALESCE(SUM(hold_count), 0) AS BIGINT) FROM calls) AS holds
                    """).first()!
            }
            for by in ["center", "queue", "agent", "team"] {
                for per in ["none", "day", "week"] {
                    let report = try await Reports(app.service).report(period: "2026-10", by: by, per: per, zone: Self.utc, by: .console)
                    let t = report.total
                    #expect(t.offered == expected.offered, "\(by)/\(per)")
                    #expect(t.offered == Int(try raw.decode(column: "offered", as: Int64.self)))
                    #expect(t.answered == expected.answered)
                    #expect(t.abandoned == expected.abandoned)
                    #expect(t.rejected == expected.rejected)
                    #expect(t.transfers == expected.transfers)
                    #expect(t.holdCount == Int(try raw.decode(column: "holds", as: Int64.self)))
                    #expect(t.talkSeconds == Double(try raw.decode(column: "talk_ms", as: Int64.self)) / 1000)
                    // ASA is kept to the millisecond: within one millisecond per answered call of the recount.
                    let wait = Double(try raw.decode(column: "wait_ms", as: Int64.self))
                    #expect(abs((t.asaSeconds ?? 0) * Double(t.answered) * 1000 - wait) <= Double(t.answered), "\(by)/\(per)")
                    #expect(t.wrapUpSeconds == Double(try raw.decode(column: "wrap_ms", as: Int64.self)) / 1000)
                    if by != "queue" {
                        #expect(t.loggedInSeconds == Double(try raw.decode(column: "state_ms", as: Int64.self)) / 1000, "\(by)/\(per)")
                    }
                    #expect(report.rows.reduce(0) { $0 + $1.offered } == t.offered)
                }
            }
            // A later change to a past interval is picked up: the dirty interval is recomputed.
            try await app.service.database.transaction { sql in
                try await RecordWriter(sql: sql).call(queue: queueIds[0], at: Self.october + 3_600_000, agent: nil, .abandoned(wait: 1_000))
            }
            #expect(try await Reports(app.service).report(period: "2026-10", by: "center", per: nil, zone: Self.utc, by: .console).total.offered == expected.offered + 1)
        }
    }

    @Test("a first report over a backlog counts a state interval of several days on each day it covers", arguments: TestDatabase.available)
    func backlogWithLongInterval(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let agent = try #require(try await app.service.agents(by: .console).first)
            let day: Int64 = 86_400_000
            // Not ready from 2 October 10:00 to 5 October 10:00, then available for an hour:
            // ~290 intervals marked, so the catch-up rebuilds them as a backlog, a day a round.
            try await app.service.database.transaction { sql in
                let log = CallLogRepository(sql)
                try await log.changeAgentState(agent.id, to: "notReady", reason: "training", callId: nil, at: Instant(millisecondsSinceEpoch: Self.october + day + 36_000_000))
                try await log.changeAgentState(agent.id, to: "available", reason: nil, callId: nil, at: Instant(millisecondsSinceEpoch: Self.october + 4 * day + 36_000_000))
                try await log.changeAgentState(agent.id, to: "loggedOut", reason: nil, callId: nil, at: Instant(millisecondsSinceEpoch: Self.october + 4 * day + 39_600_000))
            }
            let report = try await Reports(app.service).report(period: "2026-10", by: "agent", per: "day", zone: Self.utc, by: .console)
            let days = report.rows.filter { $0.name == agent.displayName && ($0.notReadySeconds ?? 0) > 0 }.sorted { $0.slot < $1.slot }
            let hours: [Double?] = days.map { $0.notReadySeconds.map { $0 / 3600 } }
            let expected: [Double?] = [14, 24, 24, 10]
            #expect(hours == expected, "\(days.map(\.slot)): \(hours)")
            let loggedIn: Double = 73 * 3600
            #expect(report.total.loggedInSeconds == loggedIn)
        }
    }

    @Test("the longest state interval is read in full once, then from the intervals closed since", arguments: TestDatabase.available)
    func longestStateKeptUpToDate(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let agents = try await app.service.agents(by: .console).map(\.id)
            let at: @Sendable (Int64) -> Instant = { Instant(millisecondsSinceEpoch: Self.october + $0) }
            let first = try await app.service.database.transaction { sql in
                let log = CallLogRepository(sql)
                try await log.changeAgentState(agents[0], to: "notReady", reason: "break", callId: nil, at: at(0))
                try await log.changeAgentState(agents[0], to: "available", reason: nil, callId: nil, at: at(600_000))
                // A logged-out night does not count: its state is left out of every report.
                try await log.changeAgentState(agents[0], to: "loggedOut", reason: nil, callId: nil, at: at(700_000))
                try await log.changeAgentState(agents[0], to: "notReady", reason: "login", callId: nil, at: at(50_000_000))
                return try await ReportRepository(sql).longestState(since: nil)
            }
            #expect(first == .init(longest: 600_000, latest: Self.october + 700_000))
            // A longer interval closes later: the next round sees it without reading everything.
            let next = try await app.service.database.transaction { sql in
                let log = CallLogRepository(sql)
                try await log.changeAgentState(agents[1], to: "notReady", reason: "training", callId: nil, at: at(40_000_000))
                try await log.changeAgentState(agents[1], to: "available", reason: nil, callId: nil, at: at(52_000_000))
                return try await ReportRepository(sql).longestState(since: first)
            }
            #expect(next == .init(longest: 12_000_000, latest: Self.october + 52_000_000))
        }
    }

    @Test("local days follow the center's time zone across daylight saving; periods and splits are checked")
    func zonesAndPeriods() async throws {
        try await Harness.run { (app: Harness) async throws in
            let (queues, _, _) = try await ids(app)
            let amsterdam = ReportZone(TimeZone(identifier: "Europe/Amsterdam")!)
            // 2026-10-24T22:30Z is 00:30 on the 25th in Amsterdam (summer time, +2); 2026-10-25T23:30Z is 00:30 on the 26th (+1).
            let queue = try #require(queues["Billing"])
            try await app.service.database.transaction { sql in
                let w = RecordWriter(sql: sql)
                try await w.call(queue: queue, at: 1_792_881_000_000, agent: nil, .abandoned(wait: 60_000))
                try await w.call(queue: queue, at: 1_792_971_000_000, agent: nil, .abandoned(wait: 60_000))
            }
            let days = try await Reports(app.service).report(period: "2026-10", by: "center", per: "day", zone: amsterdam, by: .console)
            #expect(days.rows.map(\.slot) == ["2026-10-25", "2026-10-26"])
            let intervals = try await Reports(app.service).report(period: "2026-10-26", by: "queue", per: "interval", zone: amsterdam, by: .console)
            #expect(intervals.rows.map(\.slot) == ["2026-10-26 00:30"])

            for (period, field) in [("2026-13", "period"), ("26", "period"), ("2026-W54", "period"), ("2026-02-30", "period")] {
                let error = await #expect(throws: SwitchboardError.self) { try await Reports(app.service).report(period: period, by: "queue", per: nil, by: .console) }
                #expect(error?.field == field, "\(period)")
            }
            await #expect(throws: SwitchboardError.self) { try await Reports(app.service).report(period: "2026-10", by: "queue", per: "interval", by: .console) }
            await #expect(throws: SwitchboardError.self) { try await Reports(app.service).report(period: "2026-10", by: "skill", per: nil, by: .console) }
            #expect(ReportPeriod.isoWeek(of: LocalDate(year: 2027, month: 1, day: 1).dayNumber) == "2026-W53")
            #expect(try ReportPeriod(parsing: "2026-W01").fromDay == LocalDate(year: 2025, month: 12, day: 29).dayNumber)
        }
    }

    @Test("a team leader reads their own team and its agents only")
    func teamLeader() async throws {
        try await Harness.run { (app: Harness) async throws in
            let leader = try await app.signIn("teamlead1")
            #expect(try await app.call(.get, "/api/v1/reports?period=2026-10&by=queue", token: leader).status == .forbidden)
            #expect(try await app.call(.get, "/api/v1/reports?period=2026-10&by=agent", token: leader).status == .ok)
            #expect(try await app.call(.get, "/api/v1/reports?period=2026-10&by=agent", token: try await app.signIn("agent01")).status == .forbidden)
            #expect(try await app.call(.get, "/api/v1/reports?by=agent", token: leader).status == .unprocessableContent)
            #expect(try await app.call(.get, "/api/v1/reports?period=2026-10&format=xml", token: try await app.signIn("supervisor")).status == .unprocessableContent)
        }
    }
}
