import ContactCenter
import Foundation
import Hummingbird
import HummingbirdTesting
import Organisation
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@testable import Web

@Suite("Handling calls through the API (simulated telephony)")
struct CallsAPITests {
    @Test("an agent goes available, a call is injected, answered, held, transferred, hung up; the timeline tells it all", arguments: TestDatabase.available)
    func doneWhen(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let agent = try await app.signIn("agent01")
            let agentId = try await app.agentRecord("agent01")
            let available = try await app.call(.post, "/api/v1/agents/\(agentId)/state", token: agent, json: #"{"state":"available"}"#)
            #expect(available.status == .ok, "\(String(buffer: available.body))")
            #expect(try Harness.json(available)["state"]?.stringValue == "available")

            let created = try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"Klantenservice NL","from":"+31612345678","customerId":"K-1001"}"#)
            #expect(created.status == .created, "\(String(buffer: created.body))")
            let callId = try #require(try Harness.json(created)["id"]?.intValue)
            #expect(try Harness.json(created)["state"]?.stringValue == "ringing")

            app.clock.advance(by: .seconds(4))
            #expect(try Harness.json(try await app.call(.post, "/api/v1/calls/\(callId)/answer", token: agent))["state"]?.stringValue == "talking")
            app.clock.advance(by: .seconds(20))
            #expect(try Harness.json(try await app.call(.post, "/api/v1/calls/\(callId)/hold", token: agent))["state"]?.stringValue == "held")
            app.clock.advance(by: .seconds(10))
            #expect(try await app.call(.post, "/api/v1/calls/\(callId)/resume", token: agent).status == .ok)
            // Transfer to Billing (extension 802); a Billing agent answers and hangs up.
            let billingAgent = try await app.signIn("agent05")
            let billingId = try await app.agentRecord("agent05")
            #expect(try await app.call(.post, "/api/v1/agents/\(billingId)/state", token: billingAgent, json: #"{"state":"available"}"#).status == .ok)
            let transferred = try await app.call(.post, "/api/v1/calls/\(callId)/transfer", token: agent, json: #"{"queue":"802"}"#)
            #expect(transferred.status == .ok, "\(String(buffer: transferred.body))")
            let state = try Harness.json(try await app.call(.post, "/api/v1/agents/\(agentId)/wrap-up/finish", token: agent))
            #expect(state["state"]?.stringValue == "available")
            let detail = try Harness.json(try await app.call(.get, "/api/v1/calls/\(callId)", token: supervisor))
            let kinds = try #require(detail["timeline"]?.arrayValue).compactMap { $0["kind"]?.stringValue }
            #expect(kinds.starts(with: ["offered", "answered", "held", "resumed", "transferred"]))
            #expect(detail["from"]?.stringValue == "+31612345678")
            #expect(detail["holdCount"]?.intValue == 1)
        }
    }

    @Test("bad input gets the documented 4xx and changes nothing")
    func badInput() async throws {
        try await Harness.run { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let agent1 = try await app.signIn("agent01")
            let agent2 = try await app.signIn("agent02")
            let id1 = try await app.agentRecord("agent01")
            let id2 = try await app.agentRecord("agent02")
            let unknownQueue = try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"Astrology","from":"+31"}"#)
            #expect(unknownQueue.status == .conflict)
            #expect(try Harness.error(unknownQueue).field == "queue")
            #expect(try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800"}"#).status == .unprocessableContent)
            #expect(try await app.call(.post, "/api/v1/calls", token: agent1, json: #"{"queue":"800","from":"+31"}"#).status == .forbidden)

            #expect(try await app.call(.post, "/api/v1/agents/\(id1)/state", token: agent1, json: #"{"state":"available"}"#).status == .ok)
            let call = try #require(try Harness.json(try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800","from":"+31"}"#))["id"]?.intValue)
            // Someone else's call.
            let stolen = try await app.call(.post, "/api/v1/calls/\(call)/answer", token: agent2)
            #expect(stolen.status == .forbidden)
            // Another agent's state.
            #expect(try await app.call(.post, "/api/v1/agents/\(id1)/state", token: agent2, json: #"{"state":"notReady"}"#).status == .forbidden)
            // An unknown reason, an unknown state.
            let reason = try await app.call(.post, "/api/v1/agents/\(id2)/state", token: agent2, json: #"{"state":"notReady","reason":"nap"}"#)
            #expect(reason.status == .conflict)
            #expect(try Harness.error(reason).field == "reason")
            #expect(try await app.call(.post, "/api/v1/agents/\(id2)/state", token: agent2, json: #"{"state":"dancing"}"#).status == .unprocessableContent)
            // An illegal change: finishing wrap-up while ringing.
            #expect(try await app.call(.post, "/api/v1/agents/\(id1)/wrap-up/finish", token: agent1).status == .conflict)
            // Holding a call that rings.
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/hold", token: agent1).status == .conflict)
            #expect(try await app.call(.post, "/api/v1/calls/999999/answer", token: agent1).status == .notFound)
            // Nothing of that changed the call.
            let detail = try Harness.json(try await app.call(.get, "/api/v1/calls/\(call)", token: supervisor))
            #expect(detail["state"]?.stringValue == "ringing")
            #expect(detail["timeline"]?.arrayValue?.count == 1)
            // An agent reads their own call but not another's.
            #expect(try await app.call(.get, "/api/v1/calls/\(call)", token: agent2).status == .forbidden)
        }
    }

