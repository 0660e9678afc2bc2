import Demo
import Foundation
import Hummingbird
import HummingbirdTesting
import Organisation
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@testable import Web

@Suite("Sign-in throttling per address: failures count, successes do not")
struct AddressThrottleTests {
    static let office = "203.0.113.7"

    @Test("two hundred successful sign-ins from one address, after five failures, do not lock anybody there out")
    func successesDoNotLockTheAddress() async throws {
        try await Harness.run { (app: Harness) async throws in
            for _ in 0..<5 {
                await #expect(throws: SwitchboardError.badCredentials) {
                    try await app.service.signIn(username: "agent02", password: "guess", clientAddress: Self.office)
                }
            }
            for index in 0..<200 {
                let username = String(format: "agent%02d", 10 + index % 20)
                _ = try await app.service.signIn(username: username, password: DemoOrganisation.password, clientAddress: Self.office)
            }
            let admin = try await app.service.signIn(username: "admin", password: DemoOrganisation.password, clientAddress: Self.office)
            #expect(admin.profile.username == "admin")
        }
    }

    @Test("five failures for one user lock that user, not a colleague at the same address")
    func oneUserDoesNotLockAnother() async throws {
        try await Harness.run { (app: Harness) async throws in
            for _ in 0..<5 {
                await #expect(throws: SwitchboardError.badCredentials) {
                    try await app.service.signIn(username: "agent03", password: "guess", clientAddress: Self.office)
                }
            }
            let locked = await #expect(throws: SwitchboardError.self) {
                try await app.service.signIn(username: "agent03", password: DemoOrganisation.password, clientAddress: Self.office)
            }
            #expect(locked?.kind == .throttled)
            _ = try await app.service.signIn(username: "agent04", password: DemoOrganisation.password, clientAddress: Self.office)
        }
    }

    @Test("a hundred failures from one address lock the address for everyone there, nobody elsewhere; after the lock-out people there sign in again")
    func failuresLockTheAddress() async throws {
        try await Harness.run { (app: Harness) async throws in
            // Four wrong passwords for each of 25 users: no username is locked, the address is.
            for user in 1...25 {
                for _ in 0..<4 {
                    await #expect(throws: SwitchboardError.badCredentials) {
                        try await app.service.signIn(username: String(format: "agent%02d", user), password: "guess", clientAddress: Self.office)
                    }
                }
            }
            let locked = await #expect(throws: SwitchboardError.self) {
                try await app.service.signIn(username: "supervisor", password: DemoOrganisation.password, clientAddress: Self.office)
            }
            #expect(locked?.kind == .throttled)
            #expect(locked?.retryAfterSeconds == 30)
            _ = try await app.service.signIn(username: "supervisor", password: DemoOrganisation.password, clientAddress: "198.51.100.9")

            app.clock.advance(by: .seconds(31))
            // Right passwords take their own counts back, lock included: one after another gets in.
            for username in ["supervisor", "agent30", "admin"] {
                _ = try await app.service.signIn(username: username, password: DemoOrganisation.password, clientAddress: Self.office)
            }
            // The failures still count: the next wrong one locks the address again, for longer.
            await #expect(throws: SwitchboardError.badCredentials) {
                try await app.service.signIn(username: "agent31", password: "guess", clientAddress: Self.office)
            }
            let again = await #expect(throws: SwitchboardError.self) {
                try await app.service.signIn(username: "agent32", password: DemoOrganisation.password, clientAddress: Self.office)
            }
            #expect(again?.kind == .throttled)
            #expect(again?.retryAfterSeconds == 60)
        }
    }
}

@Suite("Login CSRF: the sign-in API refuses other sites and browsers without JSON")
struct SignInCrossSiteTests {
    static let credentials = #"{"username":"agent01","password":"demo"}"#

