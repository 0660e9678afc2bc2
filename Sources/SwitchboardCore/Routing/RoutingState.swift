
// The engine's working state. `@usableFromInline` / `@inlinable` throughout: see `RoutingEngine`
// (the simulator compiles the engine for its own effect sink).

/// One queue's configuration with its routing indexes.
@usableFromInline struct QueueRuntime: Sendable {
    /// Who may take a call at one overflow stage: agents meeting any alternative set of
    /// requirements, and team leaders when `teamLeaders` is set.
    @usableFromInline struct Stage: Sendable {
        @inlinable init(alternatives: [[RoutingRequirement]], teamLeaders: Bool) {
            (self.alternatives, self.teamLeaders) = (alternatives, teamLeaders)
        }
        @usableFromInline var alternatives: [[RoutingRequirement]]
        @usableFromInline var teamLeaders: Bool

        @inlinable func admits(_ agent: RoutingAgent) -> Bool {
            if teamLeaders && agent.isTeamLeader { return true }
            return alternatives.contains { requirements in requirements.allSatisfy { (agent.skills[$0.skill] ?? 0) >= $0.minimum } }
        }
    }

    @usableFromInline var config: RoutingQueue
    /// `config.ringTimeout` and `config.wrapUp` in milliseconds: `Duration` arithmetic goes
    /// through 128-bit integers, several times per call.
    @usableFromInline let ringTimeout: Int64
    @usableFromInline let wrapUp: Int64
    /// `config.wrapUp > .zero` (a wrap-up shorter than a millisecond is still a wrap-up).
    @usableFromInline let hasWrapUp: Bool
    @usableFromInline var stages: [Stage]
    /// For each overflow step, the stage a call is at once that step has run.
    @usableFromInline var stageAfterStep: [Int]
    /// Available agents whose lowest qualifying stage is the index, in strategy order.
    @usableFromInline var agentHeaps: [MinHeap<AgentEntry>]
    /// Waiting calls at each stage, in (priority, arrival) order.
    @usableFromInline var callHeaps: [MinHeap<CallEntry>]
    @usableFromInline var statistics = QueueStatistics()

    @inlinable var waiting: Int {
        get { statistics.waiting }
        set { statistics.waiting = newValue }
    }

    @inlinable init(_ config: RoutingQueue) {
        self.config = config
        self.ringTimeout = config.ringTimeout.wholeMilliseconds
        self.wrapUp = config.wrapUp.wholeMilliseconds
        self.hasWrapUp = config.wrapUp > .zero
        var stage = Stage(alternatives: [config.requirements], teamLeaders: false)
        var stages = [stage]
        var after: [Int] = []
        for step in config.overflow {
            switch step.action {
            case .lowerMinimum(let level):
                stage.alternatives = stage.alternatives.map { $0.map { RoutingRequirement(skill: $0.skill, minimum: min($0.minimum, level)) } }
                stages.append(stage)
            case .addSkill(let requirement):
                stage.alternatives.append([requirement])
                stages.append(stage)
            case .addTeamLeaders:
                stage.teamLeaders = true
                stages.append(stage)
            case .moveToQueue, .offerCallback, .end:
                break
            }
            after.append(stages.count - 1)
        }
        self.stages = stages
        self.stageAfterStep = after
        self.agentHeaps = Array(repeating: MinHeap(), count: stages.count)
        self.callHeaps = Array(repeating: MinHeap(), count: stages.count)
    }

    /// The first stage at which the agent may take this queue's calls, or nil if never.
    @inlinable func minimumStage(for agent: RoutingAgent) -> Int? {
        if agent.removedQueues.contains(config.id) { return nil }
        if agent.addedQueues.contains(config.id) { return 0 }
        return stages.firstIndex { $0.admits(agent) }
    }

    /// The agent's place in this queue's strategy: smaller is offered first.
    @inlinable func key(for agent: AgentSlot) -> AgentEntry.Key {
        let idle = agent.idleSince.millisecondsSinceEpoch
        switch config.strategy {
        case .longestIdle:
            return .init(primary: idle, secondary: 0, id: agent.profile.id.rawValue)
        case .mostSkilled:
            let score = config.requirements.reduce(0) { $0 + (agent.profile.skills[$1.skill] ?? 0) }
            return .init(primary: Int64(-score), secondary: idle, id: agent.profile.id.rawValue)
        case .roundRobin:
            return .init(primary: agent.lastOffer, secondary: idle, id: agent.profile.id.rawValue)
        case .fewestCalls:
            return .init(primary: Int64(agent.callsToday), secondary: idle, id: agent.profile.id.rawValue)
        }
    }
}

/// An agent and their routing state.
@usableFromInline struct AgentSlot: Sendable {
    @usableFromInline var profile: RoutingAgent
    @usableFromInline var state: AgentState = .loggedOut
    @usableFromInline var since = Instant(millisecondsSinceEpoch: 0)
    @usableFromInline var idleSince = Instant(millisecondsSinceEpoch: 0)
    @usableFromInline var callsToday = 0
    @usableFromInline var lastOffer: Int64 = 0
    /// Changes whenever the agent stops being available (or starts a wrap-up), making heap
    /// entries and wrap-up timers from before stale.
    @usableFromInline var epoch: UInt32 = 0
    /// Per queue index: the first overflow stage at which the agent qualifies.
    @usableFromInline var minimumStages: [Int?]
    /// A not-ready reason asked for during a call, applied when it and its wrap-up end.
    @usableFromInline var pendingNotReady: String?
    /// The call whose disposition the agent's wrap-up waits for (a queue that requires one).
    @usableFromInline var awaitingDisposition: CallID?

