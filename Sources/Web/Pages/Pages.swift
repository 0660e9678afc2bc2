import Foundation
import Hummingbird
import Organisation
import SwitchboardCore

/// The server-rendered web pages: sign-in, a home page that shows each of the person's roles
/// what matters to it, and the administrator's page to manage users, teams, skills and queues.
/// Forms post back here and go through the same `OrganisationService` as the API.
struct Pages {
    let service: OrganisationService
    /// Whether this is `switchboard demo`: only then does the sign-in page mention the demo password.
    var demo = false
    /// Told after a form changed queues, agents or teams, so routing follows at once.
    var organisationChanged: @Sendable () async throws -> Void = {}

    func register(on router: Router<AppContext>) {
        registerEditing(on: router)
        registerDesk(on: router)
        registerCustomerPages(on: router)
        registerWallboard(on: router)
        registerReports(on: router)
        router.get("sign-in") { request, context in
            if context.user != nil { return HTML.redirect(to: "/") }
            return signInPage(language: Self.language(of: request), error: nil)
        }
        router.post("sign-in") { request, context in
            try Self.checkOrigin(request)
            let form = try await Self.form(SignInBody.self, request, context)
            do {
                let signedIn = try await service.signIn(username: form.username, password: form.password, clientAddress: context.clientAddress)
                var response = HTML.redirect(to: "/")
                response.setCookie(SessionCookie.make(token: signedIn.token, lifetime: service.sessionLifetime, for: request))
                return response
            } catch let error as SwitchboardError {
                let language = Self.language(of: request)
                let message = error.code == "bad_credentials" ? L10n(language)[error.message] : error.message
                return signInPage(language: language, error: message, username: form.username, status: ErrorMiddleware<AppContext>.status(of: error.kind))
            }
        }
        router.post("sign-out") { request, context in
            try Self.checkOrigin(request)
            if let token = context.token, let principal = context.principal { try await service.signOut(token: token, by: principal) }
            var response = HTML.redirect(to: "/sign-in")
            response.setCookie(SessionCookie.expired(for: request))
            return response
        }
        router.get("/") { _, context in
            guard let user = context.user, let principal = context.principal else { return HTML.redirect(to: "/sign-in") }
            return try await home(user, principal)
        }
        router.get("admin") { request, context in
            guard let user = context.user, let principal = context.principal else { return HTML.redirect(to: "/sign-in") }
            // Only the two known notices: the query string must not put arbitrary text on the page.
            let done = request.uri.queryParameters["done"].map(String.init).flatMap { ["Saved.", "Deleted."].contains($0) ? $0 : nil }
            return try await admin(user, principal, notice: done.map { L10n(user.language)[$0] })
        }
        router.post("admin/{kind}") { request, context in
            guard let user = context.user, let principal = context.principal else { return HTML.redirect(to: "/sign-in") }
            try Self.checkOrigin(request)
            do {
                switch context.parameters.get("kind") {
                case "users":
                    let form = try await Self.form(UserForm.self, request, context)
                    _ = try await service.createUser(
                        UserInput(username: form.username, displayName: form.displayName, language: form.language, roles: form.roles ?? [], password: form.password),
                        by: principal)
                case "teams":
                    let form = try await Self.form(TeamForm.self, request, context)
                    _ = try await service.createTeam(TeamInput(name: form.name, leaderId: try Self.reference(form.leaderId, field: "leaderId", empty: .absent)), by: principal)
                case "skills":
                    let form = try await Self.form(SkillForm.self, request, context)
                    _ = try await service.createSkill(SkillInput(name: form.name, description: form.description), by: principal)
                case "queues":
                    let form = try await Self.form(QueueForm.self, request, context)
                    let requirements = (form.skill?.isEmpty ?? true) ? [] : [SkillRequirement(skill: form.skill!, minimumProficiency: form.minimumProficiency ?? 1)]
                    _ = try await service.createQueue(
                        QueueInput(
                            name: form.name, extensionNumber: form.extensionNumber, priority: form.priority,
                            serviceLevel: ServiceLevelTarget(percent: form.serviceLevelPercent ?? 80, seconds: form.serviceLevelSeconds ?? 20),
                            wrapUpSeconds: form.wrapUpSeconds, requiredSkills: requirements),
                        by: principal)
                case "not-ready-reasons":
                    let form = try await Self.form(ReasonForm.self, request, context)
                    _ = try await service.createNotReadyReason(NotReadyReasonInput(code: form.code, label: form.label), by: principal)
                default:
                    throw SwitchboardError(.notFound, code: "not_found", message: "Nothing to create here.")
                }
                try await organisationChanged()
                return HTML.redirect(to: "/admin?done=Saved.")
            } catch let error as SwitchboardError {
                return try await admin(user, principal, error: error)
            }
        }
        router.post("admin/{kind}/{id}/delete") { request, context in
            guard let user = context.user, let principal = context.principal else { return HTML.redirect(to: "/sign-in") }
            try Self.checkOrigin(request)
            // Not-ready reasons are known by their code; everything else by its number.
            if context.parameters.get("kind") == "not-ready-reasons", let code = context.parameters.get("id") {
                do {
                    try await service.deleteNotReadyReason(code, by: principal)
                    return HTML.redirect(to: "/admin?done=Deleted.")
                } catch let error as SwitchboardError {
                    return try await admin(user, principal, error: error)
                }
            }
            guard let id = context.parameters.get("id").flatMap(Int64.init) else { return try await admin(user, principal, error: .notFound("record", id: 0)) }
            do {
                switch context.parameters.get("kind") {
                case "users": try await service.deleteUser(id, by: principal)
                case "teams": try await service.deleteTeam(id, by: principal)
                case "skills": try await service.deleteSkill(id, by: principal)
                case "queues": try await service.deleteQueue(id, by: principal)
                case "agents": try await service.deleteAgent(id, by: principal)
                default: throw SwitchboardError(.notFound, code: "not_found", message: "Nothing to delete here.")
                }
                return HTML.redirect(to: "/admin?done=Deleted.")
            } catch let error as SwitchboardError {
                return try await admin(user, principal, error: error)
            }
        }
    }

