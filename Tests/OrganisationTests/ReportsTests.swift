import Organisation
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

/// The reports' rules without HTTP: which reports exist, who reads which, and how stored sums
/// become named rows and totals. The figures themselves (the catch-up from call records) are
/// specified against the databases in `WebTests/ReportTests`.
@Suite("Reports: who reads which, and how sums become rows")
struct ReportsTests {
    static func reports(_ world: World, _ store: InMemoryReportStore?) -> Reports {
        if let service = world.service { return Reports(service) }
        return Reports(store: store!, directory: world.directory, clock: world.now)
    }

    @Test("a period, a dimension and a split are checked, each error naming its field", arguments: Backend.all)
    func checkedRequests(_ backend: Backend) async throws {
        try await backend.with { (world: World) async throws in
            let reports = Self.reports(world, InMemoryReportStore())
            let cases: [(period: String, by: String, per: String?, field: String)] = [
                ("2026-13", "queue", nil, "period"), ("yesterday", "queue", nil, "period"),
                ("2026-10", "skill", nil, "by"), ("2026-10", "queue", "hour", "per"),
                ("2026-10", "queue", "interval", "per"),
            ]
            for request in cases {
                let error = await #expect(throws: SwitchboardError.self, "\(request)") {
                    try await reports.report(period: request.period, by: request.by, per: request.per, by: .console)
                }
                #expect(error?.field == request.field, "\(request)")
            }
            #expect(try await reports.report(period: "2026-10-05", by: "queue", per: "interval", by: .console).rows.isEmpty)
        }
    }

    @Test("a team leader reads their own team and its agents, never the center or a queue", arguments: Backend.all)
    func teamLeaderScope(_ backend: Backend) async throws {
        try await backend.with { (world: World) async throws in
            let north = try await world.team("North")
            let leader = try await world.person("leader", [.teamLeader])
            try await world.lead(north, by: leader)
            let reports = Self.reports(world, InMemoryReportStore())
            for by in ["center", "queue"] {
                let error = await #expect(throws: SwitchboardError.self) { try await reports.report(period: "2026-10", by: by, per: nil, by: leader) }
                #expect(error?.code == "forbidden", "by=\(by)")
            }
            let agent = try await world.person("ann", [.agent], agent: true, team: north)
            let byAgent = await #expect(throws: SwitchboardError.self) { try await reports.report(period: "2026-10", by: "team", per: nil, by: agent) }
            #expect(byAgent?.code == "forbidden", "an agent reads no reports")
            _ = try await reports.report(period: "2026-10", by: "agent", per: nil, by: leader)
        }
    }

    @Test("rows carry names, keep a team leader to their team, and add up to the total")
    func rowsAndTotals() async throws {
        try await Backend.memory.with { (world: World) async throws in
            let store = InMemoryReportStore()
            let reports = Self.reports(world, store)
            let north = try await world.team("North"), south = try await world.team("South")
            let leader = try await world.person("leader", [.teamLeader])
            try await world.lead(north, by: leader)
            let ann = try await world.agentId(of: try await world.person("ann", [.agent], agent: true, team: north))
            let bob = try await world.agentId(of: try await world.person("bob", [.agent], agent: true, team: south))
            let day = Int64(LocalDate(year: 2026, month: 10, day: 5).dayNumber)
            let bucket = day * 86_400_000 + 9 * 3_600_000
            await store.addVisits(.init(agentId: ann, teamId: north, bucket: bucket, localDay: day, values: ["offered": 3, "answered": 3, "handled": 3, "talk_ms": 360_000]))
            await store.addVisits(.init(agentId: bob, teamId: south, bucket: bucket, localDay: day, values: ["offered": 2, "answered": 1, "handled": 1, "abandoned": 1]))
            await store.addVisits(.init(agentId: ann, teamId: north, bucket: bucket + 31 * 86_400_000, localDay: day + 31, values: ["offered": 50]))
            await store.addState(.init(agentId: ann, teamId: north, bucket: bucket, localDay: day, values: [:]), state: "notReady", reason: "break", ms: 600_000)

            let all = try await reports.report(period: "2026-10", by: "agent", per: nil, by: .console)
            #expect(all.rows.map(\.name) == ["ann", "bob"])
            #expect(all.total.offered == 5 && all.total.answered == 4, "November's calls are not October's")
            #expect(all.rows[0].ahtSeconds == 120)
            let mine = try await reports.report(period: "2026-10", by: "agent", per: nil, by: leader)
            #expect(mine.rows.map(\.name) == ["ann"] && mine.total.offered == 3, "the team leader's totals are their team's")
            let teams = try await reports.report(period: "2026-10", by: "team", per: "day", by: leader)
            #expect(teams.rows.map(\.name) == ["North"] && teams.rows[0].slot == "2026-10-05")
            #expect(await store.catchUps == 3, "each report brings the aggregates up to date first")
        }
    }
}
