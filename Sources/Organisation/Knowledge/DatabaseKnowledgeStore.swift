import Storage
import SwitchboardCore

/// Scripts (`call_scripts`), articles (`articles`, with the full-text index of either database)
/// and follow-ups (`call_dispositions`) in the database; each script or article change in one
/// transaction with its audit record.
public struct DatabaseKnowledgeStore: KnowledgeStore {
    let database: Database

    public init(database: Database) { self.database = database }

    // MARK: Scripts

    public func scripts() async throws -> [QueueScript] {
        try await database.read { sql in
            try await KnowledgeRepository(sql, dialect: database.dialect).scripts().map { QueueScript(queueId: $0.queueId, inherited: false, script: $0.script) }
        }
    }

    public func script(queueId: Int64?) async throws -> CallScript? {
        try await database.read { try await KnowledgeRepository($0, dialect: database.dialect).script(queueId: queueId) }
    }

    public func saveScript(_ script: CallScript, queueId: Int64?, at now: Instant, audit: AuditEntry) async throws {
        try await database.transaction { sql in
            if let queueId, try await QueueRepository(sql).find(id: queueId) == nil { throw SwitchboardError.notFound("queue", id: queueId) }
            try await KnowledgeRepository(sql, dialect: database.dialect).saveScript(script, queueId: queueId, at: now)
            try await AuditRepository(sql).append(audit)
        }
    }

    public func deleteScript(queueId: Int64?, audit: AuditEntry) async throws {
        try await database.transaction { sql in
            try await KnowledgeRepository(sql, dialect: database.dialect).deleteScript(queueId: queueId)
            try await AuditRepository(sql).append(audit)
        }
    }

    // MARK: Articles

    public func searchArticles(words: [String], category: String?, language: Language?, limit: Int) async throws -> [Article] {
        try await database.read { sql in
            try await KnowledgeRepository(sql, dialect: database.dialect).searchArticles(words: words, category: category, language: language, limit: limit)
        }
    }

    public func article(_ id: Int64) async throws -> Article? {
        try await database.read { try await KnowledgeRepository($0, dialect: database.dialect).article(id) }
    }

    public func categories() async throws -> [String] {
        try await database.read { try await KnowledgeRepository($0, dialect: database.dialect).categories() }
    }

    public func insertArticle(
        _ draft: ArticleDraft, publishedAt: Instant, at now: Instant, audit: @escaping @Sendable (Article) -> AuditEntry
    ) async throws -> Article {
        try await database.transaction { sql in
            let article = try await KnowledgeRepository(sql, dialect: database.dialect).insertArticle(draft, publishedAt: publishedAt, at: now)
            try await AuditRepository(sql).append(audit(article))
            return article
        }
    }

    public func updateArticle(_ id: Int64, _ draft: ArticleDraft, at now: Instant, audit: AuditEntry) async throws -> Bool {
        try await database.transaction { sql in
            guard try await KnowledgeRepository(sql, dialect: database.dialect).updateArticle(id, draft, at: now) else { return false }
            try await AuditRepository(sql).append(audit)
            return true
        }
    }

    public func deleteArticle(_ id: Int64, audit: AuditEntry) async throws -> Bool {
        try await database.transaction { sql in
            guard try await KnowledgeRepository(sql, dialect: database.dialect).deleteArticle(id) else { return false }
            try await AuditRepository(sql).append(audit)
            return true
        }
    }

    // MARK: Follow-ups

    public func followUps(agentId: Int64?, includeDone: Bool) async throws -> [FollowUp] {
        try await database.read { try await CallWorkRepository($0).followUps(agentId: agentId, includeDone: includeDone) }
    }

    public func setFollowUpDone(callId: Int64, at moment: Instant?, if check: @escaping @Sendable (FollowUp) throws -> Void) async throws -> FollowUp? {
        try await database.transaction { sql in
            let repository = CallWorkRepository(sql)
            guard let current = try await repository.followUps(agentId: nil, includeDone: true, callId: callId).first else { return nil }
            try check(current)
            guard try await repository.setFollowUpDone(callId: callId, at: moment) else { return nil }
            return try await repository.followUps(agentId: nil, includeDone: true, callId: callId).first
        }
    }
}
