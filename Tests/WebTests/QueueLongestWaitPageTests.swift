import Foundation
import Hummingbird
import HummingbirdTesting
import Organisation
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@testable import Web

/// Issue 14, D7: each queue's longest wait is set on its page like its other settings, and a
/// value out of range is explained in the administrator's language, naming the field by its
/// label (never the API's field code on a Dutch page).
@Suite("A queue's longest wait on the administration page")
struct QueueLongestWaitPageTests {
    static func form(_ seconds: String) -> String {
        "name=Billing&extension=802&priority=6&serviceLevelPercent=80&serviceLevelSeconds=30&maxWaitingCalls=50&wrapUpSeconds=45"
            + "&timeZone=Europe%2FAmsterdam&strategy=longestIdle&weight=1&ringTimeoutSeconds=20&maxWaitSeconds=\(seconds)&requiredSkills=billing%202"
    }

    @Test("an administrator sets it, sees it kept, and in Dutch is told the range when it is out of it")
    func setAndRefused() async throws {
        try await Harness.run { (app: Harness) async throws in
            let admin = try await PageTests.signIn(app, "admin")
            let queue = try #require(try await app.service.queues(by: .console).first { $0.name == "Billing" }?.id)
            let page = String(buffer: try await app.call(.get, "/admin/queues/\(queue)", headers: [.cookie: admin]).body)
            #expect(page.contains(#"name="maxWaitSeconds" type="number" min="10" max="86400" value="1800""#))
            let saved = try await app.call(.post, "/admin/queues/\(queue)", form: Self.form("600"), headers: [.cookie: admin])
            #expect(saved.status == .seeOther, "\(String(buffer: saved.body))")
            #expect(try await app.service.queue(queue, by: .console).settings.maxWaitSeconds == 600)

            let token = try await app.signIn("admin")
            #expect(try await app.call(.patch, "/api/v1/me", token: token, json: #"{"language":"nl"}"#).status == .ok)
            let refused = try await app.call(.post, "/admin/queues/\(queue)", form: Self.form("5"), headers: [.cookie: admin])
            #expect(refused.status == .unprocessableContent)
            let text = String(buffer: refused.body)
            #expect(text.contains("Langste wachttijd in de wachtrij: kies een geheel getal van 10 tot en met 86400 (ingevuld: 5)."), "\(text)")
            #expect(!text.contains("maxWaitSeconds must"))
            #expect(try await app.service.queue(queue, by: .console).settings.maxWaitSeconds == 600)
        }
    }
}
