import Foundation
import SQLKit
import SwitchboardCore

/// Call scripts and the knowledge base with its full-text search (FTS5 on SQLite, a tsvector
/// with a GIN index on PostgreSQL — see migration 7).
public struct KnowledgeRepository {
    let sql: any SQLDatabase
    let dialect: Dialect

    public init(_ sql: any SQLDatabase, dialect: Dialect) {
        self.sql = sql
        self.dialect = dialect
    }

    /// The key of the center's default script.
    public static let defaultScriptKey: Int64 = 0

    // MARK: Scripts

    public func saveScript(_ script: CallScript, queueId: Int64?, at now: Instant) async throws {
        let steps = String(decoding: try JSONEncoder().encode(script.steps), as: UTF8.self)
        try await sql.raw("""
            INSERT INTO call_scripts (queue_id, name, language, steps, updated_at_ms)
            VALUES (\(bind: queueId ?? Self.defaultScriptKey), \(bind: script.name), \(bind: (script.language ?? .en).rawValue), \(bind: steps),
                \(bind: now.millisecondsSinceEpoch))
            ON CONFLICT (queue_id) DO UPDATE SET name = excluded.name, language = excluded.language, steps = excluded.steps, updated_at_ms = excluded.updated_at_ms
            """).run()
    }

    public func deleteScript(queueId: Int64?) async throws {
        try await sql.raw("DELETE FROM call_scripts WHERE queue_id = \(bind: queueId ?? Self.defaultScriptKey)").run()
    }

    /// The queue's own script (nil: the default script).
    public func script(queueId: Int64?) async throws -> CallScript? {
        guard let row = try await sql.raw("SELECT name, language, steps FROM call_scripts WHERE queue_id = \(bind: queueId ?? Self.defaultScriptKey)").first()
        else { return nil }
        return try Self.script(row)
    }

    /// Every stored script: the queue it belongs to (nil: the default) and the script.
    public func scripts() async throws -> [(queueId: Int64?, script: CallScript)] {
        try await sql.raw("SELECT queue_id, name, language, steps FROM call_scripts ORDER BY queue_id").all().map { row in
            let key = try row.int64("queue_id")
            return (key == Self.defaultScriptKey ? nil : key, try Self.script(row))
        }
    }

    static func script(_ row: any SQLRow) throws -> CallScript {
        CallScript(
            name: try row.string("name"), language: Language(rawValue: try row.string("language")) ?? .en,
            steps: try JSONDecoder().decode([CallScript.Step].self, from: Data(try row.string("steps").utf8)))
    }

    // MARK: Articles

    public func insertArticle(_ draft: ArticleDraft, publishedAt: Instant, at now: Instant) async throws -> Article {
        let steps = draft.steps ?? []
        let id = try await sql.raw("""
            INSERT INTO articles (title, category, kind, body, steps, steps_text, language, published_at_ms, updated_at_ms)
            VALUES (\(bind: draft.title), \(bind: draft.category), \(bind: (draft.kind ?? .article).rawValue), \(bind: draft.body),
                \(bind: try Self.encode(steps)), \(bind: steps.joined(separator: "\n")), \(bind: (draft.language ?? .en).rawValue),
                \(bind: publishedAt.millisecondsSinceEpoch), \(bind: now.millisecondsSinceEpoch))
            RETURNING id
            """).first()!.int64("id")
        return Article(id: id, title: draft.title, category: draft.category, kind: draft.kind ?? .article, body: draft.body, steps: steps,
                       language: draft.language ?? .en, publishedAt: publishedAt, updatedAt: now)
    }

