import Crypto
import Foundation
import NIOPosix
import SQLKit
import Storage
import Synchronization
import SwitchboardCore

/// The organisation's use cases — users, sign-in, teams, skills, agents, queues and the audit
/// log — with their permission checks, validation and audit records in one place. The HTTP API,
/// the web pages and the CLI all call this; none of them repeats a rule.
///
/// Every change runs in one transaction together with its audit record: it is stored whole and
/// durably before the call returns, or not at all.
public struct OrganisationService: Sendable {
    public let database: Database
    public let hasher: PasswordHasher
    public let clock: @Sendable () -> Instant
    /// How long a sign-in lasts: a long shift.
    public var sessionLifetime: Duration = .seconds(12 * 3600)
    /// Told after each successful sign-in (the demo's robots hand an agent to the person).
    public var signedIn: (@Sendable (Profile) async -> Void)?
    let signInGuard: SignInGuard
    /// One report catch-up at a time (copies of the service share it).
    let reportGate = AsyncGate()

    public init(database: Database, hasher: PasswordHasher = PasswordHasher(), clock: @escaping @Sendable () -> Instant = { .now }) {
        self.database = database
        self.hasher = hasher
        self.clock = clock
        self.signInGuard = SignInGuard()
    }

    // MARK: - Sign-in

    /// A successful sign-in: the bearer token (also the cookie value) and who signed in.
    public struct SignedIn: Sendable {
        public var token: String
        public var profile: Profile
        public var expiresAt: Instant
    }

