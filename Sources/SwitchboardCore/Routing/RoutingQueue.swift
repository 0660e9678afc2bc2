/// A queue as the routing engine sees it.
public struct RoutingQueue: Sendable, Equatable {
    public var id: QueueID
    public var name: String
    /// 1 (lowest) to 10 (highest): an agent in several queues is offered the higher first.
    public var priority: Int
    /// Among queues of equal priority, a call's wait counts `weight` times (1 = plain age).
    public var weight: Int
    public var strategy: RoutingStrategy
    public var requirements: [RoutingRequirement]
    public var wrapUp: Duration
    /// Calls beyond this many waiting are rejected as `queueFull`.
    public var maxWaiting: Int
    public var ringTimeout: Duration
    /// Whether an agent who lets a call ring out goes not ready ("missed call").
    public var missedCallGoesNotReady: Bool
    /// Sorted by `after`.
    public var overflow: [OverflowStep]
    /// `nil`: always open.
    public var hours: BusinessHours?
    /// Wrap-up after this queue's calls lasts until the call has a disposition
    /// (`RoutingCommand.dispositionRecorded`), however long the wrap-up time.
    public var dispositionRequired = false

    public init(
        id: QueueID, name: String, priority: Int = 5, weight: Int = 1, strategy: RoutingStrategy = .longestIdle,
        requirements: [RoutingRequirement] = [], wrapUp: Duration = .seconds(30), maxWaiting: Int = 50, ringTimeout: Duration = .seconds(20),
        missedCallGoesNotReady: Bool = true, overflow: [OverflowStep] = [], hours: BusinessHours? = nil
    ) {
        self.id = id
        self.name = name
        self.priority = priority
        self.weight = max(1, weight)
        self.strategy = strategy
        self.requirements = requirements
        self.wrapUp = wrapUp
        self.maxWaiting = maxWaiting
        self.ringTimeout = ringTimeout
        self.missedCallGoesNotReady = missedCallGoesNotReady
        self.overflow = overflow.sorted { $0.after < $1.after }
        self.hours = hours
    }
}
