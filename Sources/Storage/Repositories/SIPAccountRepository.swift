import SQLKit
import SwitchboardCore

/// An agent's SIP account as stored: the digest secret, not the password.
public struct StoredSIPAccount: Sendable, Equatable {
    public var agentId: Int64
    public var username: String
    public var realm: String
    public var ha1: String

    public init(agentId: Int64, username: String, realm: String, ha1: String) {
        self.agentId = agentId
        self.username = username
        self.realm = realm
        self.ha1 = ha1
    }
}

public struct SIPAccountRepository {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    /// Creates or replaces the agent's account.
    public func set(_ account: StoredSIPAccount, at now: Instant) async throws {
        try await sql.raw("DELETE FROM sip_accounts WHERE agent_id = \(bind: account.agentId)").run()
        try await sql.raw("""
            INSERT INTO sip_accounts (agent_id, username, realm, ha1, updated_at_ms)
            VALUES (\(bind: account.agentId), \(bind: account.username), \(bind: account.realm), \(bind: account.ha1), \(bind: now.millisecondsSinceEpoch))
            """).run()
    }

    public func find(agentId: Int64) async throws -> StoredSIPAccount? {
        try await sql.raw("SELECT agent_id, username, realm, ha1 FROM sip_accounts WHERE agent_id = \(bind: agentId)").first().map(Self.account)
    }

    public func find(username: String) async throws -> StoredSIPAccount? {
        try await sql.raw("SELECT agent_id, username, realm, ha1 FROM sip_accounts WHERE LOWER(username) = \(bind: username.lowercased())").first().map(Self.account)
    }

    public func delete(agentId: Int64) async throws {
        try await sql.raw("DELETE FROM sip_accounts WHERE agent_id = \(bind: agentId)").run()
    }

    public func list() async throws -> [StoredSIPAccount] {
        try await sql.raw("SELECT agent_id, username, realm, ha1 FROM sip_accounts ORDER BY username").all().map(Self.account)
    }

    static func account(_ row: any SQLRow) throws -> StoredSIPAccount {
        StoredSIPAccount(agentId: try row.int64("agent_id"), username: try row.string("username"), realm: try row.string("realm"), ha1: try row.string("ha1"))
    }
}