    @Test("a supervisor takes over a call; the caller hangs up through simulated telephony")
    func takeOver() async throws {
        try await Harness.run { (app: Harness) async throws in
            let admin = try await app.signIn("admin")
            let agent = try await app.signIn("agent03")
            let leader = try await app.signIn("teamlead1")
            let agentId = try await app.agentRecord("agent03")
            let leaderId = try await app.agentRecord("teamlead1")
            #expect(try await app.call(.post, "/api/v1/agents/\(agentId)/state", token: agent, json: #"{"state":"available"}"#).status == .ok)
            let call = try #require(try Harness.json(try await app.call(.post, "/api/v1/calls", token: admin, json: #"{"queue":"Klantenservice NL","from":"+31"}"#))["id"]?.intValue)
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/answer", token: agent).status == .ok)
            #expect(try await app.call(.post, "/api/v1/agents/\(leaderId)/state", token: leader, json: #"{"state":"loggedIn"}"#).status == .ok)
            let taken = try await app.call(.post, "/api/v1/calls/\(call)/takeover", token: leader)
            #expect(taken.status == .ok, "\(String(buffer: taken.body))")
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/hangup", token: admin, json: #"{"by":"caller"}"#).status == .ok)
            let detail = try Harness.json(try await app.call(.get, "/api/v1/calls/\(call)", token: admin))
            #expect(detail["outcome"]?.stringValue == "completed:caller")
            #expect(detail["agentId"]?.intValue == leaderId)
        }
    }

