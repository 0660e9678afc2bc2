import Calls
import ContactCenter
import Demo
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

/// An in-process server over a fresh database seeded with the demo organisation, and a client
/// that speaks to its router directly (no sockets).
struct Harness: Sendable {
    let client: any TestClientProtocol
    let service: OrganisationService
    let clock: TestClock
    let contactCenter: ContactCenter

    func center() async throws -> ContactCenter { contactCenter }

    /// Runs `body` against a new demo organisation on `kind` (SQLite unless asked).
    static func run(
        on kind: TestDatabase = .sqlite, seeded: Bool = true, telephony: SIPEndpoint? = nil, _ body: @escaping @Sendable (Harness) async throws -> Void
    ) async throws {
        try await kind.with { (database: Database) async throws in
            let clock = TestClock()
            let service = OrganisationService.forTesting(database, clock: clock)
            if seeded { try await DemoOrganisation.seedIfEmpty(service) }
            let center = try await ContactCenter(database: database, clock: { clock.now })
            let app = Application(router: Server.router(service: service, center: center, phones: telephony.map { SIPPhoneSystem(endpoint: $0, service: service) }))
            try await app.test(.router) { client in
                try await body(Harness(client: client, service: service, clock: clock, contactCenter: center))
            }
        }
    }

    @discardableResult
    func call(
        _ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: String? = nil, form: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        if form != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let body = (json ?? form).map { ByteBuffer(string: $0) }
        return try await client.execute(uri: path, method: method, headers: headers, body: body)
    }

    /// Signs in through the API and returns the bearer token.
    func signIn(_ username: String, password: String = DemoOrganisation.password) async throws -> String {
        let response = try await call(.post, "/api/v1/sessions", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
        try #require(response.status == .created, "sign-in of \(username) gave \(response.status): \(String(buffer: response.body))")
        return try #require(try Self.json(response)["token"]?.stringValue)
    }

    static func json(_ response: TestResponse) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(response.body.readableBytesView))
    }

    /// The `error` object of an error response: code, message, field.
    static func error(_ response: TestResponse) throws -> (code: String?, field: String?, message: String?) {
        let error = try json(response)["error"]
        return (error?["code"]?.stringValue, error?["field"]?.stringValue, error?["message"]?.stringValue)
    }

    /// A fingerprint of everything stored, to prove that a failed request changed nothing.
    func snapshot() async throws -> String {
        let admin = Principal.console
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func text(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        let audit = try await service.auditLog(limit: 1000, by: admin).filter { !$0.action.hasPrefix("session.") }.count
        return [
            try text(try await service.users(by: admin)), try text(try await service.teams(by: admin)), try text(try await service.skills(by: admin)),
            try text(try await service.agents(by: admin)), try text(try await service.queues(by: admin)),
            try text(try await service.notReadyReasons(by: admin)), "audit:\(audit)",
        ].joined(separator: "\n")
    }

    func id(of username: String) async throws -> Int64 {
        try #require(try await service.users(by: .console).first { $0.username == username }?.id)
    }

    /// The agent record (not the user) of a demo sign-in.
    func agentRecord(_ username: String) async throws -> Int64 {
        try #require(try await service.agents(by: .console).first { $0.username == username }?.id)
    }
}

extension JSONValue {
    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var intValue: Int64? {
        if case .number(let value) = self { return Int64(exactly: value) }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }
}

extension JSONValue {
    var doubleValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }
}
