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
    func agentRecord(_ app: Harness, _ username: String) async throws -> Int64 {
        try #require(try await app.service.agents(by: .console).first { $0.username == username }?.id)
    }

    @Test("an agent goes available, a call is injected, answered, held, transferred, hung up; the timeline tells it all", arguments: TestDatabase.available)
    func doneWhen(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let agent = try await app.signIn("agent01")
            let agentId = try await agentRecord(app, "agent01")
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
            let billingId = try await agentRecord(app, "agent05")
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
            let id1 = try await agentRecord(app, "agent01")
            let id2 = try await agentRecord(app, "agent02")
            let unknownQueue = try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"Astrology","from":"+31"}"#)
            #expect(unknownQueue.status == .unprocessableContent)
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
            #expect(reason.status == .unprocessableContent)
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
            let agentId = try await agentRecord(app, "agent03")
            let leaderId = try await agentRecord(app, "teamlead1")
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
}
