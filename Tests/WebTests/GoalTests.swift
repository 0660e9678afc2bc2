import Foundation
import Hummingbird
import HummingbirdTesting
import Organisation
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@testable import Web

@Suite("Goals for agents and teams")
struct GoalTests {
    @Test("progress is computed from the records in the current period; who may set and see goals", arguments: TestDatabase.available)
    func goals(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let leader = try await app.signIn("teamlead1")
            let agent = try await app.signIn("agent01")
            let agentId = try await app.agentRecord("agent01")
            let me = try Harness.json(try await app.call(.get, "/api/v1/me", token: leader))
            let team = try #require(me["teamId"]?.intValue)
            let queue = try #require(try Harness.json(try await app.call(.get, "/api/v1/queues", token: agent)).arrayValue?.first { $0["extension"]?.stringValue == "800" }?["id"]?.intValue)

            // Two calls handled today: talk 100 s and 200 s, wrap-up 30 s each; one hold.
            let now = app.clock.now.millisecondsSinceEpoch
            try await app.service.database.transaction { sql in
                let w = RecordWriter(sql: sql)
                try await w.call(queue: queue, at: now - 3_600_000, agent: agentId, .answered(wait: 5_000, talk: 100_000, wrap: 30_000, holds: 1, holdMs: 10_000))
                try await w.call(queue: queue, at: now - 1_800_000, agent: agentId, .answered(wait: 5_000, talk: 200_000, wrap: 30_000, holds: 0, holdMs: 0))
            }
            let handled = try await app.call(.post, "/api/v1/goals", token: leader, json: #"{"agentId":\#(agentId),"metric":"callsHandled","target":3,"period":"day"}"#)
            #expect(handled.status == .created, "\(String(buffer: handled.body))")
            #expect(try Harness.json(handled)["value"]?.doubleValue == 2)
            #expect(try Harness.json(handled)["met"] == .bool(false))
            #expect(try Harness.json(handled)["progress"]?.doubleValue == 2.0 / 3.0)
            _ = try await app.call(.post, "/api/v1/goals", token: supervisor, json: #"{"agentId":\#(agentId),"metric":"aht","target":200}"#)
            _ = try await app.call(.post, "/api/v1/goals", token: leader, json: #"{"teamId":\#(team),"metric":"holdRate","target":0.25,"period":"week"}"#)

            let mine = try Harness.json(try await app.call(.get, "/api/v1/goals", token: agent)).arrayValue ?? []
            #expect(mine.count == 3, "the agent's own two and the team's")
            let aht = try #require(mine.first { $0["goal"]?["metric"]?.stringValue == "aht" })
            #expect(aht["value"]?.doubleValue == 180, "(300 s talk + 60 s wrap-up) ÷ 2")
            #expect(aht["met"] == .bool(true))
            #expect(aht["goal"]?["direction"]?.stringValue == "atMost")
            #expect(aht["goal"]?["period"]?.stringValue == "month")
            let hold = try #require(mine.first { $0["goal"]?["metric"]?.stringValue == "holdRate" })
            #expect(hold["value"]?.doubleValue == 0.5)
            #expect(hold["met"] == .bool(false))

            // Scope: another agent may not read these; a team leader may not set goals for another team.
            let other = try await app.signIn("agent02")
            #expect(try await app.call(.get, "/api/v1/goals?agentId=\(agentId)", token: other).status == .forbidden)
            let outsider = try await app.agentRecord("agent30")
            #expect(try await app.call(.post, "/api/v1/goals", token: leader, json: #"{"agentId":\#(outsider),"metric":"referrals","target":5}"#).status == .forbidden)
            #expect(try await app.call(.post, "/api/v1/goals", token: supervisor, json: #"{"agentId":\#(agentId),"metric":"serviceLevel","target":80}"#).status == .unprocessableContent)
            #expect(try await app.call(.post, "/api/v1/goals", token: supervisor, json: #"{"agentId":\#(agentId),"teamId":\#(team),"metric":"aht","target":80}"#).status == .unprocessableContent)
            #expect(try await app.call(.post, "/api/v1/goals", token: agent, json: #"{"agentId":\#(agentId),"metric":"aht","target":80}"#).status == .forbidden)
            let id = try #require(try Harness.json(handled)["goal"]?["id"]?.intValue)
            #expect(try await app.call(.delete, "/api/v1/goals/\(id)", token: leader).status == .noContent)
            #expect(try Harness.json(try await app.call(.get, "/api/v1/goals", token: agent)).arrayValue?.count == 2)
        }
    }

    @Test("the rules of progress: towards the target, or within it")
    func progressRules() {
        let more = Goal(id: 1, scope: .agent, scopeId: 1, metric: .referrals, target: 5, direction: .atLeast, period: .month)
        #expect(more.progress(of: 2) == 0.4)
        #expect(more.progress(of: 7) == 1)
        #expect(more.isMet(by: 5) == true)
        #expect(more.isMet(by: nil) == nil)
        let less = Goal(id: 2, scope: .team, scopeId: 1, metric: .aht, target: 300, direction: .atMost, period: .week)
        #expect(less.progress(of: 250) == 1)
        #expect(less.progress(of: 600) == 0.5)
        #expect(less.isMet(by: 301) == false)
    }
}