    /// Replaces an article's text; false when there is no such article.
    public func updateArticle(_ id: Int64, _ draft: ArticleDraft, at now: Instant) async throws -> Bool {
        let steps = draft.steps ?? []
        let row = try await sql.raw("""
            UPDATE articles SET title = \(bind: draft.title), category = \(bind: draft.category), kind = \(bind: (draft.kind ?? .article).rawValue),
                body = \(bind: draft.body), steps = \(bind: try Self.encode(steps)), steps_text = \(bind: steps.joined(separator: "\n")),
                language = \(bind: (draft.language ?? .en).rawValue), updated_at_ms = \(bind: now.millisecondsSinceEpoch)
            WHERE id = \(bind: id) RETURNING id
            """).first()
        return row != nil
    }

    public func deleteArticle(_ id: Int64) async throws -> Bool {
        try await sql.raw("DELETE FROM articles WHERE id = \(bind: id) RETURNING id").first() != nil
    }

    public func article(_ id: Int64) async throws -> Article? {
        try await sql.raw("""
            SELECT id, title, category, kind, body, steps, language, published_at_ms, updated_at_ms FROM articles WHERE id = \(bind: id)
            """).first().map(Self.article)
    }

    public func articleCount() async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM articles").first()!.int("n")
    }

    /// Articles matching every word (stemmed), best first; without words, the newest first.
    /// Optionally one category and one language.
    public func searchArticles(words: [String], category: String?, language: Language?, limit: Int) async throws -> [Article] {
        var filter = SQLQueryString("")
        if let category { filter.appendInterpolation(unsafeRaw: " AND a.category = "); filter.appendInterpolation(bind: category) }
        if let language { filter.appendInterpolation(unsafeRaw: " AND a.language = "); filter.appendInterpolation(bind: language.rawValue) }
        let columns = "a.id, a.title, a.category, a.kind, a.body, a.steps, a.language, a.published_at_ms, a.updated_at_ms"
        guard !words.isEmpty else {
            return try await sql.raw("""
                SELECT \(unsafeRaw: columns) FROM articles a WHERE 1 = 1\(filter) ORDER BY a.published_at_ms DESC, a.id DESC LIMIT \(bind: limit)
                """).all().map(Self.article)
        }
        switch dialect {
        case .sqlite:
            // Each word quoted: a phrase of one token, so nothing typed is FTS5 syntax; all must match.
            let match = words.map { "\"\($0.replacingOccurrences(of: "\"", with: ""))\"" }.joined(separator: " ")
            return try await sql.raw("""
                SELECT \(unsafeRaw: columns) FROM articles_fts f JOIN articles a ON a.id = f.rowid
                WHERE articles_fts MATCH \(bind: match)\(filter)
                ORDER BY bm25(articles_fts, 8.0, 1.0, 1.0), a.id LIMIT \(bind: limit)
                """).all().map(Self.article)
        case .postgres:
            // Either language's stemming may match; plainto_tsquery reads no syntax.
            let text = words.joined(separator: " ")
            return try await sql.raw("""
                SELECT \(unsafeRaw: columns) FROM articles a,
                    (SELECT plainto_tsquery('english', \(bind: text)) || plainto_tsquery('dutch', \(bind: text)) AS q) query
                WHERE a.search @@ query.q\(filter)
                ORDER BY ts_rank(a.search, query.q) DESC, a.id LIMIT \(bind: limit)
                """).all().map(Self.article)
        }
    }

    public func categories() async throws -> [String] {
        try await sql.raw("SELECT DISTINCT category FROM articles ORDER BY category").all().map { try $0.string("category") }
    }

    static func encode(_ steps: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(steps), as: UTF8.self)
    }

    static func article(_ row: any SQLRow) throws -> Article {
        Article(
            id: try row.int64("id"), title: try row.string("title"), category: try row.string("category"),
            kind: Article.Kind(rawValue: try row.string("kind")) ?? .article, body: try row.string("body"),
            steps: try JSONDecoder().decode([String].self, from: Data(try row.string("steps").utf8)),
            language: Language(rawValue: try row.string("language")) ?? .en,
            publishedAt: Instant(millisecondsSinceEpoch: try row.int64("published_at_ms")),
            updatedAt: Instant(millisecondsSinceEpoch: try row.int64("updated_at_ms")))
    }
}
