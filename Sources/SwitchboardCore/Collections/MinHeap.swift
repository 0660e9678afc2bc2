/// A 4-ary min-heap in an array.
///
/// Why not swift-collections' `Heap`: that is a min-max heap (both ends in O(log n)), whose
/// sift-down compares up to six entries per level. The routing engine and the simulator only
/// ever take the minimum, millions of times a second; a 4-ary heap moving a hole (one element
/// written per level, no swaps) has half the levels of a binary one, and a node's children
/// share a cache line or two. Ties come out in no particular order, but always the same order
/// for the same operations: give `<` a tie-breaker (a sequence number) where order matters.
public struct MinHeap<Element: Comparable>: Sendable where Element: Sendable {
    @usableFromInline var storage: [Element] = []

    @inlinable public init() {}

    @inlinable public var count: Int { storage.count }
    @inlinable public var isEmpty: Bool { storage.isEmpty }

    /// The smallest element, or nil when empty.
    @inlinable public var min: Element? { storage.first }

    /// Every element, in no particular order.
    @inlinable public var unordered: [Element] { storage }

    @inlinable public mutating func insert(_ element: Element) {
        storage.append(element)
        storage.withUnsafeMutableBufferPointer { buffer in
            var hole = buffer.count - 1
            while hole > 0 {
                let parent = (hole &- 1) >> 2
                guard element < buffer[parent] else { break }
                buffer[hole] = buffer[parent]
                hole = parent
            }
            buffer[hole] = element
        }
    }

    /// Removes and returns the smallest element, or nil when empty.
    @inlinable @discardableResult public mutating func popMin() -> Element? {
        guard let last = storage.popLast() else { return nil }
        guard !storage.isEmpty else { return last }
        let top = storage[0]
        siftDown(last)
        return top
    }

    /// Removes the smallest element and inserts `element`, in one sift-down: half the work of
    /// `removeMin` then `insert` when one event is taken and the next one scheduled at once
    /// (the simulator's hang-up, whose agent starts the next call). The heap must not be empty.
    @inlinable public mutating func replaceMin(with element: Element) {
        precondition(!storage.isEmpty, "replaceMin on an empty heap")
        siftDown(element)
    }

    /// Puts `element` in the root's place and moves the hole down until it fits. (Floyd's
    /// bottom-up variant, down to a leaf and back up, measured slower here.)
    @inlinable mutating func siftDown(_ element: Element) {
        storage.withUnsafeMutableBufferPointer { buffer in
            let count = buffer.count
            var hole = 0
            while true {
                let first = 4 &* hole &+ 1
                guard first < count else { break }
                var child = first
                let end = Swift.min(first &+ 4, count)
                var next = first &+ 1
                while next < end {
                    if buffer[next] < buffer[child] { child = next }
                    next &+= 1
                }
                guard buffer[child] < element else { break }
                buffer[hole] = buffer[child]
                hole = child
            }
            buffer[hole] = element
        }
    }

    /// Removes the smallest element; the heap must not be empty.
    @inlinable @discardableResult public mutating func removeMin() -> Element {
        popMin()!
    }
}
