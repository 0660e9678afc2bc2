import Demo
import Foundation
import Hummingbird
import HummingbirdTesting
import Organisation
import SwitchboardTestSupport
import Testing

@testable import Web

@Suite("Logging a call through the API: note, disposition, referral")
struct CallWorkAPITests {
    @Test("the agent on a call saves its note as it types, sets a disposition and records a referral; others may not", arguments: TestDatabase.available)
    func logTheCall(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            try await DemoCustomers.seedIfEmpty(app.service, count: 12)
            let supervisor = try await app.signIn("supervisor")
            let agent = try await app.signIn("agent01")
            let other = try await app.signIn("agent02")
            let agentId = try await app.agentRecord("agent01")
            #expect(try await app.call(.post, "/api/v1/agents/\(agentId)/state", token: agent, json: #"{"state":"available"}"#).status == .ok)
            let call = try #require(try Harness.json(try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800","from":"+31205550002"}"#))["id"]?.intValue)
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/answer", token: agent).status == .ok)

            #expect(try await app.call(.get, "/api/v1/calls/\(call)/note", token: agent).status == .noContent)
            #expect(try await app.call(.put, "/api/v1/calls/\(call)/note", token: agent, json: #"{"text":"Klant belt over factuur"}"#).status == .ok)
            let saved = try await app.call(.put, "/api/v1/calls/\(call)/note", token: agent, json: #"{"text":"Klant belt over factuur INV-1; regeling getroffen"}"#)
            #expect(try Harness.json(saved)["updatedAt"]?.stringValue?.hasSuffix("Z") == true)
            #expect(try Harness.json(try await app.call(.get, "/api/v1/calls/\(call)/note", token: supervisor))["text"]?.stringValue == "Klant belt over factuur INV-1; regeling getroffen")
            #expect(try await app.call(.put, "/api/v1/calls/\(call)/note", token: other, json: #"{"text":"not mine"}"#).status == .forbidden)

            let codes = try Harness.json(try await app.call(.get, "/api/v1/dispositions", token: agent)).arrayValue?.compactMap { $0["code"]?.stringValue }
            #expect(codes?.contains("resolved") == true)
            let unknown = try await app.call(.put, "/api/v1/calls/\(call)/disposition", token: agent, json: #"{"code":"magic"}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(try Harness.json(unknown)["error"]?["field"]?.stringValue == "code")
            let undated = try await app.call(.put, "/api/v1/calls/\(call)/disposition", token: agent, json: #"{"code":"followUp"}"#)
            #expect(try Harness.json(undated)["error"]?["field"]?.stringValue == "followUpDue")
            let set = try await app.call(.put, "/api/v1/calls/\(call)/disposition", token: agent,
                                         json: #"{"code":"followUp","reason":"betalingsregeling","followUpDue":"2026-12-01","followUpText":"Bel terug"}"#)
            #expect(set.status == .ok)
            #expect(try Harness.json(try await app.call(.get, "/api/v1/calls/\(call)/disposition", token: agent))["followUpDue"]?.stringValue == "2026-12-01")

            let customer = try #require(try Harness.json(try await app.call(.get, "/api/v1/customers?phone=%2B31205550002", token: agent)).arrayValue?.first?["id"]?.intValue)
            let referral = try await app.call(.post, "/api/v1/referrals", token: agent, json: #"{"customerId":\#(customer),"product":"Extended warranty","callId":\#(call)}"#)
            #expect(referral.status == .created, "\(String(buffer: referral.body))")
            let again = try await app.call(.post, "/api/v1/referrals", token: agent, json: #"{"customerId":\#(customer),"product":"extended warranty","callId":\#(call)}"#)
            #expect(again.status == .conflict, "the same referral twice counts once")
            #expect(try await app.call(.post, "/api/v1/referrals", token: agent, json: #"{"customerId":999999,"product":"Loan"}"#).status == .conflict)
            #expect(try await app.call(.post, "/api/v1/referrals", token: agent, json: #"{"customerId":\#(customer),"product":" "}"#).status == .unprocessableContent)
            let month = String(ISO8601.format(app.clock.now).prefix(7))
            let counted = try Harness.json(try await app.call(.get, "/api/v1/agents/\(agentId)/referrals?month=\(month)", token: agent))
            #expect(counted["count"]?.intValue == 1)
            #expect(counted["goal"]?.intValue == 5)
            let otherId = try await app.agentRecord("agent02")
            #expect(try await app.call(.get, "/api/v1/agents/\(agentId)/referrals", token: other).status == .forbidden)
            #expect(try Harness.json(try await app.call(.get, "/api/v1/agents/\(otherId)/referrals", token: other))["count"]?.intValue == 0)
        }
    }

    @Test("an agent who only let a call ring has no say over its note once a colleague has it")
    func declinedAgentKeepsOut() async throws {
        try await Harness.run { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let first = try await app.signIn("agent01")
            let second = try await app.signIn("agent02")
            let firstId = try await app.agentRecord("agent01")
            let secondId = try await app.agentRecord("agent02")
            #expect(try await app.call(.post, "/api/v1/agents/\(firstId)/state", token: first, json: #"{"state":"available"}"#).status == .ok)
            let call = try #require(try Harness.json(try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800","from":"+31201111111"}"#))["id"]?.intValue)
            // Ringing for agent01, who may prepare the note, then declines.
            #expect(try await app.call(.put, "/api/v1/calls/\(call)/note", token: first, json: #"{"text":"gaat over"}"#).status == .ok)
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/decline", token: first).status == .ok)
            #expect(try await app.call(.post, "/api/v1/agents/\(secondId)/state", token: second, json: #"{"state":"available"}"#).status == .ok)
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/answer", token: second).status == .ok)
            #expect(try await app.call(.put, "/api/v1/calls/\(call)/note", token: second, json: #"{"text":"Klant geholpen"}"#).status == .ok)
            #expect(try await app.call(.put, "/api/v1/calls/\(call)/note", token: first, json: #"{"text":""}"#).status == .forbidden)
            #expect(try await app.call(.get, "/api/v1/calls/\(call)/note", token: first).status == .forbidden)
            #expect(try Harness.json(try await app.call(.get, "/api/v1/calls/\(call)/note", token: second))["text"]?.stringValue == "Klant geholpen")
        }
    }
}
