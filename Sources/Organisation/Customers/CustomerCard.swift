import Foundation
import Storage
import SwitchboardCore

/// The agent's screen pop: a customer with billing, shipping, warranties and their last calls.
public struct CustomerCard: Codable, Equatable, Sendable {
    public struct Billing: Codable, Equatable, Sendable {
        public var openInvoices: [Invoice]
        /// What is still to be paid over all invoices, in minor units.
        public var openBalanceMinor: Int64
        public var currency: String
        public var lastPayment: Payment?
        /// The latest invoices, open or not (at most 10).
        public var invoices: [Invoice]
    }

    public struct Shipping: Codable, Equatable, Sendable {
        public var openOrders: [Order]
        /// The latest orders (at most 10).
        public var orders: [Order]
    }

    public struct WarrantyStanding: Codable, Equatable, Sendable {
        public var warranty: Warranty
        /// active, expiring (within 60 days) or expired.
        public var standing: String
    }

    public var customer: Customer
    public var billing: Billing
    public var shipping: Shipping
    public var warranties: [WarrantyStanding]
    public var interactions: [CustomerRepository.Interaction]
    /// What may be offered (cross-sell), or why nothing may.
    public var advice: CrossSell.Advice
}
