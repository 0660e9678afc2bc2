import Foundation
import Hummingbird
import Organisation
import SwitchboardCore

/// The administrator's edit pages: one form per record (users, teams, skills, agents, queues),
/// and the form that makes a user an agent. Multi-value settings are edited as plain lines —
/// `billing 3` for a skill, `mon 08:00-12:00, 13:00-17:00` for opening hours,
/// `2026-12-25 Eerste Kerstdag` for a holiday — and parsed with errors that name the line.
extension Pages {
    func registerEditing(on router: Router<AppContext>) {
        router.get("admin/{kind}/{id}") { _, context in
            guard let user = context.user, let principal = context.principal else { return HTML.redirect(to: "/sign-in") }
            guard user.has(.admin) else { return try await admin(user, principal) }
            let id = try Self.recordId(context)
            return try await editPage(context.parameters.get("kind") ?? "", id, user, principal)
        }
        router.post("admin/{kind}/{id}") { request, context in
            guard let user = context.user, let principal = context.principal else { return HTML.redirect(to: "/sign-in") }
            try Self.checkOrigin(request)
            let kind = context.parameters.get("kind") ?? ""
            let id = try Self.recordId(context)
            do {
                switch kind {
                case "users":
                    let form = try await Self.form(UserEditForm.self, request, context)
                    _ = try await service.updateUser(
                        id,
                        UserInput(
                            username: form.username, displayName: form.displayName, language: form.language, roles: form.roles ?? [],
                            password: (form.password ?? "").isEmpty ? nil : form.password, active: form.active == "on"),
                        by: principal)
                case "teams":
                    let form = try await Self.form(TeamForm.self, request, context)
                    let leader = try Self.reference(form.leaderId, field: "leaderId", empty: .null)
                    _ = try await service.updateTeam(id, TeamInput(name: form.name, leaderId: leader), by: principal)
                case "skills":
                    let form = try await Self.form(SkillForm.self, request, context)
                    _ = try await service.updateSkill(id, SkillInput(name: form.name, description: form.description ?? ""), by: principal)
                case "agents":
                    let form = try await Self.form(AgentForm.self, request, context)
                    let team = try Self.reference(form.teamId, field: "teamId", empty: .null)
                    _ = try await service.updateAgent(id, AgentInput(teamId: team, skills: try Self.skillLines(form.skills ?? "")), by: principal)
                case "queues":
                    let form = try await Self.form(QueueEditForm.self, request, context)
                    _ = try await service.updateQueue(id, try form.input(), by: principal)
                default:
                    throw SwitchboardError(.notFound, code: "not_found", message: "Nothing to change here.")
                }
                try await organisationChanged()
                return HTML.redirect(to: "/admin?done=Saved.")
            } catch let error as SwitchboardError {
                guard error.kind != .notFound, error.kind != .forbidden else { return try await admin(user, principal, error: error) }
                return try await editPage(kind, id, user, principal, error: error)
            }
        }
        router.post("admin/agents") { request, context in
            guard let user = context.user, let principal = context.principal else { return HTML.redirect(to: "/sign-in") }
            try Self.checkOrigin(request)
            do {
                let form = try await Self.form(AgentForm.self, request, context)
                let team = try Self.reference(form.teamId, field: "teamId", empty: .absent)
                guard case .value(let userId) = try Self.reference(form.userId, field: "userId", empty: .absent) else {
                    throw SwitchboardError.missing("userId")
                }
                _ = try await service.createAgent(
                    AgentInput(userId: userId, teamId: team, skills: try Self.skillLines(form.skills ?? "")), by: principal)
                try await organisationChanged()
                return HTML.redirect(to: "/admin?done=Saved.")
            } catch let error as SwitchboardError {
                return try await admin(user, principal, error: error)
            }
        }
    }

