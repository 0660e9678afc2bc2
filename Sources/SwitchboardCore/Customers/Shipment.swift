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
