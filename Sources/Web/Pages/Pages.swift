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
        return HTML.render(
            "sign-in", SignInPage(page: PageFrame(title: t["Sign in"], language: language), error: error, username: username, demo: demo), status: status)
    }

    // MARK: - Home

    func home(_ user: User, _ principal: Principal) async throws -> Response {
        let t = L10n(user.language)
        let profile = try await service.profile(of: principal)
        var agentProfile: HomePage.Profile?
        if user.has(.agent) {
            var agent: AgentView?
            if let agentId = profile.agentId { agent = try await service.agent(agentId, by: principal) }
            agentProfile = HomePage.Profile(
                team: profile.teamName ?? t["You are not in a team yet."],
                skills: (agent?.skills ?? []).map { "\($0.skill) (\($0.proficiency))" }.joined(separator: ", "))
        }
        var team: HomePage.Team?
        if user.has(.teamLeader), let teamId = profile.teamId {
            let agents = try await service.agents(teamId: teamId, by: principal)
            let record = try await service.team(teamId, by: principal)
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
            team = HomePage.Team(
                name: record.name, warnings: record.warnings,
                agents: PageTable(
                    id: "team-agents", headers: [t["Agent"], t["Username"], t["Skills"]],
                    rows: agents.map { .init(cells: [.init($0.displayName), .init($0.username), .init(Self.skills($0.skills))]) }),
                goals: PageTable(
                    id: "team-goals", headers: [t["Agent"], t["Goal"], t["Period"], t["Now"], t["Target"], t["Met"]],
                    rows: goals.map { g in
                        .init(cells: [
                            .init(g.goal.scope == .team ? record.name : names[g.goal.scopeId] ?? "#\(g.goal.scopeId)"), .init(t[g.goal.metric.rawValue]),
                            .init(g.period), .init(value(g.goal.metric, g.value)),
                            .init("\(t[g.goal.direction == .atLeast ? "at least" : "at most"]) \(value(g.goal.metric, g.goal.target))"),
                            .init(g.met == true ? "✓" : ""),
                        ])
                    }))
        }
        var queues: PageTable?
        if user.has(.supervisor) || user.has(.workforce) || user.has(.qa) || user.has(.admin) {
            queues = PageTable(
                id: "queues", headers: [t["Name"], t["Extension"], t["Service level"], t["Required skills"], t["Opening hours"]],
                rows: try await service.queues(by: principal).map {
                    .init(cells: [
                        .init($0.settings.name), .init($0.settings.extensionNumber), .init(Self.serviceLevel($0.settings.serviceLevel)),
                        .init(Self.requirements($0.settings.requiredSkills)), .init(lines: Self.hours($0.settings.hours, t)),
                    ])
                })
        }
        var teams: PageTable?
        if user.has(.supervisor) || user.has(.recruiter) || user.has(.qa) || user.has(.workforce) || user.has(.admin) {
            teams = PageTable(
                id: "teams", headers: [t["Team"], t["Agents"], t["Warnings"]],
                rows: try await service.teams(by: principal).map { .init(cells: [.init($0.name), .init("\($0.agentCount)"), .init(lines: $0.warnings)]) })
        }
        let links = HomePage.Links(
            admin: user.has(.admin), desk: profile.agentId != nil, floor: Permissions.allows(user.roles, to: .read, .calls),
            customers: Permissions.allows(user.roles, to: .read, .customers))
        return HTML.render(
            "home",
            HomePage(
                page: PageFrame(title: t["Welcome"], language: user.language, signedInAs: user.displayName), displayName: user.displayName,
                roles: user.roles.map { t[$0.rawValue] }.joined(separator: ", "), links: links, profile: agentProfile, team: team, queues: queues,
                teams: teams))
    }

    // MARK: - Administration

    func admin(_ user: User, _ principal: Principal, notice: String? = nil, error: SwitchboardError? = nil) async throws -> Response {
        let t = L10n(user.language)
        guard user.has(.admin) else {
            return HTML.message(
                t["This page is for administrators."], title: t["Administration"], language: user.language, signedInAs: user.displayName,
                status: .forbidden)
        }
        let users = try await service.users(by: principal)
        let teams = try await service.teams(by: principal)
        let skills = try await service.skills(by: principal)
        let queues = try await service.queues(by: principal)
        let agents = try await service.agents(by: principal)
        let reasons = try await service.notReadyReasons(by: principal)
        let usernames = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0.username) })
        let teamNames = Dictionary(uniqueKeysWithValues: teams.map { ($0.id, $0.name) })
        func link(_ kind: String, _ id: Int64, _ name: String) -> PageTable.Cell { .init(name, href: "/admin/\(kind)/\(id)") }
        func delete(_ kind: String, _ id: some CustomStringConvertible) -> PageTable.Cell {
            .init(delete: "/admin/\(kind)/\(id.description.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "")/delete")
        }
        let view = AdminPage(
            page: PageFrame(title: t["Administration"], language: user.language, signedInAs: user.displayName),
            notice: notice, error: error?.description,
            roles: Role.allCases.map { PageOption(value: $0.rawValue, label: t[$0.rawValue]) },
            leaders: users.filter { $0.has(.teamLeader) }.map { PageOption(value: "\($0.id)", label: $0.username) },
            skillNames: skills.map { PageOption(value: $0.name, label: $0.name) },
            candidates: users.filter { user in
                !agents.contains { $0.userId == user.id } && (user.has(.agent) || user.has(.teamLeader) || user.has(.supervisor))
            }.map { PageOption(value: "\($0.id)", label: $0.username) },
            teamChoices: teams.map { PageOption(value: "\($0.id)", label: $0.name) },
            users: PageTable(
                id: "users", headers: [t["Username"], t["Display name"], t["Language"], t["Roles"], t["Active"], ""],
                rows: users.map {
                    .init(cells: [
                        link("users", $0.id, $0.username), .init($0.displayName), .init($0.language.rawValue),
                        .init($0.roles.map(\.rawValue).joined(separator: ", ")), .init($0.active ? t["Yes"] : t["No"]), delete("users", $0.id),
                    ])
                }),
            teams: PageTable(
                id: "teams", headers: [t["Name"], t["Team leader"], t["Agents"], t["Warnings"], ""],
                rows: teams.map {
                    .init(cells: [
                        link("teams", $0.id, $0.name), .init($0.leaderId.flatMap { usernames[$0] } ?? "—"), .init("\($0.agentCount)"),
                        .init(lines: $0.warnings), delete("teams", $0.id),
                    ])
                }),
            skills: PageTable(
                id: "skills", headers: [t["Name"], t["Kind"], t["Description"], ""],
                rows: skills.map { .init(cells: [link("skills", $0.id, $0.name), .init($0.kind.rawValue), .init($0.description), delete("skills", $0.id)]) }),
            queues: PageTable(
                id: "queues",
                headers: [t["Name"], t["Extension"], t["Priority"], t["Service level"], t["Max waiting"], t["Wrap-up"], t["Required skills"], t["Opening hours"], ""],
                rows: queues.map {
                    .init(cells: [
                        link("queues", $0.id, $0.name), .init($0.settings.extensionNumber), .init("\($0.settings.priority)"),
                        .init(Self.serviceLevel($0.settings.serviceLevel)), .init("\($0.settings.maxWaitingCalls)"), .init("\($0.settings.wrapUpSeconds) s"),
                        .init(Self.requirements($0.settings.requiredSkills)), .init(lines: Self.hours($0.settings.hours, t)), delete("queues", $0.id),
                    ])
                }),
            agents: PageTable(
                id: "agents", headers: [t["Agent"], t["Username"], t["Team"], t["Skills"], ""],
                rows: agents.map {
                    .init(cells: [
                        link("agents", $0.id, $0.displayName), .init($0.username), .init($0.teamId.flatMap { teamNames[$0] } ?? "—"),
                        .init(Self.skills($0.skills)), delete("agents", $0.id),
                    ])
                }),
            reasons: PageTable(
                id: "reasons", headers: [t["Code"], t["Label"], ""],
                rows: reasons.map {
                    .init(cells: [.init($0.code), .init($0.label), $0.system ? .init(t["set by routing"]) : delete("not-ready-reasons", $0.code)])
                }))
        return HTML.render("admin", view, status: error.map { ErrorMiddleware<AppContext>.status(of: $0.kind) } ?? .ok)
    }

    // MARK: - Formatting

    static func skills(_ levels: [SkillLevel]) -> String {
        levels.map { "\($0.skill) \($0.proficiency)" }.joined(separator: ", ")
    }

    static func requirements(_ requirements: [SkillRequirement]) -> String {
        requirements.map { "\($0.skill) ≥ \($0.minimumProficiency)" }.joined(separator: ", ")
    }

    static func serviceLevel(_ target: ServiceLevelTarget) -> String {
        "\(target.percent) % / \(target.seconds) s"
    }

    /// Opening hours as lines: one per weekday, then the holidays.
    static func hours(_ hours: BusinessHours, _ t: L10n) -> [String] {
        if hours == .alwaysOpen(timeZone: hours.timeZone) { return [t["always open"]] }
        let days = Weekday.allCases.map { day in
            "\(day.rawValue) " + (hours.weekly[day].map { $0.map(\.description).joined(separator: ", ") } ?? t["closed"])
        }
        let holidays = hours.holidays.isEmpty ? [] : ["\(t["Holidays"]): " + hours.holidays.map { "\($0.date) \($0.name)" }.joined(separator: ", ")]
        return days + holidays
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
