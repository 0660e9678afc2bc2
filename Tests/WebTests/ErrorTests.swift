import Foundation
import Hummingbird
import HummingbirdTesting
import Organisation
import SwitchboardCore
import Testing

@testable import Web

@Suite("Bad input gets a clear error and changes nothing")
struct ErrorTests {
    /// A request that must fail, the status, the error code and the field it must name.
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var method: HTTPRequest.Method
        var path: String
        var body: String?
        var status: HTTPResponse.Status
        var code: String?
        var field: String?
        var role = "admin"

        var description: String { name }
    }

    static let long = String(repeating: "x", count: 101)

    static let cases: [Case] = [
        Case(name: "malformed JSON", method: .post, path: "/api/v1/teams", body: "{not json", status: .badRequest, code: "malformed_json"),
        Case(name: "an empty body", method: .post, path: "/api/v1/teams", body: nil, status: .badRequest, code: "malformed_json"),
        Case(name: "a JSON array instead of an object", method: .post, path: "/api/v1/teams", body: "[]", status: .badRequest, code: "malformed_json"),
        Case(name: "a missing username", method: .post, path: "/api/v1/users", body: #"{"displayName":"X","roles":["agent"],"password":"12345678"}"#,
            status: .unprocessableContent, code: "missing_field", field: "username"),
        Case(name: "a service level of 150 %", method: .post, path: "/api/v1/queues",
            body: #"{"name":"Escalations","extension":"900","serviceLevel":{"percent":150,"seconds":20}}"#, status: .unprocessableContent,
            code: "invalid_field", field: "serviceLevel.percent"),
        Case(name: "a service level without seconds", method: .post, path: "/api/v1/queues",
            body: #"{"name":"Escalations","extension":"900","serviceLevel":{"percent":80}}"#, status: .unprocessableContent,
            code: "missing_field", field: "serviceLevel.seconds"),
        Case(name: "an unknown role", method: .post, path: "/api/v1/users",
            body: #"{"username":"newbie","displayName":"New","roles":["boss"],"password":"12345678"}"#, status: .unprocessableContent,
            code: "invalid_field", field: "roles[0]"),
        Case(name: "an empty team name", method: .post, path: "/api/v1/teams", body: #"{"name":""}"#, status: .unprocessableContent, field: "name"),
        Case(name: "an over-long team name", method: .post, path: "/api/v1/teams", body: #"{"name":"\#(long)"}"#, status: .unprocessableContent, field: "name"),
        Case(name: "a number where text belongs", method: .post, path: "/api/v1/teams", body: #"{"name":5}"#, status: .unprocessableContent, field: "name"),
        Case(name: "a bad opening time", method: .post, path: "/api/v1/queues",
            body: #"{"name":"Night","extension":"901","hours":{"timeZone":"Europe/Amsterdam","weekly":{"mon":["25:00-26:00"]},"holidays":[]}}"#,
            status: .unprocessableContent, field: "hours.weekly.mon[0]"),
        Case(name: "an unknown time zone", method: .post, path: "/api/v1/queues",
            body: #"{"name":"Night","extension":"901","hours":{"timeZone":"Mars/Olympus","weekly":{},"holidays":[]}}"#,
            status: .unprocessableContent, field: "hours.timeZone"),
        Case(name: "a skill that does not exist", method: .post, path: "/api/v1/queues",
            body: #"{"name":"Night","extension":"901","requiredSkills":[{"skill":"astrology","minimumProficiency":2}]}"#,
            status: .conflict, field: "requiredSkills[0].skill"),
        Case(name: "a team leader who is not one", method: .post, path: "/api/v1/teams", body: #"{"name":"Team Rijn","leaderId":1}"#,
            status: .conflict, field: "leaderId"),
        Case(name: "a short password", method: .post, path: "/api/v1/users",
            body: #"{"username":"newbie","displayName":"New","roles":["agent"],"password":"short"}"#, status: .unprocessableContent, field: "password"),
        Case(name: "a duplicate username", method: .post, path: "/api/v1/users",
            body: #"{"username":"agent01","displayName":"Copy","roles":["agent"],"password":"12345678"}"#, status: .conflict, code: "username_taken",
            field: "username"),
        Case(name: "a duplicate queue name in other letters", method: .post, path: "/api/v1/queues", body: #"{"name":"billing","extension":"950"}"#,
            status: .conflict, code: "name_taken", field: "name"),
        Case(name: "a duplicate extension", method: .post, path: "/api/v1/queues", body: #"{"name":"Escalations","extension":"800"}"#,
            status: .conflict, code: "extension_taken", field: "extension"),
        Case(name: "deleting a team that still has agents", method: .delete, path: "/api/v1/teams/1", status: .conflict, code: "in_use"),
        Case(name: "removing the last administrator", method: .patch, path: "/api/v1/users/1", body: #"{"roles":["agent"]}"#, status: .conflict,
            code: "last_admin", field: "roles"),
        Case(name: "an unknown id", method: .get, path: "/api/v1/teams/99999", status: .notFound, code: "not_found"),
        Case(name: "an id that is not a number", method: .get, path: "/api/v1/queues/abc", status: .notFound, code: "not_found"),
        Case(name: "an unknown route", method: .get, path: "/api/v1/nothing-here", status: .notFound, code: "not_found"),
        Case(name: "no token", method: .get, path: "/api/v1/users", status: .unauthorized, code: "unauthenticated", role: ""),
        Case(name: "the wrong role", method: .post, path: "/api/v1/teams", body: #"{"name":"Team Rijn"}"#, status: .forbidden, code: "forbidden",
            role: "agent01"),
    ]

    @Test("each bad request gets its status and a JSON error naming the field, and nothing is stored", arguments: cases)
    func badRequest(_ badCase: Case) async throws {
        try await Harness.run { (app: Harness) async throws in
            let before = try await app.snapshot()
            let token = badCase.role.isEmpty ? nil : try await app.signIn(badCase.role)
            let response = try await app.call(badCase.method, badCase.path, token: token, json: badCase.body)
            #expect(response.status == badCase.status, "\(String(buffer: response.body))")
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let error = try Harness.error(response)
            #expect(error.message?.isEmpty == false)
            if let code = badCase.code { #expect(error.code == code) }
            if let field = badCase.field { #expect(error.field == field) }
            #expect(try await app.snapshot() == before)
        }
    }

    @Test("a 401 tells the client how to authenticate")
    func wwwAuthenticate() async throws {
        try await Harness.run { (app: Harness) async throws in
            let response = try await app.call(.get, "/api/v1/me", token: "not-a-token")
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
        }
    }
}
