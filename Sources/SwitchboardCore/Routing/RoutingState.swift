
/// One queue's configuration with its routing indexes.
struct QueueRuntime: Sendable {
    /// Who may take a call at one overflow stage: agents meeting any alternative set of
    /// requirements, and team leaders when `teamLeaders` is set.
    struct Stage: Sendable {
        var alternatives: [[RoutingRequirement]]
        var teamLeaders: Bool

        func admits(_ agent: RoutingAgent) -> Bool {
            if teamLeaders && agent.isTeamLeader { return true }
            return alternatives.contains { requirements in requirements.allSatisfy { (agent.skills[$0.skill] ?? 0) >= $0.minimum } }
        }
    }

    var config: RoutingQueue
    /// `config.ringTimeout` and `config.wrapUp` in milliseconds: `Duration` arithmetic goes
    /// through 128-bit integers, several times per call.
    let ringTimeout: Int64
    let wrapUp: Int64
    /// `config.wrapUp > .zero` (a wrap-up shorter than a millisecond is still a wrap-up).
    let hasWrapUp: Bool
    var stages: [Stage]
    /// For each overflow step, the stage a call is at once that step has run.
    var stageAfterStep: [Int]
    /// Available agents whose lowest qualifying stage is the index, in strategy order.
    var agentHeaps: [MinHeap<AgentEntry>]
    /// Waiting calls at each stage, in (priority, arrival) order.
    var callHeaps: [MinHeap<CallEntry>]
    var statistics = QueueStatistics()

    var waiting: Int {
        get { statistics.waiting }
        set { statistics.waiting = newValue }
    }