    // MARK: - Sign-in

    func signInPage(language: Language, error: String?, username: String = "", status: HTTPResponse.Status = .ok) -> Response {
        let t = L10n(language)
        let body = """
            <h1>\(t["Sign in to Switchboard"])</h1>
            \(error.map { "<p class=\"error\" role=\"alert\" id=\"error\">\(HTML.escape($0))</p>" } ?? "")
            <form method="post" action="/sign-in" class="card" id="sign-in-form">
            <label>\(t["Username"])<input name="username" id="username" autocomplete="username" required value="\(HTML.escape(username))"></label>
            <label>\(t["Password"])<input name="password" id="password" type="password" autocomplete="current-password" required></label>
            <button type="submit" id="sign-in">\(t["Sign in"])</button>
            </form>
            \(demo ? "<p>\(t["Demo sign-ins use the password demo."])</p>" : "")
            """
        return HTML.page(title: t["Sign in"], language: language, body: body, status: status)
    }

    // MARK: - Home

    func home(_ user: User, _ principal: Principal) async throws -> Response {
        let t = L10n(user.language)
        let profile = try await service.profile(of: principal)
        var sections: [String] = [
            """
            <h1>\(t["Welcome"]), \(HTML.escape(user.displayName))</h1>
            <p id="roles">\(t["Your roles"]): \(user.roles.map { HTML.escape(t[$0.rawValue]) }.joined(separator: ", "))</p>
            """
        ]
        if user.has(.admin) {
            sections.append("<p><a href=\"/admin\" id=\"admin-link\">\(t["Open administration"])</a></p>")
        }
        if profile.agentId != nil {
            sections.append("<p><a href=\"/desk\" id=\"desk-link\">\(t["Open your desk"])</a></p>")
        }
        if Permissions.allows(user.roles, to: .read, .calls) {
            sections.append("<p><a href=\"/wallboard\" id=\"wallboard-link\">\(t["Wallboard"])</a> · <a href=\"/reports\" id=\"reports-link\">\(t["Reports"])</a></p>")
        }
        if Permissions.allows(user.roles, to: .read, .customers) {
            sections.append("<p><a href=\"/customers\" id=\"customers-link\">\(t["Customers"])</a></p>")
        }
        if user.has(.agent) {
            var agent: AgentView?
            if let agentId = profile.agentId { agent = try await service.agent(agentId, by: principal) }
            sections.append("""
                <h2>\(t["Profile"])</h2>
                <p id="my-team">\(t["Your team"]): \(profile.teamName.map(HTML.escape) ?? t["You are not in a team yet."])</p>
                <p id="my-skills">\(t["Your skills"]): \((agent?.skills ?? []).map { "\(HTML.escape($0.skill)) (\($0.proficiency))" }.joined(separator: ", "))</p>
                """)
        }
        if user.has(.teamLeader), let teamId = profile.teamId {
            let agents = try await service.agents(teamId: teamId, by: principal)
            let team = try await service.team(teamId, by: principal)
            sections.append("""
                <h2>\(t["Your team's agents"]) — \(HTML.escape(team.name))</h2>
                \(team.warnings.map { "<p class=\"warn\">\(HTML.escape($0))</p>" }.joined())
                \(HTML.table([t["Agent"], t["Username"], t["Skills"]], agents.map { [HTML.escape($0.displayName), HTML.escape($0.username), Self.skills($0.skills)] }, id: "team-agents"))
                """)
            // The team's goals and each agent's, with where they stand this period.
            let goals = try await Goals(service).teamGoalsWithAgents(teamId: teamId, by: principal)
            let names = Dictionary(uniqueKeysWithValues: agents.map { ($0.id, $0.displayName) })
            let value = { (metric: Goal.Metric, v: Double?) -> String in
                guard let v else { return "–" }
                switch metric {
                case .aht: return "\(Int(v)) s"
                case .serviceLevel, .notReadyShare: return String(format: "%.1f %%", v * 100)
                case .holdRate: return String(format: "%.2f", v)
                case .callsHandled, .referrals: return "\(Int(v))"
                }
            }
            sections.append("""
                <h2>\(t["Team goals"])</h2>
                \(HTML.table([t["Agent"], t["Goal"], t["Period"], t["Now"], t["Target"], t["Met"]], goals.map { g in
                    [HTML.escape(g.goal.scope == .team ? team.name : names[g.goal.scopeId] ?? "#\(g.goal.scopeId)"), HTML.escape(t[g.goal.metric.rawValue]),
                     HTML.escape(g.period), value(g.goal.metric, g.value),
                     "\(t[g.goal.direction == .atLeast ? "at least" : "at most"]) \(value(g.goal.metric, g.goal.target))", g.met == true ? "✓" : ""]
                }, id: "team-goals"))
                """)
        }
        if user.has(.supervisor) || user.has(.workforce) || user.has(.qa) || user.has(.admin) {
            let queues = try await service.queues(by: principal)
            sections.append("""
                <h2>\(t["Queues and their service-level targets"])</h2>
                \(HTML.table([t["Name"], t["Extension"], t["Service level"], t["Required skills"], t["Opening hours"]],
                    queues.map { [HTML.escape($0.name), HTML.escape($0.settings.extensionNumber), Self.serviceLevel($0.settings.serviceLevel),
                        Self.requirements($0.settings.requiredSkills), Self.hours($0.settings.hours, t)] }, id: "queues"))
                """)
        }
        if user.has(.supervisor) || user.has(.recruiter) || user.has(.qa) || user.has(.workforce) || user.has(.admin) {
            let teams = try await service.teams(by: principal)
            sections.append("""
                <h2>\(t["Teams and their size"])</h2>
                \(HTML.table([t["Team"], t["Agents"], t["Warnings"]], teams.map { [HTML.escape($0.name), "\($0.agentCount)", $0.warnings.map(HTML.escape).joined(separator: "<br>")] }, id: "teams"))
                """)
        }
        return HTML.page(title: t["Welcome"], language: user.language, signedInAs: user.displayName, body: sections.joined(separator: "\n"))
    }

