import Foundation
import Storage
import SwitchboardCore

/// The customers use cases: search, the agent's screen pop (card), creating and importing
/// customers. The customers are kept by a `CustomerStore`; who the reader is comes from the
/// `OrganisationDirectory`.
public struct Customers: Sendable {
    let store: any CustomerStore
    let directory: any OrganisationDirectory
    let clock: @Sendable () -> Instant

    public init(store: any CustomerStore, directory: any OrganisationDirectory, clock: @escaping @Sendable () -> Instant) {
        self.store = store
        self.directory = directory
        self.clock = clock
    }

    /// The organisation's customers in its database.
    public init(_ organisation: OrganisationService) {
        self.init(store: DatabaseCustomerStore(database: organisation.database), directory: organisation, clock: organisation.clock)
    }

    public func searchCustomers(_ text: String, by principal: Principal) async throws -> [Customer] {
        try principal.require(.read, .customers)
        let query = try Self.searchText(text)
        if let number = PhoneNumber.normalise(query) {
            return try await store.customers(phone: number)
        }
        return try await store.search(query)
    }

    /// A search as typed, trimmed: nothing (the first customers) or at least 2 characters.
    public static func searchText(_ text: String) throws(SwitchboardError) -> String {
        let query = Validate.trim(text)
        guard query.count >= 2 || query.isEmpty else { throw SwitchboardError.invalid("q", "Search for at least 2 characters.") }
        return query
    }

    /// The customers a caller's number belongs to (several when a line is shared).
    public func customers(calling number: String, by principal: Principal) async throws -> [Customer] {
        try principal.require(.read, .customers)
        guard let normalised = PhoneNumber.normalise(number) else { return [] }
        return try await store.customers(phone: normalised)
    }

    /// The customer's card, as the principal may see it: a call's note only for who may read
    /// that note (`noteVisibility(for:)`), null for everyone else. Each read is recorded in the
    /// audit log (`customer.read`, one row) before the card is returned.
    public func customerCard(_ id: Int64, by principal: Principal) async throws -> CustomerCard {
        try await customerCard(id, by: principal, audited: true)
    }

    /// `customerCard(_:by:)`, unaudited when `audited` is false (for callers that audit the read
    /// themselves).
    func customerCard(_ id: Int64, by principal: Principal, audited: Bool) async throws -> CustomerCard {
        try principal.require(.read, .customers)
        let now = clock()
        let today = LocalTime.utc(now).date
        let notes = try await noteVisibility(for: principal)
        guard let records = try await store.records(of: id, notes: notes) else { throw SwitchboardError.notFound("customer", id: id) }
        let customer = records.customer, invoices = records.invoices, orders = records.orders, warranties = records.warranties
        let open = invoices.filter { $0.openMinor > 0 }
        let card = CustomerCard(
            customer: customer,
            billing: .init(
                openInvoices: open, openBalanceMinor: open.reduce(0) { $0 + $1.openMinor }, currency: invoices.first?.currency ?? "EUR",
                lastPayment: records.lastPayment, invoices: Array(invoices.prefix(10))),
            shipping: .init(openOrders: orders.filter(\.isOpen), orders: Array(orders.prefix(10))),
            warranties: warranties.map { .init(warranty: $0, standing: $0.standing(on: today)) },
            interactions: records.interactions,
            advice: CrossSell.advise(customer: customer, warranties: warranties, invoices: invoices, orders: orders, today: today))
        if audited {
            try await store.record(AuditEntry(
                at: now, actorUserId: principal.userId, actorUsername: principal.username, action: "customer.read", entity: "customer", entityId: id))
        }
        return card
    }

    /// Whose call notes the principal reads — the rule of `CallWork(organisation).callNote(_:by:)` (`workableCall`):
    /// a role that reads calls reads every note; an agent, the notes of the calls they handled
    /// (the call's agent, or who answered one of its queue visits); anyone else, none.
    func noteVisibility(for principal: Principal) async throws -> CustomerRepository.NoteVisibility {
        if Permissions.allows(principal.roles, to: .read, .calls) { return .all }
        guard principal.userId != nil, let agentId = try await directory.profile(of: principal).agentId else { return .withheld }
        return .callsHandledBy(agentId: agentId)
    }

    public func createCustomer(_ draft: CustomerDraft, by principal: Principal) async throws -> Customer {
        try principal.require(.write, .customers)
        let checked = try draft.validated()
        let now = clock()
        return try await store.insert(checked, at: now) { customer in
            AuditEntry(at: now, actorUserId: principal.userId, actorUsername: principal.username, action: "customer.create", entity: "customer", entityId: customer.id)
        }
    }

