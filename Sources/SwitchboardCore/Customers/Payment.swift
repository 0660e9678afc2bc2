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