    static func recordId(_ context: AppContext) throws(SwitchboardError) -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw SwitchboardError(.notFound, code: "not_found", message: "No such record.")
        }
        return id
    }

    func editPage(_ kind: String, _ id: Int64, _ user: User, _ principal: Principal, error: SwitchboardError? = nil) async throws -> Response {
        let t = L10n(user.language)
        let e = HTML.escape
        var title = t["Administration"]
        var fields = ""
        switch kind {
        case "users":
            let record = try await service.user(id, by: principal)
            title = record.username
            let roles = Role.allCases.map {
                "<label><input type=\"checkbox\" name=\"roles[]\" value=\"\($0.rawValue)\"\(record.has($0) ? " checked" : "")>\(e(t[$0.rawValue]))</label>"
            }.joined()
            fields = """
                <label>\(t["Username"])<input name="username" value="\(e(record.username))" required></label>
                <label>\(t["Display name"])<input name="displayName" value="\(e(record.displayName))" required></label>
                <label>\(t["Language"])<select name="language">\(Language.allCases.map { "<option\($0 == record.language ? " selected" : "")>\($0.rawValue)</option>" }.joined())</select></label>
                <label>\(t["Active"])<input type="checkbox" name="active"\(record.active ? " checked" : "")></label>
                <label>\(t["New password"])<input name="password" type="password" minlength="8" autocomplete="new-password"></label>
                <fieldset><legend>\(t["Roles"])</legend>\(roles)</fieldset>
                """
        case "teams":
            let record = try await service.team(id, by: principal)
            title = record.name
            let leaders = try await service.users(by: principal).filter { $0.has(.teamLeader) }
            fields = """
                <label>\(t["Name"])<input name="name" value="\(e(record.name))" required></label>
                <label>\(t["Team leader"])<select name="leaderId"><option value="">—</option>\(leaders.map { "<option value=\"\($0.id)\"\($0.id == record.leaderId ? " selected" : "")>\(e($0.username))</option>" }.joined())</select></label>
                """
        case "skills":
            let record = try await service.skill(id, by: principal)
            title = record.name
            fields = """
                <label>\(t["Name"])<input name="name" value="\(e(record.name))" required></label>
                <label>\(t["Description"])<input name="description" value="\(e(record.description))"></label>
                """
        case "agents":
            let record = try await service.agent(id, by: principal)
            title = record.displayName
            let teams = try await service.teams(by: principal)
            fields = """
                <label>\(t["Team"])<select name="teamId"><option value="">—</option>\(teams.map { "<option value=\"\($0.id)\"\($0.id == record.teamId ? " selected" : "")>\(e($0.name))</option>" }.joined())</select></label>
                <label>\(t["Skills"]) (\(t["one per line: skill level"]))<textarea name="skills" rows="6">\(e(record.skills.map { "\($0.skill) \($0.proficiency)" }.joined(separator: "\n")))</textarea></label>
                """
        case "queues":
            let record = try await service.queue(id, by: principal)
            let s = record.settings
            title = s.name
            let weekly = Weekday.allCases.compactMap { day in
                s.hours.weekly[day].flatMap { $0.isEmpty ? nil : "\(day.rawValue) " + $0.map(\.description).joined(separator: ", ") }
            }
            fields = """
                <label>\(t["Name"])<input name="name" value="\(e(s.name))" required></label>
                <label>\(t["Extension"])<input name="extension" value="\(e(s.extensionNumber))" required></label>
                <label>\(t["Priority"])<input name="priority" type="number" value="\(s.priority)"></label>
                <label>\(t["Service level"]) %<input name="serviceLevelPercent" type="number" value="\(s.serviceLevel.percent)"></label>
                <label>\(t["Service level"]) s<input name="serviceLevelSeconds" type="number" value="\(s.serviceLevel.seconds)"></label>
                <label>\(t["Max waiting"])<input name="maxWaitingCalls" type="number" value="\(s.maxWaitingCalls)"></label>
                <label>\(t["Wrap-up"]) s<input name="wrapUpSeconds" type="number" value="\(s.wrapUpSeconds)"></label>
                <label>\(t["Time zone"])<input name="timeZone" value="\(e(s.hours.timeZone))"></label>
                <label>\(t["Strategy"])<select name="strategy">\(RoutingStrategy.allCases.map { "<option value=\"\($0.rawValue)\"\($0 == s.strategy ? " selected" : "")>\(e(t[$0.rawValue]))</option>" }.joined())</select></label>
                <label>\(t["Weight"])<input name="weight" type="number" min="1" max="100" value="\(s.weight)"></label>
                <label>\(t["Ring timeout"]) s<input name="ringTimeoutSeconds" type="number" min="5" max="300" value="\(s.ringTimeoutSeconds)"></label>
                <label>\(t["Longest wait in queue"]) s<input name="maxWaitSeconds" type="number" min="10" max="86400" value="\(s.maxWaitSeconds)"></label>
                <label>\(t["Missed call: not ready"])<input type="checkbox" name="missedCallGoesNotReady"\(s.missedCallGoesNotReady ? " checked" : "")></label>
                <label>\(t["Escalation queue"])<input type="checkbox" name="escalation"\(s.escalation ? " checked" : "")></label>
                <label>\(t["Disposition required before wrap-up ends"])<input type="checkbox" name="dispositionRequired"\(s.dispositionRequired ? " checked" : "")></label>
                <label>\(t["Required skills"]) (\(t["one per line: skill level"]))<textarea name="requiredSkills" rows="4">\(e(s.requiredSkills.map { "\($0.skill) \($0.minimumProficiency)" }.joined(separator: "\n")))</textarea></label>
                <label>\(t["Opening hours"]) (mon 08:00-20:00)<textarea name="weekly" rows="7">\(e(weekly.joined(separator: "\n")))</textarea></label>
                <label>\(t["Holidays"]) (2026-12-25 …)<textarea name="holidays" rows="4">\(e(s.hours.holidays.map { "\($0.date) \($0.name)" }.joined(separator: "\n")))</textarea></label>
                """
        default:
            throw SwitchboardError(.notFound, code: "not_found", message: "No such page.")
        }
        let body = """
            <p><a href="/admin">← \(t["Administration"])</a></p>
            <h1>\(e(title))</h1>
            \(error.map { "<p class=\"error\" role=\"alert\" id=\"error\">\(e(Self.describe($0, t)))</p>" } ?? "")
            <form method="post" action="/admin/\(kind)/\(id)" class="card" id="edit-form">
            \(fields)
            <button type="submit" id="save">\(t["Save"])</button>
            </form>
            """
        return HTML.page(
            title: title, language: user.language, signedInAs: user.displayName, body: body,
            status: error.map { ErrorMiddleware<AppContext>.status(of: $0.kind) } ?? .ok)
    }

    /// The labels of the form's numeric fields, by the field an error names.
    static let fieldLabels = [
        "priority": "Priority", "serviceLevel.percent": "Service level", "serviceLevel.seconds": "Service level",
        "maxWaitingCalls": "Max waiting", "wrapUpSeconds": "Wrap-up", "weight": "Weight", "ringTimeoutSeconds": "Ring timeout",
        "maxWaitSeconds": "Longest wait in queue",
    ]

    /// An error as the page shows it: in English as the API words it; in Dutch a number out of
    /// range names the field by its label and the allowed range in Dutch (no raw field code).
    static func describe(_ error: SwitchboardError, _ t: L10n) -> String {
        guard t.language == .nl, let field = error.field, let label = fieldLabels[field] else { return error.description }
        guard let range = error.outOfRange else { return error.description }
        return "\(t[label]): \(t["choose a whole number from"]) \(range.lowest) \(t["up to and including"]) \(range.highest) (\(t["entered"]): \(range.given))."
    }

    /// `billing 3` per line → skill levels; blank lines are ignored.
    static func skillLines(_ text: String, field: String = "skills") throws(SwitchboardError) -> [SkillLevel] {
        var levels: [SkillLevel] = []
        for (index, line) in lines(text).enumerated() {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, let level = Int(parts[1]) else {
                throw SwitchboardError.invalid("\(field)[\(index)]", "Write one skill per line as 'name level', such as 'billing 3'; got '\(line)'.")
            }
            levels.append(SkillLevel(skill: String(parts[0]), proficiency: level))
        }
        return levels
    }

    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

