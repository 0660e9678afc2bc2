import Hummingbird
import HummingbirdTesting
import Organisation
import SwitchboardCore
import Testing

@testable import Web

@Suite("The permission matrix: every role × every endpoint group, through the API")
struct PermissionMatrixTests {
    /// The demo sign-in that holds each role.
    static let signIns: [Role: String] = [
        .agent: "agent01", .teamLeader: "teamlead1", .supervisor: "supervisor", .qa: "qa", .workforce: "planner", .recruiter: "recruiter",
        .admin: "admin",
    ]

    /// What each role may do, written out independently of `Permissions.table` so that a change
    /// to the table must be a deliberate change here too.
    static let expected: [Resource: (read: Set<Role>, write: Set<Role>)] = [
        .profile: (Set(Role.allCases), Set(Role.allCases)),
        .users: ([.admin, .supervisor], [.admin]),
        .teams: (Set(Role.allCases), [.admin, .supervisor]),
        .skills: (Set(Role.allCases), [.admin]),
        .queues: (Set(Role.allCases), [.admin, .supervisor]),
        .agents: (Set(Role.allCases), [.admin, .supervisor, .workforce]),
        .audit: ([.admin, .supervisor], []),
        .calls: ([.admin, .supervisor, .teamLeader, .qa], [.admin, .supervisor]),
        .staffing: ([.admin, .supervisor, .teamLeader, .workforce], []),
        .customers: ([.admin, .supervisor, .teamLeader, .qa, .agent], [.admin, .supervisor]),
        .knowledge: (Set(Role.allCases), [.admin, .supervisor, .qa]),
        .goals: ([.admin, .supervisor, .teamLeader, .qa, .agent], [.admin, .supervisor, .teamLeader]),
    ]

    /// Requests of the endpoint group that are harmless whether or not they are allowed: reads
    /// list and show; writes create with an empty body (422 when allowed), change and delete a
    /// record that does not exist (404 when allowed) — 403 when not allowed.
    static func probes(_ resource: Resource, _ operation: Operation) -> [(HTTPRequest.Method, String, String?)] {
        switch (resource, operation) {
        case (.profile, .read): [(.get, "/api/v1/me", nil)]
        case (.profile, .write): [(.patch, "/api/v1/me", #"{"language":"en"}"#)]
        case (.audit, .read): [(.get, "/api/v1/audit", nil)]
        case (.audit, .write): []
        case (.calls, .read): [(.get, "/api/v1/calls/999999", nil)]
        case (.calls, .write): [(.post, "/api/v1/calls", "{}")]
        case (.staffing, .read): [(.post, "/api/v1/staffing", "{}")]
        case (.staffing, .write): []
        case (.customers, .write): [(.post, "/api/v1/customers", "{}")]
        case (.goals, .read): [(.get, "/api/v1/goals", nil)]
        case (.goals, .write): [(.post, "/api/v1/goals", "{}"), (.delete, "/api/v1/goals/999999", nil)]
        case (.knowledge, .read): [(.get, "/api/v1/articles", nil), (.get, "/api/v1/articles/999999", nil), (.get, "/api/v1/scripts", nil)]
        case (.knowledge, .write):
            [(.post, "/api/v1/articles", "{}"), (.put, "/api/v1/articles/999999", "{}"), (.delete, "/api/v1/articles/999999", nil),
             (.put, "/api/v1/scripts/default", "{}")]
        case (_, .read):
            [(.get, "/api/v1/\(resource.rawValue)", nil), (.get, "/api/v1/\(resource.rawValue)/999999", nil)]
                + (resource == .queues ? [(.get, "/api/v1/not-ready-reasons", nil)] : [])
        case (_, .write):
            [
                (.post, "/api/v1/\(resource.rawValue)", "{}"), (.patch, "/api/v1/\(resource.rawValue)/999999", "{}"),
                (.delete, "/api/v1/\(resource.rawValue)/999999", nil),
            ]
                // The not-ready reasons are part of the routing set-up, with the queues.
                + (resource == .queues
                    ? [(.post, "/api/v1/not-ready-reasons", "{}"), (.patch, "/api/v1/not-ready-reasons/nothing", #"{"label":"x"}"#),
                        (.delete, "/api/v1/not-ready-reasons/nothing", nil)] : [])
        }
    }

    @Test("only a team leader without a floor-wide role is limited to their team's figures")
    func teamScope() {
        func principal(_ roles: [Role]) -> Principal { Principal(userId: 1, username: "x", roles: roles) }
        #expect(principal([.teamLeader]).seesOnlyOwnTeam)
        #expect(principal([.teamLeader, .agent]).seesOnlyOwnTeam)
        for floor in [Role.supervisor, .admin, .qa, .workforce] {
            #expect(!principal([.teamLeader, floor]).seesOnlyOwnTeam, "team leader and \(floor)")
            #expect(!principal([floor]).seesOnlyOwnTeam)
        }
        #expect(!principal([.agent]).seesOnlyOwnTeam)
    }

    @Test("the permission table says what the matrix says")
    func table() {
        for resource in Resource.allCases {
            let expectation = try! #require(Self.expected[resource])
            for role in Role.allCases {
                #expect(Permissions.allows([role], to: .read, resource) == expectation.read.contains(role), "\(role) read \(resource)")
                #expect(Permissions.allows([role], to: .write, resource) == expectation.write.contains(role), "\(role) write \(resource)")
            }
        }
    }

    @Test("each role gets 403 exactly where the matrix forbids, and never 401", arguments: Role.allCases)
    func matrix(_ role: Role) async throws {
        try await Harness.run { (app: Harness) async throws in
            let token = try await app.signIn(try #require(Self.signIns[role]))
            for resource in Resource.allCases {
                let expectation = try #require(Self.expected[resource])
                for operation in Operation.allCases {
                  for (method, path, body) in Self.probes(resource, operation) {
                    let allowed = operation == .read ? expectation.read.contains(role) : expectation.write.contains(role)
                    let response = try await app.call(method, path, token: token, json: body)
                    if allowed {
                        #expect(response.status != .forbidden && response.status != .unauthorized, "\(role) \(method) \(path): \(response.status)")
                        #expect(response.status.code < 500)
                    } else {
                        #expect(response.status == .forbidden, "\(role) \(method) \(path): \(response.status)")
                    }
                  }
                }
            }
        }
    }

    @Test("without signing in, every endpoint group answers 401")
    func anonymous() async throws {
        try await Harness.run { (app: Harness) async throws in
            for resource in Resource.allCases {
                for operation in Operation.allCases {
                    for (method, path, body) in Self.probes(resource, operation) {
                        #expect(try await app.call(method, path, json: body).status == .unauthorized, "\(method) \(path)")
                    }
                }
            }
        }
    }
}