    /// Posts the credentials (or `body`) to the sign-in API with exactly these headers.
    func post(_ app: Harness, _ headers: [(String, String)], body: String = credentials) async throws -> TestResponse {
        var fields = HTTPFields()
        for (name, value) in headers { fields[.init(name)!] = value }
        return try await app.client.execute(uri: "/api/v1/sessions", method: .post, headers: fields, body: ByteBuffer(string: body))
    }

    @Test("a sign-in from another site is refused with 403 naming why, whatever the content type, and sets no cookie", arguments: [
        [("Origin", "https://evil.example"), ("Content-Type", "text/plain")],
        [("Origin", "https://evil.example"), ("Content-Type", "application/json")],
        [("Origin", "http://localhost:3000"), ("Content-Type", "application/json")],
        [("Origin", "null"), ("Content-Type", "application/x-www-form-urlencoded")],
        [("Referer", "https://evil.example/login.html"), ("Content-Type", "text/plain")],
        [("Sec-Fetch-Site", "cross-site"), ("Content-Type", "application/json")],
        [("Sec-Fetch-Site", "same-site"), ("Content-Type", "text/plain")],
    ] as [[(String, String)]])
    func otherSite(_ headers: [(String, String)]) async throws {
        try await Harness.run { (app: Harness) async throws in
            let response = try await post(app, headers)
            #expect(response.status == .forbidden)
            #expect(response.headers[.setCookie] == nil)
            let error = try Harness.error(response)
            #expect(error.code == "cross_site_request")
            #expect(error.message?.contains("another site") == true)
        }
    }

    @Test("a browser on this site must sign in with JSON: text/plain, form data or no type get 415 naming why", arguments: [
        [("Origin", "http://localhost"), ("Content-Type", "text/plain")],
        [("Origin", "http://localhost"), ("Content-Type", "multipart/form-data; boundary=x")],
        [("Sec-Fetch-Site", "same-origin"), ("Content-Type", "application/x-www-form-urlencoded")],
        [("Cookie", "switchboard_session=stale"), ("Content-Type", "text/plain")],
        [("Origin", "http://localhost")],
    ] as [[(String, String)]])
    func browserWithoutJSON(_ headers: [(String, String)]) async throws {
        try await Harness.run { (app: Harness) async throws in
            let response = try await post(app, headers)
            #expect(response.status == .unsupportedMediaType)
            #expect(response.headers[.setCookie] == nil)
            #expect(try Harness.error(response).code == "json_required")
        }
    }

    @Test("this site's own pages sign in with JSON", arguments: [
        [("Origin", "http://localhost"), ("Content-Type", "application/json")],
        [("Sec-Fetch-Site", "same-origin"), ("Referer", "http://localhost/sign-in"), ("Content-Type", "application/json; charset=utf-8")],
    ] as [[(String, String)]])
    func sameOrigin(_ headers: [(String, String)]) async throws {
        try await Harness.run { (app: Harness) async throws in
            let response = try await post(app, headers)
            #expect(response.status == .created)
            #expect(response.headers[.setCookie]?.hasPrefix("switchboard_session=") == true)
        }
    }

    @Test("curl and scripts, which send no browser headers, still sign in: with JSON, with curl -d's form type, or with no type", arguments: [
        "application/json", "application/x-www-form-urlencoded", nil,
    ] as [String?])
    func commandLineClients(_ contentType: String?) async throws {
        try await Harness.run { (app: Harness) async throws in
            let headers = contentType.map { [("Content-Type", $0)] } ?? []
            let response = try await post(app, headers)
            #expect(response.status == .created, "\(String(buffer: response.body))")
            #expect(try Harness.json(response)["token"]?.stringValue?.isEmpty == false)
            // The body must be JSON all the same.
            #expect(try await post(app, headers, body: "username=agent01&password=demo").status == .badRequest)
        }
    }
}

/// Assumes `Server.router` adds `SecurityHeadersMiddleware()` as its first middleware, so that it
/// wraps everything, errors included.
@Suite("Security headers on every response")
struct SecurityHeadersTests {
    static let expected: HTTPFields = [
        .contentSecurityPolicy: SecurityHeaders.contentSecurityPolicy, .xContentTypeOptions: "nosniff",
        .init("X-Frame-Options")!: "DENY", .init("Referrer-Policy")!: "same-origin",
    ]

