import Foundation
import Hummingbird
import HummingbirdTesting
import Organisation
import SwitchboardCore
import Testing

@testable import Web

@Suite("The web pages")
struct PageTests {
    /// Signs in through the form and returns the session cookie header value.
    static func signIn(_ app: Harness, _ username: String) async throws -> String {
        let response = try await app.call(.post, "/sign-in", form: "username=\(username)&password=demo")
        try #require(response.status == .seeOther)
        #expect(response.headers[.location] == "/")
        let cookie = try #require(response.headers[.setCookie])
        return String(cookie.split(separator: ";")[0])
    }

    @Test("visitors who are not signed in are sent to the sign-in page, in their browser's language")
    func signInPage() async throws {
        try await Harness.run { (app: Harness) async throws in
            let home = try await app.call(.get, "/")
            #expect(home.status == .seeOther)
            #expect(home.headers[.location] == "/sign-in")
            let english = try await app.call(.get, "/sign-in")
            #expect(english.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(String(buffer: english.body).contains("Sign in to Switchboard"))
            let dutch = try await app.call(.get, "/sign-in", headers: [.acceptLanguage: "nl-NL,nl;q=0.9"])
            #expect(String(buffer: dutch.body).contains("Inloggen bij Switchboard"))
        }
    }

    @Test("a wrong password shows the form again with the error")
    func wrongPassword() async throws {
        try await Harness.run { (app: Harness) async throws in
            let response = try await app.call(.post, "/sign-in", form: "username=agent01&password=wrong")
            #expect(response.status == .unauthorized)
            let html = String(buffer: response.body)
            #expect(html.contains("id=\"error\""))
            #expect(html.contains("value=\"agent01\""))
        }
    }

    @Test("each role's home page shows what matters to it, in the user's language")
    func homePages() async throws {
        try await Harness.run { (app: Harness) async throws in
            let agent = String(buffer: try await app.call(.get, "/", headers: [.cookie: try await Self.signIn(app, "agent01")]).body)
            #expect(agent.contains("Welkom, Daan de Vries"))
            #expect(agent.contains("Team Amstel"))
            #expect(agent.contains("id=\"my-skills\""))
            #expect(!agent.contains("id=\"admin-link\""))
            let leader = String(buffer: try await app.call(.get, "/", headers: [.cookie: try await Self.signIn(app, "teamlead3")]).body)
            #expect(leader.contains("Welcome, Emily Carter"))
            #expect(leader.contains("id=\"team-agents\""))
            #expect(leader.contains("Team Thames"))
            let supervisor = String(buffer: try await app.call(.get, "/", headers: [.cookie: try await Self.signIn(app, "supervisor")]).body)
            #expect(supervisor.contains("Klantenservice NL"))
            #expect(supervisor.contains("id=\"teams\""))
            let admin = String(buffer: try await app.call(.get, "/", headers: [.cookie: try await Self.signIn(app, "admin")]).body)
            #expect(admin.contains("id=\"admin-link\""))
            #expect(admin.contains("Uitloggen"))
        }
    }

    @Test("the administration page lists the whole demo organisation")
    func adminPage() async throws {
        try await Harness.run { (app: Harness) async throws in
            let cookie = try await Self.signIn(app, "admin")
            let response = try await app.call(.get, "/admin", headers: [.cookie: cookie])
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            for text in ["agent01", "agent39", "teamlead3", "planner", "Team Amstel", "Team Maas", "Team Thames", "lang:nl", "memberServices",
                "Klantenservice NL", "Customer Service EN", "Member Services", "Eerste Kerstdag"]
            {
                #expect(html.contains(text), "admin page lacks \(text)")
            }
            let agent = try await app.call(.get, "/admin", headers: [.cookie: try await Self.signIn(app, "agent01")])
            #expect(agent.status == .forbidden)
        }
    }

