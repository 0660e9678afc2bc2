import Storage
import SwitchboardCore

extension DemoKnowledge {
    /// Seeds the articles and scripts once (when there are no articles); returns whether it did.
    @discardableResult
    public static func seedIfEmpty(_ service: OrganisationService) async throws -> Bool {
        let now = service.clock()
        return try await service.database.transaction { sql -> Bool in
            let repository = KnowledgeRepository(sql, dialect: service.database.dialect)
            guard try await repository.articleCount() == 0 else { return false }
            for (draft, daysAgo) in articles {
                let published = now + .seconds(-Int64(daysAgo) * 86_400 - 3_600)
                _ = try await repository.insertArticle(try draft.validated(), publishedAt: published, at: published)
            }
            let queues = try await QueueRepository(sql).list()
            for (queueName, script) in scripts {
                var queueId: Int64?
                if let queueName {
                    guard let queue = queues.first(where: { $0.name == queueName }) else { continue }
                    queueId = queue.id
                }
                try await repository.saveScript(try script.validated(), queueId: queueId, at: now)
            }
            return true
        }
    }
}
