import ContactCenter
import Foundation
import Hummingbird
import HummingbirdTesting
import Organisation
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Telephony
import Testing

@testable import Web

@Suite("The OpenAPI document, health and metrics")
struct OpenAPIAndOpsTests {
    @Test("every API route is documented, and every documented operation is routed")
    func openAPIMatchesRoutes() async throws {
        try await TestDatabase.sqlite.with { (database: Database) async throws in
            let router = Server.router(service: .forTesting(database), center: try await ContactCenter(database: database))
            let routed = Set(router.routes.map { "\($0.method.rawValue.lowercased()) \($0.path.description)" }.filter { $0.contains(" /api/v1/") })
            let document = try JSONDecoder().decode(JSONValue.self, from: try JSONResponse.encoder.encode(OpenAPIDocument.document))
            guard case .object(let paths) = try #require(document["paths"]) else {
                Issue.record("paths is not an object")
                return
            }
            var documented: Set<String> = []
            for (path, item) in paths {
                guard case .object(let operations) = item else { continue }
                for (method, _) in operations { documented.insert("\(method) \(path)") }
            }
            #expect(routed.subtracting(documented).isEmpty, "routed but not documented: \(routed.subtracting(documented).sorted())")
            #expect(documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed).sorted())")
            #expect(routed.count >= 30)
        }
    }

    @Test("every routed API path is in the document, and every {parameter} of a path is declared as a path parameter, and no other")
    func pathParametersDeclared() async throws {
        try await TestDatabase.sqlite.with { (database: Database) async throws in
            let router = Server.router(service: .forTesting(database), center: try await ContactCenter(database: database))
            let document = try JSONDecoder().decode(JSONValue.self, from: try JSONResponse.encoder.encode(OpenAPIDocument.document))
            guard case .object(let paths) = try #require(document["paths"]) else {
                Issue.record("paths is not an object")
                return
            }
            let documented = Set(paths.map(\.0))
            let routed = Set(router.routes.map(\.path.description).filter { $0.hasPrefix("/api/v1/") })
            #expect(routed.subtracting(documented).isEmpty, "routed paths missing from the document: \(routed.subtracting(documented).sorted())")
            var checked = 0
            for (path, item) in paths {
                let inPath = path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
                guard case .object(let operations) = item else {
                    Issue.record("\(path) is not an object")
                    continue
                }
                for (method, operation) in operations {
                    let declared = (operation["parameters"]?.arrayValue ?? []).filter { $0["in"]?.stringValue == "path" }
                    let names = declared.compactMap { $0["name"]?.stringValue }
                    #expect(names.sorted() == inPath.sorted(), "\(method) \(path) declares path parameters \(names), the path has \(inPath)")
                    for parameter in declared {
                        #expect(parameter["required"] == .bool(true), "\(method) \(path): path parameter \(parameter["name"]?.stringValue ?? "?") is not required")
                        #expect(parameter["schema"] != nil, "\(method) \(path): path parameter \(parameter["name"]?.stringValue ?? "?") has no schema")
                    }
                    for parameter in operation["parameters"]?.arrayValue ?? [] {
                        #expect(["path", "query"].contains(parameter["in"]?.stringValue ?? ""), "\(method) \(path): a parameter in \(parameter["in"]?.stringValue ?? "nowhere")")
                    }
                    checked += 1
                }
            }
            #expect(checked == OpenAPIDocument.operations.count)
            // The parameters the drill found undeclared.
            let named = routed.filter { $0.contains("{code}") || $0.contains("{queue}") }
            #expect(named.count >= 3, "the paths this test was written for: \(named.sorted())")
        }
    }

    @Test("a method a routed path does not have is 405 with Allow (TRACE and CONNECT anywhere); OPTIONS lists the methods")
    func methodNotAllowed() async throws {
        try await Harness.run(seeded: false) { (app: Harness) async throws in
            let trace = try await app.call(.trace, "/api/v1/users")
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers[.allow] == "GET, POST")
            #expect(try Harness.error(trace).code == "method_not_allowed")
            let put = try await app.call(.put, "/api/v1/calls/7")
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers[.allow] == "GET")
            // A fixed component wins over a parameter, as in the router: /scripts/placeholders is only GET.
            #expect(try await app.call(.put, "/api/v1/scripts/placeholders").headers[.allow] == "GET")
            #expect(try await app.call(.post, "/api/v1/scripts/7").headers[.allow] == "GET, PUT, DELETE")
            let options = try await app.call(.options, "/api/v1/agents/3/sip")
            #expect(options.status == .noContent)
            #expect(options.headers[.allow] == "GET, PUT, DELETE, OPTIONS")
            #expect(try await app.call(.trace, "/no/such/page").status == .methodNotAllowed)
            #expect(try await app.call(.connect, "/").status == .methodNotAllowed)
            #expect(try await app.call(.get, "/no/such/page").status == .notFound)
            #expect(try await app.call(.put, "/api/v1/no-such-thing").status == .notFound)
            // Routed methods answer as before.
            #expect(try await app.call(.get, "/api/v1/users").status == .unauthorized)
            #expect(try await app.call(.get, "/api/v1/openapi.json").status == .ok)
        }
    }

    @Test("the document is served, is OpenAPI 3.1, and every schema it refers to exists")
    func served() async throws {
        try await Harness.run(seeded: false) { (app: Harness) async throws in
            let response = try await app.call(.get, "/api/v1/openapi.json")
            #expect(response.status == .ok)
            let document = try Harness.json(response)
            #expect(document["openapi"]?.stringValue == "3.1.0")
            let text = String(buffer: response.body)
            let references = Set(text.split(separator: "\"").filter { $0.hasPrefix("#/components/schemas/") }.map { String($0.dropFirst(21)) })
            #expect(!references.isEmpty)
            for name in references {
                #expect(document["components"]?["schemas"]?[name] != nil, "missing schema \(name)")
            }
        }
    }

    @Test("/healthz is ok while the database answers, and 503 when it does not")
    func health() async throws {
        try await TestDatabase.sqlite.with { (database: Database) async throws in
            let app = Application(router: Server.router(service: .forTesting(database), center: try await ContactCenter(database: database)))
            try await app.test(.router) { client in
                let ok = try await client.execute(uri: "/healthz", method: .get)
                #expect(ok.status == .ok)
                #expect(String(buffer: ok.body) == #"{"commands":"ok","database":"ok","status":"ok"}"#)
                await database.close()
                let down = try await client.execute(uri: "/healthz", method: .get)
                #expect(down.status == .serviceUnavailable)
                #expect(String(buffer: down.body).contains(#""status":"unavailable""#))
            }
        }
    }

    @Test("/metrics speaks Prometheus text: requests, latencies and database use")
    func metrics() async throws {
        try await Harness.run(seeded: false) { (app: Harness) async throws in
            _ = try await app.call(.get, "/healthz")
            let response = try await app.call(.get, "/metrics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = String(buffer: response.body)
            #expect(text.contains("# TYPE hb_requests counter"))
            #expect(text.contains("http_server_request_duration"))
            #expect(text.contains("switchboard_database_seconds"))
            #expect(text.contains("switchboard_database_in_use"))
        }
    }

    @Test("with SIP on, /metrics adds its counters and /api/v1/sip/status reads the endpoint")
    func sipMetricsAndStatus() async throws {
        let endpoint = SIPEndpoint(local: SIPAddress(host: "127.0.0.1", port: 5060), secret: [1, 2, 3], clock: { Instant(millisecondsSinceEpoch: 0) })
        _ = await endpoint.receive(Array("garbage\r\n\r\n".utf8), from: SIPAddress(host: "127.0.0.1", port: 9))
        try await Harness.run(telephony: endpoint) { (app: Harness) async throws in
            let text = String(buffer: try await app.call(.get, "/metrics").body)
            #expect(text.contains("# TYPE switchboard_sip_datagrams_received_total counter\nswitchboard_sip_datagrams_received_total 1\n"))
            #expect(text.contains("switchboard_sip_malformed_total 1\n"))
            let supervisor = try await app.signIn("supervisor")
            let status = try Harness.json(try await app.call(.get, "/api/v1/sip/status", token: supervisor))
            #expect(status["listening"]?.stringValue == "127.0.0.1:5060")
            let agent = try await app.signIn("agent01")
            #expect(try await app.call(.get, "/api/v1/sip/status", token: agent).status == .forbidden)
        }
        try await Harness.run { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            #expect(try await app.call(.get, "/api/v1/sip/status", token: supervisor).status == .notFound, "SIP off")
            #expect(!String(buffer: try await app.call(.get, "/metrics").body).contains("switchboard_sip_"))
        }
    }
}
