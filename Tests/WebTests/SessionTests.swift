import Foundation
import Hummingbird
import HummingbirdTesting
import Organisation
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@testable import Web

@Suite("Signing in and out")
struct SessionTests {
    @Test("a good password gives a token, a secure session cookie and the user")
    func signIn() async throws {
        try await Harness.run { (app: Harness) async throws in
            let response = try await app.call(.post, "/api/v1/sessions", json: #"{"username":"agent01","password":"demo"}"#)
            #expect(response.status == .created)
            let body = try Harness.json(response)
            #expect(body["token"]?.stringValue?.count ?? 0 >= 40)
            #expect(body["user"]?["username"]?.stringValue == "agent01")
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.hasPrefix("switchboard_session="))
            for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
                #expect(cookie.contains(attribute), "cookie lacks \(attribute): \(cookie)")
            }
        }
    }

    @Test("/me tells who is signed in: roles, agent id and team, by bearer token or by cookie")
    func me() async throws {
        try await Harness.run { (app: Harness) async throws in
            let token = try await app.signIn("agent01")
            for headers: HTTPFields in [[.authorization: "Bearer \(token)"], [.cookie: "switchboard_session=\(token)"]] {
                let response = try await app.call(.get, "/api/v1/me", headers: headers)
                #expect(response.status == .ok)
                let me = try Harness.json(response)
                #expect(me["username"]?.stringValue == "agent01")
                #expect(me["roles"] == ["agent"])
                #expect(me["agentId"]?.intValue != nil)
                #expect(me["teamName"]?.stringValue == "Team Amstel")
                #expect(me["teamId"]?.intValue != nil)
            }
            // Someone without an agent record has explicit nulls.
            let admin = try Harness.json(try await app.call(.get, "/api/v1/me", token: try await app.signIn("admin")))
            #expect(admin["agentId"] == .null)
        }
    }

    @Test("signing out ends the session at once")
    func signOut() async throws {
        try await Harness.run { (app: Harness) async throws in
            let token = try await app.signIn("supervisor")
            #expect(try await app.call(.delete, "/api/v1/sessions", token: token).status == .noContent)
            #expect(try await app.call(.get, "/api/v1/me", token: token).status == .unauthorized)
        }
    }

    @Test("a wrong password or an unknown user is refused alike, and recorded in the audit log")
    func wrongPassword() async throws {
        try await Harness.run { (app: Harness) async throws in
            for body in [#"{"username":"agent01","password":"nope"}"#, #"{"username":"nobody","password":"demo"}"#] {
                let response = try await app.call(.post, "/api/v1/sessions", json: body)
                #expect(response.status == .unauthorized)
                #expect(try Harness.error(response).code == "bad_credentials")
            }
            let failures = try await app.service.auditLog(by: .console).filter { $0.action == "session.signInFailed" }
            #expect(failures.map(\.actorUsername) == ["nobody", "agent01"])
        }
    }

    @Test("after five failures the username is locked for 30 s, even for the right password")
    func throttled() async throws {
        try await Harness.run { (app: Harness) async throws in
            for _ in 0..<5 {
                _ = try await app.call(.post, "/api/v1/sessions", json: #"{"username":"agent02","password":"guess"}"#)
            }
            let locked = try await app.call(.post, "/api/v1/sessions", json: #"{"username":"agent02","password":"demo"}"#)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers[.retryAfter] == "30")
            #expect(try Harness.error(locked).code == "too_many_attempts")
            // Other people are not affected.
            _ = try await app.signIn("agent03")
            app.clock.advance(by: .seconds(31))
            _ = try await app.signIn("agent02")
        }
    }

    @Test("a deactivated user cannot sign in and loses open sessions")
    func deactivated() async throws {
        try await Harness.run { (app: Harness) async throws in
            let agentToken = try await app.signIn("agent05")
            let admin = try await app.signIn("admin")
            let id = try await app.id(of: "agent05")
            #expect(try await app.call(.patch, "/api/v1/users/\(id)", token: admin, json: #"{"active":false}"#).status == .ok)
            #expect(try await app.call(.get, "/api/v1/me", token: agentToken).status == .unauthorized)
            let again = try await app.call(.post, "/api/v1/sessions", json: #"{"username":"agent05","password":"demo"}"#)
            #expect(again.status == .unauthorized)
        }
    }

    @Test("anyone can change their own language and password; the old password is needed")
    func ownProfile() async throws {
        try await Harness.run { (app: Harness) async throws in
            let token = try await app.signIn("agent30")
            let changed = try await app.call(.patch, "/api/v1/me", token: token, json: #"{"language":"nl","displayName":"Oliver S."}"#)
            #expect(changed.status == .ok)
            #expect(try Harness.json(changed)["language"]?.stringValue == "nl")
            let wrong = try await app.call(.patch, "/api/v1/me", token: token, json: #"{"currentPassword":"nope","newPassword":"long enough"}"#)
            #expect(wrong.status == .forbidden)
            #expect(try Harness.error(wrong).code == "wrong_password")
            #expect(try Harness.error(wrong).field == "currentPassword")
            let right = try await app.call(.patch, "/api/v1/me", token: token, json: #"{"currentPassword":"demo","newPassword":"long enough"}"#)
            #expect(right.status == .ok)
            _ = try await app.signIn("agent30", password: "long enough")
        }
    }

    @Test("the cookie is Secure on loopback and behind HTTPS, but not on plain HTTP across the LAN (the browser would drop it)", arguments: [
        ("127.0.0.1:8080", nil, true), ("localhost:8080", nil, true), ("[::1]:8080", nil, true), ("192.168.1.5:8080", nil, false),
        ("switchboard.example", nil, false), ("switchboard.example", "https", true),
    ] as [(String, String?, Bool)])
    func cookieSecurity(_ authority: String, _ forwardedProto: String?, _ secure: Bool) {
        var fields = HTTPFields()
        if let forwardedProto { fields[.init("X-Forwarded-Proto")!] = forwardedProto }
        let request = Request(
            head: HTTPRequest(method: .post, scheme: "http", authority: authority, path: "/sign-in", headerFields: fields),
            body: RequestBody(buffer: ByteBuffer()))
        #expect(SessionCookie.isSecure(request) == secure)
        #expect(SessionCookie.make(token: "t", lifetime: .seconds(60), for: request).description.contains("Secure") == secure)
    }

    @Test("parallel guesses cannot slip past the limit: each attempt counts from the moment it is admitted")
    func parallelGuesses() async throws {
        try await Harness.run { (app: Harness) async throws in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await app.call(.post, "/api/v1/sessions", json: #"{"username":"agent04","password":"guess"}"#).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == 5)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 15)
        }
    }

    @Test("a username that cannot exist is refused without a trace in the throttle or the audit log")
    func absurdUsername() async throws {
        try await Harness.run { (app: Harness) async throws in
            let long = String(repeating: "x", count: 5000)
            let response = try await app.call(.post, "/api/v1/sessions", json: #"{"username":"\#(long)","password":"demo"}"#)
            #expect(response.status == .unauthorized)
            #expect(try await app.service.auditLog(by: .console).contains { $0.action == "session.signInFailed" } == false)
        }
    }

    @Test("changing your password signs out your other sessions, keeps this one, and is audited")
    func passwordChangeEndsOtherSessions() async throws {
        try await Harness.run { (app: Harness) async throws in
            let other = try await app.signIn("agent11")
            let this = try await app.signIn("agent11")
            let changed = try await app.call(.patch, "/api/v1/me", token: this, json: #"{"currentPassword":"demo","newPassword":"a new secret"}"#)
            #expect(changed.status == .ok)
            #expect(try await app.call(.get, "/api/v1/me", token: this).status == .ok)
            #expect(try await app.call(.get, "/api/v1/me", token: other).status == .unauthorized)
            #expect(try await app.service.auditLog(by: .console).first?.action == "user.updateProfile+password")
        }
    }

    @Test("a browser's cookie cannot change data from another origin or without JSON; bearer tokens are unaffected")
    func crossSiteAPI() async throws {
        try await Harness.run { (app: Harness) async throws in
            let token = try await app.signIn("admin")
            let cookie: HTTPFields = [.cookie: "switchboard_session=\(token)"]
            let body = #"{"name":"Team Rijn"}"#
            var textPlain = cookie
            textPlain[.contentType] = "text/plain"
            let forged = try await app.client.execute(uri: "/api/v1/teams", method: .post, headers: textPlain, body: ByteBuffer(string: body))
            #expect(forged.status == .forbidden)
            var foreign = cookie
            foreign[.origin] = "http://127.0.0.1:3000"
            #expect(try await app.call(.post, "/api/v1/teams", json: body, headers: foreign).status == .forbidden)
            #expect(try await app.service.teams(by: .console).count == 3)
            #expect(try await app.call(.get, "/api/v1/teams", headers: foreign).status == .ok)
            #expect(try await app.call(.post, "/api/v1/teams", json: body, headers: cookie).status == .created)
            var bearer: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "text/plain"]
            bearer[.origin] = "http://elsewhere.example"
            let script = try await app.client.execute(uri: "/api/v1/skills", method: .post, headers: bearer, body: ByteBuffer(string: #"{"name":"lang:fr"}"#))
            #expect(script.status == .created)
        }
    }
}
