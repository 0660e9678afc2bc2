import Crypto
import Foundation
import NIOPosix
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

    static func profile(of user: User, _ sql: SQLHandle) async throws -> Profile {
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

    // MARK: - Plumbing

    /// Runs a change in a transaction; a unique or reference violation that slipped past the
    /// checks (two requests at once) still becomes a clear 409.
    @discardableResult
    func writing<T: Sendable>(conflictField: String, _ body: sending @escaping (SQLHandle) async throws -> T) async throws -> T {
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
        _ sql: SQLHandle, _ principal: Principal, _ action: String, _ entity: String, _ id: Int64?,
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

extension OrganisationService: OrganisationDirectory {}