    /// Imports customers from CSV: a header naming the columns (firstName/first_name, lastName,
    /// phone (several separated by ';'), email, street, postalCode, city, country, language,
    /// segment, consentMarketing), one customer per row. Every row is checked first; the good
    /// ones are stored together (all of them or, should the store fail, none), the bad ones
    /// reported by line with the reason.
    public func importCustomers(csv text: String, by principal: Principal) async throws -> CustomerImportReport {
        try principal.require(.write, .customers)
        let (records, unterminated) = CSV.records(text)
        if let unterminated {
            throw SwitchboardError.invalid("file", "The quoted field that starts on line \(unterminated) is never closed; nothing was imported.")
        }
        guard let headerRecord = records.first else {
            throw SwitchboardError.invalid("file", "The file is empty; it needs a header such as firstName,lastName,phone,email.")
        }
        let header = headerRecord.fields.map { $0.lowercased().filter { $0 != "_" && $0 != " " } }
        guard header.contains("firstname"), header.contains("lastname") else {
            throw SwitchboardError.invalid("file", "The header must name at least firstName and lastName (got '\(headerRecord.fields.joined(separator: ",").prefix(80))').")
        }
        var drafts: [(line: Int, draft: CustomerDraft)] = []
        var rejected: [CustomerImportReport.Rejection] = []
        for record in records.dropFirst() {
            guard record.fields.count == header.count else {
                rejected.append(.init(line: record.line, field: nil, message: "\(record.fields.count) fields where the header has \(header.count)."))
                continue
            }
            let row = Dictionary(zip(header, record.fields), uniquingKeysWith: { first, _ in first })
            do {
                drafts.append((record.line, try Self.customerDraft(row)))
            } catch {
                rejected.append(.init(line: record.line, field: error.field, message: error.message))
            }
        }
        let now = clock()
        let rejections = rejected.count
        // Importing the same file twice adds nobody twice: a customer is known by e-mail, or
        // (without one) by last name and a phone number — on record or earlier in the file
        // (`CustomerIdentities`).
        let outcomes = try await store.importCustomers(drafts.map(\.draft), at: now) { done in
            let stored = done.filter(\.isImported).count
            return AuditEntry(
                at: now, actorUserId: principal.userId, actorUsername: principal.username, action: "customer.import", entity: "customer", entityId: nil,
                after: #"{"imported":\#(stored),"rejected":\#(rejections),"duplicates":\#(done.count - stored)}"#)
        }
        var stored = 0
        var duplicates: [CustomerImportReport.Rejection] = []
        for ((line, _), outcome) in zip(drafts, outcomes) {
            switch outcome {
            case .imported:
                stored += 1
            case .duplicate(let twin, let field):
                duplicates.append(.init(line: line, field: field, message: "Already a customer (id \(twin)); not imported again."))
            }
        }
        return CustomerImportReport(imported: stored, rejected: rejected, duplicates: duplicates)
    }

    /// One imported row (keys: the header's names, lowercased without '_') as a checked draft.
    static func customerDraft(_ row: [String: String]) throws(SwitchboardError) -> CustomerDraft {
        func given(_ name: String) -> String? {
            guard let value = row[name], !Validate.trim(value).isEmpty else { return nil }
            return Validate.trim(value)
        }
        func flag(_ name: String, _ field: String) throws(SwitchboardError) -> Bool? {
            guard let value = given(name)?.lowercased() else { return nil }
            if ["yes", "true", "1", "ja", "y", "j"].contains(value) { return true }
            if ["no", "false", "0", "nee", "n"].contains(value) { return false }
            throw .invalid(field, "'\(value)' is not yes or no.")
        }
        var language: Language?
        if let text = given("language") {
            guard let known = Language(rawValue: text.lowercased()) else { throw .invalid("language", "'\(text)' is not a language: nl or en.") }
            language = known
        }
        let marketing = try flag("consentmarketing", "consentMarketing")
        let recording = try flag("consentrecording", "consentRecording")
        let phones = (given("phone") ?? given("phones") ?? "").split(separator: ";").map(String.init)
        return try CustomerDraft(
            firstName: row["firstname"] ?? "", lastName: row["lastname"] ?? "", phones: phones, email: given("email"), street: given("street"),
            postalCode: given("postalcode"), city: given("city"), country: given("country"), language: language, segment: given("segment"),
            consentMarketing: marketing, consentRecording: recording
        ).validated()
    }
}
