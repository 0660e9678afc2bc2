import Organisation
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

/// The customers feature's rules without HTTP — search, the card with its notes and its audit
/// record, adding and importing customers, and who may do which — in memory and on each database.
@Suite("Customers: finding them, their card, adding and importing them")
struct CustomersTests {
    /// The use case on the backend, with the fake store in memory (which the test can fill).
    struct Setup {
        let world: World
        let customers: Customers
        let store: InMemoryCustomerStore?
    }

    static func with(_ backend: Backend, _ body: (Setup) async throws -> Void) async throws {
        try await backend.with { world in
            if let service = world.service {
                try await body(Setup(world: world, customers: Customers(service), store: nil))
            } else {
                let store = InMemoryCustomerStore()
                try await body(Setup(world: world, customers: Customers(store: store, directory: world.directory, clock: world.now), store: store))
            }
        }
    }

    /// Audit records about customers, oldest first.
    static func customerAudit(_ setup: Setup) async throws -> [AuditEntry] {
        if let store = setup.store { return await store.audit }
        let service = try #require(setup.world.service)
        return try await service.auditLog(entity: "customer", by: .console).reversed()
    }

    static func draft(_ first: String, _ last: String, phones: [String] = [], email: String? = nil, consentMarketing: Bool? = nil) -> CustomerDraft {
        CustomerDraft(firstName: first, lastName: last, phones: phones, email: email, consentMarketing: consentMarketing)
    }

