import Crypto
import Foundation
import NIOPosix
import Storage
import Synchronization
import SwitchboardCore

extension OrganisationService {
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
}