struct UserEditForm: Decodable {
    var username: String?
    var displayName: String?
    var language: String?
    var password: String?
    var active: String?
    var roles: [String]?
}

struct AgentForm: Decodable {
    var userId: String?
    var teamId: String?
    var skills: String?
}

struct QueueEditForm: Decodable {
    var name: String?
    var extensionNumber: String?
    var priority: Int?
    var serviceLevelPercent: Int?
    var serviceLevelSeconds: Int?
    var maxWaitingCalls: Int?
    var wrapUpSeconds: Int?
    var timeZone: String?
    var requiredSkills: String?
    var weekly: String?
    var holidays: String?
    var strategy: String?
    var weight: Int?
    var ringTimeoutSeconds: Int?
    var maxWaitSeconds: Int?
    var missedCallGoesNotReady: String?
    var escalation: String?
    var dispositionRequired: String?

    enum CodingKeys: String, CodingKey {
        case name, extensionNumber = "extension", priority, serviceLevelPercent, serviceLevelSeconds, maxWaitingCalls, wrapUpSeconds, timeZone
        case requiredSkills, weekly, holidays, strategy, weight, ringTimeoutSeconds, maxWaitSeconds, missedCallGoesNotReady, escalation, dispositionRequired
    }

    /// The form as a full queue update; every line-based field is parsed with errors naming the line.
    func input() throws(SwitchboardError) -> QueueInput {
        var hours = BusinessHours(timeZone: timeZone ?? "Europe/Amsterdam", weekly: [:], holidays: [])
        for (index, line) in Pages.lines(weekly ?? "").enumerated() {
            let field = "hours.weekly[\(index)]"
            guard let space = line.firstIndex(of: " "), let day = Weekday(rawValue: String(line[..<space]).lowercased()) else {
                throw SwitchboardError.invalid(field, "Start each line with a day (mon, tue, wed, thu, fri, sat, sun); got '\(line)'.")
            }
            for span in line[line.index(after: space)...].split(separator: ",") {
                hours.weekly[day, default: []].append(try OpeningInterval(parsing: span.trimmingCharacters(in: .whitespaces), field: field))
            }
        }
        for (index, line) in Pages.lines(holidays ?? "").enumerated() {
            let field = "hours.holidays[\(index)]"
            let parts = line.split(separator: " ", maxSplits: 1)
            let date = try LocalDate(parsing: String(parts[0]), field: field)
            hours.holidays.append(Holiday(date: date, name: parts.count > 1 ? String(parts[1]) : ""))
        }
        let skills = try Pages.skillLines(requiredSkills ?? "", field: "requiredSkills")
        var routing: RoutingStrategy?
        if let strategy {
            guard let parsed = RoutingStrategy(rawValue: strategy) else { throw SwitchboardError.invalid("strategy", "Unknown strategy '\(strategy)'.") }
            routing = parsed
        }
        var input = QueueInput(
            name: name, extensionNumber: extensionNumber, priority: priority,
            serviceLevel: ServiceLevelTarget(percent: serviceLevelPercent ?? 80, seconds: serviceLevelSeconds ?? 20), maxWaitingCalls: maxWaitingCalls,
            wrapUpSeconds: wrapUpSeconds, requiredSkills: skills.map { SkillRequirement(skill: $0.skill, minimumProficiency: $0.proficiency) },
            hours: hours)
        input.strategy = routing
        input.weight = weight
        input.ringTimeoutSeconds = ringTimeoutSeconds
        input.maxWaitSeconds = maxWaitSeconds
        // Checkboxes: present when ticked. The edit page always shows them, so absent means off.
        input.missedCallGoesNotReady = missedCallGoesNotReady == "on"
        input.escalation = escalation == "on"
        input.dispositionRequired = dispositionRequired == "on"
        return input
    }
}
