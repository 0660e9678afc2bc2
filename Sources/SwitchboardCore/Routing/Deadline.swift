@usableFromInline struct Deadline: Comparable, Sendable {
    @inlinable init(at: Instant, sequence: Int64, kind: Kind) { (self.at, self.sequence, self.kind) = (at, sequence, kind) }
    @usableFromInline enum Kind: Sendable {
        case ring(CallID, epoch: UInt32)
        case overflow(CallID, visit: UInt32, step: Int)
        case wrapUp(Int, epoch: UInt32)
        /// A consultation's ring timeout.
        case consultRing(CallID, epoch: UInt32)
        /// An exclusion ends: try the call's agents again.
        case reoffer(CallID)
    }

    @usableFromInline var at: Instant
    @usableFromInline var sequence: Int64
    @usableFromInline var kind: Kind

    @inlinable static func < (a: Deadline, b: Deadline) -> Bool { (a.at, a.sequence) < (b.at, b.sequence) }
    @inlinable static func == (a: Deadline, b: Deadline) -> Bool { a.at == b.at && a.sequence == b.sequence }
}