    @Test("a number written any way finds its customer by number; other text searches name, e-mail and numbers; one character is refused", arguments: Backend.all)
    func search(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world, customers = setup.customers
            let supervisor = try await world.person("sup", [.supervisor])
            let agent = try await world.person("ann", [.agent], agent: true)
            let recruiter = try await world.person("rita", [.recruiter])
            let anna = try await customers.createCustomer(Self.draft("Anna", "Visser", phones: ["020 123 4567"], email: "anna@example.nl"), by: supervisor)
            let john = try await customers.createCustomer(Self.draft("John", "Bakker", phones: ["+31 6 1234 5678"], email: "john_doe@example.com"), by: supervisor)
            let piet = try await customers.createCustomer(Self.draft("Piet", "Mulder"), by: supervisor)

            // Written as a number: normalised and looked up exactly.
            #expect(try await customers.searchCustomers("+31 (0)20-123 45 67", by: agent).map(\.id) == [anna.id])
            #expect(try await customers.searchCustomers(" 0201234567 ", by: agent).map(\.id) == [anna.id])
            #expect(try await customers.customers(calling: "020 123 4567", by: agent).map(\.id) == [anna.id])
            #expect(try await customers.customers(calling: "unknown", by: agent).isEmpty)
            // Not a number: any part of the name, e-mail or number, in any case; by last name.
            #expect(try await customers.searchCustomers("VISS", by: agent).map(\.id) == [anna.id])
            #expect(try await customers.searchCustomers("example", by: agent).map(\.id) == [john.id, anna.id])
            #expect(try await customers.searchCustomers("1234", by: agent).map(\.id) == [john.id, anna.id], "digits that are no number match numbers as text")
            #expect(try await customers.searchCustomers("john_doe", by: agent).map(\.id) == [john.id])
            #expect(try await customers.searchCustomers("jo%doe", by: agent).isEmpty, "'%' is matched as itself")
            #expect(try await customers.searchCustomers("", by: agent).map(\.id) == [john.id, piet.id, anna.id], "nothing typed: the first customers")

            let short = await #expect(throws: SwitchboardError.self) { try await customers.searchCustomers("  a ", by: agent) }
            #expect(short?.field == "q")
            let refused = await #expect(throws: SwitchboardError.self) { try await customers.searchCustomers("Visser", by: recruiter) }
            #expect(refused?.code == "forbidden")
            let refusedCaller = await #expect(throws: SwitchboardError.self) { try await customers.customers(calling: "020 123 4567", by: recruiter) }
            #expect(refusedCaller?.code == "forbidden")
            #expect(try await Self.customerAudit(setup).map(\.action) == ["customer.create", "customer.create", "customer.create"], "searches are not audited")
        }
    }

    @Test("the card sums what is open, keeps the open orders, rates each warranty and advises from the records", arguments: Backend.all)
    func card(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world, customers = setup.customers
            let supervisor = try await world.person("sup", [.supervisor])
            let agent = try await world.person("ann", [.agent], agent: true)
            let anna = try await customers.createCustomer(Self.draft("Anna", "Visser", phones: ["020 123 4567"], consentMarketing: true), by: supervisor)
            // Today is 2026-11-18 on the test clock.
            let open = try await setup.invoice(anna.id, "INV-1", issuedOn: "2026-09-01", dueOn: "2026-10-01", status: .open, lines: [
                .init(description: "Repair", quantity: 2, unitPriceMinor: 1_250), .init(description: "Delivery", quantity: 1, unitPriceMinor: 495),
            ])
            try await setup.payment(anna.id, invoiceId: open, paidOn: "2026-10-20", amountMinor: 1_000)
            let paid = try await setup.invoice(anna.id, "INV-2", issuedOn: "2026-11-01", dueOn: "2026-12-01", status: .paid, lines: [
                .init(description: "Subscription", quantity: 1, unitPriceMinor: 999),
            ])
            try await setup.payment(anna.id, invoiceId: paid, paidOn: "2026-11-02", amountMinor: 999)
            let shipped = try await setup.order(anna.id, "ORD-2", orderedOn: "2026-11-10", status: .shipped)
            try await setup.shipment(shipped, history: [
                .init(at: world.clock.now, state: .labelCreated, location: nil), .init(at: world.clock.now + .seconds(3_600), state: .inTransit, location: "Hub"),
            ])
            _ = try await setup.order(anna.id, "ORD-1", orderedOn: "2026-06-01", status: .delivered)
            _ = try await setup.warranty(anna.id, "Phone", endsOn: "2026-01-10")
            _ = try await setup.warranty(anna.id, "Laptop", endsOn: "2026-12-31")

            let card = try await customers.customerCard(anna.id, by: agent)
            #expect(card.customer == anna)
            #expect(card.billing.invoices.map(\.number) == ["INV-2", "INV-1"], "newest first")
            #expect(card.billing.openInvoices.map(\.number) == ["INV-1"])
            #expect(card.billing.openBalanceMinor == 1_995, "2 × 12.50 + 4.95, less 10.00 paid")
            #expect(card.billing.currency == "EUR")
            #expect(card.billing.lastPayment?.paidOn == "2026-11-02")
            #expect(card.shipping.orders.map(\.number) == ["ORD-2", "ORD-1"])
            #expect(card.shipping.openOrders.map(\.number) == ["ORD-2"])
            #expect(card.shipping.openOrders.first?.shipments.first?.state == .inTransit, "a shipment is where its last event is")
            #expect(card.warranties.map(\.warranty.product) == ["Laptop", "Phone"], "latest-ending first")
            #expect(card.warranties.map(\.standing) == ["expiring", "expired"])
            #expect(card.advice.withheld == nil)
            #expect(card.advice.offers.map(\.product) == ["Extended warranty: Laptop"])

            // An overdue invoice withholds every offer.
            _ = try await setup.invoice(anna.id, "INV-3", issuedOn: "2026-10-01", dueOn: "2026-10-31", status: .overdue, lines: [
                .init(description: "Repair", quantity: 1, unitPriceMinor: 5_000),
            ])
            let behind = try await customers.customerCard(anna.id, by: agent)
            #expect(behind.billing.openBalanceMinor == 6_995)
            #expect(behind.advice.offers.isEmpty)
            #expect(behind.advice.withheld?.contains("overdue") == true)

            let missing = await #expect(throws: SwitchboardError.self) { try await customers.customerCard(anna.id + 1_000, by: agent) }
            #expect(missing?.code == "not_found")
        }
    }

    @Test("on the card an agent reads the notes of the calls they handled, roles that read calls every note, anyone else none", arguments: Backend.all)
    func noteVisibility(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world, customers = setup.customers
            let supervisor = try await world.person("sup", [.supervisor])
            let ann = try await world.person("ann", [.agent], agent: true)
            let bob = try await world.person("bob", [.agent], agent: true)
            let newcomer = try await world.person("nina", [.agent])
            let annId = try await world.agentId(of: ann), bobId = try await world.agentId(of: bob)
            let carla = try await customers.createCustomer(Self.draft("Carla", "Smit", phones: ["+31205550002"]), by: supervisor)
            let queue = try await setup.queue()
            let start = world.clock.now
            let annsCall = try await setup.call(queue, from: "+31205550002", at: start, answeredBy: annId, note: "Payment plan agreed")
            let bobsCall = try await setup.call(queue, from: "+31205550002", at: start + .seconds(3_600), answeredBy: bobId, note: "New address")
            // From another number, but identified as Carla; no one answered.
            let identified = try await setup.call(queue, from: "+31209999999", customerId: carla.id, at: start + .seconds(5_400))
            _ = try await setup.call(queue, from: "+31208888888", at: start + .seconds(6_000), answeredBy: annId, note: "Someone else")

            func notes(_ reader: Principal) async throws -> [String?] {
                let interactions = try await customers.customerCard(carla.id, by: reader).interactions
                #expect(interactions.map(\.callId) == [identified, bobsCall, annsCall], "Carla's calls, newest first")
                return interactions.map(\.note)
            }
            #expect(try await notes(ann) == [nil, nil, "Payment plan agreed"])
            #expect(try await notes(bob) == [nil, "New address", nil])
            #expect(try await notes(newcomer) == [nil, nil, nil], "an agent role without an agent record handled no call")
            let leader = try await world.person("lead", [.teamLeader]), qa = try await world.person("quinn", [.qa])
            for reader in [supervisor, leader, qa] {
                #expect(try await notes(reader) == [nil, "New address", "Payment plan agreed"], "\(reader.username)")
            }
        }
    }

    @Test("each read of a card leaves exactly one customer.read record with who and which customer; refused and missing reads none", arguments: Backend.all)
    func cardReadsAreAudited(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world, customers = setup.customers
            let supervisor = try await world.person("sup", [.supervisor])
            let agent = try await world.person("ann", [.agent], agent: true)
            let recruiter = try await world.person("rita", [.recruiter])
            let anna = try await customers.createCustomer(Self.draft("Anna", "Visser", phones: ["020 123 4567"]), by: supervisor)
            func reads() async throws -> [AuditEntry] { try await Self.customerAudit(setup).filter { $0.action == "customer.read" } }

            _ = try await customers.searchCustomers("Visser", by: agent)
            _ = try await customers.customers(calling: "020 123 4567", by: agent)
            let missing = await #expect(throws: SwitchboardError.self) { try await customers.customerCard(anna.id + 1_000, by: agent) }
            #expect(missing?.code == "not_found")
            let refused = await #expect(throws: SwitchboardError.self) { try await customers.customerCard(anna.id, by: recruiter) }
            #expect(refused?.code == "forbidden")
            #expect(try await reads().isEmpty)

            _ = try await customers.customerCard(anna.id, by: agent)
            let entry = try #require(try await reads().first)
            #expect(try await reads().count == 1)
            #expect(entry.entity == "customer")
            #expect(entry.entityId == anna.id)
            #expect(entry.actorUserId == agent.userId)
            #expect(entry.actorUsername == "ann")
            #expect(entry.at == world.clock.now)

            _ = try await customers.customerCard(anna.id, by: supervisor)
            #expect(try await reads().map(\.actorUsername) == ["ann", "sup"], "one record per read")
        }
    }

    @Test("supervisors add customers, checked field by field and audited; agents may not", arguments: Backend.all)
    func create(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world, customers = setup.customers
            let supervisor = try await world.person("sup", [.supervisor])
            let agent = try await world.person("ann", [.agent], agent: true)

            let byAgent = await #expect(throws: SwitchboardError.self) { try await customers.createCustomer(Self.draft("Joop", "Zoetemelk"), by: agent) }
            #expect(byAgent?.code == "forbidden")
            let badPhone = await #expect(throws: SwitchboardError.self) {
                try await customers.createCustomer(Self.draft("Joop", "Zoetemelk", phones: ["0612345678", "not a phone"]), by: supervisor)
            }
            #expect(badPhone?.field == "phones[1]")
            let badMail = await #expect(throws: SwitchboardError.self) {
                try await customers.createCustomer(Self.draft("Joop", "Zoetemelk", email: "joop@"), by: supervisor)
            }
            #expect(badMail?.field == "email")
            let noName = await #expect(throws: SwitchboardError.self) { try await customers.createCustomer(Self.draft(" ", "Zoetemelk"), by: supervisor) }
            #expect(noName?.field == "firstName")
            #expect(try await Self.customerAudit(setup).isEmpty, "refused customers leave no record")

            let joop = try await customers.createCustomer(Self.draft(" Joop ", "Zoetemelk", phones: ["06 1234 5678", "+31 6 1234 5678"]), by: supervisor)
            #expect(joop.firstName == "Joop")
            #expect(joop.phones == ["+31612345678"], "numbers normalised, each once")
            #expect(joop.country == "NL" && joop.language == .nl && joop.segment == "retail")
            #expect(joop.consentMarketing == false && joop.consentRecording == true)
            #expect(try await customers.customers(calling: "0612345678", by: agent) == [joop])
            let audit = try await Self.customerAudit(setup)
            #expect(audit.map(\.action) == ["customer.create"])
            #expect(audit.first?.entityId == joop.id && audit.first?.actorUsername == "sup")
        }
    }

    @Test("an import stores the good rows, reports each bad row by line and field, and skips customers already known", arguments: Backend.all)
    func importing(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world, customers = setup.customers
            let supervisor = try await world.person("sup", [.supervisor])
            let agent = try await world.person("ann", [.agent], agent: true)
            let eva = try await customers.createCustomer(Self.draft("Eva", "Jong", email: "eva@example.nl"), by: supervisor)
            let csv = """
                firstName,last_name,phone,email,consentMarketing
                Anna,Visser,020 123 4567,anna@example.nl,yes
                Bram,Bakker,06 1111 2222,,no
                Bad,Phone,not a number,,
                Short,Row
                Flag,Wrong,,,maybe
                Anne,Visser,,ANNA@example.nl,
                Cees,Bakker,+31 6 1111 2222,,
                Eva,Jong,,EVA@Example.nl,
                Dirk,Dekker,+31 6 3333 4444,,
                """

            let refused = await #expect(throws: SwitchboardError.self) { try await customers.importCustomers(csv: csv, by: agent) }
            #expect(refused?.code == "forbidden")
            let empty = await #expect(throws: SwitchboardError.self) { try await customers.importCustomers(csv: "", by: supervisor) }
            #expect(empty?.field == "file")
            let headless = await #expect(throws: SwitchboardError.self) { try await customers.importCustomers(csv: "firstName,phone\nAnna,0201234567", by: supervisor) }
            #expect(headless?.field == "file")

            let report = try await customers.importCustomers(csv: csv, by: supervisor)
            #expect(report.imported == 3)
            #expect(report.rejected.map(\.line) == [4, 5, 6])
            #expect(report.rejected.map(\.field) == ["phones[0]", nil, "consentMarketing"])
            #expect(report.duplicates.map(\.line) == [7, 8, 9], "by e-mail (earlier in the file), last name and number, e-mail (on record)")
            #expect(report.duplicates.map(\.field) == ["email", "phone", "email"])
            let anna = try #require(try await customers.searchCustomers("anna@", by: supervisor).first)
            let bram = try #require(try await customers.searchCustomers("Bram", by: supervisor).first)
            #expect(anna.consentMarketing == true && anna.phones == ["+31201234567"])
            #expect(bram.consentMarketing == false && bram.phones == ["+31611112222"])
            #expect(report.duplicates.map(\.message) == [
                "Already a customer (id \(anna.id)); not imported again.",
                "Already a customer (id \(bram.id)); not imported again.",
                "Already a customer (id \(eva.id)); not imported again.",
            ])
            #expect(try await customers.searchCustomers("", by: supervisor).map(\.lastName) == ["Bakker", "Dekker", "Jong", "Visser"])

            // The same file again adds nobody.
            let again = try await customers.importCustomers(csv: csv, by: supervisor)
            #expect(again.imported == 0)
            #expect(again.duplicates.map(\.line) == [2, 3, 7, 8, 9, 10])
            #expect(again.rejected.count == 3)

            let audit = try await Self.customerAudit(setup)
            #expect(audit.map(\.action) == ["customer.create", "customer.import", "customer.import"], "one record per import; none for refused ones")
            try #require(audit.count == 3)
            #expect(audit[1].entityId == nil)
            #expect(audit[1].after == #"{"imported":3,"rejected":3,"duplicates":3}"#)
            #expect(audit[2].after == #"{"imported":0,"rejected":3,"duplicates":6}"#)
        }
    }
}

