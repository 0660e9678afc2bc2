import Foundation
import Organisation
import Storage
import SwitchboardCore

/// The demo's knowledge base and call scripts: policies, product troubleshooting and
/// per-queue scripts, in English and Dutch. They live as JSON resources (`Resources/`) so a
/// writer edits text, not Swift.
public enum DemoKnowledge {
    /// An article with how many days ago it was published (0–13 counts as "new").
    struct SeedArticle: Decodable {
        let publishedDaysAgo: Int
        let article: ArticleDraft
    }

    /// A script for the queue named (nil: the default script).
    struct SeedScript: Decodable {
        let queue: String?
        let script: CallScript
    }

    /// The articles of `Resources/articles.json`.
    static func articles() throws -> [SeedArticle] { try load([SeedArticle].self, "articles") }

    /// The scripts of `Resources/scripts.json`.
    static func scripts() throws -> [SeedScript] { try load([SeedScript].self, "scripts") }

    static func load<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json") else {
            throw SwitchboardError.invalid("demo", "The demo's \(name).json is missing from the build.")
        }
        return try JSONDecoder().decode(type, from: Data(contentsOf: url))
    }

    /// Seeds the articles and scripts once (when there are no articles); returns whether it did.
    @discardableResult
    public static func seedIfEmpty(_ service: OrganisationService) async throws -> Bool {
        let now = service.clock()
        let articles = try articles(), scripts = try scripts()
        return try await service.database.transaction { sql -> Bool in
            let repository = KnowledgeRepository(sql, dialect: service.database.dialect)
            guard try await repository.articleCount() == 0 else { return false }
            for seed in articles {
                let published = now + .seconds(-Int64(seed.publishedDaysAgo) * 86_400 - 3_600)
                _ = try await repository.insertArticle(try seed.article.validated(), publishedAt: published, at: published)
            }
            let queues = try await QueueRepository(sql).list()
            for seed in scripts {
                var queueId: Int64?
                if let queueName = seed.queue {
                    guard let queue = queues.first(where: { $0.name == queueName }) else { continue }
                    queueId = queue.id
                }
                try await repository.saveScript(try seed.script.validated(), queueId: queueId, at: now)
            }
            return true
        }
    }
}
