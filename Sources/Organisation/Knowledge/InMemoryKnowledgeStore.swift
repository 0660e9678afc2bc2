import Foundation
import SwitchboardCore

/// Scripts, articles and follow-ups in memory: the fake behind `Knowledge` in tests of its
/// rules. Keeps the audit records it was given, so they can be checked. Its search is a plain
/// one — every word must be in the title, body or steps, a plural's "s" and accents aside —
/// ranking articles with more of the words in their title first, as the databases weigh titles.
public actor InMemoryKnowledgeStore: KnowledgeStore {
    /// Each queue's script; the default under `defaultScriptKey`, as the database keeps it.
    public private(set) var storedScripts: [Int64: CallScript] = [:]
    public private(set) var storedArticles: [Article] = []
    public private(set) var storedFollowUps: [FollowUp] = []
    public private(set) var audit: [AuditEntry] = []
    private var nextArticleId: Int64 = 1

    /// The key of the center's default script (no queue has id 0).
    static let defaultScriptKey: Int64 = 0

    public init() {}

    /// A follow-up as the call-work feature records one with a call's disposition.
    public func addFollowUp(_ followUp: FollowUp) {
        storedFollowUps.removeAll { $0.callId == followUp.callId }
        storedFollowUps.append(followUp)
    }

    // MARK: Scripts

    public func scripts() async throws -> [QueueScript] {
        storedScripts.sorted { $0.key < $1.key }.map {
            QueueScript(queueId: $0.key == Self.defaultScriptKey ? nil : $0.key, inherited: false, script: $0.value)
        }
    }

    public func script(queueId: Int64?) async throws -> CallScript? { storedScripts[queueId ?? Self.defaultScriptKey] }

    public func saveScript(_ script: CallScript, queueId: Int64?, at now: Instant, audit record: AuditEntry) async throws {
        // Stored as the database reads it back: a script without a language is in English.
        var stored = script
        stored.language = script.language ?? .en
        storedScripts[queueId ?? Self.defaultScriptKey] = stored
        audit.append(record)
    }

    public func deleteScript(queueId: Int64?, audit record: AuditEntry) async throws {
        storedScripts[queueId ?? Self.defaultScriptKey] = nil
        audit.append(record)
    }

    // MARK: Articles

    public func searchArticles(words: [String], category: String?, language: Language?, limit: Int) async throws -> [Article] {
        let candidates = storedArticles.filter { (category == nil || $0.category == category) && (language == nil || $0.language == language) }
        guard !words.isEmpty else {
            let newest = candidates.sorted {
                ($0.publishedAt.millisecondsSinceEpoch, $0.id) > ($1.publishedAt.millisecondsSinceEpoch, $1.id)
            }
            return Array(newest.prefix(limit))
        }
        let wanted = words.map(Self.stem)
        let hits: [(article: Article, inTitle: Int)] = candidates.compactMap { article in
            let title = Self.terms(article.title)
            let text = title.union(Self.terms(article.body)).union(Self.terms(article.steps.joined(separator: "\n")))
            guard wanted.allSatisfy({ text.contains($0) }) else { return nil }
            return (article: article, inTitle: wanted.filter { title.contains($0) }.count)
        }
        let ranked = hits.sorted { $0.inTitle != $1.inTitle ? $0.inTitle > $1.inTitle : $0.article.id < $1.article.id }
        return Array(ranked.prefix(limit).map(\.article))
    }

    public func article(_ id: Int64) async throws -> Article? { storedArticles.first { $0.id == id } }

    public func categories() async throws -> [String] { Set(storedArticles.map(\.category)).sorted() }

    public func insertArticle(
        _ draft: ArticleDraft, publishedAt: Instant, at now: Instant, audit record: @escaping @Sendable (Article) -> AuditEntry
    ) async throws -> Article {
        let article = Self.article(nextArticleId, draft, publishedAt: publishedAt, at: now)
        nextArticleId += 1
        storedArticles.append(article)
        audit.append(record(article))
        return article
    }

    public func updateArticle(_ id: Int64, _ draft: ArticleDraft, at now: Instant, audit record: AuditEntry) async throws -> Bool {
        guard let index = storedArticles.firstIndex(where: { $0.id == id }) else { return false }
        storedArticles[index] = Self.article(id, draft, publishedAt: storedArticles[index].publishedAt, at: now)
        audit.append(record)
        return true
    }

    public func deleteArticle(_ id: Int64, audit record: AuditEntry) async throws -> Bool {
        guard let index = storedArticles.firstIndex(where: { $0.id == id }) else { return false }
        storedArticles.remove(at: index)
        audit.append(record)
        return true
    }

    /// An article as the database stores a draft: the kind, steps and language defaulted.
    static func article(_ id: Int64, _ draft: ArticleDraft, publishedAt: Instant, at now: Instant) -> Article {
        Article(id: id, title: draft.title, category: draft.category, kind: draft.kind ?? .article, body: draft.body, steps: draft.steps ?? [],
                language: draft.language ?? .en, publishedAt: publishedAt, updatedAt: now)
    }

    /// The searchable words of a text, each stemmed.
    static func terms(_ text: String) -> Set<String> {
        Set(text.split { !($0.isLetter || $0.isNumber) }.map { stem(String($0)) })
    }

    /// Lower case without accents, and without a plural's "s" ("Refunds" finds "refund").
    static func stem(_ word: String) -> String {
        let folded = word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        guard folded.count > 3, folded.hasSuffix("s"), !folded.hasSuffix("ss") else { return folded }
        return String(folded.dropLast())
    }

    // MARK: Follow-ups

    public func followUps(agentId: Int64?, includeDone: Bool) async throws -> [FollowUp] {
        let chosen = storedFollowUps.filter { (agentId == nil || $0.agentId == agentId) && (includeDone || $0.doneAt == nil) }
        return Array(chosen.sorted { ($0.due, $0.callId) < ($1.due, $1.callId) }.prefix(500))
    }

    public func setFollowUpDone(callId: Int64, at moment: Instant?, if check: @escaping @Sendable (FollowUp) throws -> Void) async throws -> FollowUp? {
        guard let index = storedFollowUps.firstIndex(where: { $0.callId == callId }) else { return nil }
        try check(storedFollowUps[index])
        storedFollowUps[index].doneAt = moment
        return storedFollowUps[index]
    }
}