    // MARK: - Administration

    func admin(_ user: User, _ principal: Principal, notice: String? = nil, error: SwitchboardError? = nil) async throws -> Response {
        let t = L10n(user.language)
        guard user.has(.admin) else {
            return HTML.page(
                title: t["Administration"], language: user.language, signedInAs: user.displayName,
                body: "<p class=\"error\">\(t["This page is for administrators."])</p>", status: .forbidden)
        }
        let users = try await service.users(by: principal)
        let teams = try await service.teams(by: principal)
        let skills = try await service.skills(by: principal)
        let queues = try await service.queues(by: principal)
        let agents = try await service.agents(by: principal)
        let reasons = try await service.notReadyReasons(by: principal)
        let usernames = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0.username) })
        let teamNames = Dictionary(uniqueKeysWithValues: teams.map { ($0.id, $0.name) })
        func delete(_ kind: String, _ id: some CustomStringConvertible) -> String {
            "<form method=\"post\" action=\"/admin/\(kind)/\(HTML.escape(id.description))/delete\" class=\"inline\" onsubmit=\"return confirm('\(t["Delete this record?"])')\"><button type=\"submit\">\(t["Delete"])</button></form>"
        }
        let roleBoxes = Role.allCases.map {
            "<label><input type=\"checkbox\" name=\"roles[]\" value=\"\($0.rawValue)\">\(HTML.escape(t[$0.rawValue]))</label>"
        }.joined()
        let leaderOptions = users.filter { $0.has(.teamLeader) }.map { "<option value=\"\($0.id)\">\(HTML.escape($0.username))</option>" }.joined()
        let skillOptions = skills.map { "<option value=\"\(HTML.escape($0.name))\">\(HTML.escape($0.name))</option>" }.joined()
        let body = """
            <h1>\(t["Administration"])</h1>
            \(notice.map { "<p class=\"notice\" id=\"notice\">\(HTML.escape($0))</p>" } ?? "")
            \(error.map { "<p class=\"error\" role=\"alert\" id=\"error\">\(HTML.escape($0.description))</p>" } ?? "")
            <h2>\(t["Users"]) (\(users.count))</h2>
            <form method="post" action="/admin/users" class="card" id="add-user">
            <label>\(t["Username"])<input name="username" required></label>
            <label>\(t["Display name"])<input name="displayName" required></label>
            <label>\(t["Language"])<select name="language"><option>nl</option><option>en</option></select></label>
            <label>\(t["Password"])<input name="password" type="password" required minlength="8"></label>
            <fieldset><legend>\(t["Roles"])</legend>\(roleBoxes)</fieldset>
            <button type="submit">\(t["Add a user"])</button></form>
            \(HTML.table([t["Username"], t["Display name"], t["Language"], t["Roles"], t["Active"], ""],
                users.map { [Self.edit("users", $0.id, $0.username), HTML.escape($0.displayName), $0.language.rawValue, $0.roles.map(\.rawValue).joined(separator: ", "),
                    $0.active ? t["Yes"] : t["No"], delete("users", $0.id)] }, id: "users"))
            <h2>\(t["Teams"]) (\(teams.count))</h2>
            <form method="post" action="/admin/teams" class="card" id="add-team">
            <label>\(t["Name"])<input name="name" required></label>
            <label>\(t["Team leader"])<select name="leaderId"><option value="">—</option>\(leaderOptions)</select></label>
            <button type="submit">\(t["Add a team"])</button></form>
            \(HTML.table([t["Name"], t["Team leader"], t["Agents"], t["Warnings"], ""],
                teams.map { [Self.edit("teams", $0.id, $0.name), HTML.escape($0.leaderId.flatMap { usernames[$0] } ?? "—"), "\($0.agentCount)",
                    $0.warnings.map(HTML.escape).joined(separator: "<br>"), delete("teams", $0.id)] }, id: "teams"))
            <h2>\(t["Skills"]) (\(skills.count))</h2>
            <form method="post" action="/admin/skills" class="card" id="add-skill">
            <label>\(t["Name"])<input name="name" required placeholder="lang:fr"></label>
            <label>\(t["Description"])<input name="description"></label>
            <button type="submit">\(t["Add a skill"])</button></form>
            \(HTML.table([t["Name"], t["Kind"], t["Description"], ""],
                skills.map { [Self.edit("skills", $0.id, $0.name), $0.kind.rawValue, HTML.escape($0.description), delete("skills", $0.id)] }, id: "skills"))
            <h2>\(t["Queues"]) (\(queues.count))</h2>
            <form method="post" action="/admin/queues" class="card" id="add-queue">
            <label>\(t["Name"])<input name="name" required></label>
            <label>\(t["Extension"])<input name="extension" required pattern="[0-9]{2,8}"></label>
            <label>\(t["Priority"])<input name="priority" type="number" min="1" max="10" value="5"></label>
            <label>\(t["Service level"]) %<input name="serviceLevelPercent" type="number" min="1" max="100" value="80"></label>
            <label>\(t["Service level"]) s<input name="serviceLevelSeconds" type="number" min="1" max="3600" value="20"></label>
            <label>\(t["Wrap-up"]) s<input name="wrapUpSeconds" type="number" min="0" max="3600" value="30"></label>
            <label>\(t["Required skills"])<select name="skill"><option value="">—</option>\(skillOptions)</select></label>
            <label>\(t["Proficiency"])<input name="minimumProficiency" type="number" min="1" max="5" value="1"></label>
            <button type="submit">\(t["Add a queue"])</button></form>
            \(HTML.table([t["Name"], t["Extension"], t["Priority"], t["Service level"], t["Max waiting"], t["Wrap-up"], t["Required skills"], t["Opening hours"], ""],
                queues.map { [Self.edit("queues", $0.id, $0.name), HTML.escape($0.settings.extensionNumber), "\($0.settings.priority)", Self.serviceLevel($0.settings.serviceLevel),
                    "\($0.settings.maxWaitingCalls)", "\($0.settings.wrapUpSeconds) s", Self.requirements($0.settings.requiredSkills),
                    Self.hours($0.settings.hours, t), delete("queues", $0.id)] }, id: "queues"))
            <h2>\(t["Agents"]) (\(agents.count))</h2>
            <form method="post" action="/admin/agents" class="card" id="add-agent">
            <label>\(t["User"])<select name="userId">\(users.filter { user in !agents.contains { $0.userId == user.id } && (user.has(.agent) || user.has(.teamLeader) || user.has(.supervisor)) }
                .map { "<option value=\"\($0.id)\">\(HTML.escape($0.username))</option>" }.joined())</select></label>
            <label>\(t["Team"])<select name="teamId"><option value="">—</option>\(teams.map { "<option value=\"\($0.id)\">\(HTML.escape($0.name))</option>" }.joined())</select></label>
            <label>\(t["Skills"]) (\(t["one per line: skill level"]))<textarea name="skills" rows="3" placeholder="lang:nl 5"></textarea></label>
            <button type="submit">\(t["Make agent"])</button></form>
            \(HTML.table([t["Agent"], t["Username"], t["Team"], t["Skills"], ""],
                agents.map { [Self.edit("agents", $0.id, $0.displayName), HTML.escape($0.username), HTML.escape($0.teamId.flatMap { teamNames[$0] } ?? "—"),
                    Self.skills($0.skills), delete("agents", $0.id)] }, id: "agents"))
            <h2>\(t["Not-ready reasons"]) (\(reasons.count))</h2>
            <form method="post" action="/admin/not-ready-reasons" class="card" id="add-reason">
            <label>\(t["Code"])<input name="code" required pattern="[A-Za-z][A-Za-z0-9_-]{0,31}" placeholder="backOffice"></label>
            <label>\(t["Label"])<input name="label" required maxlength="64"></label>
            <button type="submit">\(t["Add a reason"])</button></form>
            \(HTML.table([t["Code"], t["Label"], ""],
                reasons.map { [HTML.escape($0.code), HTML.escape($0.label), $0.system ? t["set by routing"] : delete("not-ready-reasons", $0.code)] }, id: "reasons"))
            """
        return HTML.page(
            title: t["Administration"], language: user.language, signedInAs: user.displayName, body: body,
            status: error.map { ErrorMiddleware<AppContext>.status(of: $0.kind) } ?? .ok)
    }

    // MARK: - Formatting

    /// A record's name linking to its edit page.
    static func edit(_ kind: String, _ id: Int64, _ name: String) -> String {
        "<a href=\"/admin/\(kind)/\(id)\">\(HTML.escape(name))</a>"
    }

    static func skills(_ levels: [SkillLevel]) -> String {
        levels.map { "\(HTML.escape($0.skill)) \($0.proficiency)" }.joined(separator: ", ")
    }

    static func requirements(_ requirements: [SkillRequirement]) -> String {
        requirements.map { "\(HTML.escape($0.skill)) ≥ \($0.minimumProficiency)" }.joined(separator: ", ")
    }

    static func serviceLevel(_ target: ServiceLevelTarget) -> String {
        "\(target.percent) % / \(target.seconds) s"
    }

    static func hours(_ hours: BusinessHours, _ t: L10n) -> String {
        if hours == .alwaysOpen(timeZone: hours.timeZone) { return t["always open"] }
        let days = Weekday.allCases.map { day in
            "\(day.rawValue) " + (hours.weekly[day].map { $0.map(\.description).joined(separator: ", ") } ?? t["closed"])
        }
        let holidays = hours.holidays.isEmpty ? "" : "<br>\(t["Holidays"]): " + hours.holidays.map { "\($0.date) \(HTML.escape($0.name))" }.joined(separator: ", ")
        return days.joined(separator: "<br>") + holidays
    }

    // MARK: - Plumbing

    /// A record chosen in a form's select: empty means `empty`; anything else must be an id.
    static func reference(_ text: String?, field: String, empty: Patch<Int64>) throws(SwitchboardError) -> Patch<Int64> {
        guard let text, !text.isEmpty else { return empty }
        guard let id = Int64(text) else { throw SwitchboardError.invalid(field, "\(field) must be the id of a record.") }
        return .value(id)
    }

    /// The language of a visitor who has not signed in, from `Accept-Language`.
    static func language(of request: Request) -> Language {
        (request.headers[.acceptLanguage] ?? "").lowercased().hasPrefix("nl") ? .nl : .en
    }

    static func form<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppContext) async throws -> T {
        var request = request
        let buffer = try await request.collectBody(upTo: 64 * 1024)
        let text = String(buffer: buffer)
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: text)
        } catch let error as DecodingError {
            // A number no integer holds is reported without its field: name it (422).
            if Request.describe(error).kind == .malformed, let field = numberNoIntegerHolds(inForm: text) {
                throw SwitchboardError.invalid(field, "\(field) must be a whole number from -9223372036854775808 to 9223372036854775807.")
            }
            throw Request.describe(error)
        }
    }

    /// The first form field whose value reads as a number but is no 64-bit whole number.
    static func numberNoIntegerHolds(inForm text: String) -> String? {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = parts[1].removingPercentEncoding, !value.isEmpty,
                value.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }), value.contains(where: \.isNumber), Int64(value) == nil
            else { continue }
            return parts[0].removingPercentEncoding ?? String(parts[0])
        }
        return nil
    }

    /// Refuses a form posted from another site (defence in depth next to SameSite cookies). A
    /// request without `Origin` (an old browser, or a tool) passes; `Origin: null` (a sandboxed
    /// or privacy-stripped context) does not.
    static func checkOrigin(_ request: Request) throws(SwitchboardError) {
        guard let origin = request.headers[.origin] else { return }
        let host = request.head.authority ?? ""
        guard let originHost = origin.split(separator: "/").dropFirst().first, originHost == host else {
            throw SwitchboardError.forbidden("post a form from another site")
        }
    }
}

struct UserForm: Decodable {
    var username: String
    var displayName: String
    var language: String?
    var password: String
    var roles: [String]?
}

struct TeamForm: Decodable {
    var name: String
    var leaderId: String?
}

struct ReasonForm: Decodable {
    var code: String?
    var label: String?
}

struct SkillForm: Decodable {
    var name: String
    var description: String?
}

struct QueueForm: Decodable {
    var name: String
    var extensionNumber: String
    var priority: Int?
    var serviceLevelPercent: Int?
    var serviceLevelSeconds: Int?
    var wrapUpSeconds: Int?
    var skill: String?
    var minimumProficiency: Int?

    enum CodingKeys: String, CodingKey {
        case name, extensionNumber = "extension", priority, serviceLevelPercent, serviceLevelSeconds, wrapUpSeconds, skill, minimumProficiency
    }
}
