import Storage
import SwitchboardCore

/// Customers in memory: the fake behind `Customers` in tests of its rules. A test adds what the
/// use case cannot create itself (invoices, payments, orders, warranties, calls with their
/// notes) through the `add…` methods; reads order and compute as the database does. Keeps the
/// audit records it was given, so they can be checked.
public actor InMemoryCustomerStore: CustomerStore {
    /// A call as the card reads it: who it was from, who handled it, and what was written.
    struct Call {
        var id: Int64
        var at: Instant
        var queueId: Int64
        var from: String
        var customerId: Int64?
        /// The agent who has (or had) the call.
        var agentId: Int64?
        /// Agents who answered one of its queue visits.
        var answeredBy: [Int64]
        var outcome: String?
        var note: String?
        var disposition: String?
    }

    private var customerList: [Customer] = []
    public private(set) var audit: [AuditEntry] = []
    private var invoices: [(customerId: Int64, invoice: Invoice)] = []
    private var payments: [(customerId: Int64, payment: Payment)] = []
    private var orders: [(customerId: Int64, order: Order)] = []
    private var warranties: [(customerId: Int64, warranty: Warranty)] = []
    private var calls: [Call] = []
    private var nextId: Int64 = 1

    public init() {}

    private func newId() -> Int64 {
        defer { nextId += 1 }
        return nextId
    }

    // MARK: What a test puts in

    /// An invoice with its lines; its amount is their sum, what is open follows from the payments.
    @discardableResult
    public func addInvoice(customerId: Int64, number: String, issuedOn: String, dueOn: String, currency: String, status: Invoice.Status, lines: [Invoice.Line]) -> Int64 {
        let id = newId()
        let amount = lines.reduce(Int64(0)) { $0 + Int64($1.quantity) * $1.unitPriceMinor }
        invoices.append((customerId, Invoice(
            id: id, number: number, issuedOn: issuedOn, dueOn: dueOn, currency: currency, status: status, lines: lines, amountMinor: amount, openMinor: 0)))
        return id
    }

    @discardableResult
    public func addPayment(customerId: Int64, invoiceId: Int64?, paidOn: String, amountMinor: Int64, currency: String, method: String) -> Int64 {
        let id = newId()
        payments.append((customerId, Payment(id: id, invoiceId: invoiceId, paidOn: paidOn, amountMinor: amountMinor, currency: currency, method: method)))
        return id
    }

    @discardableResult
    public func addOrder(customerId: Int64, number: String, orderedOn: String, status: Order.Status, totalMinor: Int64, currency: String) -> Int64 {
        let id = newId()
        orders.append((customerId, Order(id: id, number: number, orderedOn: orderedOn, status: status, totalMinor: totalMinor, currency: currency, shipments: [])))
        return id
    }

    /// A shipment of an order with its history (oldest first); its state is the last event's.
    @discardableResult
    public func addShipment(orderId: Int64, carrier: String, trackingNumber: String, history: [Shipment.Event]) -> Int64 {
        let id = newId()
        guard let index = orders.firstIndex(where: { $0.order.id == orderId }) else { return id }
        let history = history.enumerated().sorted { ($0.element.at.millisecondsSinceEpoch, $0.offset) < ($1.element.at.millisecondsSinceEpoch, $1.offset) }.map { $0.element }
        orders[index].order.shipments.append(Shipment(
            id: id, carrier: carrier, trackingNumber: trackingNumber, state: history.last?.state ?? .labelCreated, history: history))
        return id
    }

    @discardableResult
    public func addWarranty(customerId: Int64, product: String, serialNumber: String, purchasedOn: String, endsOn: String) -> Int64 {
        let id = newId()
        warranties.append((customerId, Warranty(id: id, product: product, serialNumber: serialNumber, purchasedOn: purchasedOn, endsOn: endsOn, claims: [])))
        return id
    }

    @discardableResult
    public func addClaim(warrantyId: Int64, openedOn: String, status: Warranty.Claim.Status, description: String) -> Int64 {
        let id = newId()
        guard let index = warranties.firstIndex(where: { $0.warranty.id == warrantyId }) else { return id }
        warranties[index].warranty.claims.append(Warranty.Claim(id: id, openedOn: openedOn, status: status, description: description))
        warranties[index].warranty.claims.sort { ($0.openedOn, $0.id) < ($1.openedOn, $1.id) }
        return id
    }

    /// A call from `from` (for `customerId`, when the caller was identified) into a queue; the
    /// agent who has it and those who answered its queue visits decide who reads its note.
    @discardableResult
    public func addCall(
        queueId: Int64, from: String, customerId: Int64? = nil, at: Instant, agentId: Int64? = nil, answeredBy: [Int64] = [],
        outcome: String? = nil, note: String? = nil, disposition: String? = nil
    ) -> Int64 {
        let id = newId()
        calls.append(Call(
            id: id, at: at, queueId: queueId, from: from, customerId: customerId, agentId: agentId, answeredBy: answeredBy,
            outcome: outcome, note: note, disposition: disposition))
        return id
    }

    // MARK: CustomerStore

    public func insert(_ draft: CustomerDraft, at now: Instant, audit entry: @escaping @Sendable (Customer) -> AuditEntry) async throws -> Customer {
        let customer = stored(draft)
        audit.append(entry(customer))
        return customer
    }

    public func importCustomers(
        _ drafts: [CustomerDraft], at now: Instant, audit entry: @escaping @Sendable ([CustomerImportReport.Outcome]) -> AuditEntry
    ) async throws -> [CustomerImportReport.Outcome] {
        var identities = CustomerIdentities()
        for customer in customerList {
            if let email = customer.email?.lowercased() { identities.byEmail[email] = customer.id }
            for phone in customer.phones { identities.byPhone[phone, default: [:]][customer.lastName.lowercased()] = customer.id }
        }
        var outcomes: [CustomerImportReport.Outcome] = []
        for draft in drafts {
            if let twin = identities.twin(of: draft) {
                outcomes.append(.duplicate(of: twin.id, field: twin.field))
                continue
            }
            let customer = stored(draft)
            identities.remember(draft, as: customer.id)
            outcomes.append(.imported(customer.id))
        }
        audit.append(entry(outcomes))
        return outcomes
    }

    /// The draft kept as a customer, with the defaults the database fills in.
    private func stored(_ draft: CustomerDraft) -> Customer {
        let customer = Customer(
            id: newId(), firstName: draft.firstName, lastName: draft.lastName, phones: draft.phones, email: draft.email, street: draft.street,
            postalCode: draft.postalCode, city: draft.city, country: draft.country ?? "NL", language: draft.language ?? .nl,
            segment: draft.segment ?? "retail", consentMarketing: draft.consentMarketing ?? false, consentRecording: draft.consentRecording ?? true)
        customerList.append(customer)
        return customer
    }

    public func customers(phone: String) async throws -> [Customer] {
        customerList.filter { $0.phones.contains(phone) }.sorted { $0.id < $1.id }
    }

    public func search(_ text: String) async throws -> [Customer] {
        let text = text.lowercased()
        func matches(_ value: String) -> Bool { text.isEmpty || value.lowercased().contains(text) }
        return Array(customerList
            .filter { matches($0.firstName + " " + $0.lastName) || matches($0.email ?? "") || $0.phones.contains(where: matches) }
            .sorted { ($0.lastName, $0.firstName, $0.id) < ($1.lastName, $1.firstName, $1.id) }
            .prefix(50))
    }

    public func records(of id: Int64, notes: CustomerRepository.NoteVisibility) async throws -> CustomerRecords? {
        guard let customer = customerList.first(where: { $0.id == id }) else { return nil }
        let invoices = self.invoices.filter { $0.customerId == id }.map { entry -> Invoice in
            var invoice = entry.invoice
            let paid = payments.filter { $0.payment.invoiceId == invoice.id }.reduce(Int64(0)) { $0 + $1.payment.amountMinor }
            invoice.openMinor = [.paid, .cancelled].contains(invoice.status) ? 0 : max(0, invoice.amountMinor - paid)
            return invoice
        }.sorted { ($0.issuedOn, $0.id) > ($1.issuedOn, $1.id) }
        let lastPayment = payments.filter { $0.customerId == id }.map { $0.payment }.max { ($0.paidOn, $0.id) < ($1.paidOn, $1.id) }
        let orders = self.orders.filter { $0.customerId == id }.map { $0.order }.sorted { ($0.orderedOn, $0.id) > ($1.orderedOn, $1.id) }
        let warranties = self.warranties.filter { $0.customerId == id }.map { $0.warranty }.sorted { ($0.endsOn, $0.id) > ($1.endsOn, $1.id) }
        return CustomerRecords(
            customer: customer, invoices: invoices, lastPayment: lastPayment, orders: orders, warranties: warranties,
            interactions: interactions(of: customer, notes: notes))
    }

    /// The last 10 calls for the customer's id or from one of their numbers, newest first.
    private func interactions(of customer: Customer, notes: CustomerRepository.NoteVisibility) -> [CustomerRepository.Interaction] {
        let numbers = customer.phones.isEmpty ? [""] : customer.phones
        return calls
            .filter { $0.customerId == customer.id || numbers.contains($0.from) }
            .sorted { ($0.at.millisecondsSinceEpoch, $0.id) > ($1.at.millisecondsSinceEpoch, $1.id) }
            .prefix(10)
            .map { call in
                let note: String? = switch notes {
                case .all: call.note
                case .callsHandledBy(let agentId): call.agentId == agentId || call.answeredBy.contains(agentId) ? call.note : nil
                case .withheld: nil
                }
                return CustomerRepository.Interaction(
                    callId: call.id, at: call.at, queueId: call.queueId, agentId: call.agentId, outcome: call.outcome, note: note,
                    disposition: call.disposition)
            }
    }

    public func record(_ entry: AuditEntry) async throws {
        audit.append(entry)
    }
}
