import Organisation
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

/// The knowledge feature's rules without HTTP — who may write articles and scripts, the search,
/// a queue's script and its placeholders, follow-ups and who may read or close them, validation
/// and the audit records — in memory and on each database.
@Suite("Knowledge: articles, scripts and follow-ups, who may change them, and their audit records")
struct KnowledgeTests {
    /// The use case on the backend: in memory with the fake store (and an empty customer store).
    struct Setup {
        let world: World
        let knowledge: Knowledge
        let store: InMemoryKnowledgeStore?
    }

    static func with(_ backend: Backend, _ body: (Setup) async throws -> Void) async throws {
        try await backend.with { world in
            if let service = world.service {
                try await body(Setup(world: world, knowledge: Knowledge(service), store: nil))
            } else {
                let store = InMemoryKnowledgeStore()
                let customers = Customers(store: InMemoryCustomerStore(), directory: world.directory, clock: world.now)
                try await body(Setup(world: world, knowledge: Knowledge(store: store, directory: world.directory, customers: customers, clock: world.now), store: store))
            }
        }
    }

    /// The audit records of article and script changes, oldest first.
    static func audit(_ setup: Setup) async throws -> [AuditEntry] {
        if let store = setup.store { return await store.audit }
        let service = try #require(setup.world.service)
        return try await service.auditLog(limit: 1000, by: .console)
            .filter { $0.action.hasPrefix("article.") || $0.action.hasPrefix("script.") }.reversed()
    }

    /// A queue on the backend.
    static func queue(_ world: World, _ name: String, extension number: String) async throws -> Queue {
        if let service = world.service { return try await service.createQueue(QueueInput(name: name, extensionNumber: number), by: .console) }
        let queue = Queue(id: try #require(Int64(number)), settings: QueueSettings(name: name, extensionNumber: number))
        await try #require(world.memory).addQueue(queue)
        return queue
    }

    /// A call on `queue` whose disposition by the agent agreed a follow-up, as the call-work
    /// feature records it; the call's id.
    static func followUp(_ setup: Setup, on queue: Queue, agentId: Int64, due: String, text: String) async throws -> Int64 {
        let now = setup.world.clock.now
        if let database = setup.world.database {
            return try await database.transaction { sql in
                let call = try await CallLogRepository(sql).insertCall(queueId: queue.id, from: "+31205550003", customerId: nil, priority: 0, at: now)
                try await CallWorkRepository(sql).saveDisposition(CallDisposition(
                    callId: call, code: "followUp", reason: nil, followUpDue: due, followUpText: text, agentId: agentId, updatedAt: now))
                return call
            }
        }
        let store = try #require(setup.store)
        let callId = await Int64(store.storedFollowUps.count + 1)
        await store.addFollowUp(FollowUp(callId: callId, code: "followUp", due: due, text: text, agentId: agentId, from: "+31205550003", customerId: nil, doneAt: nil))
        return callId
    }

    static func titles(_ setup: Setup, _ text: String, category: String? = nil, language: String? = nil, by principal: Principal) async throws -> [String] {
        try await setup.knowledge.searchArticles(text, category: category, language: language, limit: nil, by: principal).map(\.title)
    }

    @Test("QA and supervisors write articles; agents and team leaders only read them; each change is audited, a refused one not", arguments: Backend.all)
    func whoWritesArticles(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world, knowledge = setup.knowledge
            let qa = try await world.person("quality", [.qa])
            let supervisor = try await world.person("sup", [.supervisor])
            let leader = try await world.person("leader", [.teamLeader])
            let agent = try await world.person("ann", [.agent], agent: true)

            let refund = try await knowledge.createArticle(
                ArticleDraft(title: " Refund policy ", category: "Policies", body: "Refunds are paid within 14 days."), by: qa)
            #expect(refund.title == "Refund policy" && refund.kind == .article && refund.language == .en && refund.isNew)
            let descaling = try await knowledge.createArticle(
                ArticleDraft(title: "Coffee machine descaling", category: "Products", body: "Error E4 means scale.", steps: ["Empty the tank", "Add descaler"]),
                by: supervisor)
            #expect(descaling.kind == .troubleshooting, "steps make a troubleshooting article")

            for (who, principal) in [("agent", agent), ("team leader", leader)] {
                let create = await #expect(throws: SwitchboardError.self, "\(who)") {
                    try await knowledge.createArticle(ArticleDraft(title: "Mine", category: "Policies", body: "Text."), by: principal)
                }
                #expect(create?.code == "forbidden")
                let edit = await #expect(throws: SwitchboardError.self, "\(who)") {
                    try await knowledge.updateArticle(refund.id, ArticleDraft(title: "Changed", category: "Policies", body: "Text."), by: principal)
                }
                #expect(edit?.code == "forbidden")
                let delete = await #expect(throws: SwitchboardError.self, "\(who)") { try await knowledge.deleteArticle(refund.id, by: principal) }
                #expect(delete?.code == "forbidden")
            }
            let read = try await knowledge.article(descaling.id, by: agent)
            #expect(read.title == "Coffee machine descaling" && read.steps == ["Empty the tank", "Add descaler"] && read.isNew)

