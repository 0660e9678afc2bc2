import ContactCenter
import Foundation
import Hummingbird
import HummingbirdTesting
import Organisation
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@testable import Web

@Suite("Warm transfer, conference and not-ready reasons through the API")
struct WarmTransferAPITests {
    /// Signs in agent01 and agent02, makes them available and gives agent01 a call.
    func twoAgentsOneCall(_ app: Harness) async throws -> (first: String, colleague: String, colleagueId: Int64, call: Int64) {
        let supervisor = try await app.signIn("supervisor")
        let first = try await app.signIn("agent01")
        let colleague = try await app.signIn("agent02")
        let firstId = try await app.agentRecord("agent01")
        let colleagueId = try await app.agentRecord("agent02")
        #expect(try await app.call(.post, "/api/v1/agents/\(firstId)/state", token: first, json: #"{"state":"available"}"#).status == .ok)
        let call = try #require(try Harness.json(try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800","from":"+31"}"#))["id"]?.intValue)
        #expect(try await app.call(.post, "/api/v1/calls/\(call)/answer", token: first).status == .ok)
        #expect(try await app.call(.post, "/api/v1/agents/\(colleagueId)/state", token: colleague, json: #"{"state":"available"}"#).status == .ok)
        return (first, colleague, colleagueId, call)
    }

    @Test("consult a colleague, who answers; complete: the colleague has the caller and the call's record says so", arguments: TestDatabase.available)
    func warmTransfer(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let (first, colleague, colleagueId, call) = try await twoAgentsOneCall(app)
            let consult = try await app.call(.post, "/api/v1/calls/\(call)/consult", token: first, json: #"{"agentId":\#(colleagueId)}"#)
            #expect(consult.status == .ok, "\(String(buffer: consult.body))")
            #expect(try Harness.json(consult)["state"]?.stringValue == "consulting")
            // Only the agent completes; the colleague answers the consultation.
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/consult/complete", token: colleague).status == .forbidden)
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/answer", token: colleague).status == .ok)
            app.clock.advance(by: .seconds(15))
            let done = try await app.call(.post, "/api/v1/calls/\(call)/consult/complete", token: first)
            #expect(try Harness.json(done)["state"]?.stringValue == "talking")
            // The first agent is off the call: their hold is refused, the colleague's accepted.
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/hold", token: first).status == .forbidden)
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/hold", token: colleague).status == .ok)
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/resume", token: colleague).status == .ok)
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/hangup", token: colleague).status == .ok)
            let supervisor = try await app.signIn("supervisor")
            let detail = try Harness.json(try await app.call(.get, "/api/v1/calls/\(call)", token: supervisor))
            #expect(detail["agentId"]?.intValue == colleagueId)
            #expect(detail["consultations"]?.intValue == 1)
            #expect(detail["transfers"]?.intValue == 1)
            #expect(detail["holdCount"]?.intValue == 2)
            #expect(try #require(detail["visits"]?.arrayValue).count == 1, "a warm transfer stays in the queue")
        }
    }

