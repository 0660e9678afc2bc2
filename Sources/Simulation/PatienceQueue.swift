/// The callers waiting now, by when they give up: a binary heap that knows where each call is.
///
/// A waiting caller's patience runs out only if nobody answers first, and nearly everyone is
/// answered within seconds of a patience that lasts minutes. As events in the event heap those
/// deadlines would sit there long after their calls were answered, and cost a pop each; here an
/// answered call leaves at once (O(log w) for w callers waiting, usually a handful).
struct PatienceQueue {
    typealias Event = Replication.Event

    private var heap: [Event] = []
    /// Per call id: its index in `heap`, or -1.
    private var index: [Int32] = []

    var count: Int { heap.count }
    var min: Event? { heap.first }
    var unordered: [Event] { heap }

    /// Adds the call's deadline (`event.subject` is the call id; not already here).
    mutating func insert(_ event: Event) {
        let call = Int(event.subject)
        if call >= index.count { index.append(contentsOf: repeatElement(-1, count: Swift.max(call + 1 - index.count, index.count))) }
        heap.append(event)
        siftUp(heap.count - 1)
    }

    /// Removes the call's deadline, if it has one here.
    mutating func remove(call: Int) {
        guard call < index.count, index[call] >= 0 else { return }
        let at = Int(index[call])
        index[call] = -1
        let last = heap.removeLast()
        guard at < heap.count else { return }
        heap[at] = last
        index[Int(last.subject)] = Int32(at)
        if at > 0, last < heap[(at - 1) / 2] { siftUp(at) } else { siftDown(at) }
    }

    /// Removes the earliest deadline (there must be one).
    mutating func removeMin() {
        remove(call: Int(heap[0].subject))
    }

    private mutating func siftUp(_ start: Int) {
        let event = heap[start]
        var hole = start
        while hole > 0 {
            let parent = (hole - 1) / 2
            guard event < heap[parent] else { break }
            heap[hole] = heap[parent]
            index[Int(heap[hole].subject)] = Int32(hole)
            hole = parent
        }
        heap[hole] = event
        index[Int(event.subject)] = Int32(hole)
    }

    private mutating func siftDown(_ start: Int) {
        let event = heap[start]
        var hole = start
        while true {
            var child = 2 * hole + 1
            guard child < heap.count else { break }
            if child + 1 < heap.count, heap[child + 1] < heap[child] { child += 1 }
            guard heap[child] < event else { break }
            heap[hole] = heap[child]
            index[Int(heap[hole].subject)] = Int32(hole)
            hole = child
        }
        heap[hole] = event
        index[Int(event.subject)] = Int32(hole)
    }
}
