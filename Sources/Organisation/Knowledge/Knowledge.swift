import SwitchboardCore

/// Scripts, the knowledge base and follow-up tasks: what an agent reads and does around a call.
/// They are kept by a `KnowledgeStore`; people, agents and queues come from the
/// `OrganisationDirectory`, and a script's customer placeholders from `Customers`' card.
public struct Knowledge: Sendable {
    let store: any KnowledgeStore
    let directory: any OrganisationDirectory
    let customers: Customers
    let clock: @Sendable () -> Instant

    public init(store: any KnowledgeStore, directory: any OrganisationDirectory, customers: Customers, clock: @escaping @Sendable () -> Instant) {
        self.store = store
        self.directory = directory
        self.customers = customers
        self.clock = clock
    }

    /// The organisation's scripts, articles and follow-ups in its database.
    public init(_ organisation: OrganisationService) {
        self.init(
            store: DatabaseKnowledgeStore(database: organisation.database), directory: organisation, customers: Customers(organisation),
            clock: organisation.clock)
    }

    // MARK: Scripts

    public func scripts(by principal: Principal) async throws -> [QueueScript] {
        try principal.require(.read, .knowledge)
        return try await store.scripts()
    }

    /// The queue's script (`queueId` nil: the default), falling back to the default.
    public func script(queueId: Int64?, by principal: Principal) async throws -> QueueScript {
        try principal.require(.read, .knowledge)
        if let queueId { _ = try await knownQueue(queueId) }
        return try await storedScript(queueId: queueId)
    }

    /// The queue's own script, or the default it inherits; the queue is not checked.
    func storedScript(queueId: Int64?) async throws -> QueueScript {
        if let own = try await store.script(queueId: queueId) { return QueueScript(queueId: queueId, inherited: false, script: own) }
        return QueueScript(queueId: queueId, inherited: queueId != nil, script: queueId == nil ? nil : try await store.script(queueId: nil))
    }

    /// A queue; `notFound` when there is none.
    func knownQueue(_ id: Int64) async throws -> Queue {
        try await directory.queue(id, by: .console)
    }

    public func saveScript(_ script: CallScript, queueId: Int64?, by principal: Principal) async throws -> QueueScript {
        try principal.require(.write, .knowledge)
        let checked = try script.validated()
        let now = clock()
        if let queueId { _ = try await knownQueue(queueId) }
        try await store.saveScript(checked, queueId: queueId, at: now, audit: AuditEntry(
            at: now, actorUserId: principal.userId, actorUsername: principal.username, action: "script.save", entity: "queue", entityId: queueId))
        return QueueScript(queueId: queueId, inherited: false, script: checked)
    }

    /// Removes a queue's own script (it inherits the default again), or the default itself.
    public func deleteScript(queueId: Int64?, by principal: Principal) async throws {
        try principal.require(.write, .knowledge)
        let now = clock()
        try await store.deleteScript(queueId: queueId, audit: AuditEntry(
            at: now, actorUserId: principal.userId, actorUsername: principal.username, action: "script.delete", entity: "queue", entityId: queueId))
    }

    /// The queue's script with every placeholder filled from the customer's records (when a
    /// customer is given) and the signed-in person; nil when no script applies.
    public func renderedScript(queueId: Int64, customerId: Int64?, by principal: Principal) async throws -> RenderedScript? {
        try principal.require(.read, .knowledge)
        let queue = try await knownQueue(queueId)
        let stored = try await storedScript(queueId: queueId)
        guard let script = stored.script else { return nil }
        let profile = try await directory.profile(of: principal)
        var values: [String: String] = [
            "agent.firstName": String(profile.displayName.split(separator: " ").first ?? Substring(profile.displayName)),
            "queue.name": queue.name,
        ]
        if let customerId {
            let card = try await customers.customerCard(customerId, by: principal)
            values.merge(Self.scriptValues(card, language: script.language ?? .en)) { _, new in new }
        }
        return RenderedScript(script, queueId: stored.inherited ? nil : queueId, values: values)
    }

    /// What a customer's card fills in: the oldest open invoice, the latest open order's last
    /// shipment, the active warranty that ends first.
    static func scriptValues(_ card: CustomerCard, language: Language) -> [String: String] {
        let customer = card.customer
        var values: [String: String] = [
            "customer.firstName": customer.firstName, "customer.lastName": customer.lastName, "customer.name": customer.name,
            "customer.city": customer.city ?? "", "customer.postalCode": customer.postalCode ?? "", "customer.email": customer.email ?? "",
            "balance": Phrases.money(card.billing.openBalanceMinor, currency: card.billing.currency, language),
        ]
        if let invoice = card.billing.openInvoices.min(by: { ($0.dueOn, $0.id) < ($1.dueOn, $1.id) }) {
            values["invoice.number"] = invoice.number
            values["invoice.openAmount"] = Phrases.money(invoice.openMinor, currency: invoice.currency, language)
            values["invoice.dueOn"] = Phrases.date(invoice.dueOn, language)
            values["invoice.status"] = Phrases.invoiceStatus(invoice.status, language)
        }
        if let payment = card.billing.lastPayment {
            values["payment.lastAmount"] = Phrases.money(payment.amountMinor, currency: payment.currency, language)
            values["payment.lastDate"] = Phrases.date(payment.paidOn, language)
        }
        if let order = card.shipping.openOrders.max(by: { ($0.orderedOn, $0.id) < ($1.orderedOn, $1.id) }) {
            values["order.number"] = order.number
            if let shipment = order.shipments.last {
                values["shipment.state"] = Phrases.shipmentState(shipment.state, language)
                values["shipment.carrier"] = shipment.carrier
                values["shipment.trackingNumber"] = shipment.trackingNumber
                values["shipment.location"] = shipment.history.last?.location ?? ""
            }
        }
        if let warranty = card.warranties.filter({ $0.standing != "expired" }).min(by: { $0.warranty.endsOn < $1.warranty.endsOn }) {
            values["warranty.product"] = warranty.warranty.product
            values["warranty.endsOn"] = Phrases.date(warranty.warranty.endsOn, language)
        }
        return values
    }

