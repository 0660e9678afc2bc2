import SQLKit
import SwitchboardCore

/// A stored user with the secret that never leaves the server.
public struct UserCredentials: Sendable {
    public var user: User
    public var passwordHash: String
}

/// Users and their roles.
public struct UserRepository {
    public let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public func insert(_ draft: UserDraft, passwordHash: String, at now: Instant) async throws -> User {
        let row = try await sql.raw("""
            INSERT INTO users (username, display_name, language, password_hash, active, created_at_ms, updated_at_ms)
            VALUES (\(bind: draft.username), \(bind: draft.displayName), \(bind: draft.language.rawValue), \(bind: passwordHash),
                    \(bind: draft.active ? 1 : 0), \(bind: now.millisecondsSinceEpoch), \(bind: now.millisecondsSinceEpoch))
            RETURNING id
            """).first()
        let id = try row!.int64("id")
        try await replaceRoles(of: id, with: draft.roles)
        return User(id: id, username: draft.username, displayName: draft.displayName, language: draft.language, roles: draft.roles, active: draft.active)
    }

    public func update(_ user: User, at now: Instant) async throws {
        try await sql.raw("""
            UPDATE users SET username = \(bind: user.username), display_name = \(bind: user.displayName),
                language = \(bind: user.language.rawValue), active = \(bind: user.active ? 1 : 0),
                updated_at_ms = \(bind: now.millisecondsSinceEpoch)
            WHERE id = \(bind: user.id)
            """).run()
        try await replaceRoles(of: user.id, with: user.roles)
    }

    public func setPasswordHash(of id: Int64, to hash: String, at now: Instant) async throws {
        try await sql.raw("UPDATE users SET password_hash = \(bind: hash), updated_at_ms = \(bind: now.millisecondsSinceEpoch) WHERE id = \(bind: id)").run()
    }

    public func delete(_ id: Int64) async throws {
        try await sql.raw("DELETE FROM users WHERE id = \(bind: id)").run()
    }

    public func find(id: Int64) async throws -> User? {
        try await users(where: "u.id = ", id).first?.user
    }

    /// The user and password hash for sign-in; the username is matched exactly (stored lowercase).
    public func credentials(username: String) async throws -> UserCredentials? {
        try await users(where: "u.username = ", username).first
    }

    public func list() async throws -> [User] {
        try await users(where: nil, 0).map(\.user)
    }

    public func count() async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM users").first()!.int("n")
    }

    private func replaceRoles(of id: Int64, with roles: [Role]) async throws {
        try await sql.raw("DELETE FROM user_roles WHERE user_id = \(bind: id)").run()
        for role in roles {
            try await sql.raw("INSERT INTO user_roles (user_id, role) VALUES (\(bind: id), \(bind: role.rawValue))").run()
        }
    }

    /// One query for the users and one for all their roles: no query per user.
    private func users(where condition: String?, _ value: some Encodable & Sendable) async throws -> [UserCredentials] {
        var query = SQLQueryString("SELECT u.id, u.username, u.display_name, u.language, u.password_hash, u.active FROM users u")
        var rolesQuery = SQLQueryString("SELECT r.user_id, r.role FROM user_roles r JOIN users u ON u.id = r.user_id")
        if let condition {
            query.appendInterpolation(unsafeRaw: " WHERE " + condition)
            query.appendInterpolation(bind: value)
            rolesQuery.appendInterpolation(unsafeRaw: " WHERE " + condition)
            rolesQuery.appendInterpolation(bind: value)
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY u.username")
        let rows = try await sql.raw(query).all()
        var roles: [Int64: [Role]] = [:]
        for row in try await sql.raw(rolesQuery).all() {
            if let role = Role(rawValue: try row.string("role")) { roles[try row.int64("user_id"), default: []].append(role) }
        }
        return try rows.map { row in
            let id = try row.int64("id")
            let user = User(
                id: id, username: try row.string("username"), displayName: try row.string("display_name"),
                language: Language(rawValue: try row.string("language")) ?? .en, roles: roles[id] ?? [], active: try row.int64("active") != 0)
            return UserCredentials(user: user, passwordHash: try row.string("password_hash"))
        }
    }
}

/// Sign-in sessions, stored by the SHA-256 of their token so a leaked table grants nothing.
public struct SessionRepository {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public func insert(tokenHash: String, userId: Int64, at now: Instant, expiresAt: Instant) async throws {
        try await sql.raw("""
            INSERT INTO sessions (token_hash, user_id, created_at_ms, expires_at_ms)
            VALUES (\(bind: tokenHash), \(bind: userId), \(bind: now.millisecondsSinceEpoch), \(bind: expiresAt.millisecondsSinceEpoch))
            """).run()
    }

    /// The user id of a session that has not expired.
    public func userId(tokenHash: String, at now: Instant) async throws -> Int64? {
        try await sql.raw("""
            SELECT user_id FROM sessions WHERE token_hash = \(bind: tokenHash) AND expires_at_ms > \(bind: now.millisecondsSinceEpoch)
            """).first()?.int64("user_id")
    }

    public func delete(tokenHash: String) async throws {
        try await sql.raw("DELETE FROM sessions WHERE token_hash = \(bind: tokenHash)").run()
    }

    /// Ends every session of the user, but the one with `keptHash` if given.
    public func deleteAll(userId: Int64, except keptHash: String? = nil) async throws {
        if let keptHash {
            try await sql.raw("DELETE FROM sessions WHERE user_id = \(bind: userId) AND token_hash <> \(bind: keptHash)").run()
        } else {
            try await sql.raw("DELETE FROM sessions WHERE user_id = \(bind: userId)").run()
        }
    }

    public func deleteExpired(at now: Instant) async throws {
        try await sql.raw("DELETE FROM sessions WHERE expires_at_ms <= \(bind: now.millisecondsSinceEpoch)").run()
    }
}
