/// The live calls: found once by id, then used by position.
///
/// The engine looks a call up once per command (`position(of:)`) and then works on its slot in
/// place (`calls[at: c].epoch &+= 1`, `calls[at: c].queue`), neither hashing again nor copying
/// the slot — a `[CallID: CallSlot]` hands its whole value out and back on every access, which
/// cost the engine a third of its time. Ids are found by open addressing with a multiplicative
/// hash (linear probing, deletion by backward shift, at most half full): a few nanoseconds for
/// the sequential ids Switchboard issues (it issues them itself, so they cannot be chosen to
/// collide). A position stays valid until its call is removed; then it may be reused, so
/// anything kept longer (a heap entry) keeps the id too and checks it (`holds`).
@usableFromInline struct CallTable: Sendable {
    /// One bucket of the index: a call id and its slot, or empty (`position < 0`).
    @usableFromInline struct Bucket: Sendable {
        @inlinable init(key: Int64, position: Int32) { (self.key, self.position) = (key, position) }
        @usableFromInline var key: Int64
        @usableFromInline var position: Int32
    }

    @usableFromInline var buckets = [Bucket](repeating: Bucket(key: 0, position: -1), count: 16)
    @usableFromInline var shift: UInt64 = 60  // 64 - log2(buckets.count)
    /// Slots of live calls and of ended ones (`live == false`) awaiting reuse.
    @usableFromInline var slots: [CallSlot] = []
    @usableFromInline var free: [Int32] = []
    /// Set by `insert` and `remove` alone.
    @usableFromInline var count = 0

    /// The positions of the live calls.
    @inlinable var positions: [Int] { slots.indices.filter { slots[$0].live } }

    @inlinable var values: some Sequence<CallSlot> { slots.lazy.filter(\.live) }

    @inline(__always)
    @inlinable func home(_ key: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The bucket holding `key`, or the empty bucket where it would go.
    @inline(__always)
    @inlinable func find(_ key: Int64) -> (bucket: Int, found: Bool) {
        let mask = buckets.count &- 1
        var bucket = home(key)
        while true {
            let entry = buckets[bucket]
            if entry.position < 0 { return (bucket, false) }
            if entry.key == key { return (bucket, true) }
            bucket = (bucket &+ 1) & mask
        }
    }

    /// Where the live call `id` is, or nil.
    @inline(__always)
    @inlinable func position(of id: CallID) -> Int? {
        let (bucket, found) = find(id.rawValue)
        return found ? Int(buckets[bucket].position) : nil
    }

    /// Whether `position` still holds the live call `id` (a remembered position may have been reused).
    @inline(__always)
    @inlinable func holds(_ position: Int, _ id: Int64) -> Bool {
        position < slots.count && slots[position].live && slots[position].id.rawValue == id
    }

    /// The live call `id`, read in place (for the read-only questions; commands use positions).
    @inlinable subscript(id: CallID) -> CallSlot? {
        position(of: id).map { slots[$0] }
    }

    /// The slot of a live call.
    @inlinable subscript(at position: Int) -> CallSlot {
        _read { yield slots[position] }
        _modify { yield &slots[position] }
    }

    /// Adds a call not yet in the table; returns its position.
    @inlinable mutating func insert(_ call: CallSlot) -> Int {
        if (count &+ 1) &* 2 > buckets.count { grow() }
        let position: Int32
        if !free.isEmpty {
            // (`removeLast`, not `popLast`: the latter is the generic collection one here.)
            let reused = free.removeLast()
            position = reused
            slots[Int(reused)] = call
        } else {
            position = Int32(slots.count)
            slots.append(call)
        }
        let (bucket, _) = find(call.id.rawValue)
        buckets[bucket] = Bucket(key: call.id.rawValue, position: position)
        count &+= 1
        return Int(position)
    }

    /// Removes the live call at `position`.
    @inlinable mutating func remove(at position: Int) {
        // Twice would put the place on the free list twice: two calls would share it.
        precondition(slots[position].live, "A call removed twice.")
        let key = slots[position].id.rawValue
        slots[position].live = false
        free.append(Int32(position))
        count &-= 1
        // Empty its bucket, moving later entries of the probe run back so no lookup stops early.
        let mask = buckets.count &- 1
        var hole = find(key).bucket
        var next = (hole &+ 1) & mask
        while buckets[next].position >= 0 {
            let wanted = home(buckets[next].key)
            // The entry may fill the hole unless its home lies in (hole, next], cyclically.
            if (next &- wanted) & mask >= (next &- hole) & mask {
                buckets[hole] = buckets[next]
                hole = next
            }
            next = (next &+ 1) & mask
        }
        buckets[hole].position = -1
    }

    @inlinable mutating func grow() {
        let old = buckets
        buckets = [Bucket](repeating: Bucket(key: 0, position: -1), count: old.count * 2)
        shift -= 1
        for entry in old where entry.position >= 0 {
            let (bucket, _) = find(entry.key)
            buckets[bucket] = entry
        }
    }
}