    @Test("forms on the administration page create and delete, and show errors")
    func adminForms() async throws {
        try await Harness.run { (app: Harness) async throws in
            let cookie = try await Self.signIn(app, "admin")
            let created = try await app.call(.post, "/admin/skills", form: "name=lang%3Afr&description=French", headers: [.cookie: cookie])
            #expect(created.status == .seeOther)
            let skill = try #require(try await app.service.skills(by: .console).first { $0.name == "lang:fr" })
            #expect(skill.description == "French")
            let queue = try await app.call(
                .post, "/admin/queues", form: "name=Klachten&extension=899&priority=9&serviceLevelPercent=95&serviceLevelSeconds=10&wrapUpSeconds=60&skill=lang%3Anl&minimumProficiency=4",
                headers: [.cookie: cookie])
            #expect(queue.status == .seeOther)
            let stored = try #require(try await app.service.queues(by: .console).first { $0.name == "Klachten" })
            #expect(stored.settings.serviceLevel == ServiceLevelTarget(percent: 95, seconds: 10))
            #expect(stored.settings.requiredSkills == [SkillRequirement(skill: "lang:nl", minimumProficiency: 4)])
            let user = try await app.call(
                .post, "/admin/users", form: "username=newhire&displayName=New+Hire&language=en&password=welcome-123&roles%5B%5D=agent&roles%5B%5D=qa",
                headers: [.cookie: cookie])
            #expect(user.status == .seeOther)
            #expect(try await app.service.users(by: .console).first { $0.username == "newhire" }?.roles == [.agent, .qa])
            let bad = try await app.call(.post, "/admin/teams", form: "name=", headers: [.cookie: cookie])
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("id=\"error\""))
            let deleted = try await app.call(.post, "/admin/skills/\(skill.id)/delete", headers: [.cookie: cookie])
            #expect(deleted.status == .seeOther)
            #expect(try await app.service.skills(by: .console).contains { $0.name == "lang:fr" } == false)
        }
    }

    @Test("the administration page lists, adds and removes not-ready reasons; missedCall cannot be removed")
    func reasonForms() async throws {
        try await Harness.run { (app: Harness) async throws in
            let cookie = try await Self.signIn(app, "admin")
            let added = try await app.call(.post, "/admin/not-ready-reasons", form: "code=backOffice&label=Back+office", headers: [.cookie: cookie])
            #expect(added.status == .seeOther)
            let page = String(buffer: try await app.call(.get, "/admin", headers: [.cookie: cookie]).body)
            #expect(page.contains("id=\"reasons\""))
            #expect(page.contains("Back office"))
            #expect(page.contains("/admin/not-ready-reasons/lunch/delete"))
            #expect(!page.contains("/admin/not-ready-reasons/missedCall/delete"))
            let removed = try await app.call(.post, "/admin/not-ready-reasons/backOffice/delete", headers: [.cookie: cookie])
            #expect(removed.status == .seeOther)
            let system = try await app.call(.post, "/admin/not-ready-reasons/missedCall/delete", headers: [.cookie: cookie])
            #expect(system.status == .conflict)
            #expect(String(buffer: system.body).contains("id=\"error\""))
            #expect(try await app.service.notReadyReasons(by: .console).map(\.code) == ["break", "lunch", "training", "meeting", "coaching", "missedCall"])
        }
    }

    @Test("a form posted from another site is refused")
    func crossSite() async throws {
        try await Harness.run { (app: Harness) async throws in
            let cookie = try await Self.signIn(app, "admin")
            let response = try await app.call(
                .post, "/admin/skills", form: "name=evil", headers: [.cookie: cookie, .origin: "https://evil.example"])
            #expect(response.status == .forbidden)
            #expect(try await app.service.skills(by: .console).contains { $0.name == "evil" } == false)
        }
    }

    @Test("text from users is escaped in pages")
    func escaping() async throws {
        try await Harness.run { (app: Harness) async throws in
            let admin = try await app.signIn("admin")
            let created = try await app.call(.post, "/api/v1/users", token: admin, json: """
                {"username":"mallory","displayName":"<script>alert(1)</script>","roles":["agent"],"password":"12345678"}
                """)
            #expect(created.status == .created)
            let html = String(buffer: try await app.call(.get, "/admin", headers: [.cookie: try await Self.signIn(app, "admin")]).body)
            #expect(!html.contains("<script>alert(1)</script>"))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
    }

    @Test("signing out through the page ends the session")
    func signOut() async throws {
        try await Harness.run { (app: Harness) async throws in
            let cookie = try await Self.signIn(app, "qa")
            let response = try await app.call(.post, "/sign-out", headers: [.cookie: cookie])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/sign-in")
            #expect(try await app.call(.get, "/", headers: [.cookie: cookie]).status == .seeOther)
        }
    }

    @Test("records are edited through their own page: a queue's hours, a user's roles, an agent's skills")
    func editPages() async throws {
        try await Harness.run { (app: Harness) async throws in
            let cookie = try await Self.signIn(app, "admin")
            let billing = try #require(try await app.service.queues(by: .console).first { $0.name == "Billing" })
            let page = try await app.call(.get, "/admin/queues/\(billing.id)", headers: [.cookie: cookie])
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("mon 08:00-20:00"))
            let form = [
                "name=Billing", "extension=802", "priority=8", "serviceLevelPercent=85", "serviceLevelSeconds=25", "maxWaitingCalls=40",
                "wrapUpSeconds=50", "timeZone=Europe%2FAmsterdam", "requiredSkills=billing+3%0Alang%3Anl+2", "strategy=mostSkilled", "weight=2",
                "ringTimeoutSeconds=25", "missedCallGoesNotReady=on",
                "weekly=mon+08%3A00-12%3A00%2C+13%3A00-17%3A00%0Asat+10%3A00-14%3A00", "holidays=2026-12-25+Eerste+Kerstdag",
            ].joined(separator: "&")
            let saved = try await app.call(.post, "/admin/queues/\(billing.id)", form: form, headers: [.cookie: cookie])
            #expect(saved.status == .seeOther, "\(String(buffer: saved.body))")
            let updated = try await app.service.queue(billing.id, by: .console).settings
            #expect(updated.priority == 8)
            #expect(updated.serviceLevel == ServiceLevelTarget(percent: 85, seconds: 25))
            #expect(updated.requiredSkills.map(\.skill) == ["billing", "lang:nl"])
            #expect(updated.hours.weekly[.mon]?.map(\.description) == ["08:00-12:00", "13:00-17:00"])
            #expect(updated.hours.weekly[.tue] == nil)
            #expect(updated.hours.holidays.map(\.name) == ["Eerste Kerstdag"])
            #expect(updated.strategy == .mostSkilled)
            #expect(updated.weight == 2)
            #expect(updated.ringTimeoutSeconds == 25)
            #expect(updated.missedCallGoesNotReady)
            #expect(!updated.escalation)

            let bad = try await app.call(
                .post, "/admin/queues/\(billing.id)", form: "name=Billing&extension=802&weekly=maandag+08%3A00-17%3A00", headers: [.cookie: cookie])
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("hours.weekly[0]"))
            #expect(try await app.service.queue(billing.id, by: .console).settings == updated)

            let qaId = try await app.id(of: "qa")
            let roles = try await app.call(
                .post, "/admin/users/\(qaId)", form: "username=qa&displayName=Quinten+Bakker&language=nl&active=on&roles%5B%5D=qa&roles%5B%5D=teamLeader",
                headers: [.cookie: cookie])
            #expect(roles.status == .seeOther)
            #expect(try await app.service.user(qaId, by: .console).roles == [.teamLeader, .qa])

            let made = try await app.call(.post, "/admin/agents", form: "userId=\(qaId)&teamId=&skills=lang%3Anl+4%0Abilling+2", headers: [.cookie: cookie])
            #expect(made.status == .seeOther, "\(String(buffer: made.body))")
            let agent = try #require(try await app.service.agents(by: .console).first { $0.userId == qaId })
            #expect(agent.skills == [SkillLevel(skill: "billing", proficiency: 2), SkillLevel(skill: "lang:nl", proficiency: 4)])
            let team = try #require(try await app.service.teams(by: .console).first)
            let moved = try await app.call(.post, "/admin/agents/\(agent.id)", form: "teamId=\(team.id)&skills=billing+5", headers: [.cookie: cookie])
            #expect(moved.status == .seeOther)
            let after = try await app.service.agent(agent.id, by: .console)
            #expect(after.teamId == team.id)
            #expect(after.skills == [SkillLevel(skill: "billing", proficiency: 5)])
        }
    }

    @Test("the notice on the administration page shows only the known messages")
    func noticeIsNotFreeText() async throws {
        try await Harness.run { (app: Harness) async throws in
            let cookie = try await Self.signIn(app, "admin")
            let html = String(buffer: try await app.call(.get, "/admin?done=Your+account+is+locked.+Call+0900-SCAM", headers: [.cookie: cookie]).body)
            #expect(!html.contains("SCAM"))
            #expect(!html.contains("id=\"notice\""))
        }
    }

    @Test("a browser asking for a missing page gets an HTML error page; the API keeps JSON")
    func htmlErrors() async throws {
        try await Harness.run { (app: Harness) async throws in
            let page = try await app.call(.get, "/nowhere", headers: [.accept: "text/html,application/xhtml+xml"])
            #expect(page.status == .notFound)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            let api = try await app.call(.get, "/api/v1/nowhere", headers: [.accept: "text/html"])
            #expect(api.headers[.contentType]?.hasPrefix("application/json") == true)
        }
    }

    @Test("the sign-in page mentions the demo password only in the demo")
    func demoHint() async throws {
        try await Harness.run { (app: Harness) async throws in
            #expect(!String(buffer: try await app.call(.get, "/sign-in").body).contains("password demo"))
        }
    }
}
