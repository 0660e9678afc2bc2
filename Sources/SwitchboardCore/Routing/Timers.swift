/// The engine's timers, due in (time, sequence) order.
///
/// Most timers run a fixed time from when they are set — a queue's ring timeout, its wrap-up,
/// the re-offer delay — so timers of one such delay come due in the order they were set: each
/// delay keeps a plain first-in-first-out list, and only the rest (overflow steps, which count
/// from when a call joined its queue) go through a heap. Every call sets a ring timer, and
/// most are stale long before they are due; a list makes setting and dropping one O(1)
/// instead of O(log n). A timer that would come before the last one on its delay's list (a
/// shell whose clock stepped back) goes to the heap, so no timer is ever late.
@usableFromInline struct Timers: Sendable {
    /// Timers of one fixed delay, in the order they come due.
    @usableFromInline struct Line: Sendable {
        @inlinable init(delay: Int64, entries: [Deadline] = [], head: Int = 0) { (self.delay, self.entries, self.head) = (delay, entries, head) }
        /// Milliseconds.
        @usableFromInline var delay: Int64
        @usableFromInline var entries: [Deadline] = []
        @usableFromInline var head = 0

        @inlinable var first: Deadline? { head < entries.count ? entries[head] : nil }

        @inlinable mutating func removeFirst() {
            head += 1
            if head == entries.count {
                entries.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 4096, head * 2 >= entries.count {
                entries.removeFirst(head)
                head = 0
            }
        }
    }

    /// At most this many delays get a line of their own; timers of further delays use the heap.
    @usableFromInline static let maximumLines = 6

    @usableFromInline var heap = MinHeap<Deadline>()
    @usableFromInline var lines: [Line] = []
    /// When the earliest timer is due (ms since the epoch; `.max` with none), and where it is
    /// (a line's index, or -1 for the heap): most commands find nothing due with one comparison.
    /// Kept by `Timers` alone: read them, never set them (not `private` only because inlinable
    /// code must reach them).
    @usableFromInline var nextAt: Int64 = .max
    @usableFromInline var nextSource = -1

    /// When the earliest timer is due, or nil.
    @inlinable var first: Instant? { nextAt == .max ? nil : Instant(millisecondsSinceEpoch: nextAt) }

    /// The earliest timer, or nil.
    @inlinable var firstTimer: Deadline? {
        guard nextAt != .max else { return nil }
        return nextSource < 0 ? heap.min : lines[nextSource].first
    }

    /// Sets a timer at any time.
    @inlinable mutating func insert(_ deadline: Deadline) {
        heap.insert(deadline)
        // A new timer has the highest sequence number: it comes first only by being earlier.
        if deadline.at.millisecondsSinceEpoch < nextAt {
            nextAt = deadline.at.millisecondsSinceEpoch
            nextSource = -1
        }
    }

    /// Sets a timer `delay` ms after now (`deadline.at` is now + delay).
    @inlinable mutating func insert(_ deadline: Deadline, after delay: Int64) {
        var source = -1
        if let index = lines.firstIndex(where: { $0.delay == delay }) {
            if let last = lines[index].entries.last, deadline < last {
                heap.insert(deadline)
            } else {
                lines[index].entries.append(deadline)
                source = index
            }
        } else if lines.count < Self.maximumLines {
            lines.append(Line(delay: delay, entries: [deadline]))
            source = lines.count - 1
        } else {
            heap.insert(deadline)
        }
        if deadline.at.millisecondsSinceEpoch < nextAt {
            nextAt = deadline.at.millisecondsSinceEpoch
            nextSource = source
        }
    }

    /// Removes the earliest timer (there must be one).
    @inlinable mutating func removeFirst() {
        if nextSource < 0 { heap.removeMin() } else { lines[nextSource].removeFirst() }
        var earliest = heap.min
        nextSource = -1
        for index in lines.indices {
            if let candidate = lines[index].first, earliest.map({ candidate < $0 }) ?? true {
                earliest = candidate
                nextSource = index
            }
        }
        nextAt = earliest?.at.millisecondsSinceEpoch ?? .max
    }

    /// Removes and returns the earliest timer if it is due by `now`.
    @inlinable mutating func popFirst(dueBy now: Instant) -> Deadline? {
        guard nextAt <= now.millisecondsSinceEpoch, let earliest = firstTimer else { return nil }
        removeFirst()
        return earliest
    }
}
