import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Organisation
import Storage
import SwitchboardTestSupport
import Testing

@testable import Web

/// Issue 14, D4: a client that retries a POST it did not hear the answer to must not create a
/// second record. The key travels in `Idempotency-Key`.
@Suite("Idempotency-Key on POSTs that create something")
struct IdempotencyTests {
    static func key(_ value: String) -> HTTPFields { [.init("Idempotency-Key")!: value] }

    static func calls(_ app: Harness) async throws -> Int {
        try await app.service.database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM calls").first()!.decode(column: "n", as: Int.self)
        }
    }

    @Test("a retried call with the same key gets the first answer and stores one call", arguments: TestDatabase.available)
    func retriedCall(_ kind: TestDatabase) async throws {
        try await Harness.run(on: kind) { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let body = #"{"queue":"800","from":"+31201234567"}"#
            let first = try await app.call(.post, "/api/v1/calls", token: supervisor, json: body, headers: Self.key("retry-1"))
            #expect(first.status == .created, "\(String(buffer: first.body))")
            let id = try #require(try Harness.json(first)["id"]?.intValue)
            for _ in 0..<3 {
                let again = try await app.call(.post, "/api/v1/calls", token: supervisor, json: body, headers: Self.key("retry-1"))
                #expect(again.status == .created)
                #expect(try Harness.json(again)["id"]?.intValue == id)
                #expect(again.headers[.init("Idempotent-Replayed")!] == "true")
            }
            #expect(try await Self.calls(app) == 1)
            // Without a key, or with another, it is a new call.
            #expect(try await app.call(.post, "/api/v1/calls", token: supervisor, json: body).status == .created)
            #expect(try await app.call(.post, "/api/v1/calls", token: supervisor, json: body, headers: Self.key("retry-2")).status == .created)
            #expect(try await Self.calls(app) == 3)
        }
    }

    @Test("the same key on a different request is refused naming the header, and creates nothing")
    func differentRequest() async throws {
        try await Harness.run { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            #expect(try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800","from":"+31"}"#, headers: Self.key("k")).status == .created)
            let other = try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"801","from":"+31"}"#, headers: Self.key("k"))
            #expect(other.status == .unprocessableContent)
            #expect(try Harness.error(other).field == "Idempotency-Key")
            #expect(try await Self.calls(app) == 1)
        }
    }

    @Test("keys are each user's own: another user's same key is a new request")
    func perUser() async throws {
        try await Harness.run { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let admin = try await app.signIn("admin")
            let body = #"{"queue":"800","from":"+31"}"#
            let a = try Harness.json(try await app.call(.post, "/api/v1/calls", token: supervisor, json: body, headers: Self.key("shared")))["id"]?.intValue
            let b = try Harness.json(try await app.call(.post, "/api/v1/calls", token: admin, json: body, headers: Self.key("shared")))["id"]?.intValue
            #expect(a != nil && b != nil && a != b)
        }
    }

    @Test("a refused request is not remembered: corrected, it goes through with the same key")
    func refusedNotRemembered() async throws {
        try await Harness.run { (app: Harness) async throws in
            let admin = try await app.signIn("admin")
            let bad = try await app.call(.post, "/api/v1/skills", token: admin, json: #"{"name":""}"#, headers: Self.key("skill-1"))
            #expect(bad.status == .unprocessableContent)
            let created = try await app.call(.post, "/api/v1/skills", token: admin, json: #"{"name":"Papiamento"}"#, headers: Self.key("skill-1"))
            #expect(created.status == .created, "\(String(buffer: created.body))")
            let replay = try await app.call(.post, "/api/v1/skills", token: admin, json: #"{"name":"Papiamento"}"#, headers: Self.key("skill-1"))
            #expect(replay.status == .created)
            #expect(try Harness.json(replay)["id"]?.intValue == (try Harness.json(created)["id"]?.intValue))
        }
    }

    @Test("a key that is empty, too long or not visible ASCII is refused", arguments: ["", String(repeating: "k", count: 256), "two words", "sleutel-é"])
    func badKeys(_ key: String) async throws {
        try await Harness.run { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let response = try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800","from":"+31"}"#, headers: Self.key(key))
            #expect(response.status == .unprocessableContent)
            #expect(try Harness.error(response).field == "Idempotency-Key")
            #expect(try await Self.calls(app) == 0)
        }
    }
}