    init(_ config: RoutingQueue) {
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
    func minimumStage(for agent: RoutingAgent) -> Int? {
        if agent.removedQueues.contains(config.id) { return nil }
        if agent.addedQueues.contains(config.id) { return 0 }
        return stages.firstIndex { $0.admits(agent) }
    }

    /// The agent's place in this queue's strategy: smaller is offered first.
    func key(for agent: AgentSlot) -> AgentEntry.Key {
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
struct AgentSlot: Sendable {
    var profile: RoutingAgent
    var state: AgentState = .loggedOut
    var since = Instant(millisecondsSinceEpoch: 0)
    var idleSince = Instant(millisecondsSinceEpoch: 0)
    var callsToday = 0
    var lastOffer: Int64 = 0
    /// Changes whenever the agent stops being available (or starts a wrap-up), making heap
    /// entries and wrap-up timers from before stale.
    var epoch: UInt32 = 0
    /// Per queue index: the first overflow stage at which the agent qualifies.
    var minimumStages: [Int?]
    /// A not-ready reason asked for during a call, applied when it and its wrap-up end.
    var pendingNotReady: String?
    /// The call whose disposition the agent's wrap-up waits for (a queue that requires one).
    var awaitingDisposition: CallID?

    init(profile: RoutingAgent, minimumStages: [Int?]) {
        self.profile = profile
        self.minimumStages = minimumStages
    }
}

/// A live call.
struct CallSlot: Sendable {
    enum State: Sendable {
        case queued
        case ringing(Int, until: Instant)
        case talking(Int)
        case held(Int, since: Instant)

        var agent: Int? {
            switch self {
            case .queued: nil
            case .ringing(let agent, _), .talking(let agent), .held(let agent, _): agent
            }
        }
    }

    // The fields are laid out by hand (eight-byte ones first, small ones in the gaps, indexes
    // and counts in 32 bits, `@Narrow`): a slot is written into the table once per call and
    // read in place many times, and 120 bytes instead of 184 keep that cheap.
    var id: CallID
    var arrivedAt: Instant
    /// When it entered the current queue: its place in line and its overflow clock.
    var queuedAt: Instant
    /// Milliseconds on hold so far (not counting a hold still going).
    var holdMilliseconds: Int64 = 0
    var state: State = .queued
    @Narrow var queue: Int
    @Narrow var firstQueue: Int
    @Narrow var stage = 0
    var answeredAt: Instant?
    /// False once the call ended and its place in the `CallTable` awaits reuse.
    var live = true
    /// A disposition was chosen while the call was still live.
    var dispositionRecorded = false
    var answeredHere = false
    var escalated = false
    var conferenced = false
    /// Some agents are passed over for this call (`RoutingEngine.exclusions`). The list lives
    /// outside the slot so that a slot stays plain data, copied without reference counting.
    var excluding = false
    @Narrow var nextOverflow = 0
    @Narrow var priority: Int
    @Narrow var holdCount = 0
    @Narrow var transfers = 0
    @Narrow var consultations = 0
    /// Changes on entering a queue, making overflow timers of an earlier visit stale.
    var visit: UInt32 = 0
    /// Changes on every state change, making heap entries and ring timers stale.
    var epoch: UInt32 = 0
    /// The agent (index) who has the call or had it last; -1 for none.
    private var agent32: Int32 = -1
    /// A colleague rung for, or in, a consultation or conference; the caller's agent is in `state`.
    var partner: Partner?

    var agent: Int? {
        get { agent32 < 0 ? nil : Int(agent32) }
        set { agent32 = newValue.map { Int32($0) } ?? -1 }
    }

    struct Partner: Sendable {
        enum Phase: Sendable, Equatable {
            case ringing
            /// Talking with the agent while the caller holds.
            case consulting
            /// Talking with the caller and the agent.
            case conference
        }

        private var agent32: Int32
        var phase: Phase

        var agent: Int { Int(agent32) }

        init(agent: Int, phase: Phase) {
            self.agent32 = Int32(agent)
            self.phase = phase
        }
    }

    init(id: CallID, queue: Int, priority: Int, arrivedAt: Instant) {
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
struct Narrow: Sendable {
    private var value: Int32

    init(wrappedValue: Int) { value = Int32(clamping: wrappedValue) }

    var wrappedValue: Int {
        get { Int(value) }
        set { value = Int32(clamping: newValue) }
    }
}

/// An agent who declined or missed a call, not offered it again until `until`.
struct Exclusion: Sendable {
    var agent: Int
    var until: Instant
}

struct AgentEntry: Comparable, Sendable {
    struct Key: Comparable, Sendable {
        var primary: Int64
        var secondary: Int64
        var id: Int64

        static func < (a: Key, b: Key) -> Bool { (a.primary, a.secondary, a.id) < (b.primary, b.secondary, b.id) }
    }

    var key: Key
    var index: Int
    var epoch: UInt32

    static func < (a: AgentEntry, b: AgentEntry) -> Bool { a.key < b.key }
    static func == (a: AgentEntry, b: AgentEntry) -> Bool { a.key == b.key && a.epoch == b.epoch }
}

struct CallEntry: Comparable, Sendable {
    /// Negated call priority, so the highest priority sorts first.
    var priority: Int
    var queuedAt: Int64
    var id: Int64
    /// Where the call is in the `CallTable` (checked against `id`: a position is reused).
    var position: Int32
    var epoch: UInt32
    /// The call passed over some agents when it was queued: only then is it worth looking up
    /// whom (the common case costs no lookup).
    var excluding = false

    static func < (a: CallEntry, b: CallEntry) -> Bool { (a.priority, a.queuedAt, a.id) < (b.priority, b.queuedAt, b.id) }
}

struct Deadline: Comparable, Sendable {
    enum Kind: Sendable {
        case ring(CallID, epoch: UInt32)
        case overflow(CallID, visit: UInt32, step: Int)
        case wrapUp(Int, epoch: UInt32)
        /// A consultation's ring timeout.
        case consultRing(CallID, epoch: UInt32)
        /// An exclusion ends: try the call's agents again.
        case reoffer(CallID)
    }

    var at: Instant
    var sequence: Int64
    var kind: Kind

    static func < (a: Deadline, b: Deadline) -> Bool { (a.at, a.sequence) < (b.at, b.sequence) }
    static func == (a: Deadline, b: Deadline) -> Bool { a.at == b.at && a.sequence == b.sequence }
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
struct CallTable: Sendable {
    /// One bucket of the index: a call id and its slot, or empty (`position < 0`).
    struct Bucket: Sendable {
        var key: Int64
        var position: Int32
    }

    private var buckets = [Bucket](repeating: Bucket(key: 0, position: -1), count: 16)
    private var shift: UInt64 = 60  // 64 - log2(buckets.count)
    /// Slots of live calls and of ended ones (`live == false`) awaiting reuse.
    private var slots: [CallSlot] = []
    private var free: [Int32] = []
    private(set) var count = 0

    /// The positions of the live calls.
    var positions: [Int] { slots.indices.filter { slots[$0].live } }

    var values: some Sequence<CallSlot> { slots.lazy.filter(\.live) }

    @inline(__always)
    private func home(_ key: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The bucket holding `key`, or the empty bucket where it would go.
    @inline(__always)
    private func find(_ key: Int64) -> (bucket: Int, found: Bool) {
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
    func position(of id: CallID) -> Int? {
        let (bucket, found) = find(id.rawValue)
        return found ? Int(buckets[bucket].position) : nil
    }

    /// Whether `position` still holds the live call `id` (a remembered position may have been reused).
    @inline(__always)
    func holds(_ position: Int, _ id: Int64) -> Bool {
        position < slots.count && slots[position].live && slots[position].id.rawValue == id
    }

    /// The live call `id`, read in place (for the read-only questions; commands use positions).
    subscript(id: CallID) -> CallSlot? {
        position(of: id).map { slots[$0] }
    }

    /// The slot of a live call.
    subscript(at position: Int) -> CallSlot {
        _read { yield slots[position] }
        _modify { yield &slots[position] }
    }

    /// Adds a call not yet in the table; returns its position.
    mutating func insert(_ call: CallSlot) -> Int {
        if (count &+ 1) &* 2 > buckets.count { grow() }
        let position: Int32
        if let reused = free.popLast() {
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
    mutating func remove(at position: Int) {
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

    private mutating func grow() {
        let old = buckets
        buckets = [Bucket](repeating: Bucket(key: 0, position: -1), count: old.count * 2)
        shift -= 1
        for entry in old where entry.position >= 0 {
            let (bucket, _) = find(entry.key)
            buckets[bucket] = entry
        }
    }
}
