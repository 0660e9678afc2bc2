/// A knowledge-base article: products, services and policies for agents to read beside a call.
/// A troubleshooting article also has steps, which the desk walks through one at a time.
public struct Article: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable { case article, troubleshooting }

    public var id: Int64
    public var title: String
    public var category: String
    public var kind: Kind
    public var body: String
    public var steps: [String]
    public var language: Language
    public var publishedAt: Instant
    public var updatedAt: Instant
    /// Published within `Article.newForDays` of now (set when read, from the clock).
    public var isNew: Bool

    public init(
        id: Int64, title: String, category: String, kind: Kind, body: String, steps: [String], language: Language,
        publishedAt: Instant, updatedAt: Instant, isNew: Bool = false
    ) {
        self.id = id
        self.title = title
        self.category = category
        self.kind = kind
        self.body = body
        self.steps = steps
        self.language = language
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
        self.isNew = isNew
    }

    /// How long an article counts as new.
    public static let newForDays = 14

    enum CodingKeys: String, CodingKey { case id, title, category, kind, body, steps, language, publishedAt, updatedAt, isNew }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(category, forKey: .category)
        try container.encode(kind, forKey: .kind)
        try container.encode(body, forKey: .body)
        try container.encode(steps, forKey: .steps)
        try container.encode(language, forKey: .language)
        try container.encode(publishedAt.iso8601, forKey: .publishedAt)
        try container.encode(updatedAt.iso8601, forKey: .updatedAt)
        try container.encode(isNew, forKey: .isNew)
    }
}

/// A search result: enough to choose an article.
public struct ArticleHit: Codable, Equatable, Sendable {
    public var id: Int64
    public var title: String
    public var category: String
    public var kind: Article.Kind
    public var language: Language
    /// The start of the body, at most 200 characters.
    public var excerpt: String
    public var isNew: Bool

    public init(id: Int64, title: String, category: String, kind: Article.Kind, language: Language, excerpt: String, isNew: Bool) {
        self.id = id
        self.title = title
        self.category = category
        self.kind = kind
        self.language = language
        self.excerpt = excerpt
        self.isNew = isNew
    }

    public static func excerpt(of body: String) -> String {
        let flat = body.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= 200 ? flat : String(flat.prefix(199)) + "…"
    }
}

/// A new or changed article as written.
public struct ArticleDraft: Codable, Equatable, Sendable {
    public var title: String
    public var category: String
    public var kind: Article.Kind?
    public var body: String
    public var steps: [String]?
    public var language: Language?

    public init(title: String, category: String, kind: Article.Kind? = nil, body: String, steps: [String]? = nil, language: Language? = nil) {
        self.title = title
        self.category = category
        self.kind = kind
        self.body = body
        self.steps = steps
        self.language = language
    }

    public func validated() throws(SwitchboardError) -> ArticleDraft {
        var copy = self
        copy.title = try Validate.name(title, field: "title", maxLength: 200)
        copy.category = try Validate.name(category, field: "category", maxLength: 60)
        copy.body = Validate.trim(body)
        guard !copy.body.isEmpty, copy.body.count <= 50_000 else { throw .invalid("body", "The body has 1 to 50,000 characters.") }
        let steps = (steps ?? []).map(Validate.trim)
        let kind = kind ?? (steps.isEmpty ? .article : .troubleshooting)
        switch kind {
        case .article:
            guard steps.isEmpty else { throw .invalid("steps", "Only troubleshooting articles have steps.") }
        case .troubleshooting:
            guard (1...40).contains(steps.count) else { throw .invalid("steps", "A troubleshooting article has 1 to 40 steps.") }
        }
        for (index, step) in steps.enumerated() {
            guard !step.isEmpty, step.count <= 2_000 else { throw .invalid("steps[\(index)]", "A step has 1 to 2,000 characters.") }
        }
        copy.steps = steps
        copy.kind = kind
        copy.language = language ?? .en
        return copy
    }
}

/// Turns what an agent types into search terms: words of letters and digits, lower-cased,
/// at most 12 — so no query syntax of either database's full-text search ever reaches it.
public enum SearchTerms {
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        var seen: Set<String> = []
        return Array(words.filter { $0.count <= 64 && seen.insert($0).inserted }.prefix(12))
    }
}
