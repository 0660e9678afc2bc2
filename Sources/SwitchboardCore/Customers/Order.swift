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