    /// Checks the password and opens a session. Failed attempts are throttled per username and
    /// per client address — each attempt counts as a failure from the moment it is admitted, so
    /// parallel guesses cannot slip past the limit, until the password proves right (then the
    /// username's failures are cleared and the address's count for this attempt is taken back:
    /// a center behind one address does not lock itself out by signing in) or no verdict on the
    /// password was reached (the database failed) — and failures are recorded in the audit log
    /// like successes.
    public func signIn(username rawUsername: String, password: String, clientAddress: String?) async throws -> SignedIn {
        let typed = rawUsername.trimmingCharacters(in: .whitespaces).lowercased()
        guard !typed.isEmpty else { throw SwitchboardError.missing("username") }
        // A name that cannot exist is refused before it costs memory in the throttle or a row
        // in the audit log.
        guard let username = try? Validate.username(typed) else { throw SwitchboardError.badCredentials }
        let now = clock()
        if case .locked(let retryAfter) = await signInGuard.admit(username: username, address: clientAddress, at: now) {
            let seconds = Int((retryAfter.wholeMilliseconds + 999) / 1000)
            throw SwitchboardError(.throttled, code: "too_many_attempts", message: "Too many failed sign-ins; try again in \(seconds) seconds.", retryAfterSeconds: seconds)
        }
        let credentials: UserCredentials?
        let matches: Bool
        do {
            credentials = try await database.read { try await UserRepository($0).credentials(username: username) }
            // Without an account, still spend the time of one bcrypt check, so that timing does
            // not tell which usernames exist.
            let hash: String
            if let stored = credentials?.passwordHash { hash = stored } else { hash = try await decoyHash() }
            matches = try await verify(password, against: hash)
        } catch {
            // No verdict on the password: not a failure.
            await signInGuard.takeBack(username: username, address: clientAddress, admittedAt: now)
            throw error
        }
        guard let credentials, credentials.user.active, matches else {
            try await database.transaction { sql in
                try await AuditRepository(sql).append(AuditEntry(
                    at: now, actorUserId: credentials?.user.id, actorUsername: username, action: "session.signInFailed", entity: "session",
                    entityId: credentials?.user.id, after: clientAddress.map { #"{"address":"\#($0)"}"# }))
            }
            throw SwitchboardError.badCredentials
        }
        await signInGuard.recordSuccess(username: username, address: clientAddress, admittedAt: now)
        let token = Self.newToken()
        let expiresAt = now + sessionLifetime
        let user = credentials.user
        let profile = try await database.transaction { sql in
            try await SessionRepository(sql).insert(tokenHash: Self.digest(token), userId: user.id, at: now, expiresAt: expiresAt)
            try await SessionRepository(sql).deleteExpired(at: now)
            try await AuditRepository(sql).append(AuditEntry(
                at: now, actorUserId: user.id, actorUsername: user.username, action: "session.signIn", entity: "session", entityId: user.id,
                after: clientAddress.map { #"{"address":"\#($0)"}"# }))
            return try await Self.profile(of: user, sql)
        }
        await signedIn?(profile)
        return SignedIn(token: token, profile: profile, expiresAt: expiresAt)
    }

    /// The user behind a session token, if the session is open and the user still active.
    public func authenticate(token: String) async throws -> User? {
        guard !token.isEmpty, token.count <= 200 else { return nil }
        let now = clock()
        return try await database.read { sql in
            guard let userId = try await SessionRepository(sql).userId(tokenHash: Self.digest(token), at: now),
                let user = try await UserRepository(sql).find(id: userId), user.active
            else { return nil }
            return user
        }
    }

    public func signOut(token: String, by principal: Principal) async throws {
        let now = clock()
        try await database.transaction { sql in
            try await SessionRepository(sql).delete(tokenHash: Self.digest(token))
            try await AuditRepository(sql).append(AuditEntry(
                at: now, actorUserId: principal.userId, actorUsername: principal.username, action: "session.signOut", entity: "session",
                entityId: principal.userId))
        }
    }

    /// The team whose figures the person is limited to (`Principal.seesOnlyOwnTeam`), or nil for
    /// the whole floor. A team leader without a team gets -1: no team's figures at all.
    public func teamScope(of principal: Principal) async throws -> Int64? {
        guard principal.seesOnlyOwnTeam else { return nil }
        return try await profile(of: principal).teamId ?? -1
    }

    public func profile(of principal: Principal) async throws -> Profile {
        guard let userId = principal.userId else { throw SwitchboardError.unauthenticated }
        return try await database.read { sql in
            guard let user = try await UserRepository(sql).find(id: userId) else { throw SwitchboardError.unauthenticated }
            return try await Self.profile(of: user, sql)
        }
    }

    /// Lets anyone change their own display name, language and password.
    public func updateProfile(_ input: ProfileInput, by principal: Principal, keepingSession token: String? = nil) async throws -> Profile {
        try principal.require(.write, .profile)
        guard let userId = principal.userId else { throw SwitchboardError.unauthenticated }
        var newHash: String?
        if let newPassword = input.newPassword {
            let password = try Validate.password(newPassword, field: "newPassword")
            guard let current = input.currentPassword else { throw SwitchboardError.missing("currentPassword") }
            let stored = try await database.read { try await UserRepository($0).credentials(username: principal.username) }
            guard let stored, try await verify(current, against: stored.passwordHash) else {
                // The request is well formed; the proof of identity is not: refused, as 403.
                throw SwitchboardError(.forbidden, code: "wrong_password", message: "The current password is wrong.", field: "currentPassword")
            }
            newHash = try await hash(password)
        }
        let now = clock()
        return try await database.transaction { sql in
            let users = UserRepository(sql)
            guard let before = try await users.find(id: userId) else { throw SwitchboardError.unauthenticated }
            var after = before
            if let name = input.displayName { after.displayName = try Validate.name(name, field: "displayName") }
            if let language = input.language { after.language = try Language.parse(language) }
            try await users.update(after, at: now)
            if let newHash {
                try await users.setPasswordHash(of: userId, to: newHash, at: now)
                // Whoever else holds a session of this person (a stolen one, say) is signed out.
                try await SessionRepository(sql).deleteAll(userId: userId, except: token.map(Self.digest))
            }
            try await audit(sql, principal, newHash == nil ? "user.updateProfile" : "user.updateProfile+password", "user", userId, before: before, after: after, at: now)
            return try await Self.profile(of: after, sql)
        }
    }

    static func profile(of user: User, _ sql: any SQLDatabase) async throws -> Profile {
        let agent = try await AgentRepository(sql).find(userId: user.id)
        // A team leader's team is the one they lead, even if their agent record sits elsewhere.
        var team = try await TeamRepository(sql).find(leaderId: user.id)
        if team == nil, let teamId = agent?.teamId {
            team = try await TeamRepository(sql).find(id: teamId)
        }
        return Profile(
            id: user.id, username: user.username, displayName: user.displayName, language: user.language, roles: user.roles,
            agentId: agent?.id, teamId: team?.id, teamName: team?.name)
    }

    // MARK: - Users

    public func users(by principal: Principal) async throws -> [User] {
        try principal.require(.read, .users)
        return try await database.read { try await UserRepository($0).list() }
    }

    public func user(_ id: Int64, by principal: Principal) async throws -> User {
        try principal.require(.read, .users)
        return try await database.read { sql in
            guard let user = try await UserRepository(sql).find(id: id) else { throw SwitchboardError.notFound("user", id: id) }
            return user
        }
    }

    public func createUser(_ input: UserInput, by principal: Principal) async throws -> User {
        try principal.require(.write, .users)
        guard let username = input.username else { throw SwitchboardError.missing("username") }
        guard let displayName = input.displayName else { throw SwitchboardError.missing("displayName") }
        guard let roleNames = input.roles else { throw SwitchboardError.missing("roles") }
        guard let password = input.password else { throw SwitchboardError.missing("password") }
        let draft = try UserDraft.validated(
            username: username, displayName: displayName, language: try Language.parse(input.language ?? "en"),
            roles: try Self.roles(roleNames), active: input.active ?? true)
        let passwordHash = try await hash(try Validate.password(password))
        let now = clock()
        return try await writing(conflictField: "username") { sql in
            let users = UserRepository(sql)
            guard try await users.credentials(username: draft.username) == nil else { throw Self.usernameTaken(draft.username) }
            let user = try await users.insert(draft, passwordHash: passwordHash, at: now)
            try await audit(sql, principal, "user.create", "user", user.id, before: User?.none, after: user, at: now)
            return user
        }
    }

    public func updateUser(_ id: Int64, _ input: UserInput, by principal: Principal) async throws -> User {
        try principal.require(.write, .users)
        let roles = try input.roles.map { names throws(SwitchboardError) in try Self.roles(names) }
        let language = try input.language.map { text throws(SwitchboardError) in try Language.parse(text) }
        let passwordHash = try await input.password.map { try Validate.password($0) }.asyncMap { try await hash($0) }
        let now = clock()
        return try await writing(conflictField: "username") { sql in
            let users = UserRepository(sql)
            guard let before = try await users.find(id: id) else { throw SwitchboardError.notFound("user", id: id) }
            let draft = try UserDraft.validated(
                username: input.username ?? before.username, displayName: input.displayName ?? before.displayName,
                language: language ?? before.language, roles: roles ?? before.roles, active: input.active ?? before.active)
            if draft.username != before.username, try await users.credentials(username: draft.username) != nil {
                throw Self.usernameTaken(draft.username)
            }
            if id == principal.userId, !draft.active {
                throw SwitchboardError.invalid("active", "You cannot deactivate yourself.")
            }
            if before.has(.admin), before.active, !(draft.roles.contains(.admin) && draft.active) {
                try await requireAnotherActiveAdmin(than: id, users, field: draft.active ? "roles" : "active")
            }
            let after = User(id: id, username: draft.username, displayName: draft.displayName, language: draft.language, roles: draft.roles, active: draft.active)
            try await users.update(after, at: now)
            if let passwordHash {
                try await users.setPasswordHash(of: id, to: passwordHash, at: now)
            }
            if passwordHash != nil || !after.active {
                // A new password or a deactivation ends every open session of that person.
                try await SessionRepository(sql).deleteAll(userId: id)
            }
            try await audit(sql, principal, passwordHash == nil ? "user.update" : "user.update+password", "user", id, before: before, after: after, at: now)
            return after
        }
    }

    /// Deletes an account that nothing refers to; people with an agent record or a team are
    /// deactivated instead (their history must stay attributed).
    public func deleteUser(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.write, .users)
        let now = clock()
        try await writing(conflictField: "id") { sql in
            let users = UserRepository(sql)
            guard let before = try await users.find(id: id) else { throw SwitchboardError.notFound("user", id: id) }
            guard id != principal.userId else { throw SwitchboardError.conflict("id", "You cannot delete yourself.", code: "in_use") }
            let hasAgent = try await AgentRepository(sql).find(userId: id) != nil
            let leadsTeam = try await TeamRepository(sql).find(leaderId: id) != nil
            if hasAgent || leadsTeam {
                throw SwitchboardError.conflict(
                    "id", "\(before.username) has an agent record or leads a team; deactivate the account instead (PATCH active=false).", code: "in_use")
            }
            if before.has(.admin), before.active { try await requireAnotherActiveAdmin(than: id, users, field: "id") }
            try await users.delete(id)
            try await audit(sql, principal, "user.delete", "user", id, before: before, after: User?.none, at: now)
        }
    }

    private func requireAnotherActiveAdmin(than id: Int64, _ users: UserRepository, field: String) async throws {
        // Two administrators demoting each other at once must not both succeed.
        try await database.serialize(users.sql, on: "administrators")
        let others = try await users.list().filter { $0.id != id && $0.active && $0.has(.admin) }
        guard !others.isEmpty else {
            throw SwitchboardError.conflict(field, "This is the last active administrator; make someone else admin first.", code: "last_admin")
        }
    }

    static func roles(_ names: [String]) throws(SwitchboardError) -> [Role] {
        var roles: [Role] = []
        for (index, name) in names.enumerated() { roles.append(try Role.parse(name, field: "roles[\(index)]")) }
        return roles
    }

    static func usernameTaken(_ username: String) -> SwitchboardError {
        .conflict("username", "The username '\(username)' is taken.", code: "username_taken")
    }

    // MARK: - Teams

    public func teams(by principal: Principal) async throws -> [TeamView] {
        try principal.require(.read, .teams)
        return try await database.read { sql in
            let counts = try await TeamRepository(sql).agentCounts()
            return try await TeamRepository(sql).list().map { Self.view($0, agentCount: counts[$0.id] ?? 0) }
        }
    }

    public func team(_ id: Int64, by principal: Principal) async throws -> TeamView {
        try principal.require(.read, .teams)
        return try await database.read { sql in try await Self.teamView(id, sql) }
    }

    public func createTeam(_ input: TeamInput, by principal: Principal) async throws -> TeamView {
        try principal.require(.write, .teams)
        guard let rawName = input.name else { throw SwitchboardError.missing("name") }
        let name = try Validate.name(rawName, field: "name")
        let now = clock()
        return try await writing(conflictField: "name") { sql in
            let teams = TeamRepository(sql)
            guard try await !teams.list().contains(where: { $0.name.lowercased() == name.lowercased() }) else { throw Self.nameTaken("team", name) }
            let leaderId = input.leaderId.resolved(keeping: nil)
            try await checkLeader(leaderId, forTeam: nil, sql)
            let team = try await teams.insert(name: name, leaderId: leaderId, at: now)
            try await audit(sql, principal, "team.create", "team", team.id, before: Team?.none, after: team, at: now)
            return Self.view(team, agentCount: 0)
        }
    }

    public func updateTeam(_ id: Int64, _ input: TeamInput, by principal: Principal) async throws -> TeamView {
        try principal.require(.write, .teams)
        let now = clock()
        return try await writing(conflictField: "name") { sql in
            let teams = TeamRepository(sql)
            guard let before = try await teams.find(id: id) else { throw SwitchboardError.notFound("team", id: id) }
            var after = before
            if let rawName = input.name {
                after.name = try Validate.name(rawName, field: "name")
                if try await teams.list().contains(where: { $0.id != id && $0.name.lowercased() == after.name.lowercased() }) {
                    throw Self.nameTaken("team", after.name)
                }
            }
            after.leaderId = input.leaderId.resolved(keeping: before.leaderId)
            if after.leaderId != before.leaderId { try await checkLeader(after.leaderId, forTeam: id, sql) }
            try await teams.update(after, at: now)
            try await audit(sql, principal, "team.update", "team", id, before: before, after: after, at: now)
            return try await Self.teamView(id, sql)
        }
    }

    public func deleteTeam(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.write, .teams)
        let now = clock()
        try await writing(conflictField: "id") { sql in
            let teams = TeamRepository(sql)
            guard let before = try await teams.find(id: id) else { throw SwitchboardError.notFound("team", id: id) }
            let agents = try await teams.agentCounts()[id] ?? 0
            guard agents == 0 else {
                throw SwitchboardError.conflict("id", "Team \(before.name) still has \(agents) agents; move them to another team first.", code: "in_use")
            }
            try await teams.delete(id)
            try await audit(sql, principal, "team.delete", "team", id, before: before, after: Team?.none, at: now)
        }
    }

    private func checkLeader(_ leaderId: Int64?, forTeam teamId: Int64?, _ sql: any SQLDatabase) async throws {
        guard let leaderId else { return }
        guard let leader = try await UserRepository(sql).find(id: leaderId) else {
            throw SwitchboardError.unknownReference("leaderId", "No user with id \(leaderId).")
        }
        guard leader.has(.teamLeader) else {
            throw SwitchboardError.unknownReference("leaderId", "\(leader.username) does not have the teamLeader role.")
        }
        if let led = try await TeamRepository(sql).find(leaderId: leaderId), led.id != teamId {
            throw SwitchboardError.conflict("leaderId", "\(leader.username) already leads team \(led.name); a team leader leads one team.", code: "leader_taken")
        }
    }

    static func teamView(_ id: Int64, _ sql: any SQLDatabase) async throws -> TeamView {
        guard let team = try await TeamRepository(sql).find(id: id) else { throw SwitchboardError.notFound("team", id: id) }
        return view(team, agentCount: try await TeamRepository(sql).agentCounts()[id] ?? 0)
    }

    static func view(_ team: Team, agentCount: Int) -> TeamView {
        TeamView(
            id: team.id, name: team.name, leaderId: team.leaderId, agentCount: agentCount,
            warnings: TeamSpan.warnings(agentCount: agentCount, hasLeader: team.leaderId != nil))
    }

    static func nameTaken(_ entity: String, _ name: String) -> SwitchboardError {
        .conflict("name", "A \(entity) named '\(name)' already exists.", code: "name_taken")
    }

    // MARK: - Skills

    public func skills(by principal: Principal) async throws -> [Skill] {
        try principal.require(.read, .skills)
        return try await database.read { try await SkillRepository($0).list() }
    }

    public func skill(_ id: Int64, by principal: Principal) async throws -> Skill {
        try principal.require(.read, .skills)
        return try await database.read { sql in
            guard let skill = try await SkillRepository(sql).find(id: id) else { throw SwitchboardError.notFound("skill", id: id) }
            return skill
        }
    }

    public func createSkill(_ input: SkillInput, by principal: Principal) async throws -> Skill {
        try principal.require(.write, .skills)
        guard let rawName = input.name else { throw SwitchboardError.missing("name") }
        let name = try Skill.validatedName(rawName)
        let description = try Self.description(input.description ?? "")
        let now = clock()
        return try await writing(conflictField: "name") { sql in
            let skills = SkillRepository(sql)
            guard try await !skills.list().contains(where: { $0.name.lowercased() == name.lowercased() }) else { throw Self.nameTaken("skill", name) }
            let skill = try await skills.insert(name: name, description: description)
            try await audit(sql, principal, "skill.create", "skill", skill.id, before: Skill?.none, after: skill, at: now)
            return skill
        }
    }

    public func updateSkill(_ id: Int64, _ input: SkillInput, by principal: Principal) async throws -> Skill {
        try principal.require(.write, .skills)
        let name = try input.name.map { text throws(SwitchboardError) in try Skill.validatedName(text) }
        let description = try input.description.map { text throws(SwitchboardError) in try Self.description(text) }
        let now = clock()
        return try await writing(conflictField: "name") { sql in
            let skills = SkillRepository(sql)
            guard let before = try await skills.find(id: id) else { throw SwitchboardError.notFound("skill", id: id) }
            let after = Skill(id: id, name: name ?? before.name, description: description ?? before.description)
            if try await skills.list().contains(where: { $0.id != id && $0.name.lowercased() == after.name.lowercased() }) {
                throw Self.nameTaken("skill", after.name)
            }
            try await skills.update(after)
            try await audit(sql, principal, "skill.update", "skill", id, before: before, after: after, at: now)
            return after
        }
    }

    public func deleteSkill(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.write, .skills)
        let now = clock()
        try await writing(conflictField: "id") { sql in
            let skills = SkillRepository(sql)
            guard let before = try await skills.find(id: id) else { throw SwitchboardError.notFound("skill", id: id) }
            guard try await !skills.isInUse(id) else {
                throw SwitchboardError.conflict("id", "Skill \(before.name) is held by agents or required by queues; remove it there first.", code: "in_use")
            }
            try await skills.delete(id)
            try await audit(sql, principal, "skill.delete", "skill", id, before: before, after: Skill?.none, at: now)
        }
    }

    static func description(_ text: String) throws(SwitchboardError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= 500 else { throw SwitchboardError.invalid("description", "description is at most 500 characters long.") }
        return trimmed
    }

    /// Maps skill names to ids, naming the first unknown one as the offending field.
    static func skillIds(_ names: [String], field: (Int) -> String, _ sql: any SQLDatabase) async throws -> [String: Int64] {
        let known = Dictionary(uniqueKeysWithValues: try await SkillRepository(sql).list().map { ($0.name, $0.id) })
        for (index, name) in names.enumerated() where known[name] == nil {
            throw SwitchboardError.unknownReference(field(index), "No skill named '\(name)'; create it first.")
        }
        return known
    }

    // MARK: - Agents

    public func agents(teamId: Int64? = nil, by principal: Principal) async throws -> [AgentView] {
        try principal.require(.read, .agents)
        return try await database.read { sql in
            let users = Dictionary(uniqueKeysWithValues: try await UserRepository(sql).list().map { ($0.id, $0) })
            return try await AgentRepository(sql).list(teamId: teamId).map { Self.view($0, users[$0.userId]) }
        }
    }

    public func agent(_ id: Int64, by principal: Principal) async throws -> AgentView {
        try principal.require(.read, .agents)
        return try await database.read { sql in try await Self.agentView(id, sql) }
    }

    public func createAgent(_ input: AgentInput, by principal: Principal) async throws -> AgentView {
        try principal.require(.write, .agents)
        guard let userId = input.userId else { throw SwitchboardError.missing("userId") }
        let levels = try SkillLevel.validated(input.skills ?? [], field: "skills")
        let now = clock()
        return try await writing(conflictField: "userId") { sql in
            guard let user = try await UserRepository(sql).find(id: userId) else {
                throw SwitchboardError.unknownReference("userId", "No user with id \(userId).")
            }
            guard user.has(.agent) || user.has(.teamLeader) || user.has(.supervisor) else {
                throw SwitchboardError.unknownReference("userId", "\(user.username) takes no calls: give them the agent role first.")
            }
            guard try await AgentRepository(sql).find(userId: userId) == nil else {
                throw SwitchboardError.conflict("userId", "\(user.username) already has an agent record.", code: "agent_exists")
            }
            let teamId = input.teamId.resolved(keeping: nil)
            try await checkTeam(teamId, sql)
            let ids = try await Self.skillIds(levels.map(\.skill), field: { "skills[\($0)].skill" }, sql)
            let agent = try await AgentRepository(sql).insert(
                userId: userId, teamId: teamId, skills: levels.map { (ids[$0.skill]!, $0) }, at: now)
            try await audit(sql, principal, "agent.create", "agent", agent.id, before: Agent?.none, after: agent, at: now)
            return Self.view(agent, user)
        }
    }

    public func updateAgent(_ id: Int64, _ input: AgentInput, by principal: Principal) async throws -> AgentView {
        try principal.require(.write, .agents)
        let levels = try input.skills.map { list throws(SwitchboardError) in try SkillLevel.validated(list, field: "skills") }
        let now = clock()
        return try await writing(conflictField: "id") { sql in
            let agents = AgentRepository(sql)
            guard let before = try await agents.find(id: id) else { throw SwitchboardError.notFound("agent", id: id) }
            if let userId = input.userId, userId != before.userId {
                throw SwitchboardError.invalid("userId", "An agent record stays with its user; create a new agent for another user.")
            }
            let teamId = input.teamId.resolved(keeping: before.teamId)
            if teamId != before.teamId { try await checkTeam(teamId, sql) }
            let skills = levels ?? before.skills
            let ids = try await Self.skillIds(skills.map(\.skill), field: { "skills[\($0)].skill" }, sql)
            try await agents.update(id: id, teamId: teamId, skills: skills.map { (ids[$0.skill]!, $0) }, at: now)
            let after = Agent(id: id, userId: before.userId, teamId: teamId, skills: skills)
            try await audit(sql, principal, "agent.update", "agent", id, before: before, after: after, at: now)
            return try await Self.agentView(id, sql)
        }
    }

    public func deleteAgent(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.write, .agents)
        let now = clock()
        try await writing(conflictField: "id") { sql in
            guard let before = try await AgentRepository(sql).find(id: id) else { throw SwitchboardError.notFound("agent", id: id) }
            try await SIPAccountRepository(sql).delete(agentId: id)
            try await AgentRepository(sql).delete(id)
            try await audit(sql, principal, "agent.delete", "agent", id, before: before, after: Agent?.none, at: now)
        }
    }

    private func checkTeam(_ teamId: Int64?, _ sql: any SQLDatabase) async throws {
        guard let teamId else { return }
        guard try await TeamRepository(sql).find(id: teamId) != nil else {
            throw SwitchboardError.unknownReference("teamId", "No team with id \(teamId).")
        }
    }

    static func agentView(_ id: Int64, _ sql: any SQLDatabase) async throws -> AgentView {
        guard let agent = try await AgentRepository(sql).find(id: id) else { throw SwitchboardError.notFound("agent", id: id) }
        return view(agent, try await UserRepository(sql).find(id: agent.userId))
    }

    static func view(_ agent: Agent, _ user: User?) -> AgentView {
        AgentView(
            id: agent.id, userId: agent.userId, username: user?.username ?? "", displayName: user?.displayName ?? "",
            teamId: agent.teamId, skills: agent.skills)
    }

    // MARK: - Queues

    public func queues(by principal: Principal) async throws -> [Queue] {
        try principal.require(.read, .queues)
        return try await database.read { try await QueueRepository($0).list() }
    }

    public func queue(_ id: Int64, by principal: Principal) async throws -> Queue {
        try principal.require(.read, .queues)
        return try await database.read { sql in
            guard let queue = try await QueueRepository(sql).find(id: id) else { throw SwitchboardError.notFound("queue", id: id) }
            return queue
        }
    }

    /// `validateTimeZone` is the shell's check that the zone exists (the core has no calendar).
    public func createQueue(_ input: QueueInput, by principal: Principal) async throws -> Queue {
        try principal.require(.write, .queues)
        guard let name = input.name else { throw SwitchboardError.missing("name") }
        guard let number = input.extensionNumber else { throw SwitchboardError.missing("extension") }
        let settings = try Self.checkedTimeZone(input.applied(to: QueueSettings(name: name, extensionNumber: number)).validated())
        let now = clock()
        return try await writing(conflictField: "name") { sql in
            try await checkUnique(settings, except: nil, sql)
            let ids = try await Self.skillIds(settings.requiredSkills.map(\.skill), field: { "requiredSkills[\($0)].skill" }, sql)
            let queue = try await QueueRepository(sql).insert(settings, skillIds: ids, at: now)
            try await audit(sql, principal, "queue.create", "queue", queue.id, before: Queue?.none, after: queue, at: now)
            return queue
        }
    }

    public func updateQueue(_ id: Int64, _ input: QueueInput, by principal: Principal) async throws -> Queue {
        try principal.require(.write, .queues)
        let now = clock()
        return try await writing(conflictField: "name") { sql in
            let queues = QueueRepository(sql)
            guard let before = try await queues.find(id: id) else { throw SwitchboardError.notFound("queue", id: id) }
            let settings = try Self.checkedTimeZone(input.applied(to: before.settings).validated())
            try await checkUnique(settings, except: id, sql)
            let ids = try await Self.skillIds(settings.requiredSkills.map(\.skill), field: { "requiredSkills[\($0)].skill" }, sql)
            let after = Queue(id: id, settings: settings)
            try await queues.update(after, skillIds: ids, at: now)
            try await audit(sql, principal, "queue.update", "queue", id, before: before, after: after, at: now)
            return after
        }
    }

    public func deleteQueue(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.write, .queues)
        let now = clock()
        try await writing(conflictField: "id") { sql in
            guard let before = try await QueueRepository(sql).find(id: id) else { throw SwitchboardError.notFound("queue", id: id) }
            try await QueueRepository(sql).delete(id)
            try await audit(sql, principal, "queue.delete", "queue", id, before: before, after: Queue?.none, at: now)
        }
    }

    private func checkUnique(_ settings: QueueSettings, except id: Int64?, _ sql: any SQLDatabase) async throws {
        let all = try await QueueRepository(sql).list()
        let skills = Set(try await SkillRepository(sql).list().map(\.name))
        for (index, rule) in settings.overflow.enumerated() {
            if let skill = rule.skill, rule.action == .addSkill, !skills.contains(skill) {
                throw SwitchboardError.unknownReference("overflow[\(index)].skill", "No skill named '\(skill)'.")
            }
            if let target = rule.queue, rule.action == .moveToQueue, !all.contains(where: { $0.name.lowercased() == target.lowercased() }) {
                throw SwitchboardError.unknownReference("overflow[\(index)].queue", "No queue named '\(target)'.")
            }
        }
        if settings.escalation, let other = all.first(where: { $0.id != id && $0.settings.escalation }) {
            throw SwitchboardError.conflict("escalation", "\(other.name) is already the escalation queue.", code: "escalation_taken")
        }
        for queue in all where queue.id != id {
            if queue.name.lowercased() == settings.name.lowercased() { throw Self.nameTaken("queue", settings.name) }
            if queue.settings.extensionNumber == settings.extensionNumber {
                throw SwitchboardError.conflict("extension", "Extension \(settings.extensionNumber) is taken by queue \(queue.name).", code: "extension_taken")
            }
        }
    }

    static func checkedTimeZone(_ settings: QueueSettings) throws(SwitchboardError) -> QueueSettings {
        guard TimeZone(identifier: settings.hours.timeZone) != nil else {
            throw SwitchboardError.invalid("hours.timeZone", "Unknown time zone '\(settings.hours.timeZone)'; use an IANA name such as Europe/Amsterdam.")
        }
        return settings
    }

    // MARK: - Audit

    public func auditLog(limit: Int = 100, beforeId: Int64? = nil, entity: String? = nil, by principal: Principal) async throws -> [AuditEntry] {
        try principal.require(.read, .audit)
        let limit = try Validate.integer(limit, field: "limit", in: 1...1000)
        return try await database.read { try await AuditRepository($0).list(limit: limit, beforeId: beforeId, entity: entity) }
    }

    // MARK: - Not-ready reasons

    /// The reasons an agent can give for not ready, in order. Everyone may read them; those
    /// who set up queues (administrators, supervisors) change them.
    public func notReadyReasons(by principal: Principal) async throws -> [NotReadyReason] {
        try principal.require(.read, .queues)
        return try await database.read { try await NotReadyReasonRepository($0).list() }
    }

    public func createNotReadyReason(_ input: NotReadyReasonInput, by principal: Principal) async throws -> NotReadyReason {
        try principal.require(.write, .queues)
        guard let code = input.code else { throw SwitchboardError.missing("code") }
        guard let label = input.label else { throw SwitchboardError.missing("label") }
        let reason = NotReadyReason(code: try NotReadyReason.validatedCode(code), label: try NotReadyReason.validatedLabel(label))
        let now = clock()
        return try await writing(conflictField: "code") { sql in
            let reasons = NotReadyReasonRepository(sql)
            guard try await !reasons.list().contains(where: { $0.code.lowercased() == reason.code.lowercased() }) else {
                throw SwitchboardError.conflict("code", "A not-ready reason '\(reason.code)' exists already.", code: "duplicate")
            }
            try await reasons.insert(reason)
            try await audit(sql, principal, "notReadyReason.create", "notReadyReason", nil, before: NotReadyReason?.none, after: reason, at: now)
            return reason
        }
    }

    public func updateNotReadyReason(_ code: String, _ input: NotReadyReasonInput, by principal: Principal) async throws -> NotReadyReason {
        try principal.require(.write, .queues)
        if let newCode = input.code, newCode != code { throw SwitchboardError.invalid("code", "A reason's code cannot change (records carry it); add a new reason instead.") }
        guard let label = input.label else { throw SwitchboardError.missing("label") }
        let validLabel = try NotReadyReason.validatedLabel(label)
        let now = clock()
        return try await writing(conflictField: "code") { sql in
            let reasons = NotReadyReasonRepository(sql)
            guard let before = try await reasons.find(code: code) else { throw SwitchboardError.notFound("not-ready reason", named: code) }
            var after = before
            after.label = validLabel
            try await reasons.update(code: code, label: validLabel)
            try await audit(sql, principal, "notReadyReason.update", "notReadyReason", nil, before: before, after: after, at: now)
            return after
        }
    }

    /// Removes a reason from the list; the records that carry it keep it.
    public func deleteNotReadyReason(_ code: String, by principal: Principal) async throws {
        try principal.require(.write, .queues)
        let now = clock()
        try await writing(conflictField: "code") { sql in
            let reasons = NotReadyReasonRepository(sql)
            guard let before = try await reasons.find(code: code) else { throw SwitchboardError.notFound("not-ready reason", named: code) }
            guard !before.system else {
                throw SwitchboardError.conflict("code", "\(code) is set by routing when a call rings out and cannot be removed.", code: "system_reason")
            }
            guard try await reasons.list().count > 2 else {
                throw SwitchboardError.conflict("code", "Agents need at least one reason of their own to choose.", code: "last_reason")
            }
            try await reasons.delete(code: code)
            try await audit(sql, principal, "notReadyReason.delete", "notReadyReason", nil, before: before, after: NotReadyReason?.none, at: now)
        }
    }

    // MARK: - Plumbing

    /// Runs a change in a transaction; a unique or reference violation that slipped past the
    /// checks (two requests at once) still becomes a clear 409.
    @discardableResult
    func writing<T: Sendable>(conflictField: String, _ body: sending @escaping (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await database.transaction(body)
        } catch let error as SwitchboardError {
            throw error
        } catch where Database.isUniqueViolation(error) {
            throw SwitchboardError.conflict(conflictField, "That value is already taken.", code: "duplicate")
        } catch where Database.isForeignKeyViolation(error) {
            throw SwitchboardError.conflict(conflictField, "The record is still referred to elsewhere.", code: "in_use")
        }
    }

    func audit<Value: Encodable>(
        _ sql: any SQLDatabase, _ principal: Principal, _ action: String, _ entity: String, _ id: Int64?,
        before: Value?, after: Value?, at now: Instant
    ) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encode: (Value?) throws -> String? = { value in try value.map { String(decoding: try encoder.encode($0), as: UTF8.self) } }
        try await AuditRepository(sql).append(AuditEntry(
            at: now, actorUserId: principal.userId, actorUsername: principal.username, action: action, entity: entity, entityId: id,
            before: try encode(before), after: try encode(after)))
    }