    @inlinable init(profile: RoutingAgent, minimumStages: [Int?]) {
        self.profile = profile
        self.minimumStages = minimumStages
    }
}

/// A live call.
@usableFromInline struct CallSlot: Sendable {
    @usableFromInline enum State: Sendable {
        case queued
        case ringing(Int, until: Instant)
        case talking(Int)
        case held(Int, since: Instant)

        @inlinable var agent: Int? {
            switch self {
            case .queued: nil
            case .ringing(let agent, _), .talking(let agent), .held(let agent, _): agent
            }
        }
    }

    // The fields are laid out by hand (eight-byte ones first, small ones in the gaps, indexes
    // and counts in 32 bits, `@Narrow`): a slot is written into the table once per call and
    // read in place many times, and 120 bytes instead of 184 keep that cheap.
    @usableFromInline var id: CallID
    @usableFromInline var arrivedAt: Instant
    /// When it entered the current queue: its place in line and its overflow clock.
    @usableFromInline var queuedAt: Instant
    /// Milliseconds on hold so far (not counting a hold still going).
    @usableFromInline var holdMilliseconds: Int64 = 0
    @usableFromInline var state: State = .queued
    @Narrow @usableFromInline var queue: Int
    @Narrow @usableFromInline var firstQueue: Int
    @Narrow @usableFromInline var stage = 0
    @usableFromInline var answeredAt: Instant?
    /// False once the call ended and its place in the `CallTable` awaits reuse.
    @usableFromInline var live = true
    /// A disposition was chosen while the call was still live.
    @usableFromInline var dispositionRecorded = false
    @usableFromInline var answeredHere = false
    @usableFromInline var escalated = false
    @usableFromInline var conferenced = false
    /// Some agents are passed over for this call (`RoutingEngine.exclusions`). The list lives
    /// outside the slot so that a slot stays plain data, copied without reference counting.
    @usableFromInline var excluding = false
    @Narrow @usableFromInline var nextOverflow = 0
    @Narrow @usableFromInline var priority: Int
    @Narrow @usableFromInline var holdCount = 0
    @Narrow @usableFromInline var transfers = 0
    @Narrow @usableFromInline var consultations = 0
    /// Changes on entering a queue, making overflow timers of an earlier visit stale.
    @usableFromInline var visit: UInt32 = 0
    /// Changes on every state change, making heap entries and ring timers stale.
    @usableFromInline var epoch: UInt32 = 0
    /// The agent (index) who has the call or had it last; -1 for none.
    @usableFromInline var agent32: Int32 = -1
    /// A colleague rung for, or in, a consultation or conference; the caller's agent is in `state`.
    @usableFromInline var partner: Partner?

    @inlinable var agent: Int? {
        get { agent32 < 0 ? nil : Int(agent32) }
        set { agent32 = newValue.map { Int32($0) } ?? -1 }
    }

    @usableFromInline struct Partner: Sendable {
        @usableFromInline enum Phase: Sendable, Equatable {
            case ringing
            /// Talking with the agent while the caller holds.
            case consulting
            /// Talking with the caller and the agent.
            case conference
        }

        @usableFromInline var agent32: Int32
        @usableFromInline var phase: Phase

        @inlinable var agent: Int { Int(agent32) }

        @inlinable init(agent: Int, phase: Phase) {
            self.agent32 = Int32(agent)
            self.phase = phase
        }
    }

    @inlinable init(id: CallID, queue: Int, priority: Int, arrivedAt: Instant) {
        self.id = id
        self.queue = queue
        self.firstQueue = queue
        self.priority = priority
        self.arrivedAt = arrivedAt
        self.queuedAt = arrivedAt
    }
}

/// An index or a count kept in 32 bits and used as an `Int` (values beyond 32 bits are clamped:
/// counts of holds or transfers never get there, indexes are bounded far below).
@propertyWrapper
@usableFromInline struct Narrow: Sendable {
    @usableFromInline var value: Int32

    @inlinable init(wrappedValue: Int) { value = Int32(clamping: wrappedValue) }

    @inlinable var wrappedValue: Int {
        get { Int(value) }
        set { value = Int32(clamping: newValue) }
    }
}

/// An agent who declined or missed a call, not offered it again until `until`.
@usableFromInline struct Exclusion: Sendable {
    @inlinable init(agent: Int, until: Instant) { (self.agent, self.until) = (agent, until) }
    @usableFromInline var agent: Int
    @usableFromInline var until: Instant
}

@usableFromInline struct AgentEntry: Comparable, Sendable {
    @inlinable init(key: Key, index: Int, epoch: UInt32) { (self.key, self.index, self.epoch) = (key, index, epoch) }
    @usableFromInline struct Key: Comparable, Sendable {
        @inlinable init(primary: Int64, secondary: Int64, id: Int64) { (self.primary, self.secondary, self.id) = (primary, secondary, id) }
        @usableFromInline var primary: Int64
        @usableFromInline var secondary: Int64
        @usableFromInline var id: Int64

        @inlinable static func < (a: Key, b: Key) -> Bool { (a.primary, a.secondary, a.id) < (b.primary, b.secondary, b.id) }
    }

    @usableFromInline var key: Key
    @usableFromInline var index: Int
    @usableFromInline var epoch: UInt32

    @inlinable static func < (a: AgentEntry, b: AgentEntry) -> Bool { a.key < b.key }
    @inlinable static func == (a: AgentEntry, b: AgentEntry) -> Bool { a.key == b.key && a.epoch == b.epoch }
}

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
