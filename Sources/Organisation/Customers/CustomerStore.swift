import Storage
import SwitchboardCore

/// What the customers feature keeps: the customers with their billing, shipping, warranties and
/// calls, each change with its audit record. `DatabaseCustomerStore` keeps them in the
/// database, `InMemoryCustomerStore` in memory (the fake for tests of the rules in `Customers`).
public protocol CustomerStore: Sendable {
    /// Stores a checked draft (`CustomerDraft.validated()`) together with its audit record, made
    /// from the new customer.
    func insert(_ draft: CustomerDraft, at now: Instant, audit: @escaping @Sendable (Customer) -> AuditEntry) async throws -> Customer
    /// Stores an import's checked drafts, all or none, skipping those that are customers already
    /// (`CustomerIdentities`), together with the import's audit record made from what became
    /// of each draft. One outcome per draft, in their order.
    func importCustomers(
        _ drafts: [CustomerDraft], at now: Instant, audit: @escaping @Sendable ([CustomerImportReport.Outcome]) -> AuditEntry
    ) async throws -> [CustomerImportReport.Outcome]
    /// Customers with this number (E.164), by id: usually one; a shared family line finds several.
    func customers(phone: String) async throws -> [Customer]
    /// By name ("first last"), e-mail or number, any part in any case, '%' and '_' as themselves;
    /// at most 50, by last name, first name and id. Empty text: the first 50.
    func search(_ text: String) async throws -> [Customer]
    /// The customer and what they have, calls' notes only as `notes` allows; nil when there is
    /// no such customer.
    func records(of id: Int64, notes: CustomerRepository.NoteVisibility) async throws -> CustomerRecords?
    /// Keeps an audit record that goes with no change (a read of a customer's card).
    func record(_ audit: AuditEntry) async throws
}
