import Crypto
import Storage
import SwitchboardCore

/// What the API shows of a SIP account: never the password or its digest.
public struct SIPAccountView: Codable, Equatable, Sendable {
    public var agentId: Int64
    public var username: String
    public var realm: String
}

/// The body of `PUT /agents/{id}/sip`.
public struct SIPAccountInput: Codable, Equatable, Sendable {
    public var username: String?
    public var password: String?

    public init(username: String? = nil, password: String? = nil) {
        self.username = username
        self.password = password
    }
}

extension OrganisationService {
    /// The digest realm of every account (part of each stored secret: changing it means new
    /// passwords for everyone).
    public static let sipRealm = "switchboard"

    /// `MD5(username:realm:password)`, what digest authentication checks against.
    public static func sipSecret(username: String, password: String) -> String {
        Insecure.MD5.hash(data: Array("\(username):\(sipRealm):\(password)".utf8)).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
        }.joined()
    }

    /// Everyone who may read agents sees account names; those who manage agents, and each agent
    /// for their own phone, change them.
    func mayManageSIP(of agentId: Int64, _ principal: Principal, _ operation: Operation) async throws {
        if Permissions.allows(principal.roles, to: operation, .agents) { return }
        guard try await profile(of: principal).agentId == agentId else { throw SwitchboardError.forbidden("manage another agent's phone account") }
    }

    public func sipAccount(agentId: Int64, by principal: Principal) async throws -> SIPAccountView {
        try await mayManageSIP(of: agentId, principal, .read)
        return try await database.read { sql in
            guard try await AgentRepository(sql).find(id: agentId) != nil else { throw SwitchboardError.notFound("agent", id: agentId) }
            guard let account = try await SIPAccountRepository(sql).find(agentId: agentId) else {
                throw SwitchboardError(.notFound, code: "not_found", message: "Agent \(agentId) has no SIP account.")
            }
            return SIPAccountView(agentId: agentId, username: account.username, realm: account.realm)
        }
    }

    /// Creates or replaces an agent's SIP account. The user name is what the phone registers
    /// as (a letter, then letters, digits, `.`, `_`, `-`; numbers alone are queue extensions).
    public func setSIPAccount(agentId: Int64, _ input: SIPAccountInput, by principal: Principal) async throws -> SIPAccountView {
        try await mayManageSIP(of: agentId, principal, .write)
        guard let rawUsername = input.username else { throw SwitchboardError.missing("username") }
        guard let password = input.password else { throw SwitchboardError.missing("password") }
        let username = Validate.trim(rawUsername)
        let scalars = Array(username.unicodeScalars)
        let letter: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        guard (1...64).contains(scalars.count), letter(scalars[0]),
            scalars.allSatisfy({ letter($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-" })
        else {
            throw SwitchboardError.invalid("username", "username starts with a letter and holds letters, digits, '.', '_' and '-' (1 to 64).")
        }
        guard (8...128).contains(password.count) else {
            throw SwitchboardError.invalid("password", "A phone password is 8 to 128 characters (digest secrets are guessed offline).")
        }
        let now = clock()
        return try await writing(conflictField: "username") { sql in
            guard try await AgentRepository(sql).find(id: agentId) != nil else { throw SwitchboardError.notFound("agent", id: agentId) }
            let accounts = SIPAccountRepository(sql)
            if let holder = try await accounts.find(username: username), holder.agentId != agentId {
                throw SwitchboardError.conflict("username", "The SIP user name \(username) belongs to another agent.", code: "duplicate")
            }
            let before = try await accounts.find(agentId: agentId).map { SIPAccountView(agentId: agentId, username: $0.username, realm: $0.realm) }
            try await accounts.set(
                StoredSIPAccount(agentId: agentId, username: username, realm: Self.sipRealm, ha1: Self.sipSecret(username: username, password: password)),
                at: now)
            let after = SIPAccountView(agentId: agentId, username: username, realm: Self.sipRealm)
            try await audit(sql, principal, "sipAccount.set", "agent", agentId, before: before, after: after, at: now)
            return after
        }
    }

    public func deleteSIPAccount(agentId: Int64, by principal: Principal) async throws {
        try await mayManageSIP(of: agentId, principal, .write)
        let now = clock()
        try await writing(conflictField: "agentId") { sql in
            let accounts = SIPAccountRepository(sql)
            guard let before = try await accounts.find(agentId: agentId) else {
                throw SwitchboardError(.notFound, code: "not_found", message: "Agent \(agentId) has no SIP account.")
            }
            try await accounts.delete(agentId: agentId)
            try await audit(
                sql, principal, "sipAccount.delete", "agent", agentId,
                before: SIPAccountView(agentId: agentId, username: before.username, realm: before.realm), after: SIPAccountView?.none, at: now)
        }
    }

    /// Every account with its secret, for the SIP endpoint (not for the API).
    public func sipAccountsForTelephony() async throws -> [StoredSIPAccount] {
        try await database.read { try await SIPAccountRepository($0).list() }
    }
}
