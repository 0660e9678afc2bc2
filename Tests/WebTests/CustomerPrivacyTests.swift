import Demo
import Foundation
import Hummingbird
import HummingbirdTesting
import Organisation
import SwitchboardTestSupport
import Testing

@testable import Web

@Suite("Customer privacy: call notes follow the note's permission, and card reads are audited")
struct CustomerPrivacyTests {
    static let caller = "+31205550002"
    static let noteText = "Klant vertelde over zijn scheiding; betalingsregeling getroffen"

    /// A call from the caller that agent01 answered and wrote a note on; the call and the
    /// customer's id.
    func handledCall(_ app: Harness) async throws -> (call: Int64, customer: Int64) {
        try await DemoCustomers.seedIfEmpty(app.service, count: 12)
        let supervisor = try await app.signIn("supervisor")
        let handler = try await app.signIn("agent01")
        let agentId = try await app.agentRecord("agent01")
        #expect(try await app.call(.post, "/api/v1/agents/\(agentId)/state", token: handler, json: #"{"state":"available"}"#).status == .ok)
        let created = try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800","from":"\#(Self.caller)"}"#)
        let call = try #require(try Harness.json(created)["id"]?.intValue)
        #expect(try await app.call(.post, "/api/v1/calls/\(call)/answer", token: handler).status == .ok)
        #expect(try await app.call(.put, "/api/v1/calls/\(call)/note", token: handler, json: #"{"text":"\#(Self.noteText)"}"#).status == .ok)
        let found = try Harness.json(try await app.call(.get, "/api/v1/customers?phone=%2B31205550002", token: handler))
        let customer = try #require(found.arrayValue?.first?["id"]?.intValue)
        return (call, customer)
    }

    /// The note the customer card shows `token`'s holder for the call (nil: withheld).
    func noteOnCard(_ app: Harness, customer: Int64, call: Int64, token: String) async throws -> String? {
        let response = try await app.call(.get, "/api/v1/customers/\(customer)", token: token)
        #expect(response.status == .ok)
        let interactions = try #require(try Harness.json(response)["interactions"]?.arrayValue)
        let interaction = try #require(interactions.first { $0["callId"]?.intValue == call })
        return interaction["note"]?.stringValue
    }

    @Test("an agent sees on the customer card only the notes of calls they handled; a colleague gets null, as GET /calls/{id}/note gives 403",
          arguments: TestDatabase.available)
    func colleagueSeesNoNote(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let (call, customer) = try await handledCall(app)
            let colleague = try await app.signIn("agent02")
            #expect(try await app.call(.get, "/api/v1/calls/\(call)/note", token: colleague).status == .forbidden)
            #expect(try await noteOnCard(app, customer: customer, call: call, token: colleague) == nil)
            // The customer page (which embeds the card) does not carry it either.
            let page = try await app.call(.get, "/customers/\(customer)", headers: [.cookie: "switchboard_session=\(colleague)"])
            #expect(page.status == .ok)
            #expect(!String(buffer: page.body).contains("scheiding"))
            // The agent who handled the call still sees it.
            let handler = try await app.signIn("agent01")
            #expect(try await noteOnCard(app, customer: customer, call: call, token: handler) == Self.noteText)
        }
    }

    @Test("roles that read calls see every note on the card: supervisor, team leader, quality assurance")
    func readersOfCallsSeeNotes() async throws {
        try await Harness.run { (app: Harness) async throws in
            let (call, customer) = try await handledCall(app)
            for username in ["supervisor", "teamlead1", "qa"] {
                let token = try await app.signIn(username)
                #expect(try await noteOnCard(app, customer: customer, call: call, token: token) == Self.noteText, "\(username)")
            }
        }
    }

    @Test("every read of a customer's card is in the audit log with who and which customer; searches and missing customers are not")
    func cardReadsAreAudited() async throws {
        try await Harness.run { (app: Harness) async throws in
            try await DemoCustomers.seedIfEmpty(app.service, count: 12)
            let admin = try await app.signIn("admin")
            let agent = try await app.signIn("agent02")
            func reads() async throws -> [JSONValue] {
                let audit = try await app.call(.get, "/api/v1/audit?entity=customer", token: admin)
                return (try Harness.json(audit).arrayValue ?? []).filter { $0["action"]?.stringValue == "customer.read" }
            }
            let found = try Harness.json(try await app.call(.get, "/api/v1/customers?phone=%2B31205550002", token: agent))
            let customer = try #require(found.arrayValue?.first?["id"]?.intValue)
            let lastName = try #require(found.arrayValue?.first?["lastName"]?.stringValue?.split(separator: " ").last)
            #expect(try await app.call(.get, "/api/v1/customers?q=\(lastName)", token: agent).status == .ok)
            #expect(try await app.call(.get, "/api/v1/customers/999999", token: agent).status == .notFound)
            #expect(try await reads().isEmpty)

            #expect(try await app.call(.get, "/api/v1/customers/\(customer)", token: agent).status == .ok)
            let entry = try #require(try await reads().first)
            #expect(entry["entity"]?.stringValue == "customer")
            #expect(entry["entityId"]?.intValue == customer)
            #expect(entry["actorUsername"]?.stringValue == "agent02")
            let agentUserId = try await app.id(of: "agent02")
            #expect(entry["actorUserId"]?.intValue == agentUserId)

            // The customer page reads the card too: one more entry.
            #expect(try await app.call(.get, "/customers/\(customer)", headers: [.cookie: "switchboard_session=\(agent)"]).status == .ok)
            #expect(try await reads().count == 2)
        }
    }
}
