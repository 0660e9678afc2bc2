import Demo
import Foundation
import Hummingbird
import HummingbirdTesting
import Organisation
import SwitchboardTestSupport
import Testing

@testable import Web

@Suite("Customers through the API: search, the caller's screen pop, adding")
struct CustomersAPITests {
    @Test("an agent finds a caller by number and opens the card with billing, shipping, warranties and the call", arguments: TestDatabase.available)
    func screenPop(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            try await DemoCustomers.seedIfEmpty(app.service, count: 40)
            let supervisor = try await app.signIn("supervisor")
            let agent = try await app.signIn("agent01")
            let call = try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800","from":"+31205550003"}"#)
            #expect(call.status == .created)
            let found = try Harness.json(try await app.call(.get, "/api/v1/customers?phone=%2B31%2020%20555%200003", token: agent))
            let customer = try #require(found.arrayValue?.first)
            let id = try #require(customer["id"]?.intValue)
            #expect(customer["phones"]?.arrayValue?.first?.stringValue == "+31205550003")
            let card = try Harness.json(try await app.call(.get, "/api/v1/customers/\(id)", token: agent))
            #expect(card["customer"]?["id"]?.intValue == id)
            #expect(card["billing"]?["invoices"]?.arrayValue?.isEmpty == false)
            #expect(card["interactions"]?.arrayValue?.count == 1)
            let byName = try Harness.json(try await app.call(.get, "/api/v1/customers?q=\(customer["lastName"]!.stringValue!.split(separator: " ").last!)", token: agent))
            #expect(byName.arrayValue?.contains { $0["id"]?.intValue == id } == true)
            #expect(try await app.call(.get, "/api/v1/customers/999999", token: agent).status == .notFound)
            #expect(try await app.call(.get, "/api/v1/customers?q=x", token: agent).status == .unprocessableContent)
        }
    }

    @Test("a supervisor adds a customer; bad fields get 422 naming them; an agent may not add")
    func adding() async throws {
        try await Harness.run { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let created = try await app.call(.post, "/api/v1/customers", token: supervisor, json: #"{"firstName":"Joop","lastName":"Zoetemelk","phones":["0612345678"]}"#)
            #expect(created.status == .created)
            #expect(try Harness.json(created)["phones"]?.arrayValue?.first?.stringValue == "+31612345678")
            let bad = try await app.call(.post, "/api/v1/customers", token: supervisor, json: #"{"firstName":"Joop","lastName":"Z","phones":["not a phone"]}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(try Harness.json(bad)["error"]?["field"]?.stringValue == "phones[0]")
            let agent = try await app.signIn("agent01")
            #expect(try await app.call(.post, "/api/v1/customers", token: agent, json: #"{"firstName":"A","lastName":"B","phones":[]}"#).status == .forbidden)
        }
    }
}
