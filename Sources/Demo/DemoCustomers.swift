import Organisation
import Storage
import SwitchboardCore

/// About 2,000 demo customers (Dutch and English names) with invoices, payments, orders in
/// every shipping state and warranties active, expiring and expired — generated from a fixed
/// seed, dated around the day the demo is seeded so that "open" and "expiring" mean something.
public enum DemoCustomers {
    public static let count = 2_000

    static let firstNames = [
        "Daan", "Emma", "Sem", "Julia", "Lucas", "Mila", "Finn", "Tess", "Levi", "Sophie", "Noah", "Zoë", "Milan", "Sara", "Luuk", "Anna",
        "Jesse", "Eva", "Thijs", "Lisa", "Bram", "Fleur", "Ruben", "Nina", "Oliver", "Amelia", "Harry", "Isla", "Jack", "Ava", "George",
        "Lily", "Thomas", "Grace", "Chloe", "Arjun", "Fatima", "Mehmet", "Sanne", "Pieter", "Willem", "Johanna", "Kees", "Marloes", "Henk",
        "Ingrid", "Youssef", "Priya", "Olivia", "James",
    ]
    static let lastNames = [
        "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
        "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "de Haan",
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Green", "Patel",
        "El Amrani", "Yılmaz",
    ]
    static let cities = [("Amsterdam", "1012"), ("Rotterdam", "3011"), ("Utrecht", "3511"), ("Den Haag", "2511"), ("Eindhoven", "5611"),
                         ("Groningen", "9711"), ("Zwolle", "8011"), ("Leiden", "2311"), ("London", "EC1A"), ("Manchester", "M1")]
    static let streets = ["Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsplein", "Hoofdstraat", "Beukenlaan", "High Street", "Station Road"]
    static let products = [("Coffee machine Barista Pro", 24), ("Laptop Aero 14", 24), ("Washing machine WX8", 36), ("Smartphone Nova 5", 12),
                           ("Headphones Silence 2", 12), ("Bicycle E-City", 24), ("Television Vista 55", 24)]
    static let carriers = ["PostNL", "DHL", "DPD", "UPS"]
    static let places = ["Utrecht sorting centre", "Nieuwegein hub", "Amsterdam depot", "Rotterdam depot", "Eindhoven hub", "London gateway"]

