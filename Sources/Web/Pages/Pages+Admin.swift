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
        var title = t["Administration"]
        var view = EditPage(
            page: PageFrame(title: title, language: user.language, signedInAs: user.displayName), action: "/admin/\(kind)/\(id)",
            error: error.map { Self.describe($0, t) })
        switch kind {
        case "users":
            let record = try await service.user(id, by: principal)
            title = record.username
            view.user = EditPage.User(
                username: record.username, displayName: record.displayName,
                languages: Language.allCases.map { PageOption(value: $0.rawValue, label: $0.rawValue, selected: $0 == record.language) },
                active: record.active, roles: Role.allCases.map { PageOption(value: $0.rawValue, label: t[$0.rawValue], selected: record.has($0)) })
        case "teams":
            let record = try await service.team(id, by: principal)
            title = record.name
            let leaders = try await service.users(by: principal).filter { $0.has(.teamLeader) }
            view.team = EditPage.Team(
                name: record.name, leaders: leaders.map { PageOption(value: "\($0.id)", label: $0.username, selected: $0.id == record.leaderId) })
        case "skills":
            let record = try await service.skill(id, by: principal)
            title = record.name
            view.skill = EditPage.Skill(name: record.name, description: record.description)
        case "agents":
            let record = try await service.agent(id, by: principal)
            title = record.displayName
            let teams = try await service.teams(by: principal)
            view.agent = EditPage.Agent(
                teams: teams.map { PageOption(value: "\($0.id)", label: $0.name, selected: $0.id == record.teamId) },
                skills: record.skills.map { "\($0.skill) \($0.proficiency)" }.joined(separator: "\n"))
        case "queues":
            let record = try await service.queue(id, by: principal)
            let s = record.settings
            title = s.name
            let weekly = Weekday.allCases.compactMap { day in
                s.hours.weekly[day].flatMap { $0.isEmpty ? nil : "\(day.rawValue) " + $0.map(\.description).joined(separator: ", ") }
            }
            view.queue = EditPage.Queue(
                name: s.name, extensionNumber: s.extensionNumber, priority: s.priority, serviceLevelPercent: s.serviceLevel.percent,
                serviceLevelSeconds: s.serviceLevel.seconds, maxWaitingCalls: s.maxWaitingCalls, wrapUpSeconds: s.wrapUpSeconds, timeZone: s.hours.timeZone,
                strategies: RoutingStrategy.allCases.map { PageOption(value: $0.rawValue, label: t[$0.rawValue], selected: $0 == s.strategy) },
                weight: s.weight, ringTimeoutSeconds: s.ringTimeoutSeconds, maxWaitSeconds: s.maxWaitSeconds,
                missedCallGoesNotReady: s.missedCallGoesNotReady, escalation: s.escalation, dispositionRequired: s.dispositionRequired,
                requiredSkills: s.requiredSkills.map { "\($0.skill) \($0.minimumProficiency)" }.joined(separator: "\n"),
                weekly: weekly.joined(separator: "\n"), holidays: s.hours.holidays.map { "\($0.date) \($0.name)" }.joined(separator: "\n"))
        default:
            throw SwitchboardError(.notFound, code: "not_found", message: "No such page.")
        }
        view.page = PageFrame(title: title, language: user.language, signedInAs: user.displayName)
        return HTML.render("edit", view, status: error.map { ErrorMiddleware<AppContext>.status(of: $0.kind) } ?? .ok)
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
