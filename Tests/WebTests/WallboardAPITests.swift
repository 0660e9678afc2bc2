import ContactCenter
import Floor
import Foundation
import Hummingbird
import HummingbirdTesting
import Organisation
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@testable import Web

@Suite("The wallboard through the API")
struct WallboardAPITests {
    @Test("queue tiles and agent rows follow the floor; a team leader sees only their team; alerts come from the queue's thresholds", arguments: TestDatabase.available)
    func wallboard(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let admin = try await app.signIn("admin")
            let supervisor = try await app.signIn("supervisor")
            let leader = try await app.signIn("teamlead1")
            let agent = try await app.signIn("agent01")
            let agentId = try await app.agentRecord("agent01")
            let queue = try #require(try Harness.json(try await app.call(.get, "/api/v1/queues", token: agent)).arrayValue?.first { $0["extension"]?.stringValue == "800" }?["id"]?.intValue)
            #expect(try await app.call(.get, "/api/v1/realtime/wallboard", token: agent).status == .forbidden)

            // Two callers wait (nobody is available); one is answered after 12 s once the agent is.
            let first = try #require(try Harness.json(try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800","from":"+31205550002"}"#))["id"]?.intValue)
            _ = try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800","from":"+31205550003"}"#)
            app.clock.advance(by: .seconds(12))
            var board = try Harness.json(try await app.call(.get, "/api/v1/realtime/wallboard?queue=\(queue)", token: supervisor))
            var tile = try #require(board["queues"]?.arrayValue?.first)
            #expect(board["queues"]?.arrayValue?.count == 1)
            #expect(tile["waiting"]?.intValue == 2)
            #expect(tile["longestWaitSeconds"]?.doubleValue == 12)
            #expect(tile["lastHour"]?.arrayValue?.count == 12)
            #expect(tile["lastHour"]?.arrayValue?.last?["offered"]?.intValue == 2)

            _ = try await app.call(.post, "/api/v1/agents/\(agentId)/state", token: agent, json: #"{"state":"available"}"#)
            #expect(try await app.call(.post, "/api/v1/calls/\(first)/answer", token: agent).status == .ok)
            app.clock.advance(by: .seconds(30))
            board = try Harness.json(try await app.call(.get, "/api/v1/realtime/wallboard", token: supervisor))
            tile = try #require(board["queues"]?.arrayValue?.first { $0["queueId"]?.intValue == queue })
            #expect(tile["waiting"]?.intValue == 1)
            let row = try #require(board["agents"]?.arrayValue?.first { $0["agentId"]?.intValue == agentId })
            #expect(row["state"]?.stringValue == "talking")
            #expect(row["callId"]?.intValue == first)
            #expect(row["callSeconds"]?.doubleValue == 30)

            // A team leader: their team only, and not another team on request.
            let own = try Harness.json(try await app.call(.get, "/api/v1/realtime/wallboard", token: leader))
            let teams = Set(own["agents"]?.arrayValue?.compactMap { $0["teamId"]?.intValue } ?? [])
            #expect(teams.count == 1)
            #expect(own["teams"]?.arrayValue?.count == 1)
            let otherTeam = try #require(board["teams"]?.arrayValue?.compactMap { $0["id"]?.intValue }.first { !teams.contains($0) })
            #expect(try await app.call(.get, "/api/v1/realtime/wallboard?team=\(otherTeam)", token: leader).status == .forbidden)

            // Alerts: a caller waiting longer than the queue allows.
            #expect(try await app.call(.patch, "/api/v1/queues/\(queue)", token: admin, json: #"{"alerts":{"longestWaitSeconds":40}}"#).status == .ok)
            board = try Harness.json(try await app.call(.get, "/api/v1/realtime/wallboard", token: supervisor))
            #expect(board["alerts"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } == ["longestWait"])
            #expect(try await app.call(.patch, "/api/v1/queues/\(queue)", token: admin, json: #"{"alerts":{"callsOnHold":0}}"#).status == .unprocessableContent)
        }
    }