    /// Seeds the customers once (when there are none); returns whether it did.
    @discardableResult
    public static func seedIfEmpty(_ service: OrganisationService, count: Int = count, seed: UInt64 = 2026) async throws -> Bool {
        let now = service.clock()
        let today = LocalTime.utc(now).date
        var random = SeededGenerator(seed: seed)
        func pick<T>(_ list: [T]) -> T { list[Int(random.next() % UInt64(list.count))] }
        func chance(_ p: Double) -> Bool { Double(random.next() % 10_000) < p * 10_000 }
        func date(_ daysFromToday: Int) -> String { LocalDate(dayNumber: today.dayNumber + daysFromToday).description }
        func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(random.next() % 10)) }) }
        return try await service.database.transaction { sql -> Bool in
            let customers = CustomerRepository(sql)
            guard try await customers.count() == 0 else { return false }
            for index in 0..<count {
                let english = index % 5 == 0
                let first = pick(firstNames), last = pick(lastNames)
                let (city, postal) = english ? pick(Array(cities.suffix(2))) : pick(Array(cities.prefix(8)))
                var phones = [english ? "+447\(digits(9))" : "+316\(digits(8))"]
                if chance(0.3) { phones.append(english ? "+4420\(digits(8))" : "+3120\(digits(7))") }
                // Every tenth customer is reachable at a well-known number too, so demos and tests can ring one.
                if index < 10 { phones.insert("+3120555\(fourDigits(index))", at: 0) }
                let emailName = (first + "." + last).lowercased().filter { $0.isLetter || $0 == "." }
                var draft = try CustomerDraft(
                    firstName: first, lastName: last, phones: phones, email: "\(emailName)\(index)@example.\(english ? "co.uk" : "nl")",
                    street: "\(pick(streets)) \(1 + random.next() % 180)", postalCode: english ? "\(postal) \(digits(1))AB" : "\(postal) \(pick(["AB", "CD", "KL", "XZ"]))",
                    city: city, country: english ? "GB" : "NL", language: english ? .en : .nl,
                    segment: pick(["retail", "retail", "retail", "business", "premium", "student"]), consentMarketing: chance(0.6), consentRecording: chance(0.95)
                ).validated()
                // The first customer agreed to offers, so the desk can suggest one.
                if index == 0 { draft.consentMarketing = true }
                let customer = try await customers.insert(draft, at: now)
                if index == 0 {
                    // The demo's first customer (+31205550000) always has something to talk about:
                    // an open invoice, a parcel on its way and an active warranty.
                    _ = try await customers.insertInvoice(
                        customerId: customer.id, number: "INV-\(today.year)-DEMO", issuedOn: date(-10), dueOn: date(20), currency: "EUR", status: .open,
                        lines: [.init(description: "Service fee", quantity: 1, unitPriceMinor: 4_995), .init(description: "Delivery", quantity: 1, unitPriceMinor: 695)])
                    let order = try await customers.insertOrder(customerId: customer.id, number: "ORD-DEMO", orderedOn: date(-2), status: .shipped, totalMinor: 12_900, currency: "EUR")
                    _ = try await customers.insertShipment(orderId: order, carrier: "PostNL", trackingNumber: "3SDEMO0000001", history: [
                        .init(at: now + .seconds(-150_000), state: .labelCreated, location: "Amsterdam depot"),
                        .init(at: now + .seconds(-100_000), state: .pickedUp, location: "Amsterdam depot"),
                        .init(at: now + .seconds(-40_000), state: .inTransit, location: "Nieuwegein hub"),
                    ])
                    _ = try await customers.insertWarranty(customerId: customer.id, product: "Coffee machine Barista Pro", serialNumber: "SNDEMO00001",
                                                           purchasedOn: date(-300), endsOn: date(430))
                    // …and headphones whose warranty runs out soon: an extension to offer.
                    _ = try await customers.insertWarranty(customerId: customer.id, product: "Headphones Silence 2", serialNumber: "SNDEMO00002",
                                                           purchasedOn: date(-325), endsOn: date(40))
                }
                // Billing: a few invoices in every state, some paid (in full or in part).
                for invoice in 0..<Int(1 + random.next() % 4) {
                    let issued = -Int(random.next() % 150) - 1
                    var status: Invoice.Status = pick([.paid, .paid, .paid, .open, .open, .overdue, .disputed, .cancelled])
                    // Nothing overdue for the first customer: offers are withheld from those behind on payments.
                    if index == 0, status == .overdue { status = .open }
                    let lines = (0..<Int(1 + random.next() % 3)).map { _ in
                        Invoice.Line(description: pick(["Subscription", "Service fee", "Delivery", "Extended warranty", "Repair", "Accessories"]),
                                     quantity: Int(1 + random.next() % 3), unitPriceMinor: Int64(495 + random.next() % 20_000))
                    }
                    let number = "INV-\(today.year)-\(fourDigits(index))\(invoice)"
                    let invoiceId = try await customers.insertInvoice(
                        customerId: customer.id, number: number, issuedOn: date(issued), dueOn: date(issued + 30), currency: "EUR", status: status, lines: lines)
                    let amount = lines.reduce(Int64(0)) { $0 + Int64($1.quantity) * $1.unitPriceMinor }
                    if status == .paid {
                        _ = try await customers.insertPayment(customerId: customer.id, invoiceId: invoiceId, paidOn: date(issued + Int(random.next() % 25)),
                                                              amountMinor: amount, currency: "EUR", method: pick(["iDEAL", "bank transfer", "direct debit", "card"]))
                    } else if status == .overdue, chance(0.4) {
                        _ = try await customers.insertPayment(customerId: customer.id, invoiceId: invoiceId, paidOn: date(issued + 20), amountMinor: amount / 2,
                                                              currency: "EUR", method: "bank transfer")
                    }
                }
                // Shipping: orders in every state, shipments with their history.
                for order in 0..<Int(random.next() % 3) {
                    let ordered = -Int(random.next() % 40)
                    let states: [Shipment.State] = pick([
                        [.labelCreated], [.labelCreated, .pickedUp, .inTransit], [.labelCreated, .pickedUp, .inTransit, .outForDelivery],
                        [.labelCreated, .pickedUp, .inTransit, .outForDelivery, .delivered], [.labelCreated, .pickedUp, .inTransit, .delayed],
                        [.labelCreated, .pickedUp, .inTransit, .outForDelivery, .delivered, .returned], [.labelCreated, .pickedUp, .lost],
                    ])
                    let status: Order.Status = switch states.last! {
                    case .labelCreated: .paid
                    case .delivered: .delivered
                    case .returned: .returned
                    default: .shipped
                    }
                    let orderId = try await customers.insertOrder(
                        customerId: customer.id, number: "ORD-\(fourDigits(index))-\(order)", orderedOn: date(ordered), status: status,
                        totalMinor: Int64(1_995 + random.next() % 90_000), currency: "EUR")
                    let start = now.millisecondsSinceEpoch + Int64(ordered) * 86_400_000 + 36_000_000
                    let history = states.enumerated().map { step, state in
                        Shipment.Event(at: Instant(millisecondsSinceEpoch: start + Int64(step) * 14_400_000), state: state, location: pick(places))
                    }
                    _ = try await customers.insertShipment(orderId: orderId, carrier: pick(carriers), trackingNumber: "3S\(digits(12))", history: history)
                }
                // Warranties: active, expiring within 60 days, expired; some with claims.
                for _ in 0..<Int(random.next() % 3) {
                    let (product, months) = pick(products)
                    let ends = pick([-200, -20, 10, 45, 120, 400])
                    let purchased = ends - months * 30
                    let warrantyId = try await customers.insertWarranty(
                        customerId: customer.id, product: product, serialNumber: "SN\(digits(10))", purchasedOn: date(purchased), endsOn: date(ends))
                    if chance(0.25) {
                        _ = try await customers.insertClaim(
                            warrantyId: warrantyId, openedOn: date(min(ends, 0) - Int(random.next() % 60)),
                            status: pick(Warranty.Claim.Status.allCases), description: pick(["Does not switch on", "Screen flickers", "Leaks water", "Battery drains fast", "Makes a grinding noise"]))
                    }
                }
            }
            return true
        }
    }
}

/// A number written with four digits ("0007").
func fourDigits(_ value: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, 4 - text.count)) + text
}