    /// bcrypt takes a quarter second of CPU: run it on NIO's blocking pool, not on a thread the
    /// server needs for requests.
    public func hash(_ password: String) async throws -> String {
        let hasher = self.hasher
        return try await NIOThreadPool.singleton.runIfActive { hasher.hash(password) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        let hasher = self.hasher
        return try await NIOThreadPool.singleton.runIfActive { hasher.verify(password, against: hash) }
    }

    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A bcrypt hash of a random string at the service's cost, verified against when the username
    /// does not exist; made once per cost.
    func decoyHash() async throws -> String {
        let cost = hasher.cost
        if let hash = Self.decoys.withLock({ $0[cost] }) { return hash }
        let hash = try await self.hash(Self.newToken())
        Self.decoys.withLock { $0[cost] = $0[cost] ?? hash }
        return hash
    }

    private static let decoys = Mutex<[UInt8: String]>([:])
}

extension Optional {
    func asyncMap<U>(_ transform: (Wrapped) async throws -> U) async rethrows -> U? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

/// Holds the sign-in throttles: per username (5 free failures) and per client address (a call
/// center's agents often share one address, so 100; IPv6 clients by their /64, which one
/// household or attacker controls as a whole).
actor SignInGuard {
    private var byUsername = SignInThrottle(freeAttempts: 5)
    private var byAddress = SignInThrottle(freeAttempts: 100)

    /// Decides and, when allowed, counts the attempt as a failure at once (one actor step, so
    /// concurrent attempts see each other); `recordSuccess` or `takeBack` undoes that count.
    func admit(username: String, address: String?, at now: Instant) -> SignInThrottle.Decision {
        let addressKey = address.map(Self.addressKey)
        var decision = byUsername.check([username], at: now)
        if let addressKey, case .locked(let byAddr) = byAddress.check([addressKey], at: now) {
            if case .locked(let byUser) = decision { decision = .locked(retryAfter: max(byUser, byAddr)) } else { decision = .locked(retryAfter: byAddr) }
        }
        guard decision == .allowed else { return decision }
        byUsername.recordFailure([username], at: now)
        if let addressKey { byAddress.recordFailure([addressKey], at: now) }
        return .allowed
    }

    /// The password was right: the username's failures are forgotten, and the address loses
    /// only this attempt's count (others at the same address may still be guessing).
    func recordSuccess(username: String, address: String?, admittedAt: Instant) {
        byUsername.recordSuccess([username])
        if let address { byAddress.takeBack([Self.addressKey(address)], countedAt: admittedAt) }
    }

    /// The attempt ended without a verdict on the password: its counts are taken back.
    func takeBack(username: String, address: String?, admittedAt: Instant) {
        byUsername.takeBack([username], countedAt: admittedAt)
        if let address { byAddress.takeBack([Self.addressKey(address)], countedAt: admittedAt) }
    }

    static func addressKey(_ address: String) -> String {
        guard address.contains(":") else { return address }
        return address.split(separator: ":", omittingEmptySubsequences: false).prefix(4).joined(separator: ":") + "::/64"
    }
}