/// A customer's records as other features or the demo put them: with the fake's helpers in
/// memory, through the repositories on a database.
extension CustomersTests.Setup {
    func database() throws -> Database { try #require(world.database) }

    /// A queue the calls can be in.
    func queue() async throws -> Int64 {
        guard let service = world.service else { return 1 }
        return try await service.createQueue(QueueInput(name: "Service", extensionNumber: "800"), by: .console).id
    }

    func invoice(_ customerId: Int64, _ number: String, issuedOn: String, dueOn: String, status: Invoice.Status, lines: [Invoice.Line]) async throws -> Int64 {
        if let store {
            return await store.addInvoice(customerId: customerId, number: number, issuedOn: issuedOn, dueOn: dueOn, currency: "EUR", status: status, lines: lines)
        }
        return try await database().transaction {
            try await CustomerRepository($0).insertInvoice(
                customerId: customerId, number: number, issuedOn: issuedOn, dueOn: dueOn, currency: "EUR", status: status, lines: lines)
        }
    }

    func payment(_ customerId: Int64, invoiceId: Int64?, paidOn: String, amountMinor: Int64) async throws {
        if let store {
            await store.addPayment(customerId: customerId, invoiceId: invoiceId, paidOn: paidOn, amountMinor: amountMinor, currency: "EUR", method: "iDEAL")
            return
        }
        _ = try await database().transaction {
            try await CustomerRepository($0).insertPayment(
                customerId: customerId, invoiceId: invoiceId, paidOn: paidOn, amountMinor: amountMinor, currency: "EUR", method: "iDEAL")
        }
    }

    func order(_ customerId: Int64, _ number: String, orderedOn: String, status: Order.Status) async throws -> Int64 {
        if let store {
            return await store.addOrder(customerId: customerId, number: number, orderedOn: orderedOn, status: status, totalMinor: 4_999, currency: "EUR")
        }
        return try await database().transaction {
            try await CustomerRepository($0).insertOrder(customerId: customerId, number: number, orderedOn: orderedOn, status: status, totalMinor: 4_999, currency: "EUR")
        }
    }

    func shipment(_ orderId: Int64, history: [Shipment.Event]) async throws {
        if let store {
            await store.addShipment(orderId: orderId, carrier: "PostNL", trackingNumber: "3S\(orderId)", history: history)
            return
        }
        _ = try await database().transaction {
            try await CustomerRepository($0).insertShipment(orderId: orderId, carrier: "PostNL", trackingNumber: "3S\(orderId)", history: history)
        }
    }

    func warranty(_ customerId: Int64, _ product: String, endsOn: String) async throws -> Int64 {
        if let store {
            return await store.addWarranty(customerId: customerId, product: product, serialNumber: "SN-\(product)", purchasedOn: "2024-01-10", endsOn: endsOn)
        }
        return try await database().transaction {
            try await CustomerRepository($0).insertWarranty(customerId: customerId, product: product, serialNumber: "SN-\(product)", purchasedOn: "2024-01-10", endsOn: endsOn)
        }
    }

    /// A call into the queue, answered by an agent (who then wrote the note) or by no one.
    func call(_ queueId: Int64, from: String, customerId: Int64? = nil, at: Instant, answeredBy agentId: Int64? = nil, note: String? = nil) async throws -> Int64 {
        if let store {
            return await store.addCall(
                queueId: queueId, from: from, customerId: customerId, at: at, agentId: agentId, answeredBy: agentId.map { [$0] } ?? [], note: note)
        }
        return try await database().transaction { sql in
            let log = CallLogRepository(sql)
            let call = try await log.insertCall(queueId: queueId, from: from, customerId: customerId.map { String($0) }, priority: 0, at: at)
            if let agentId {
                try await log.openVisit(call, queueId: queueId, at: at)
                try await log.markAnswered(call, by: agentId, at: at)
            }
            if let note { try await CallWorkRepository(sql).saveNote(CallNote(callId: call, text: note, agentId: agentId, updatedAt: at)) }
            return call
        }
    }
}
