import ContactCenter
import Demo
import Foundation
import Hummingbird
import HummingbirdTesting
import Organisation
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@testable import Web

@Suite("The knowledge base and call scripts through the API, on both databases")
struct KnowledgeAPITests {
    static func titles(_ response: TestResponse) throws -> [String] {
        try Harness.json(response).arrayValue?.compactMap { $0["title"]?.stringValue } ?? []
    }

    @Test("full-text search: stemmed, every word must match, typed syntax is only words; edits and deletions reach the index", arguments: TestDatabase.available)
    func search(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let qa = try await app.signIn("qa")
            let agent = try await app.signIn("agent01")
            let refund = try await app.call(.post, "/api/v1/articles", token: qa, json: """
                {"title":"Refund policy","category":"Policies","body":"Refunds are paid within 14 days to the original payment method."}
                """)
            #expect(refund.status == .created, "\(String(buffer: refund.body))")
            let refundId = try #require(try Harness.json(refund)["id"]?.intValue)
            #expect(try Harness.json(refund)["isNew"] == .bool(true))
            _ = try await app.call(.post, "/api/v1/articles", token: qa, json: """
                {"title":"Coffee machine descaling","category":"Products","body":"Error E4 means scale.","steps":["Empty the tank","Add descaler","Run the programme"]}
                """)
            _ = try await app.call(.post, "/api/v1/articles", token: qa, json: """
                {"title":"Pakket kwijt","category":"Shipping","language":"nl","body":"Een zoekgeraakt pakket melden we bij de vervoerder; de klant krijgt na vijf werkdagen een terugbetaling."}
                """)

            #expect(try Self.titles(try await app.call(.get, "/api/v1/articles?q=refund", token: agent)).first == "Refund policy", "refunds ~ refund")
            #expect(try Self.titles(try await app.call(.get, "/api/v1/articles?q=refund%20warehouse", token: agent)).isEmpty, "every word must match")
            #expect(try Self.titles(try await app.call(.get, "/api/v1/articles?q=refund%20original", token: agent)) == ["Refund policy"])
            #expect(try Self.titles(try await app.call(.get, "/api/v1/articles?q=descaler", token: agent)) == ["Coffee machine descaling"], "steps are searched")
            #expect(try Self.titles(try await app.call(.get, "/api/v1/articles?q=pakket", token: agent)) == ["Pakket kwijt"])
            #expect(try Self.titles(try await app.call(.get, "/api/v1/articles?q=refund&language=nl", token: agent)).isEmpty)
            #expect(try Self.titles(try await app.call(.get, "/api/v1/articles?q=&category=Products", token: agent)) == ["Coffee machine descaling"])
            // Query syntax of either database is read as words, never as an error.
            for hostile in ["%22OR%22%20NEAR(*)", "refund%27%3B--", "-%5E*%3A", "%E2%80%9Crefund%E2%80%9D"] {
                let response = try await app.call(.get, "/api/v1/articles?q=\(hostile)", token: agent)
                #expect(response.status == .ok, "\(hostile): \(String(buffer: response.body))")
            }
            #expect(try Self.titles(try await app.call(.get, "/api/v1/articles?q=%E2%80%9Crefund%E2%80%9D", token: agent)) == ["Refund policy"])
            #expect(try await app.call(.get, "/api/v1/articles?limit=0", token: agent).status == .unprocessableContent)
            #expect(try await app.call(.get, "/api/v1/articles?language=fr", token: agent).status == .unprocessableContent)
            // Newest first without words.
            #expect(try Self.titles(try await app.call(.get, "/api/v1/articles", token: agent)).count == 3)

            let edited = try await app.call(.put, "/api/v1/articles/\(refundId)", token: qa, json: """
                {"title":"Money back","category":"Policies","body":"Reimbursement within 14 days."}
                """)
            #expect(edited.status == .ok)
            #expect(try Self.titles(try await app.call(.get, "/api/v1/articles?q=refund", token: agent)).isEmpty, "the old words left the index")
            #expect(try Self.titles(try await app.call(.get, "/api/v1/articles?q=reimbursement", token: agent)) == ["Money back"])
            #expect(try await app.call(.put, "/api/v1/articles/\(refundId)", token: agent, json: "{}").status == .forbidden)
            #expect(try await app.call(.put, "/api/v1/articles/\(refundId)", token: qa, json: #"{"title":"","category":"x","body":"y"}"#).status == .unprocessableContent)
            #expect(try await app.call(.delete, "/api/v1/articles/\(refundId)", token: qa).status == .noContent)
            #expect(try Self.titles(try await app.call(.get, "/api/v1/articles?q=reimbursement", token: agent)).isEmpty)
            #expect(try await app.call(.get, "/api/v1/articles/\(refundId)", token: agent).status == .notFound)
            #expect(try await app.call(.delete, "/api/v1/articles/\(refundId)", token: qa).status == .notFound)
        }
    }

    @Test("an article counts as new for two weeks after it is published", arguments: [TestDatabase.sqlite])
    func newness(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let qa = try await app.signIn("qa")
            let id = try #require(try Harness.json(try await app.call(.post, "/api/v1/articles", token: qa, json: #"{"title":"New policy","category":"Policies","body":"Text."}"#))["id"]?.intValue)
            app.clock.advance(by: .seconds(15 * 86_400))
            let agent = try await app.signIn("agent01")
            #expect(try Harness.json(try await app.call(.get, "/api/v1/articles/\(id)", token: agent))["isNew"] == .bool(false))
        }
    }

    @Test("scripts: a queue inherits the default until it has its own; placeholders are checked on saving and filled for a customer", arguments: TestDatabase.available)
    func scripts(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            try await DemoCustomers.seedIfEmpty(app.service, count: 3)
            let supervisor = try await app.signIn("supervisor")
            let agent = try await app.signIn("agent01")
            let queue = try #require(try Harness.json(try await app.call(.get, "/api/v1/queues", token: agent)).arrayValue?.first { $0["extension"]?.stringValue == "800" }?["id"]?.intValue)
            #expect(try Harness.json(try await app.call(.get, "/api/v1/scripts/\(queue)", token: agent))["script"] == nil)
            #expect(try await app.call(.get, "/api/v1/scripts/\(queue)/rendered", token: agent).status == .noContent)

            let bad = try await app.call(.put, "/api/v1/scripts/default", token: supervisor, json: """
                {"name":"General","steps":[{"kind":"greeting","title":"Hello","guidance":"","answers":["Hi {{customer.voornaam}}"]}]}
                """)
            #expect(bad.status == .unprocessableContent)
            #expect(try Harness.error(bad).field == "steps[0].answers[0]")
            #expect(try await app.call(.put, "/api/v1/scripts/default", token: agent, json: #"{"name":"x","steps":[]}"#).status == .forbidden)
            let saved = try await app.call(.put, "/api/v1/scripts/default", token: supervisor, json: """
                {"name":"General","steps":[
                  {"kind":"greeting","title":"Hello","guidance":"Greet","answers":["Good morning, {{agent.firstName}} here. Am I speaking with {{customer.name}}?"]},
                  {"kind":"request","title":"Parcel","guidance":"","answers":["Order {{order.number}} is {{shipment.state}} with {{shipment.carrier}}.","You owe {{balance}}; {{invoice.number}} is due {{invoice.dueOn}}."]}]}
                """)
            #expect(saved.status == .ok, "\(String(buffer: saved.body))")
            let inherited = try Harness.json(try await app.call(.get, "/api/v1/scripts/\(queue)", token: agent))
            #expect(inherited["inherited"] == .bool(true))
            #expect(inherited["script"]?["name"]?.stringValue == "General")

            let customer = try #require(try Harness.json(try await app.call(.get, "/api/v1/customers?phone=%2B31205550000", token: agent)).arrayValue?.first)
            let customerId = try #require(customer["id"]?.intValue)
            let rendered = try Harness.json(try await app.call(.get, "/api/v1/scripts/\(queue)/rendered?customerId=\(customerId)", token: agent))
            let answers = rendered["steps"]?.arrayValue?.flatMap { $0["answers"]?.arrayValue ?? [] }.compactMap { $0["text"]?.stringValue } ?? []
            let first = try #require(customer["firstName"]?.stringValue), last = try #require(customer["lastName"]?.stringValue)
            #expect(answers.first == "Good morning, Daan here. Am I speaking with \(first) \(last)?")
            #expect(answers.contains("Order ORD-DEMO is in transit with PostNL."), "\(answers)")
            #expect(rendered["queueId"] == nil, "the default script, inherited")
            // Without a customer the records' placeholders are listed as missing.
            let bare = try Harness.json(try await app.call(.get, "/api/v1/scripts/\(queue)/rendered", token: agent))
            let missing = bare["steps"]?.arrayValue?[1]["answers"]?.arrayValue?[0]["missing"]?.arrayValue?.compactMap(\.stringValue)
            #expect(missing == ["order.number", "shipment.state", "shipment.carrier"])

            // The queue's own script wins; deleting it brings the default back.
            let own = try await app.call(.put, "/api/v1/scripts/\(queue)", token: supervisor, json: """
                {"name":"Klantenservice","language":"nl","steps":[{"kind":"request","title":"Factuur","answers":["Er staat {{balance}} open."]}]}
                """)
            #expect(own.status == .ok)
            let dutch = try Harness.json(try await app.call(.get, "/api/v1/scripts/\(queue)/rendered?customerId=\(customerId)", token: agent))
            #expect(dutch["queueId"]?.intValue == queue)
            #expect(dutch["steps"]?.arrayValue?[0]["answers"]?.arrayValue?[0]["text"]?.stringValue?.hasPrefix("Er staat € ") == true)
            #expect(try Harness.json(try await app.call(.get, "/api/v1/scripts", token: agent)).arrayValue?.count == 2)
            #expect(try await app.call(.delete, "/api/v1/scripts/\(queue)", token: supervisor).status == .noContent)
            #expect(try Harness.json(try await app.call(.get, "/api/v1/scripts/\(queue)", token: agent))["inherited"] == .bool(true))
            #expect(try await app.call(.get, "/api/v1/scripts/999999", token: agent).status == .notFound)
            #expect(try await app.call(.get, "/api/v1/scripts/abc", token: agent).status == .notFound)
            #expect(try await app.call(.get, "/api/v1/scripts/\(queue)/rendered?customerId=x", token: agent).status == .unprocessableContent)
            #expect(try Harness.json(try await app.call(.get, "/api/v1/scripts/placeholders", token: agent)).arrayValue?.count == ScriptTemplate.vocabulary.count)
        }
    }
}

