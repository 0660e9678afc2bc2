/// Offers to suggest to a caller, by simple rules on their records. Selling to someone who is
/// behind on payments or who did not consent to marketing is not suggested at all: the rules
/// say why nothing is offered, so the agent does not try anyway.
public enum CrossSell {
    public struct Offer: Codable, Equatable, Sendable {
        /// What a referral records as the product.
        public var product: String
        /// Why it fits this customer, to say or to know.
        public var reason: String
        /// The rule that made it (stable, for reports).
        public var rule: String

        public init(product: String, reason: String, rule: String) {
            self.product = product
            self.reason = reason
            self.rule = rule
        }
    }

    public struct Advice: Codable, Equatable, Sendable {
        public var offers: [Offer]
        /// Why nothing may be offered now (nil when offers may be made).
        public var withheld: String?
    }

    /// The rules, in order: an expiring warranty can be extended; an expired warranty with a
    /// recent claim suggests a service plan; a customer with three or more orders in a year and
    /// no premium membership is offered premium; a student with a laptop gets the student bundle.
    public static func advise(
        customer: Customer, warranties: [Warranty], invoices: [Invoice], orders: [Order], today: LocalDate
    ) -> Advice {
        if invoices.contains(where: { $0.status == .overdue }) {
            return Advice(offers: [], withheld: "An invoice is overdue: help with payment first; no sales offers.")
        }
        guard customer.consentMarketing else {
            return Advice(offers: [], withheld: "The customer has not consented to marketing.")
        }
        var offers: [Offer] = []
        for warranty in warranties {
            let standing = warranty.standing(on: today)
            if standing == "expiring" {
                offers.append(Offer(
                    product: "Extended warranty: \(warranty.product)",
                    reason: "The warranty on the \(warranty.product) ends on \(warranty.endsOn).", rule: "expiringWarranty"))
            } else if standing == "expired", let claim = warranty.claims.last,
                      let opened = try? LocalDate(parsing: claim.openedOn, field: "openedOn"), today.dayNumber - opened.dayNumber <= 365 {
                offers.append(Offer(
                    product: "Service plan: \(warranty.product)",
                    reason: "The \(warranty.product) is out of warranty and needed repair this year.", rule: "serviceAfterClaim"))
            }
        }
        let recentOrders = orders.filter { order in
            guard order.status != .cancelled, let date = try? LocalDate(parsing: order.orderedOn, field: "orderedOn") else { return false }
            return today.dayNumber - date.dayNumber <= 365
        }
        if recentOrders.count >= 3, customer.segment != "premium" {
            offers.append(Offer(
                product: "Premium membership", reason: "\(recentOrders.count) orders in the last year: free delivery would pay off.",
                rule: "frequentBuyer"))
        }
        if customer.segment == "student", warranties.contains(where: { $0.product.lowercased().contains("laptop") }) {
            offers.append(Offer(product: "Student bundle", reason: "A student with a laptop: software and insurance at student rates.", rule: "studentLaptop"))
        }
        return Advice(offers: offers, withheld: nil)
    }
}