    @Test("conference and cancel: the colleague joins, is dropped, and the agent keeps the caller")
    func conference() async throws {
        try await Harness.run { (app: Harness) async throws in
            let (first, colleague, colleagueId, call) = try await twoAgentsOneCall(app)
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/consult", token: first, json: #"{"agentId":\#(colleagueId)}"#).status == .ok)
            // Not answered yet: no conference.
            let early = try await app.call(.post, "/api/v1/calls/\(call)/conference", token: first)
            #expect(early.status == .conflict)
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/answer", token: colleague).status == .ok)
            #expect(try Harness.json(try await app.call(.post, "/api/v1/calls/\(call)/conference", token: first))["state"]?.stringValue == "conference")
            #expect(try Harness.json(try await app.call(.post, "/api/v1/calls/\(call)/consult/cancel", token: first))["state"]?.stringValue == "talking")
            let state = try Harness.json(try await app.call(.post, "/api/v1/agents/\(colleagueId)/wrap-up/finish", token: colleague))
            #expect(state["state"]?.stringValue == "available")
        }
    }

    @Test("consulting needs a free colleague and an agentId; the call is unchanged after a refusal")
    func consultRefusals() async throws {
        try await Harness.run { (app: Harness) async throws in
            let (first, _, _, call) = try await twoAgentsOneCall(app)
            let missing = try await app.call(.post, "/api/v1/calls/\(call)/consult", token: first, json: "{}")
            #expect(missing.status == .unprocessableContent)
            #expect(try Harness.error(missing).field == "agentId")
            let busy = try await app.agentRecord("agent03")  // logged out
            let refused = try await app.call(.post, "/api/v1/calls/\(call)/consult", token: first, json: #"{"agentId":\#(busy)}"#)
            #expect(refused.status == .conflict)
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/consult", token: first, json: #"{"agentId":999999}"#).status == .notFound)
            #expect(await app.contactCenter.status(of: CallID(call)) == "talking")
        }
    }

    @Test("not-ready reasons: supervisors edit the list, agents choose from it, missedCall stays", arguments: TestDatabase.available)
    func reasons(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let agent = try await app.signIn("agent01")
            let agentId = try await app.agentRecord("agent01")
            let listed = try #require(try Harness.json(try await app.call(.get, "/api/v1/not-ready-reasons", token: agent)).arrayValue)
            #expect(listed.compactMap { $0["code"]?.stringValue } == ["break", "lunch", "training", "meeting", "coaching", "missedCall"])

            let nap = try await app.call(.post, "/api/v1/agents/\(agentId)/state", token: agent, json: #"{"state":"notReady","reason":"backOffice"}"#)
            #expect(nap.status == .conflict)
            #expect(try await app.call(.post, "/api/v1/not-ready-reasons", token: agent, json: #"{"code":"backOffice","label":"Back office"}"#).status == .forbidden)
            let created = try await app.call(.post, "/api/v1/not-ready-reasons", token: supervisor, json: #"{"code":"backOffice","label":"Back office"}"#)
            #expect(created.status == .created, "\(String(buffer: created.body))")
            let chosen = try await app.call(.post, "/api/v1/agents/\(agentId)/state", token: agent, json: #"{"state":"notReady","reason":"backOffice"}"#)
            #expect(try Harness.json(chosen)["reason"]?.stringValue == "backOffice")

            let before = try await app.snapshot()
            for (body, field) in [(#"{"code":"backOffice","label":"Again"}"#, "code"), (#"{"code":"9lives","label":"x"}"#, "code"),
                (#"{"code":"login","label":"x"}"#, "code"), (#"{"code":"ok","label":""}"#, "label"), (#"{"label":"No code"}"#, "code")]
            {
                let response = try await app.call(.post, "/api/v1/not-ready-reasons", token: supervisor, json: body)
                #expect(response.status.code >= 400 && response.status.code < 500, "\(body)")
                #expect(try Harness.error(response).field == field, "\(body)")
            }
            let system = try await app.call(.delete, "/api/v1/not-ready-reasons/missedCall", token: supervisor)
            #expect(system.status == .conflict)
            #expect(try await app.call(.delete, "/api/v1/not-ready-reasons/nothing", token: supervisor).status == .notFound)
            #expect(try await app.snapshot() == before)

            let renamed = try await app.call(.patch, "/api/v1/not-ready-reasons/backOffice", token: supervisor, json: #"{"label":"Admin work"}"#)
            #expect(try Harness.json(renamed)["label"]?.stringValue == "Admin work")
            #expect(try await app.call(.delete, "/api/v1/not-ready-reasons/lunch", token: supervisor).status == .noContent)
            let after = try #require(try Harness.json(try await app.call(.get, "/api/v1/not-ready-reasons", token: agent)).arrayValue)
            #expect(after.compactMap { $0["code"]?.stringValue } == ["break", "training", "meeting", "coaching", "missedCall", "backOffice"])
        }
    }
}