    // MARK: Knowledge base

    /// Full-text search (every word must match, stemmed); without words, the newest articles.
    public func searchArticles(_ text: String, category: String?, language: String?, limit: Int?, by principal: Principal) async throws -> [ArticleHit] {
        try principal.require(.read, .knowledge)
        guard text.count <= 500 else { throw SwitchboardError.invalid("q", "Search for at most 500 characters.") }
        let words = SearchTerms.words(text)
        let count = try Validate.integer(limit ?? 20, field: "limit", in: 1...100)
        let language = try language.map { try Language.parse($0) }
        let category = category.map(Validate.trim).flatMap { $0.isEmpty ? nil : $0 }
        let now = clock()
        return try await store.searchArticles(words: words, category: category, language: language, limit: count).map { article in
            ArticleHit(id: article.id, title: article.title, category: article.category, kind: article.kind, language: article.language,
                       excerpt: ArticleHit.excerpt(of: article.body), isNew: Self.isNew(article, now: now))
        }
    }

    public func article(_ id: Int64, by principal: Principal) async throws -> Article {
        try principal.require(.read, .knowledge)
        guard var article = try await store.article(id) else {
            throw SwitchboardError.notFound("article", id: id)
        }
        article.isNew = Self.isNew(article, now: clock())
        return article
    }

    public func articleCategories(by principal: Principal) async throws -> [String] {
        try principal.require(.read, .knowledge)
        return try await store.categories()
    }

    public func createArticle(_ draft: ArticleDraft, by principal: Principal) async throws -> Article {
        try principal.require(.write, .knowledge)
        let checked = try draft.validated()
        let now = clock()
        var article = try await store.insertArticle(checked, publishedAt: now, at: now) { article in
            AuditEntry(at: now, actorUserId: principal.userId, actorUsername: principal.username, action: "article.create", entity: "article", entityId: article.id)
        }
        article.isNew = true
        return article
    }

    public func updateArticle(_ id: Int64, _ draft: ArticleDraft, by principal: Principal) async throws -> Article {
        try principal.require(.write, .knowledge)
        let checked = try draft.validated()
        let now = clock()
        guard try await store.updateArticle(id, checked, at: now, audit: AuditEntry(
            at: now, actorUserId: principal.userId, actorUsername: principal.username, action: "article.update", entity: "article", entityId: id))
        else { throw SwitchboardError.notFound("article", id: id) }
        return try await article(id, by: principal)
    }

    public func deleteArticle(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.write, .knowledge)
        let now = clock()
        guard try await store.deleteArticle(id, audit: AuditEntry(
            at: now, actorUserId: principal.userId, actorUsername: principal.username, action: "article.delete", entity: "article", entityId: id))
        else { throw SwitchboardError.notFound("article", id: id) }
    }

    static func isNew(_ article: Article, now: Instant) -> Bool {
        now.millisecondsSinceEpoch - article.publishedAt.millisecondsSinceEpoch < Int64(Article.newForDays) * 86_400_000
    }

    // MARK: Follow-ups

    /// Follow-up tasks: an agent's own (`agentId` nil: the signed-in agent's), or for roles that
    /// read calls any agent's or everyone's (`everyone`).
    public func followUps(agentId: Int64?, everyone: Bool = false, includeDone: Bool, by principal: Principal) async throws -> [FollowUp] {
        let profile = try await directory.profile(of: principal)
        let mine = profile.agentId
        // Supervisors, administrators and QA read everyone's; a team leader their team's.
        let floor = principal.roles.contains(where: { [.supervisor, .admin, .qa].contains($0) })
        let leader = principal.roles.contains(.teamLeader)
        let target: Int64?
        if everyone {
            guard floor else { throw SwitchboardError.forbidden("read everyone's follow-ups") }
            target = nil
        } else {
            // A user without an agent record has no follow-ups of their own.
            guard let agent = agentId ?? mine else { return [] }
            if agent != mine, !floor {
                guard leader, let team = profile.teamId, try await directory.agent(agent, by: .console).teamId == team else {
                    throw SwitchboardError.forbidden("read another agent's follow-ups")
                }
            }
            target = agent
        }
        return try await store.followUps(agentId: target, includeDone: includeDone)
    }

    /// Marks a follow-up done (or open again): by the agent it belongs to, or a role that changes calls.
    public func setFollowUpDone(callId: Int64, done: Bool, by principal: Principal) async throws -> FollowUp {
        let mine = try await directory.profile(of: principal).agentId
        let now = clock()
        let writesCalls = Permissions.allows(principal.roles, to: .write, .calls)
        // Checked on the follow-up as it is in the store's transaction: a disposition saved by
        // someone else meanwhile makes it theirs.
        guard let updated = try await store.setFollowUpDone(callId: callId, at: done ? now : nil, if: { followUp in
            guard (mine != nil && followUp.agentId == mine) || writesCalls else { throw SwitchboardError.forbidden("close another agent's follow-up") }
        }) else {
            throw SwitchboardError.notFound("follow-up", id: callId)
        }
        return updated
    }
}