    func expectHeaders(_ response: TestResponse, _ what: String) {
        for field in Self.expected {
            #expect(response.headers[field.name] == field.value, "\(what): \(field.name)")
        }
    }

    @Test("pages, API answers, errors and redirects all carry CSP, nosniff, no framing and the referrer policy")
    func everywhere() async throws {
        try await Harness.run { (app: Harness) async throws in
            let token = try await app.signIn("supervisor")
            let cookie: HTTPFields = [.cookie: "switchboard_session=\(token)"]
            let cases: [(String, TestResponse)] = [
                ("sign-in page", try await app.call(.get, "/sign-in")),
                ("wallboard page", try await app.call(.get, "/wallboard", headers: cookie)),
                ("redirect", try await app.call(.get, "/")),
                ("API answer", try await app.call(.get, "/api/v1/me", token: token)),
                ("sign-in answer", try await app.call(.post, "/api/v1/sessions", json: #"{"username":"agent01","password":"demo"}"#)),
                ("OpenAPI document", try await app.call(.get, "/api/v1/openapi.json")),
                ("API 404", try await app.call(.get, "/api/v1/nothing-here", token: token)),
                ("API 401", try await app.call(.get, "/api/v1/me")),
                ("API refusal", try await app.call(.post, "/api/v1/teams", token: token, json: #"{"name":""}"#)),
                ("page 404", try await app.call(.get, "/nothing-here", headers: [.accept: "text/html"])),
                ("metrics", try await app.call(.get, "/metrics")),
            ]
            for (what, response) in cases { expectHeaders(response, what) }
            #expect(cases[0].1.status == .ok)
            #expect(cases[6].1.status == .notFound)
            #expect(cases[7].1.status == .unauthorized)
        }
    }

    @Test("the policy allows only own scripts and styles (no inline ones), own fetches and event stream, data images; nothing else")
    func policy() {
        var directives: [String: Set<String>] = [:]
        for part in SecurityHeaders.contentSecurityPolicy.split(separator: ";") {
            let words = part.split(separator: " ").map(String.init)
            directives[words[0]] = Set(words.dropFirst())
        }
        #expect(directives["default-src"] == ["'self'"])
        #expect(directives["script-src"] == ["'self'"])
        #expect(directives["style-src"] == ["'self'"])
        #expect(directives["connect-src"] == ["'self'"])
        #expect(directives["img-src"] == ["'self'", "data:"])
        #expect(directives["frame-ancestors"] == ["'none'"])
        #expect(directives["object-src"] == ["'none'"])
        #expect(directives["base-uri"] == ["'none'"])
        #expect(directives["form-action"] == ["'self'"])
        #expect(!SecurityHeaders.contentSecurityPolicy.contains("unsafe-eval"))
    }

    @Test("a header a handler set itself is kept")
    func handlerWins() async throws {
        let router = Router()
        router.add(middleware: SecurityHeadersMiddleware())
        router.get("embeddable") { _, _ -> Response in
            var response = Response(status: .ok)
            response.headers[.init("X-Frame-Options")!] = "SAMEORIGIN"
            return response
        }
        router.get("failing") { _, _ -> Response in throw HTTPError(.notFound) }
        try await Application(router: router).test(.router) { client in
            let kept = try await client.execute(uri: "/embeddable", method: .get)
            #expect(kept.headers[.init("X-Frame-Options")!] == "SAMEORIGIN")
            #expect(kept.headers[.xContentTypeOptions] == "nosniff")
            // An error no inner middleware answered still gets the headers.
            let failed = try await client.execute(uri: "/failing", method: .get)
            #expect(failed.status == .notFound)
            #expect(failed.headers[.init("X-Frame-Options")!] == "DENY")
        }
    }
}
