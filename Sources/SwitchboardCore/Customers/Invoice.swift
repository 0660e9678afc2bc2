// What a customer has with the organisation (invoices, payments, shipments, orders, warranties),
// as the agent's screen pop shows it. Dates are ISO 8601 calendar dates ("2026-11-20"); amounts
// are integer minor units with a currency.

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