    @Test("the alert monitor raises an alert once and clears it once")
    func monitor() async throws {
        try await Harness.run { (app: Harness) async throws in
            let admin = try await app.signIn("admin")
            let supervisor = try await app.signIn("supervisor")
            let queue = try #require(try Harness.json(try await app.call(.get, "/api/v1/queues", token: admin)).arrayValue?.first { $0["extension"]?.stringValue == "800" }?["id"]?.intValue)
            _ = try await app.call(.patch, "/api/v1/queues/\(queue)", token: admin, json: #"{"alerts":{"longestWaitSeconds":10}}"#)
            let monitor = AlertMonitor(wallboard: Wallboard(service: app.service, center: app.contactCenter))
            let stream = await monitor.subscribe()
            var changes = stream.makeAsyncIterator()
            let call = try #require(try Harness.json(try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800","from":"+31205550002"}"#))["id"]?.intValue)
            app.clock.advance(by: .seconds(11))
            await monitor.check()
            guard case .raised(let alert) = await changes.next() else { Issue.record("no alert raised"); return }
            #expect(alert.kind == .longestWait)
            await monitor.check()
            _ = try await app.call(.post, "/api/v1/calls/\(call)/hangup", token: supervisor, json: #"{"by":"caller"}"#)
            await monitor.check()
            guard case .cleared(let cleared) = await changes.next() else { Issue.record("not cleared (or raised twice)"); return }
            #expect(cleared.key == alert.key)
        }
    }

    @Test("setting another agent's state is kept in the audit log with the reason given")
    func directedStateIsAudited() async throws {
        try await Harness.run { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let agentId = try await app.agentRecord("agent05")
            let response = try await app.call(.post, "/api/v1/agents/\(agentId)/state", token: supervisor,
                                              json: #"{"state":"notReady","reason":"coaching","because":"One-to-one at 14:00"}"#)
            #expect(response.status == .ok)
            let audit = try Harness.json(try await app.call(.get, "/api/v1/audit?limit=5", token: supervisor)).arrayValue ?? []
            let entry = try #require(audit.first { $0["action"]?.stringValue == "agent.state.directed" })
            #expect(entry["entityId"]?.intValue == agentId)
            #expect(entry["after"]?["because"]?.stringValue == "One-to-one at 14:00")
            #expect(entry["after"]?["reason"]?.stringValue == "coaching")
            let long = String(repeating: "x", count: 501)
            #expect(try await app.call(.post, "/api/v1/agents/\(agentId)/state", token: supervisor, json: #"{"state":"available","because":"\#(long)"}"#).status == .unprocessableContent)
            #expect(try Harness.json(try await app.call(.get, "/api/v1/agents/\(agentId)/state", token: supervisor))["state"]?.stringValue == "notReady",
                    "a refused request changes nothing")
        }
    }

    @Test("listening in, whispering and barging are recorded in the call's timeline; only on a connected call, by who directs the agent")
    func monitoring() async throws {
        try await Harness.run { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let agent = try await app.signIn("agent01")
            let agentId = try await app.agentRecord("agent01")
            _ = try await app.call(.post, "/api/v1/agents/\(agentId)/state", token: agent, json: #"{"state":"available"}"#)
            let call = try #require(try Harness.json(try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800","from":"+31205550002"}"#))["id"]?.intValue)
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/monitor", token: supervisor, json: #"{"mode":"listen"}"#).status == .conflict, "still ringing")
            _ = try await app.call(.post, "/api/v1/calls/\(call)/answer", token: agent)
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/monitor", token: agent, json: #"{"mode":"listen"}"#).status == .forbidden)
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/monitor", token: supervisor, json: #"{"mode":"shout"}"#).status == .unprocessableContent)
            for mode in ["listen", "whisper", "barge", "stop"] {
                #expect(try await app.call(.post, "/api/v1/calls/\(call)/monitor", token: supervisor, json: #"{"mode":"\#(mode)"}"#).status == .ok)
            }
            let leaderOfOther = try await app.signIn("teamlead3")
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/monitor", token: leaderOfOther, json: #"{"mode":"listen"}"#).status == .forbidden)
            let timeline = try Harness.json(try await app.call(.get, "/api/v1/calls/\(call)", token: supervisor))["timeline"]?.arrayValue ?? []
            let details = timeline.filter { ["monitor", "monitorStopped"].contains($0["kind"]?.stringValue ?? "") }.compactMap { $0["detail"]?.stringValue }
            #expect(details == ["listen by supervisor", "whisper by supervisor", "barge by supervisor", "by supervisor"])
        }
    }

    @Test("moving an agent to another queue for the day applies at once and ends at midnight; audited; team leaders only for their team")
    func dayMove() async throws {
        try await Harness.run { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let agentId = try await app.agentRecord("agent01")
            let queues = try Harness.json(try await app.call(.get, "/api/v1/queues", token: supervisor)).arrayValue ?? []
            let dutch = try #require(queues.first { $0["extension"]?.stringValue == "800" }?["id"]?.intValue)
            let sales = try #require(queues.first { $0["extension"]?.stringValue == "805" }?["id"]?.intValue)
            let before = try Harness.json(try await app.call(.get, "/api/v1/realtime/wallboard", token: supervisor))["agents"]?.arrayValue?
                .first { $0["agentId"]?.intValue == agentId }?["queues"]?.arrayValue?.compactMap(\.intValue) ?? []
            #expect(before.contains(dutch))
            let moved = try await app.call(.post, "/api/v1/agents/\(agentId)/day-queues", token: supervisor, json: #"{"from":\#(dutch),"to":\#(sales)}"#)
            #expect(moved.status == .ok, "\(String(buffer: moved.body))")
            let serving = try Harness.json(moved)["serving"]?.arrayValue?.compactMap(\.intValue) ?? []
            #expect(serving.contains(sales))
            #expect(!serving.contains(dutch))
            #expect(try Harness.json(try await app.call(.get, "/api/v1/audit?limit=3", token: supervisor)).arrayValue?
                .contains { $0["action"]?.stringValue == "agent.queues.moveForDay" } == true)
            // The next day the agent serves their own queues again.
            app.clock.advance(by: .seconds(86_400))
            try await app.contactCenter.tick()
            try await Task.sleep(for: .milliseconds(300))
            try await app.contactCenter.refreshOrganisation()
            let nextDay = try await app.signIn("supervisor")  // yesterday's session has expired
            let after = try Harness.json(try await app.call(.get, "/api/v1/realtime/wallboard", token: nextDay))["agents"]?.arrayValue?
                .first { $0["agentId"]?.intValue == agentId }?["queues"]?.arrayValue?.compactMap(\.intValue) ?? []
            #expect(after.sorted() == before.sorted())

            let outsider = try await app.agentRecord("agent30")
            let leader = try await app.signIn("teamlead1")
            #expect(try await app.call(.post, "/api/v1/agents/\(outsider)/day-queues", token: leader, json: #"{"to":\#(sales)}"#).status == .forbidden)
            #expect(try await app.call(.post, "/api/v1/agents/\(agentId)/day-queues", token: leader, json: #"{"to":\#(sales)}"#).status == .ok)
            #expect(try await app.call(.post, "/api/v1/agents/\(agentId)/day-queues", token: nextDay, json: #"{}"#).status == .unprocessableContent)
            #expect(try await app.call(.post, "/api/v1/agents/\(agentId)/day-queues", token: nextDay, json: #"{"to":999999}"#).status == .conflict)
            #expect(try await app.call(.post, "/api/v1/agents/\(agentId)/day-queues", token: try await app.signIn("agent01"), json: #"{"to":\#(sales)}"#).status == .forbidden)
            let cleared = try await app.call(.delete, "/api/v1/agents/\(agentId)/day-queues", token: nextDay)
            #expect(try Harness.json(cleared)["serving"]?.arrayValue?.compactMap(\.intValue).sorted() == before.sorted())
        }
    }
}
