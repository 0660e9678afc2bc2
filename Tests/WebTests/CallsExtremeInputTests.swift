import Foundation
import Hummingbird
import HummingbirdTesting
import SwitchboardTestSupport
import Testing

@testable import Web

/// Issue 14, D1: a queue id too large for Int64 trapped the process, and every live call was
/// lost. Each number below arrives as a JSON double; none may be taken for an id.
@Suite("Extreme numbers on the calls API")
struct CallsExtremeInputTests {
    static let queues = ["1e19", "-1e19", "9223372036854775808", "-9223372036854775809", "1e308", "-1e308", "1.5", "0", "-1", "99999999999999999999"]

    @Test("a new call into a queue id no Int64 can hold is refused naming the field, and the server goes on", arguments: queues)
    func newCall(_ queue: String) async throws {
        try await Harness.run { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let response = try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":\#(queue),"from":"+31201234567"}"#)
            #expect(response.status == .unprocessableContent, "\(String(buffer: response.body))")
            #expect(try Harness.error(response).field == "queue")
            // Still serving: a real call goes through.
            let fine = try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800","from":"+31201234567"}"#)
            #expect(fine.status == .created)
        }
    }

    /// agent01 available and talking to a caller of Klantenservice NL: the tokens and the call.
    static func answeredCall(_ app: Harness) async throws -> (supervisor: String, agent: String, call: Int64) {
        let supervisor = try await app.signIn("supervisor")
        let agent = try await app.signIn("agent01")
        let agentId = try await app.agentRecord("agent01")
        #expect(try await app.call(.post, "/api/v1/agents/\(agentId)/state", token: agent, json: #"{"state":"available"}"#).status == .ok)
        let call = try #require(try Harness.json(try await app.call(.post, "/api/v1/calls", token: supervisor, json: #"{"queue":"800","from":"+31"}"#))["id"]?.intValue)
        #expect(try await app.call(.post, "/api/v1/calls/\(call)/answer", token: agent).status == .ok)
        return (supervisor, agent, call)
    }

    @Test("the agent on a call transferring it to a queue id no Int64 can hold gets 422 and keeps the call", arguments: ["-1e19", "1e19", "9.3e18"])
    func transfer(_ queue: String) async throws {
        try await Harness.run { (app: Harness) async throws in
            let (supervisor, agent, call) = try await Self.answeredCall(app)
            let response = try await app.call(.post, "/api/v1/calls/\(call)/transfer", token: agent, json: #"{"queue":\#(queue)}"#)
            #expect(response.status == .unprocessableContent, "\(String(buffer: response.body))")
            #expect(try Harness.error(response).field == "queue")
            let detail = try Harness.json(try await app.call(.get, "/api/v1/calls/\(call)", token: supervisor))
            #expect(detail["state"]?.stringValue == "talking")
        }
    }

    @Test("an agent id no Int64 can hold in a transfer or consultation is refused naming the field", arguments: ["transfer", "consult"])
    func agentIds(_ operation: String) async throws {
        try await Harness.run { (app: Harness) async throws in
            let (_, agent, call) = try await Self.answeredCall(app)
            let response = try await app.call(.post, "/api/v1/calls/\(call)/\(operation)", token: agent, json: #"{"agentId":1e19}"#)
            #expect(response.status == .unprocessableContent, "\(String(buffer: response.body))")
            #expect(try Harness.error(response).field == "agentId")
        }
    }

    @Test("a call or agent id too large for Int64 in the path is 404 or 422, never a crash", arguments: ["99999999999999999999", "-99999999999999999999", "1e19", "NaN"])
    func pathIds(_ id: String) async throws {
        try await Harness.run { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            for path in ["/api/v1/calls/\(id)", "/api/v1/agents/\(id)/state", "/api/v1/agents/\(id)/today"] {
                let response = try await app.call(.get, path, token: supervisor)
                #expect([.notFound, .unprocessableContent, .badRequest].contains(response.status), "\(path): \(response.status)")
            }
            let hangup = try await app.call(.post, "/api/v1/calls/\(id)/hangup", token: supervisor)
            #expect([.notFound, .unprocessableContent, .badRequest].contains(hangup.status))
        }
    }
}
