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
