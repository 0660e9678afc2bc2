import Demo
import Foundation
import Hummingbird
import HummingbirdTesting
import Organisation
import SwitchboardTestSupport
import Testing

@testable import Web

/// What a schema-valid request gets (issue 14, D11): query strings read as browsers write them,
/// strict flags, a record that is named but does not exist as 409 (not 422), and the lists of
/// your own as empty when you have no agent record.
@Suite("Queries as browsers write them; references to missing records; lists of your own")
struct QueryAndReferenceTests {
    @Test("a + in a query string is a space, as a page's GET form sends it; %2B stays a plus")
    func plusIsSpace() async throws {
        try await Harness.run { (app: Harness) async throws in
            try await DemoCustomers.seedIfEmpty(app.service, count: 12)
            let agent = try await app.signIn("agent01")
            let found = try Harness.json(try await app.call(.get, "/api/v1/customers?phone=%2B31205550002", token: agent))
            let name = try #require(found.arrayValue?.first?["firstName"]?.stringValue)
            let last = try #require(found.arrayValue?.first?["lastName"]?.stringValue)
            let words = "\(name) \(last)".split(separator: " ").joined(separator: "+")
            let byForm = try Harness.json(try await app.call(.get, "/api/v1/customers?q=\(words)", token: agent))
            #expect(byForm.arrayValue?.contains { $0["lastName"]?.stringValue == last } == true, "searched for '\(words)' with + between the words")

            // Trimmed fields accept the spaces a form leaves around them.
            let supervisor = try await app.signIn("supervisor")
            #expect(try await app.call(.get, "/api/v1/reports?period=+2026-10+&by=queue", token: supervisor).status == .ok)
            let plus = try await app.call(.get, "/api/v1/reports?period=2026%2B10&by=queue", token: supervisor)
            #expect(plus.status == .unprocessableContent, "an encoded plus is a plus")
            #expect(try Harness.error(plus).field == "period")
        }
    }

    @Test("a flag is true or false, once; a search given with a phone number is still checked")
    func strictQueries() async throws {
        try await Harness.run { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            #expect(try await app.call(.get, "/api/v1/follow-ups?all=true", token: supervisor).status == .ok)
            #expect(try await app.call(.get, "/api/v1/follow-ups?all=false", token: supervisor).status == .ok)
            for bad in ["all=null", "all=yes", "all=true&all=true"] {
                let response = try await app.call(.get, "/api/v1/follow-ups?\(bad)", token: supervisor)
                #expect(response.status == .unprocessableContent, "\(bad)")
                #expect(try Harness.error(response).field == "all")
            }
            let agent = try await app.signIn("agent01")
            let short = try await app.call(.get, "/api/v1/customers?phone=%2B31205550002&q=x", token: agent)
            #expect(short.status == .unprocessableContent)
            #expect(try Harness.error(short).field == "q")
        }
    }

    @Test("naming a record that does not exist is 409 unknown_reference with the field; nothing is stored")
    func unknownReferences() async throws {
        try await Harness.run { (app: Harness) async throws in
            let admin = try await app.signIn("admin")
            let teamsBefore = try Harness.json(try await app.call(.get, "/api/v1/teams", token: admin)).arrayValue?.count
            let cases: [(String, String, String)] = [
                ("/api/v1/teams", #"{"name":"Team Zuiderzee Nacht","leaderId":999999}"#, "leaderId"),
                ("/api/v1/goals", #"{"teamId":999999,"metric":"aht","target":300,"direction":"atMost"}"#, "teamId"),
            ]
            for (path, body, field) in cases {
                let response = try await app.call(.post, path, token: admin, json: body)
                #expect(response.status == .conflict, "\(path) \(body)")
                let error = try Harness.error(response)
                #expect(error.code == "unknown_reference")
                #expect(error.field == field)
            }
            #expect(try Harness.json(try await app.call(.get, "/api/v1/teams", token: admin)).arrayValue?.count == teamsBefore)
        }
    }

    @Test("without an agent record, your own goals and follow-ups are an empty list, not an error")
    func noAgentRecord() async throws {
        try await Harness.run { (app: Harness) async throws in
            let admin = try await app.signIn("admin")
            for path in ["/api/v1/goals", "/api/v1/follow-ups"] {
                let response = try await app.call(.get, path, token: admin)
                #expect(response.status == .ok, "\(path)")
                #expect(try Harness.json(response).arrayValue?.isEmpty == true, "\(path)")
            }
        }
    }
}
