/// What a customer has with the organisation, as the agent's screen pop shows it. Dates are
/// ISO 8601 calendar dates ("2026-11-20"); amounts are integer minor units with a currency.

public struct Invoice: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable, CaseIterable { case open, paid, overdue, disputed, cancelled }

    public struct Line: Codable, Equatable, Sendable {
        public var description: String
        public var quantity: Int
        public var unitPriceMinor: Int64

        public init(description: String, quantity: Int, unitPriceMinor: Int64) {
            self.description = description
            self.quantity = quantity
            self.unitPriceMinor = unitPriceMinor
        }
    }

    public var id: Int64
    public var number: String
    public var issuedOn: String
    public var dueOn: String
    public var currency: String
    public var status: Status
    public var lines: [Line]
    /// The sum of the lines.
    public var amountMinor: Int64
    /// What is still to be paid (the amount less the payments against it).
    public var openMinor: Int64

    public init(id: Int64, number: String, issuedOn: String, dueOn: String, currency: String, status: Status, lines: [Line], amountMinor: Int64, openMinor: Int64) {
        self.id = id
        self.number = number
        self.issuedOn = issuedOn
        self.dueOn = dueOn
        self.currency = currency
        self.status = status
        self.lines = lines
        self.amountMinor = amountMinor
        self.openMinor = openMinor
    }
}

public struct Payment: Codable, Equatable, Sendable {
    public var id: Int64
    public var invoiceId: Int64?
    public var paidOn: String
    public var amountMinor: Int64
    public var currency: String
    public var method: String

    public init(id: Int64, invoiceId: Int64?, paidOn: String, amountMinor: Int64, currency: String, method: String) {
        self.id = id
        self.invoiceId = invoiceId
        self.paidOn = paidOn
        self.amountMinor = amountMinor
        self.currency = currency
        self.method = method
    }
}

public struct Shipment: Codable, Equatable, Sendable {
    public enum State: String, Codable, Sendable, CaseIterable { case labelCreated, pickedUp, inTransit, outForDelivery, delivered, delayed, returned, lost }

    public struct Event: Codable, Equatable, Sendable {
        public var at: Instant
        public var state: State
        public var location: String?

        public init(at: Instant, state: State, location: String?) {
            self.at = at
            self.state = state
            self.location = location
        }

        enum CodingKeys: String, CodingKey { case at, state, location }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(at.iso8601, forKey: .at)
            try container.encode(state, forKey: .state)
            try container.encode(location, forKey: .location)
        }
    }

    public var id: Int64
    public var carrier: String
    public var trackingNumber: String
    public var state: State
    /// Oldest first.
    public var history: [Event]

    public init(id: Int64, carrier: String, trackingNumber: String, state: State, history: [Event]) {
        self.id = id
        self.carrier = carrier
        self.trackingNumber = trackingNumber
        self.state = state
        self.history = history
    }
}

public struct Order: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable, CaseIterable { case placed, paid, shipped, delivered, cancelled, returned }

    public var id: Int64
    public var number: String
    public var orderedOn: String
    public var status: Status
    public var totalMinor: Int64
    public var currency: String
    public var shipments: [Shipment]

    public init(id: Int64, number: String, orderedOn: String, status: Status, totalMinor: Int64, currency: String, shipments: [Shipment]) {
        self.id = id
        self.number = number
        self.orderedOn = orderedOn
        self.status = status
        self.totalMinor = totalMinor
        self.currency = currency
        self.shipments = shipments
    }

    /// Not yet with the customer, nor cancelled or returned.
    public var isOpen: Bool { [.placed, .paid, .shipped].contains(status) }
}

public struct Warranty: Codable, Equatable, Sendable {
    public struct Claim: Codable, Equatable, Sendable {
        public enum Status: String, Codable, Sendable, CaseIterable { case open, inReview, approved, rejected, repaired, replaced }

        public var id: Int64
        public var openedOn: String
        public var status: Status
        public var description: String

        public init(id: Int64, openedOn: String, status: Status, description: String) {
            self.id = id
            self.openedOn = openedOn
            self.status = status
            self.description = description
        }
    }

    public var id: Int64
    public var product: String
    public var serialNumber: String
    public var purchasedOn: String
    public var endsOn: String
    public var claims: [Claim]

    public init(id: Int64, product: String, serialNumber: String, purchasedOn: String, endsOn: String, claims: [Claim]) {
        self.id = id
        self.product = product
        self.serialNumber = serialNumber
        self.purchasedOn = purchasedOn
        self.endsOn = endsOn
        self.claims = claims
    }

    /// active, expiring (ends within `days` of `today`) or expired.
    public func standing(on today: LocalDate, expiringWithinDays days: Int = 60) -> String {
        guard let ends = try? LocalDate(parsing: endsOn, field: "endsOn") else { return "active" }
        let left = ends.dayNumber - today.dayNumber
        return left < 0 ? "expired" : left <= days ? "expiring" : "active"
    }
}

extension LocalDate {
    /// The date of a day number (days since 1970-01-01): Howard Hinnant's civil-from-days.
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: dayOfYear - (153 * mp + 2) / 5 + 1)
    }

    /// Days since 1970-01-01 (days-from-civil), for counting days between dates.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
