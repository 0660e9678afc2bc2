import Demo
import Organisation
import SQLKit
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

@Suite("The demo's customers")
struct DemoCustomersTests {
    @Test("seeded once, in every state a screen pop shows: invoices, shipments, warranties and claims")
    func everyState() async throws {
        try await TestDatabase.sqlite.with { (database: Database) async throws in
            let service = OrganisationService(database: database, clock: { Instant(millisecondsSinceEpoch: 1_795_000_000_000) })
            #expect(try await DemoCustomers.seedIfEmpty(service, count: 300))
            #expect(try await DemoCustomers.seedIfEmpty(service, count: 300) == false)
            try await database.read { (sql: any SQLDatabase) async throws in
                #expect(try await CustomerRepository(sql).count() == 300)
                func values(_ query: SQLQueryString) async throws -> Set<String> {
                    Set(try await sql.raw(query).all().map { try $0.decode(column: "v", as: String.self) })
                }
                #expect(try await values("SELECT DISTINCT status AS v FROM invoices") == Set(Invoice.Status.allCases.map(\.rawValue)))
                #expect(try await values("SELECT DISTINCT state AS v FROM shipments").isSuperset(of: ["labelCreated", "inTransit", "outForDelivery", "delivered", "delayed", "lost", "returned"]))
                #expect(try await values("SELECT DISTINCT status AS v FROM warranty_claims").count >= 4)
                #expect(try await values("SELECT DISTINCT language AS v FROM customers") == ["nl", "en"])
            }
            let card = try await Customers(service).customerCard(1, by: .console)
            #expect(card.customer.phones.first == "+31205550000")
            let standings = Set(try await (1...300).asyncFlatMap { try await Customers(service).customerCard(Int64($0), by: .console).warranties.map(\.standing) })
            #expect(standings == ["active", "expiring", "expired"])
        }
    }
}

extension Sequence {
    func asyncFlatMap<T>(_ transform: (Element) async throws -> [T]) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result += try await transform(element) }
        return result
    }
}