@Suite("Around the call: follow-ups, a required disposition, the agent's own figures")
struct AroundTheCallAPITests {
    @Test("a queue that requires a disposition keeps the agent in wrap-up until it is saved", arguments: TestDatabase.available)
    func dispositionRequired(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let admin = try await app.signIn("admin")
            let supervisor = try await app.signIn("supervisor")
            let agent = try await app.signIn("agent01")
            let agentId = try await app.agentRecord("agent01")
            let queue = try #require(try Harness.json(try await app.call(.get, "/api/v1/queues", token: agent)).arrayValue?.first { $0["extension"]?.stringValue == "800" }?["id"]?.intValue)
            let patched = try await app.call(.patch, "/api/v1/queues/\(queue)", token: admin, json: #"{"dispositionRequired":true}"#)
            #expect(patched.status == .ok, "\(String(buffer: patched.body))")
            #expect(try Harness.json(patched)["dispositionRequired"] == .bool(true))
            _ = try await app.call(.post, "/api/v1/agents/\(agentId)/state", token: agent, json: #"{"state":"available"}"#)
            let call = try #require(try Harness.json(try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800","from":"+31205550002"}"#))["id"]?.intValue)
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/answer", token: agent).status == .ok)
            app.clock.advance(by: .seconds(40))
            #expect(try await app.call(.post, "/api/v1/calls/\(call)/hangup", token: agent).status == .ok)
            let refused = try await app.call(.post, "/api/v1/agents/\(agentId)/wrap-up/finish", token: agent)
            #expect(refused.status == .conflict)
            #expect(try Harness.error(refused).code == "dispositionRequired")
            app.clock.advance(by: .seconds(600))
            try await app.contactCenter.tick()
            #expect(try Harness.json(try await app.call(.get, "/api/v1/agents/\(agentId)/state", token: agent))["state"]?.stringValue == "wrapUp")
            #expect(try await app.call(.put, "/api/v1/calls/\(call)/disposition", token: agent, json: #"{"code":"resolved"}"#).status == .ok)
            #expect(try Harness.json(try await app.call(.get, "/api/v1/agents/\(agentId)/state", token: agent))["state"]?.stringValue == "available")

            let today = try Harness.json(try await app.call(.get, "/api/v1/agents/\(agentId)/today", token: agent))
            #expect(today["handled"]?.intValue == 1)
            #expect(today["talkSeconds"]?.doubleValue == 40)
            #expect(today["wrapUpSeconds"]?.doubleValue == 600)
            #expect(today["ahtSeconds"]?.doubleValue == 640)
            let other = try await app.signIn("agent02")
            #expect(try await app.call(.get, "/api/v1/agents/\(agentId)/today", token: other).status == .forbidden)
        }
    }

    @Test("follow-ups: the agent's own list, done by them; a manager sees everyone's; others may not close them", arguments: TestDatabase.available)
    func followUps(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let agent = try await app.signIn("agent01")
            let other = try await app.signIn("agent02")
            let agentId = try await app.agentRecord("agent01")
            _ = try await app.call(.post, "/api/v1/agents/\(agentId)/state", token: agent, json: #"{"state":"available"}"#)
            let call = try #require(try Harness.json(try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800","from":"+31205550003"}"#))["id"]?.intValue)
            _ = try await app.call(.post, "/api/v1/calls/\(call)/answer", token: agent)
            _ = try await app.call(.put, "/api/v1/calls/\(call)/disposition", token: agent,
                                   json: #"{"code":"followUp","followUpDue":"2026-12-01","followUpText":"Bel terug over de regeling"}"#)
            let mine = try Harness.json(try await app.call(.get, "/api/v1/follow-ups", token: agent)).arrayValue ?? []
            #expect(mine.count == 1)
            #expect(mine.first?["text"]?.stringValue == "Bel terug over de regeling")
            #expect(mine.first?["from"]?.stringValue == "+31205550003")
            #expect(try Harness.json(try await app.call(.get, "/api/v1/follow-ups", token: other)).arrayValue?.isEmpty == true)
            #expect(try await app.call(.get, "/api/v1/follow-ups?agentId=\(agentId)", token: other).status == .forbidden)
            #expect(try await app.call(.get, "/api/v1/follow-ups?all=true", token: other).status == .forbidden)
            #expect(try Harness.json(try await app.call(.get, "/api/v1/follow-ups?all=true", token: supervisor)).arrayValue?.count == 1)
            #expect(try await app.call(.get, "/api/v1/follow-ups?state=later", token: agent).status == .unprocessableContent)
            #expect(try await app.call(.post, "/api/v1/follow-ups/\(call)/done", token: other).status == .forbidden)
            let done = try await app.call(.post, "/api/v1/follow-ups/\(call)/done", token: agent)
            #expect(done.status == .ok)
            #expect(try Harness.json(done)["doneAt"]?.stringValue?.hasSuffix("Z") == true)
            #expect(try Harness.json(try await app.call(.get, "/api/v1/follow-ups", token: agent)).arrayValue?.isEmpty == true)
            #expect(try Harness.json(try await app.call(.get, "/api/v1/follow-ups?state=all", token: agent)).arrayValue?.count == 1)
            #expect(try Harness.json(try await app.call(.post, "/api/v1/follow-ups/\(call)/reopen", token: agent))["doneAt"] == .null)
            #expect(try await app.call(.post, "/api/v1/follow-ups/999999/done", token: agent).status == .notFound)
            // Team leaders read their own team's follow-ups only.
            #expect(try await app.call(.get, "/api/v1/follow-ups?agentId=\(agentId)", token: try await app.signIn("teamlead1")).status == .ok)
            #expect(try await app.call(.get, "/api/v1/follow-ups?agentId=\(agentId)", token: try await app.signIn("teamlead3")).status == .forbidden)
            #expect(try await app.call(.get, "/api/v1/follow-ups?all=true", token: try await app.signIn("teamlead1")).status == .forbidden)
        }
    }
}
