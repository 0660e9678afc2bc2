import SQLKit
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@Suite("Customer records, on every database")
struct CustomerRepositoryTests {
    let now = Instant(millisecondsSinceEpoch: 1_795_000_000_000)

    @Test("a customer with billing, shipping and warranties is read back whole; found by number and by name", arguments: TestDatabase.available)
    func customerRecords(_ kind: TestDatabase) async throws {
        try await kind.with { (database: Database) async throws in
            try await database.transaction { sql in
                let customers = CustomerRepository(sql)
                let draft = try CustomerDraft(firstName: " Anna ", lastName: "de Vries", phones: ["020 123 4567", "+31 6 1234 5678"], email: "anna@example.nl",
                                              city: "Utrecht", segment: "Premium").validated()
                let anna = try await customers.insert(draft, at: now)
                #expect(anna.phones == ["+31201234567", "+31612345678"])
                #expect(try await customers.find(id: anna.id) == anna)
                #expect(try await customers.find(phone: "+31612345678").map(\.id) == [anna.id])
                #expect(try await customers.search("vries").map(\.id) == [anna.id])
                #expect(try await customers.search("ANNA@").map(\.id) == [anna.id])
                #expect(try await customers.search("nobody").isEmpty)
                // '%' and '_' are matched as themselves.
                let john = try await customers.insert(try CustomerDraft(firstName: "John", lastName: "Doe", phones: [], email: "john_doe@example.com").validated(), at: now)
                #expect(try await customers.search("john_doe").map(\.id) == [john.id])
                #expect(try await customers.search("jo%doe").isEmpty)
                #expect(try await customers.search("john!doe").isEmpty)

                let open = try await customers.insertInvoice(
                    customerId: anna.id, number: "INV-1", issuedOn: "2026-10-01", dueOn: "2026-10-31", currency: "EUR", status: .overdue,
                    lines: [.init(description: "Repair", quantity: 2, unitPriceMinor: 1_250), .init(description: "Delivery", quantity: 1, unitPriceMinor: 495)])
                _ = try await customers.insertPayment(customerId: anna.id, invoiceId: open, paidOn: "2026-10-20", amountMinor: 1_000, currency: "EUR", method: "iDEAL")
                let paid = try await customers.insertInvoice(
                    customerId: anna.id, number: "INV-2", issuedOn: "2026-11-01", dueOn: "2026-12-01", currency: "EUR", status: .paid,
                    lines: [.init(description: "Subscription", quantity: 1, unitPriceMinor: 999)])
                _ = try await customers.insertPayment(customerId: anna.id, invoiceId: paid, paidOn: "2026-11-02", amountMinor: 999, currency: "EUR", method: "card")
                let invoices = try await customers.invoices(of: anna.id)
                #expect(invoices.map(\.number) == ["INV-2", "INV-1"])
                #expect(invoices.map(\.amountMinor) == [999, 2_995])
                #expect(invoices.map(\.openMinor) == [0, 1_995])
                #expect(try await customers.payments(of: anna.id, limit: 1).map(\.paidOn) == ["2026-11-02"])

                let order = try await customers.insertOrder(customerId: anna.id, number: "ORD-1", orderedOn: "2026-11-20", status: .shipped, totalMinor: 4_999, currency: "EUR")
                _ = try await customers.insertShipment(orderId: order, carrier: "PostNL", trackingNumber: "3S123", history: [
                    .init(at: now, state: .labelCreated, location: nil), .init(at: now + .seconds(3600), state: .inTransit, location: "Nieuwegein hub"),
                ])
                let orders = try await customers.orders(of: anna.id)
                #expect(orders.first?.shipments.first?.state == .inTransit)
                #expect(orders.first?.shipments.first?.history.map(\.location) == [nil, "Nieuwegein hub"])
                #expect(orders.first?.isOpen == true)

                let warranty = try await customers.insertWarranty(customerId: anna.id, product: "Laptop", serialNumber: "SN1", purchasedOn: "2025-01-10", endsOn: "2027-01-10")
                _ = try await customers.insertClaim(warrantyId: warranty, openedOn: "2026-06-01", status: .inReview, description: "Screen flickers")
                let warranties = try await customers.warranties(of: anna.id)
                #expect(warranties.first?.claims.map(\.status) == [.inReview])
                #expect(warranties.first?.standing(on: LocalDate(year: 2026, month: 11, day: 27)) == "expiring")
                #expect(warranties.first?.standing(on: LocalDate(year: 2026, month: 6, day: 1)) == "active")
                #expect(warranties.first?.standing(on: LocalDate(year: 2027, month: 1, day: 11)) == "expired")

                let settings = try QueueSettings(
                    name: "Service", extensionNumber: "800", priority: 5, serviceLevel: .init(percent: 80, seconds: 20), maxWaitingCalls: 25,
                    wrapUpSeconds: 30, requiredSkills: [], hours: try BusinessHours(timeZone: "Europe/Amsterdam", weekly: [:], holidays: []).validated()
                ).validated()
                let queue = try await QueueRepository(sql).insert(settings, skillIds: [:], at: now)
                let call = try await CallLogRepository(sql).insertCall(queueId: queue.id, from: "+31201234567", customerId: nil, priority: 0, at: now)
                #expect(try await customers.interactions(of: anna).map(\.callId) == [call])
            }
        }
    }

    @Test("an invoice number is unique per organisation", arguments: TestDatabase.available)
    func uniqueInvoice(_ kind: TestDatabase) async throws {
        try await kind.with { (database: Database) async throws in
            let id = try await database.transaction { sql in
                try await CustomerRepository(sql).insert(try CustomerDraft(firstName: "A", lastName: "B", phones: []).validated(), at: now).id
            }
            _ = try await database.transaction {
                try await CustomerRepository($0).insertInvoice(customerId: id, number: "X", issuedOn: "2026-01-01", dueOn: "2026-01-31", currency: "EUR", status: .open, lines: [])
            }
            await #expect(throws: (any Error).self) {
                _ = try await database.transaction {
                    try await CustomerRepository($0).insertInvoice(customerId: id, number: "X", issuedOn: "2026-01-01", dueOn: "2026-01-31", currency: "EUR", status: .open, lines: [])
                }
            }
        }
    }
}
