import Foundation
import Hummingbird
import HummingbirdTesting
import Organisation
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@testable import Web

/// Issue 14: numbers, dates and periods too large (or too strange) for their type, sent to the
/// routes beyond the calls API — query strings, path ids, JSON bodies and forms. Each is refused
/// naming its field (or is no record: 404); none reaches a conversion that could trap.
@Suite("Extreme numbers, dates and periods on the rest of the API and the pages")
struct ExtremeInputTests {
    static let hugeIntegers = ["99999999999999999999", "9223372036854775808", "-9223372036854775809", "1e19", "NaN", "-0", "0"]

    @Test("query parameters out of range are refused with 422 naming the parameter")
    func queryParameters() async throws {
        try await Harness.run { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let agentId = try await app.agentRecord("agent01")
            var cases: [(String, String)] = []
            for period in ["99999999999999999999", "9223372036854775807", "-9223372036854775808", "999999999", "2026-W99999999999999999999",
                           "2026-Q9223372036854775807", "2026-12-99999999999999999999", "NaN", "Infinity", "1e308", "0000"] {
                cases.append(("/api/v1/reports?period=\(period)", "period"))
            }
            for value in Self.hugeIntegers + ["9223372036854775807", "-9223372036854775808", "101"] {
                cases.append(("/api/v1/articles?limit=\(value)", "limit"))
            }
            for value in Self.hugeIntegers + ["-9223372036854775808"] {
                cases.append(("/api/v1/events?limit=\(value)", "limit"))
                cases.append(("/api/v1/events?timeout=\(value)", "timeout"))
                cases.append(("/api/v1/realtime/wallboard?team=\(value)", "team"))
                cases.append(("/api/v1/realtime/wallboard?queue=\(value)", "queue"))
                cases.append(("/api/v1/goals?agentId=\(value)", "agentId"))
                cases.append(("/api/v1/follow-ups?agentId=\(value)", "agentId"))
            }
            cases.append(("/api/v1/events?timeout=9223372036854775807", "timeout"))
            for month in ["999999999-01", "99999999999999999999-01", "2026-99999999999999999999", "-9223372036854775808-01", "2026-13", "NaN", "1e308"] {
                cases.append(("/api/v1/agents/\(agentId)/referrals?month=\(month)", "month"))
            }
            for (path, field) in cases {
                let response = try await app.call(.get, path, token: supervisor)
                #expect(response.status == .unprocessableContent, "\(path): \(response.status) \(String(buffer: response.body))")
                #expect(try Harness.error(response).field == field, "\(path)")
            }
        }
    }

    @Test("ids no Int64 holds in a path are no record (404), never a crash")
    func pathIds() async throws {
        try await Harness.run { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            for id in Self.hugeIntegers + ["-9223372036854775808"] {
                for path in ["/api/v1/articles/\(id)", "/api/v1/scripts/\(id)", "/api/v1/calls/\(id)/note", "/api/v1/calls/\(id)/disposition",
                             "/api/v1/agents/\(id)/referrals", "/api/v1/agents/\(id)/sip", "/api/v1/queues/\(id)", "/api/v1/goals/\(id)"] {
                    let method: HTTPRequest.Method = path.hasPrefix("/api/v1/goals/") ? .delete : .get
                    let response = try await app.call(method, path, token: supervisor)
                    #expect(response.status == .notFound, "\(method) \(path): \(response.status) \(String(buffer: response.body))")
                }
            }
        }
    }

