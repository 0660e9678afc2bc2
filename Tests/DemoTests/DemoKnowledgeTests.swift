import Demo
import Organisation
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@Suite("The demo's knowledge base, from its JSON resources")
struct DemoKnowledgeTests {
    @Test("every article and every script of the resources is seeded, once, in both languages")
    func seeded() async throws {
        try await TestDatabase.sqlite.with { (database: Database) async throws in
            let service = OrganisationService.forTesting(database)
            try await DemoOrganisation.seedIfEmpty(service)
            #expect(try await DemoKnowledge.seedIfEmpty(service))
            #expect(try await DemoKnowledge.seedIfEmpty(service) == false)
            let (articles, scripts) = try await database.read { sql in
                let repository = KnowledgeRepository(sql, dialect: database.dialect)
                return (try await repository.articleCount(), try await repository.scripts())
            }
            #expect(articles == 25)
            // One default script and one per named queue: a queue renamed in the demo's
            // organisation but not in scripts.json would silently lose its script.
            #expect(scripts.count == 5)
            #expect(scripts.filter { $0.queueId == nil }.count == 1)
            for language in ["en", "nl"] {
                #expect(try await Knowledge(service).searchArticles("", category: nil, language: language, limit: 100, by: .console).count >= 5, "\(language)")
            }
        }
    }
}