            world.clock.advance(by: .seconds(60))
            let edited = try await knowledge.updateArticle(refund.id, ArticleDraft(title: "Money back", category: "Policies", body: "Within 14 days."), by: qa)
            #expect(edited.title == "Money back" && edited.body == "Within 14 days.")
            #expect(edited.publishedAt == refund.publishedAt, "editing does not publish again")
            #expect(edited.updatedAt == world.clock.now)
            try await knowledge.deleteArticle(refund.id, by: supervisor)
            let gone = await #expect(throws: SwitchboardError.self) { try await knowledge.article(refund.id, by: agent) }
            #expect(gone?.code == "not_found")
            let again = await #expect(throws: SwitchboardError.self) { try await knowledge.deleteArticle(refund.id, by: supervisor) }
            #expect(again?.code == "not_found")
            let ghost = await #expect(throws: SwitchboardError.self) {
                try await knowledge.updateArticle(refund.id, ArticleDraft(title: "Back", category: "Policies", body: "Text."), by: qa)
            }
            #expect(ghost?.code == "not_found")

            let audit = try await Self.audit(setup)
            #expect(audit.map(\.action) == ["article.create", "article.create", "article.update", "article.delete"], "refused and missing ones leave no record")
            #expect(audit.map(\.entityId) == [refund.id, descaling.id, refund.id, refund.id])
            #expect(audit.map(\.actorUsername) == ["quality", "sup", "quality", "sup"])
            #expect(audit.allSatisfy { $0.entity == "article" })
        }
    }

    @Test("search: every word must match, a plural finds its singular, steps are searched; without words the newest first", arguments: Backend.all)
    func search(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world, knowledge = setup.knowledge
            let qa = try await world.person("quality", [.qa])
            let agent = try await world.person("ann", [.agent], agent: true)
            _ = try await knowledge.createArticle(
                ArticleDraft(title: "Refund policy", category: "Policies", body: "Refunds are paid within 14 days to the original payment method."), by: qa)
            world.clock.advance(by: .seconds(60))
            _ = try await knowledge.createArticle(
                ArticleDraft(title: "Coffee machine descaling", category: "Products", body: "Error E4 means scale.", steps: ["Empty the tank", "Add descaler", "Run the programme"]),
                by: qa)
            world.clock.advance(by: .seconds(60))
            let parcel = try await knowledge.createArticle(
                ArticleDraft(title: "Pakket kwijt", category: "Shipping", body: "Een zoekgeraakt pakket melden we bij de vervoerder.", language: .nl), by: qa)

            #expect(try await Self.titles(setup, "refund", by: agent) == ["Refund policy"])
            #expect(try await Self.titles(setup, "refund warehouse", by: agent).isEmpty, "every word must match")
            #expect(try await Self.titles(setup, "Refund, original!", by: agent) == ["Refund policy"], "punctuation is no syntax")
            #expect(try await Self.titles(setup, "descaler", by: agent) == ["Coffee machine descaling"], "steps are searched")
            #expect(try await Self.titles(setup, "refund", language: "nl", by: agent).isEmpty)
            #expect(try await Self.titles(setup, "", category: "Products", by: agent) == ["Coffee machine descaling"])
            #expect(try await Self.titles(setup, "  ", by: agent) == ["Pakket kwijt", "Coffee machine descaling", "Refund policy"], "newest first")
            #expect(try await knowledge.searchArticles("", category: nil, language: nil, limit: 2, by: agent).count == 2)
            #expect(try await knowledge.articleCategories(by: agent) == ["Policies", "Products", "Shipping"])

            let limit = await #expect(throws: SwitchboardError.self) { try await knowledge.searchArticles("", category: nil, language: nil, limit: 0, by: agent) }
            #expect(limit?.field == "limit")
            let language = await #expect(throws: SwitchboardError.self) { try await knowledge.searchArticles("", category: nil, language: "fr", limit: nil, by: agent) }
            #expect(language?.field == "language")
            let long = await #expect(throws: SwitchboardError.self) {
                try await knowledge.searchArticles(String(repeating: "a", count: 501), category: nil, language: nil, limit: nil, by: agent)
            }
            #expect(long?.field == "q")

            // New for two weeks after publishing.
            #expect(try await knowledge.article(parcel.id, by: agent).isNew)
            world.clock.advance(by: .seconds(15 * 86_400))
            #expect(try await knowledge.article(parcel.id, by: agent).isNew == false)
            #expect(try await knowledge.searchArticles("pakket", category: nil, language: nil, limit: nil, by: agent).map(\.isNew) == [false])
        }
    }

    @Test("an article or script that breaks a rule is refused naming the field; nothing is stored or audited", arguments: Backend.all)
    func validation(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world, knowledge = setup.knowledge
            let supervisor = try await world.person("sup", [.supervisor])
            let drafts: [(ArticleDraft, String)] = [
                (ArticleDraft(title: "  ", category: "Policies", body: "Text."), "title"),
                (ArticleDraft(title: "Title", category: "", body: "Text."), "category"),
                (ArticleDraft(title: "Title", category: "Policies", body: " "), "body"),
                (ArticleDraft(title: "Title", category: "Policies", kind: .article, body: "Text.", steps: ["One"]), "steps"),
                (ArticleDraft(title: "Title", category: "Policies", kind: .troubleshooting, body: "Text."), "steps"),
                (ArticleDraft(title: "Title", category: "Policies", body: "Text.", steps: ["One", " "]), "steps[1]"),
            ]
            for (draft, field) in drafts {
                let error = await #expect(throws: SwitchboardError.self, "\(field)") { try await knowledge.createArticle(draft, by: supervisor) }
                #expect(error?.field == field)
            }
            let scripts: [(CallScript, String)] = [
                (CallScript(name: "General", steps: []), "steps"),
                (CallScript(name: " ", steps: [.init(kind: .greeting, title: "Hello")]), "name"),
                (CallScript(name: "General", steps: [.init(kind: .greeting, title: "Hello", answers: ["Hi {{customer.voornaam}}"])]), "steps[0].answers[0]"),
                (CallScript(name: "General", steps: [.init(kind: .greeting, title: "Hello"), .init(kind: .closing, title: "Bye", guidance: "{{nope}}")]), "steps[1].guidance"),
            ]
            for (script, field) in scripts {
                let error = await #expect(throws: SwitchboardError.self, "\(field)") { try await knowledge.saveScript(script, queueId: nil, by: supervisor) }
                #expect(error?.field == field)
            }
            #expect(try await knowledge.searchArticles("", category: nil, language: nil, limit: nil, by: supervisor).isEmpty)
            #expect(try await knowledge.scripts(by: supervisor).isEmpty)
            #expect(try await Self.audit(setup).isEmpty)
        }
    }

    @Test("a queue inherits the default script until it has its own; only QA, supervisors and administrators change scripts", arguments: Backend.all)
    func queueScript(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world, knowledge = setup.knowledge
            let supervisor = try await world.person("sup", [.supervisor])
            let qa = try await world.person("quality", [.qa])
            let leader = try await world.person("leader", [.teamLeader])
            let agent = try await world.person("daan", [.agent], agent: true)
            let service = try await Self.queue(world, "Service", extension: "800")

            #expect(try await knowledge.script(queueId: service.id, by: agent) == QueueScript(queueId: service.id, inherited: true, script: nil))
            #expect(try await knowledge.renderedScript(queueId: service.id, customerId: nil, by: agent) == nil, "no script applies")

            let general = CallScript(name: "General", steps: [
                .init(kind: .greeting, title: "Hello", answers: ["Good morning, {{agent.firstName}} of {{queue.name}} here."]),
                .init(kind: .request, title: "Parcel", answers: ["Order {{order.number}} is on its way."]),
            ])
            for (who, principal) in [("agent", agent), ("team leader", leader)] {
                let save = await #expect(throws: SwitchboardError.self, "\(who)") { try await knowledge.saveScript(general, queueId: nil, by: principal) }
                #expect(save?.code == "forbidden")
            }
            let saved = try await knowledge.saveScript(general, queueId: nil, by: supervisor)
            #expect(saved.queueId == nil && saved.inherited == false && saved.script?.language == .en)
            let inherited = try await knowledge.script(queueId: service.id, by: agent)
            #expect(inherited.inherited && inherited.script?.name == "General")

            let rendered = try #require(try await knowledge.renderedScript(queueId: service.id, customerId: nil, by: agent))
            #expect(rendered.queueId == nil, "the default script, inherited")
            #expect(rendered.steps[0].answers[0].text == "Good morning, daan of Service here.")
            #expect(rendered.steps[0].answers[0].missing.isEmpty)
            #expect(rendered.steps[1].answers[0].missing == ["order.number"], "without a customer the records' placeholders are missing")

            let own = CallScript(name: "Klantenservice", language: .nl, steps: [.init(kind: .request, title: "Vraag", answers: ["Welkom bij {{queue.name}}."])])
            _ = try await knowledge.saveScript(own, queueId: service.id, by: qa)
            #expect(try await knowledge.script(queueId: service.id, by: agent) == QueueScript(queueId: service.id, inherited: false, script: own))
            let dutch = try #require(try await knowledge.renderedScript(queueId: service.id, customerId: nil, by: agent))
            #expect(dutch.queueId == service.id && dutch.language == .nl && dutch.steps[0].answers[0].text == "Welkom bij Service.")
            #expect(try await knowledge.scripts(by: agent).map(\.queueId) == [nil, service.id], "the default first")

            let unknown = await #expect(throws: SwitchboardError.self) { try await knowledge.script(queueId: 999_999, by: agent) }
            #expect(unknown?.code == "not_found")
            let unknownSave = await #expect(throws: SwitchboardError.self) { try await knowledge.saveScript(own, queueId: 999_999, by: supervisor) }
            #expect(unknownSave?.code == "not_found")
            let unknownRender = await #expect(throws: SwitchboardError.self) { try await knowledge.renderedScript(queueId: 999_999, customerId: nil, by: agent) }
            #expect(unknownRender?.code == "not_found")

            let delete = await #expect(throws: SwitchboardError.self) { try await knowledge.deleteScript(queueId: service.id, by: agent) }
            #expect(delete?.code == "forbidden")
            try await knowledge.deleteScript(queueId: service.id, by: supervisor)
            #expect(try await knowledge.script(queueId: service.id, by: agent).inherited, "the default again")

            let audit = try await Self.audit(setup)
            #expect(audit.map(\.action) == ["script.save", "script.save", "script.delete"])
            #expect(audit.map(\.entityId) == [nil, service.id, service.id])
            #expect(audit.allSatisfy { $0.entity == "queue" })
        }
    }

    @Test("follow-ups: an agent reads and closes their own; a team leader reads their team's; the floor reads everyone's", arguments: Backend.all)
    func followUps(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world, knowledge = setup.knowledge
            let north = try await world.team("North"), south = try await world.team("South")
            let leader = try await world.person("leader", [.teamLeader])
            try await world.lead(north, by: leader)
            let supervisor = try await world.person("sup", [.supervisor])
            let qa = try await world.person("quality", [.qa])
            let ann = try await world.person("ann", [.agent], agent: true, team: north)
            let bob = try await world.person("bob", [.agent], agent: true, team: south)
            let annId = try await world.agentId(of: ann), bobId = try await world.agentId(of: bob)
            let queue = try await Self.queue(world, "Service", extension: "800")
            let later = try await Self.followUp(setup, on: queue, agentId: annId, due: "2026-12-01", text: "Call back about the plan")
            let bobs = try await Self.followUp(setup, on: queue, agentId: bobId, due: "2026-11-01", text: "Send the form")
            let sooner = try await Self.followUp(setup, on: queue, agentId: annId, due: "2026-10-15", text: "Check the refund")

            let mine = try await knowledge.followUps(agentId: nil, includeDone: false, by: ann)
            #expect(mine.map(\.callId) == [sooner, later], "the earliest due first")
            #expect(mine.last?.text == "Call back about the plan" && mine.last?.from == "+31205550003")
            #expect(try await knowledge.followUps(agentId: nil, includeDone: false, by: supervisor).isEmpty, "no agent record, no follow-ups of one's own")
            #expect(try await knowledge.followUps(agentId: nil, everyone: true, includeDone: false, by: supervisor).map(\.callId) == [sooner, bobs, later])
            #expect(try await knowledge.followUps(agentId: bobId, includeDone: false, by: qa).map(\.callId) == [bobs])
            #expect(try await knowledge.followUps(agentId: annId, includeDone: false, by: leader).count == 2, "their own team")
            let refusals: [(String, @Sendable () async throws -> [FollowUp])] = [
                ("another agent's", { try await knowledge.followUps(agentId: annId, includeDone: false, by: bob) }),
                ("everyone's by an agent", { try await knowledge.followUps(agentId: nil, everyone: true, includeDone: false, by: bob) }),
                ("another team's", { try await knowledge.followUps(agentId: bobId, includeDone: false, by: leader) }),
                ("everyone's by a team leader", { try await knowledge.followUps(agentId: nil, everyone: true, includeDone: false, by: leader) }),
            ]
            for (what, read) in refusals {
                let error = await #expect(throws: SwitchboardError.self, "\(what)") { try await read() }
                #expect(error?.code == "forbidden", "\(what)")
            }

            let byOther = await #expect(throws: SwitchboardError.self) { try await knowledge.setFollowUpDone(callId: later, done: true, by: bob) }
            #expect(byOther?.code == "forbidden")
            let byQA = await #expect(throws: SwitchboardError.self) { try await knowledge.setFollowUpDone(callId: later, done: true, by: qa) }
            #expect(byQA?.code == "forbidden", "QA reads calls but does not change them")
            world.clock.advance(by: .seconds(60))
            let done = try await knowledge.setFollowUpDone(callId: later, done: true, by: ann)
            #expect(done.callId == later && done.doneAt == world.clock.now)
            #expect(try await knowledge.followUps(agentId: nil, includeDone: false, by: ann).map(\.callId) == [sooner])
            #expect(try await knowledge.followUps(agentId: nil, includeDone: true, by: ann).map(\.callId) == [sooner, later])
            #expect(try await knowledge.setFollowUpDone(callId: bobs, done: true, by: supervisor).doneAt != nil, "a supervisor closes anyone's")
            #expect(try await knowledge.setFollowUpDone(callId: later, done: false, by: ann).doneAt == nil, "open again")
            let missing = await #expect(throws: SwitchboardError.self) { try await knowledge.setFollowUpDone(callId: 999_999, done: true, by: supervisor) }
            #expect(missing?.code == "not_found")
        }
    }

    @Test("a script is filled from the customer's card, whose reading is audited and needs the right to read customers",
          arguments: TestDatabase.available.map(Backend.database))
    func scriptForCustomer(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world, knowledge = setup.knowledge
            let service = try #require(world.service)
            let supervisor = try await world.person("sup", [.supervisor])
            let agent = try await world.person("daan", [.agent], agent: true)
            let planner = try await world.person("planner", [.workforce])
            let queue = try await Self.queue(world, "Service", extension: "800")
            let customer = try await Customers(service).createCustomer(
                CustomerDraft(firstName: "Anna", lastName: "de Vries", phones: ["+31205550000"], city: "Utrecht"), by: .console)
            _ = try await knowledge.saveScript(CallScript(name: "General", steps: [
                .init(kind: .identityCheck, title: "Who", answers: ["Am I speaking with {{customer.name}} from {{customer.city}}?", "Invoice {{invoice.number}}."]),
            ]), queueId: queue.id, by: supervisor)

            let rendered = try #require(try await knowledge.renderedScript(queueId: queue.id, customerId: customer.id, by: agent))
            #expect(rendered.queueId == queue.id)
            #expect(rendered.steps[0].answers[0].text == "Am I speaking with Anna de Vries from Utrecht?")
            #expect(rendered.steps[0].answers[0].missing.isEmpty)
            #expect(rendered.steps[0].answers[1].missing == ["invoice.number"], "no open invoice")
            let reads = try await service.auditLog(entity: "customer", by: .console).filter { $0.action == "customer.read" }
            #expect(reads.map(\.entityId) == [customer.id])
            #expect(reads.first?.actorUsername == "daan")

            let unknown = await #expect(throws: SwitchboardError.self) { try await knowledge.renderedScript(queueId: queue.id, customerId: 999_999, by: agent) }
            #expect(unknown?.code == "not_found")
            // A workforce planner reads scripts, but not customers.
            #expect(try await knowledge.renderedScript(queueId: queue.id, customerId: nil, by: planner) != nil)
            let card = await #expect(throws: SwitchboardError.self) { try await knowledge.renderedScript(queueId: queue.id, customerId: customer.id, by: planner) }
            #expect(card?.code == "forbidden")
        }
    }
}