    @Test("a goal's target out of range is refused with 422 naming it, for every metric")
    func goalTargets() async throws {
        try await Harness.run { (app: Harness) async throws in
            let supervisor = try await app.signIn("supervisor")
            let agentId = try await app.agentRecord("agent01")
            for metric in ["callsHandled", "aht", "serviceLevel", "holdRate", "referrals", "notReadyShare"] {
                for target in ["1e19", "-1e19", "9223372036854775808", "1e308", "-1e308", "1000001"] {
                    let response = try await app.call(.post, "/api/v1/goals", token: supervisor, json: #"{"agentId":\#(agentId),"metric":"\#(metric)","target":\#(target)}"#)
                    #expect(response.status == .unprocessableContent, "\(metric) \(target): \(String(buffer: response.body))")
                    #expect(try Harness.error(response).field == "target", "\(metric) \(target)")
                }
            }
        }
    }

    @Test("queue settings at the ends of Int, or past them, are refused with 422 naming the field and change nothing")
    func queueSettings() async throws {
        try await Harness.run { (app: Harness) async throws in
            let admin = try await app.signIn("admin")
            let queue = try #require(try await app.service.queues(by: .console).first?.id)
            let before = try await app.snapshot()
            let cases: [(String, String)] = [
                (#"{"wrapUpSeconds": 9223372036854775807}"#, "wrapUpSeconds"),
                (#"{"wrapUpSeconds": 9223372036854775808}"#, "wrapUpSeconds"),
                (#"{"wrapUpSeconds": 1e19}"#, "wrapUpSeconds"),
                (#"{"wrapUpSeconds": -9223372036854775808}"#, "wrapUpSeconds"),
                (#"{"ringTimeoutSeconds": -9223372036854775808}"#, "ringTimeoutSeconds"),
                (#"{"maxWaitingCalls": 9223372036854775807}"#, "maxWaitingCalls"),
                (#"{"priority": -9223372036854775808}"#, "priority"),
                (#"{"weight": 9223372036854775807}"#, "weight"),
                (#"{"serviceLevel": {"percent": 80, "seconds": 9223372036854775807}}"#, "serviceLevel.seconds"),
                (#"{"serviceLevel": {"percent": -9223372036854775808, "seconds": 20}}"#, "serviceLevel.percent"),
                (#"{"overflow": [{"afterSeconds": 9223372036854775807, "action": "end"}]}"#, "overflow[0].afterSeconds"),
                (#"{"overflow": [{"afterSeconds": 30, "action": "lowerMinimum", "minimum": -9223372036854775808}]}"#, "overflow[0].minimum"),
                (#"{"requiredSkills": [{"skill": "billing", "minimumProficiency": 9223372036854775807}]}"#, "requiredSkills[0].minimumProficiency"),
                (#"{"alerts": {"longestWaitSeconds": 9223372036854775807}}"#, "alerts.longestWaitSeconds"),
                (#"{"alerts": {"callsOnHold": -9223372036854775808}}"#, "alerts.callsOnHold"),
            ]
            for (body, field) in cases {
                let response = try await app.call(.patch, "/api/v1/queues/\(queue)", token: admin, json: body)
                #expect(response.status == .unprocessableContent, "\(body): \(String(buffer: response.body))")
                #expect(try Harness.error(response).field == field, "\(body): \(String(buffer: response.body))")
            }
            // Opening hours and holidays that are no times or dates.
            for body in [
                #"{"hours": {"timeZone": "Europe/Amsterdam", "weekly": {"mon": ["99:99-25:00"]}}}"#,
                #"{"hours": {"timeZone": "Europe/Amsterdam", "weekly": {"mon": ["9223372036854775807:00-08:00"]}}}"#,
                #"{"hours": {"timeZone": "Europe/Amsterdam", "weekly": {}, "holidays": [{"date": "99999999999999999999-12-25", "name": "x"}]}}"#,
            ] {
                let response = try await app.call(.patch, "/api/v1/queues/\(queue)", token: admin, json: body)
                #expect(response.status == .unprocessableContent, "\(body): \(String(buffer: response.body))")
            }
            #expect(try await app.snapshot() == before)
        }
    }

    @Test("the pages refuse periods, ids and form numbers out of range with a page, not a crash")
    func pages() async throws {
        try await Harness.run { (app: Harness) async throws in
            let supervisor = try await PageTests.signIn(app, "supervisor")
            let admin = try await PageTests.signIn(app, "admin")
            let queue = try #require(try await app.service.queues(by: .console).first?.id)
            for period in ["99999999999999999999", "-9223372036854775808", "2026-W99999999999999999999", "NaN", "1e308"] {
                let response = try await app.call(.get, "/reports?period=\(period)", headers: [.cookie: supervisor])
                #expect(response.status == .unprocessableContent, "\(period): \(response.status)")
            }
            for id in Self.hugeIntegers {
                #expect(try await app.call(.get, "/customers/\(id)", headers: [.cookie: supervisor]).status == .notFound, "\(id)")
                #expect(try await app.call(.get, "/admin/queues/\(id)", headers: [.cookie: admin]).status == .notFound, "\(id)")
            }
            let before = try await app.snapshot()
            for form in ["name=Q&extension=800&priority=99999999999999999999", "name=Q&extension=800&wrapUpSeconds=-9223372036854775808",
                         "name=Q&extension=800&serviceLevelSeconds=1e19", "name=Q&extension=800&weekly=mon%2099:99-25:00",
                         "name=Q&extension=800&holidays=99999999999999999999-12-25%20x"] {
                let response = try await app.call(.post, "/admin/queues/\(queue)", form: form, headers: [.cookie: admin])
                #expect(response.status == .unprocessableContent, "\(form): \(response.status)")
            }
            #expect(try await app.snapshot() == before)
        }
    }
}