    @Test("the real-time counters move: waiting, longest wait, agents by state, today's figures by the KPI definitions", arguments: TestDatabase.available)
    func realtime(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let agent = try await app.signIn("agent02")
            let agentId = try await app.agentRecord("agent02")
            #expect(try await app.call(.post, "/api/v1/agents/\(agentId)/state", token: agent, json: #"{"state":"available"}"#).status == .ok)
            // One call answered after 4 s and talked for 60 s; one abandoned after 30 s in the queue.
            let first = try #require(try Harness.json(try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800","from":"+31"}"#))["id"]?.intValue)
            app.clock.advance(by: .seconds(4))
            #expect(try await app.call(.post, "/api/v1/calls/\(first)/answer", token: agent).status == .ok)
            let second = try #require(try Harness.json(try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800","from":"+32"}"#))["id"]?.intValue)
            app.clock.advance(by: .seconds(30))
            var queues = try #require(try Harness.json(try await app.call(.get, "/api/v1/realtime/queues", token: supervisor)).arrayValue)
            var dutch = try #require(queues.first { $0["name"]?.stringValue == "Klantenservice NL" })
            #expect(dutch["waiting"]?.intValue == 1)
            #expect(dutch["longestWaitSeconds"] == .number(30))
            #expect(dutch["agents"]?["talking"]?.intValue == 1)
            #expect(try await app.call(.post, "/api/v1/calls/\(second)/hangup", token: supervisor, json: #"{"by":"caller"}"#).status == .ok)
            app.clock.advance(by: .seconds(30))
            #expect(try await app.call(.post, "/api/v1/calls/\(first)/hangup", token: agent).status == .ok)
            app.clock.advance(by: .seconds(10))
            #expect(try await app.call(.post, "/api/v1/agents/\(agentId)/wrap-up/finish", token: agent).status == .ok)
            queues = try #require(try Harness.json(try await app.call(.get, "/api/v1/realtime/queues", token: supervisor)).arrayValue)
            dutch = try #require(queues.first { $0["name"]?.stringValue == "Klantenservice NL" })
            let today = try #require(dutch["today"])
            #expect(today["offered"]?.intValue == 2)
            #expect(today["answered"]?.intValue == 1)
            #expect(today["abandoned"]?.intValue == 1)
            // Target 20 s: the answer at 4 s is in; the abandon at 30 s counts by treatment.
            #expect(today["serviceLevelByTreatment"]?["ignored"] == .number(0.5))
            #expect(today["serviceLevelByTreatment"]?["countedAgainst"] == .number(0.5))
            #expect(today["asaSeconds"] == .number(4))
            #expect(today["ahtSeconds"] == .number(70), "60 s talk + 10 s wrap-up")
            #expect(dutch["waiting"]?.intValue == 0)
            let agents = try #require(try Harness.json(try await app.call(.get, "/api/v1/realtime/agents", token: supervisor)).arrayValue)
            #expect(agents.first { $0["username"]?.stringValue == "agent02" }?["state"]?.stringValue == "available")
            #expect(try await app.call(.get, "/api/v1/realtime/queues", token: agent).status == .forbidden)
        }
    }

    @Test("events arrive as Server-Sent Events; an agent sees only their own")
    func events() async throws {
        try await Harness.run { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let agent = try await app.signIn("agent06")
            let agentId = try await app.agentRecord("agent06")
            let otherId = try await app.agentRecord("agent07")
            let streams = try await withThrowingTaskGroup(of: (String, String).self) { group in
                // Each stream ends after its events, or after 60 s at the latest (never hangs).
                group.addTask { ("supervisor", String(buffer: try await app.call(.get, "/api/v1/events?limit=3&timeout=60", token: supervisor).body)) }
                group.addTask { ("agent", String(buffer: try await app.call(.get, "/api/v1/events?limit=2&timeout=60", token: agent).body)) }
                // Wait until both streams listen (bounded: 10 s), then make things happen.
                let hub = try await app.center()
                for _ in 0..<1000 where await hub.events.subscriberCount < 2 { try await Task.sleep(for: .milliseconds(10)) }
                #expect(await hub.events.subscriberCount == 2)
                try await hub.submit(.logIn(AgentID(otherId)))
                try await hub.submit(.logIn(AgentID(agentId)))
                try await hub.submit(.goAvailable(AgentID(agentId)))
                var results: [String: String] = [:]
                for try await (who, text) in group { results[who] = text }
                return results
            }
            let supervisorText = try #require(streams["supervisor"])
            #expect(supervisorText.components(separatedBy: "event: agentStateChanged").count - 1 == 3)
            let agentText = try #require(streams["agent"])
            #expect(agentText.contains("\"agentId\":\(agentId)"))
            #expect(!agentText.contains("\"agentId\":\(otherId)"))
            #expect(agentText.contains("data: {"))
        }
    }

    @Test("an agent created through the API takes calls at once, with the skills given")
    func newAgentRoutes() async throws {
        try await Harness.run { (app: Harness) async throws in
            let admin = try await app.signIn("admin")
            let user = try Harness.json(try await app.call(.post, "/api/v1/users", token: admin, json: """
                {"username":"newhire","displayName":"New Hire","roles":["agent"],"password":"welcome-123"}
                """))
            let userId = try #require(user["id"]?.intValue)
            let agent = try Harness.json(try await app.call(.post, "/api/v1/agents", token: admin, json: """
                {"userId":\(userId),"skills":[{"skill":"memberServices","proficiency":5}]}
                """))
            let agentId = try #require(agent["id"]?.intValue)
            let token = try await app.signIn("newhire", password: "welcome-123")
            #expect(try await app.call(.post, "/api/v1/agents/\(agentId)/state", token: token, json: #"{"state":"available"}"#).status == .ok)
            // A queue created now (open all week) routes at once, to the only agent skilled enough.
            let created = try await app.call(.post, "/api/v1/queues", token: admin, json: """
                {"name":"Members Direct","extension":"880","requiredSkills":[{"skill":"memberServices","minimumProficiency":5}]}
                """)
            #expect(created.status == .created)
            let call = try Harness.json(try await app.call(.post, "/api/v1/calls", token: admin, json: #"{"queue":"880","from":"+31"}"#))
            #expect(call["state"]?.stringValue == "ringing")
            let callId = try #require(call["id"]?.intValue)
            #expect(try await app.call(.post, "/api/v1/calls/\(callId)/answer", token: token).status == .ok)
        }
    }

    @Test("a queue's routing settings are stored and used: escalation goes to the escalation queue's best agent")
    func routingSettings() async throws {
        try await Harness.run { (app: Harness) async throws in
            let admin = try await app.signIn("admin")
            let sales = try #require(try await app.service.queues(by: .console).first { $0.name == "Sales" })
            let changed = try await app.call(.patch, "/api/v1/queues/\(sales.id)", token: admin, json: """
                {"strategy":"fewestCalls","weight":3,"ringTimeoutSeconds":12,"missedCallGoesNotReady":false,
                 "overflow":[{"afterSeconds":90,"action":"moveToQueue","queue":"Customer Service EN"},{"afterSeconds":30,"action":"lowerMinimum","minimum":1}]}
                """)
            #expect(changed.status == .ok, "\(String(buffer: changed.body))")
            let body = try Harness.json(changed)
            #expect(body["strategy"]?.stringValue == "fewestCalls")
            #expect(body["overflow"]?.arrayValue?.first?["afterSeconds"]?.intValue == 30, "rules are kept in order of their wait")
            let unknownSkill = try await app.call(.patch, "/api/v1/queues/\(sales.id)", token: admin, json: #"{"overflow":[{"afterSeconds":10,"action":"addSkill","skill":"astrology"}]}"#)
            #expect(unknownSkill.status == .conflict, "a reference to a record that does not exist")
            #expect(try Harness.error(unknownSkill).field == "overflow[0].skill")
            let second = try await app.call(.patch, "/api/v1/queues/\(sales.id)", token: admin, json: #"{"escalation":true}"#)
            #expect(second.status == .conflict)
            #expect(try Harness.error(second).field == "escalation")

            // An agent escalates; the supervisor (escalations 5) is the most skilled available and gets it.
            let agent = try await app.signIn("agent01")
            let supervisor = try await app.signIn("supervisor")
            let agentId = try await app.agentRecord("agent01")
            let supervisorAgent = try await app.agentRecord("supervisor")
            let leaderAgent = try await app.agentRecord("teamlead2")
            #expect(try await app.call(.post, "/api/v1/agents/\(agentId)/state", token: agent, json: #"{"state":"available"}"#).status == .ok)
            let call = try #require(try Harness.json(try await app.call(.post, "/api/v1/calls", token: admin, json: #"{"queue":"800","from":"+31"}"#))["id"]?.intValue)
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/answer", token: agent).status == .ok)
            // The leader has waited longer, but the escalation queue picks the most skilled.
            #expect(try await app.call(.post, "/api/v1/agents/\(leaderAgent)/state", token: admin, json: #"{"state":"available"}"#).status == .ok)
            app.clock.advance(by: .seconds(5))
            #expect(try await app.call(.post, "/api/v1/agents/\(supervisorAgent)/state", token: supervisor, json: #"{"state":"available"}"#).status == .ok)
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/escalate", token: agent).status == .ok)
            let detail = try Harness.json(try await app.call(.get, "/api/v1/calls/\(call)", token: admin))
            #expect(detail["state"]?.stringValue == "ringing")
            let kinds = try #require(detail["timeline"]?.arrayValue).compactMap { $0["kind"]?.stringValue }
            #expect(kinds.suffix(2) == ["escalated", "offered"])
            #expect(detail["timeline"]?.arrayValue?.last?["agentId"]?.intValue == supervisorAgent)
        }
    }

    @Test("a team leader's real-time view shows their own team only")
    func teamLeaderScope() async throws {
        try await Harness.run { (app: Harness) async throws in
            let leader = try await app.signIn("teamlead2")
            let agents = try #require(try Harness.json(try await app.call(.get, "/api/v1/realtime/agents", token: leader)).arrayValue)
            let maas = try #require(try await app.service.teams(by: .console).first { $0.name == "Team Maas" })
            #expect(agents.count == 13)
            #expect(agents.allSatisfy { $0["teamId"]?.intValue == maas.id })
            let supervisor = try await app.signIn("supervisor")
            #expect(try Harness.json(try await app.call(.get, "/api/v1/realtime/agents", token: supervisor)).arrayValue?.count ?? 0 > 13)
        }
    }
}
