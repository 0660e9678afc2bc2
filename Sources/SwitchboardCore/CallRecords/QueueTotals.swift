/// One queue's visits since a moment, as the service-level, ASA and AHT formulas need them.
public struct QueueTotals: Sendable, Equatable {
    /// Visits that entered the queue (arrivals, transfers, escalations, overflow in).
    public var offered = 0
    /// Refused at the door: the queue was full or closed (not in `offered`).
    public var rejected = 0
    public var answered = 0
    public var answeredWithinTarget = 0
    public var abandoned = 0
    public var abandonedWithinTarget = 0
    public var shortAbandoned = 0
    /// Summed wait of answered visits, from entering this queue to the answer.
    public var waitMilliseconds: Int64 = 0
    /// Answered visits that have finished (the call ended or moved on), with their talk
    /// time (hold and consultations included) and the wrap-up their agents did after them.
    public var handled = 0
    public var talkAndHoldMilliseconds: Int64 = 0
    public var wrapUpMilliseconds: Int64 = 0

    public init() {}
}
