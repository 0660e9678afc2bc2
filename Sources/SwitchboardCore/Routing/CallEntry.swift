@usableFromInline struct CallEntry: Comparable, Sendable {
    @inlinable init(priority: Int, queuedAt: Int64, id: Int64, position: Int32, epoch: UInt32, excluding: Bool) {
        (self.priority, self.queuedAt, self.id, self.position) = (priority, queuedAt, id, position)
        (self.epoch, self.excluding) = (epoch, excluding)
    }
    /// Negated call priority, so the highest priority sorts first.
    @usableFromInline var priority: Int
    @usableFromInline var queuedAt: Int64
    @usableFromInline var id: Int64
    /// Where the call is in the `CallTable` (checked against `id`: a position is reused).
    @usableFromInline var position: Int32
    @usableFromInline var epoch: UInt32
    /// The call passed over some agents when it was queued: only then is it worth looking up
    /// whom (the common case costs no lookup).
    @usableFromInline var excluding = false

    @inlinable static func < (a: CallEntry, b: CallEntry) -> Bool { (a.priority, a.queuedAt, a.id) < (b.priority, b.queuedAt, b.id) }
}
