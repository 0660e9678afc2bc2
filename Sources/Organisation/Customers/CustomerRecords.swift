import Storage
import SwitchboardCore

/// What a `CustomerStore` holds on one customer, read together for the card: the records as
/// they are kept, which `Customers` turns into what the agent sees (`CustomerCard`).
public struct CustomerRecords: Sendable {
    public var customer: Customer
    /// Newest first, with their lines and what is still open on each.
    public var invoices: [Invoice]
    /// The newest payment, if any.
    public var lastPayment: Payment?
    /// Newest first, each with its shipments.
    public var orders: [Order]
    /// Latest-ending first, each with its claims.
    public var warranties: [Warranty]
    /// The last 10 calls, newest first, each note as the reader may see it.
    public var interactions: [CustomerRepository.Interaction]

    public init(
        customer: Customer, invoices: [Invoice], lastPayment: Payment?, orders: [Order], warranties: [Warranty],
        interactions: [CustomerRepository.Interaction]
    ) {
        self.customer = customer
        self.invoices = invoices
        self.lastPayment = lastPayment
        self.orders = orders
        self.warranties = warranties
        self.interactions = interactions
    }
}
