import SwitchboardCore

/// What the knowledge feature keeps: the call scripts, the knowledge-base articles with their
/// search, and the follow-up tasks agreed in call dispositions; each script or article change
/// with its audit record. `DatabaseKnowledgeStore` keeps them in the database,
/// `InMemoryKnowledgeStore` in memory (the fake for tests of the rules in `Knowledge`).
public protocol KnowledgeStore: Sendable {
    // MARK: Scripts

    /// Every stored script (none inherited): the default first, then by queue id.
    func scripts() async throws -> [QueueScript]
    /// The queue's own script (`queueId` nil: the default script); nil when none is stored.
    func script(queueId: Int64?) async throws -> CallScript?
    /// Stores (or replaces) a validated script together with its audit record.
    /// `notFound` when the queue is not (or no longer) there.
    func saveScript(_ script: CallScript, queueId: Int64?, at now: Instant, audit: AuditEntry) async throws
    /// Removes a queue's script (or the default) together with its audit record, also when there was none.
    func deleteScript(queueId: Int64?, audit: AuditEntry) async throws

    // MARK: Articles

    /// Articles matching every word (stemmed), best first; without words, the newest first.
    /// Optionally one category and one language.
    func searchArticles(words: [String], category: String?, language: Language?, limit: Int) async throws -> [Article]
    func article(_ id: Int64) async throws -> Article?
    /// Every category in use, alphabetically.
    func categories() async throws -> [String]
    /// Stores a validated article together with its audit record, made from the new article.
    func insertArticle(_ draft: ArticleDraft, publishedAt: Instant, at now: Instant, audit: @escaping @Sendable (Article) -> AuditEntry) async throws -> Article
    /// Replaces an article's text together with its audit record; false (and no record) when there is no such article.
    func updateArticle(_ id: Int64, _ draft: ArticleDraft, at now: Instant, audit: AuditEntry) async throws -> Bool
    /// Deletes an article together with its audit record; false (and no record) when there was none.
    func deleteArticle(_ id: Int64, audit: AuditEntry) async throws -> Bool

    // MARK: Follow-ups

    /// One agent's follow-ups or (`agentId` nil) everyone's, open or all, the earliest due first.
    func followUps(agentId: Int64?, includeDone: Bool) async throws -> [FollowUp]
    /// Marks the call's follow-up done at `moment` (nil: open again) once `check` accepts it as
    /// it is then — in the same transaction —; the follow-up as it is now, or nil when the call
    /// has none. An error from `check` changes nothing.
    func setFollowUpDone(callId: Int64, at moment: Instant?, if check: @escaping @Sendable (FollowUp) throws -> Void) async throws -> FollowUp?
}
