import Storage
import SwitchboardCore

/// Customers in the database (`customers` and the billing, shipping, warranty and call tables),
/// each change in one transaction with its audit record.
public struct DatabaseCustomerStore: CustomerStore {
    let database: Database

    public init(database: Database) { self.database = database }

    public func insert(_ draft: CustomerDraft, at now: Instant, audit: @escaping @Sendable (Customer) -> AuditEntry) async throws -> Customer {
        try await database.transaction { sql in
            let customer = try await CustomerRepository(sql).insert(draft, at: now)
            try await AuditRepository(sql).append(audit(customer))
            return customer
        }
    }

    public func importCustomers(
        _ drafts: [CustomerDraft], at now: Instant, audit: @escaping @Sendable ([CustomerImportReport.Outcome]) -> AuditEntry
    ) async throws -> [CustomerImportReport.Outcome] {
        try await database.transaction { sql in
            let customers = CustomerRepository(sql)
            let known = try await customers.identities(emails: drafts.compactMap { $0.email?.lowercased() }, phones: drafts.flatMap(\.phones))
            var identities = CustomerIdentities(byEmail: known.byEmail, byPhone: known.byPhone)
            var outcomes: [CustomerImportReport.Outcome] = []
            for draft in drafts {
                if let twin = identities.twin(of: draft) {
                    outcomes.append(.duplicate(of: twin.id, field: twin.field))
                    continue
                }
                let customer = try await customers.insert(draft, at: now)
                identities.remember(draft, as: customer.id)
                outcomes.append(.imported(customer.id))
            }
            try await AuditRepository(sql).append(audit(outcomes))
            return outcomes
        }
    }

    public func customers(phone: String) async throws -> [Customer] {
        try await database.read { try await CustomerRepository($0).find(phone: phone) }
    }

    public func search(_ text: String) async throws -> [Customer] {
        try await database.read { try await CustomerRepository($0).search(text) }
    }

    public func records(of id: Int64, notes: CustomerRepository.NoteVisibility) async throws -> CustomerRecords? {
        try await database.read { sql in
            let customers = CustomerRepository(sql)
            guard let customer = try await customers.find(id: id) else { return nil }
            let invoices = try await customers.invoices(of: id)
            let orders = try await customers.orders(of: id)
            let warranties = try await customers.warranties(of: id)
            let lastPayment = try await customers.payments(of: id, limit: 1).first
            let interactions = try await customers.interactions(of: customer, notes: notes)
            return CustomerRecords(
                customer: customer, invoices: invoices, lastPayment: lastPayment, orders: orders, warranties: warranties, interactions: interactions)
        }
    }

    public func record(_ audit: AuditEntry) async throws {
        try await database.transaction { try await AuditRepository($0).append(audit) }
    }
}
