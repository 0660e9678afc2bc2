import HeapModule

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
    var stages: [Stage]
    /// For each overflow step, the stage a call is at once that step has run.
    var stageAfterStep: [Int]
    /// Available agents whose lowest qualifying stage is the index, in strategy order.
    var agentHeaps: [Heap<AgentEntry>]
    /// Waiting calls at each stage, in (priority, arrival) order.
    var callHeaps: [Heap<CallEntry>]
    var statistics = QueueStatistics()

    var waiting: Int {
        get { statistics.waiting }
        set { statistics.waiting = newValue }
    }

    init(_ config: RoutingQueue) {
        self.config = config
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
        self.agentHeaps = Array(repeating: Heap(), count: stages.count)
        self.callHeaps = Array(repeating: Heap(), count: stages.count)
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

    var id: CallID
    var queue: Int
    var firstQueue: Int
    /// A disposition was chosen while the call was still live.
    var dispositionRecorded = false
    var priority: Int
    var arrivedAt: Instant
    /// When it entered the current queue: its place in line and its overflow clock.
    var queuedAt: Instant
    var stage = 0
    /// Changes on entering a queue, making overflow timers of an earlier visit stale.
    var visit: UInt32 = 0
    var nextOverflow = 0
    var state: State = .queued
    /// Changes on every state change, making heap entries and ring timers stale.
    var epoch: UInt32 = 0
    var answeredAt: Instant?
    var answeredHere = false
    var agent: Int?
    var holdCount = 0
    var holdTime: Duration = .zero
    var transfers = 0
    var escalated = false
    var consultations = 0
    var conferenced = false
    /// A colleague rung for, or in, a consultation or conference; the caller's agent is in `state`.
    var partner: Partner?
    /// Some agents are passed over for this call (`RoutingEngine.exclusions`). The list lives
    /// outside the slot so that a slot stays plain data, copied without reference counting.
    var excluding = false

    struct Partner: Sendable {
        enum Phase: Sendable, Equatable {
            case ringing
            /// Talking with the agent while the caller holds.
            case consulting
            /// Talking with the caller and the agent.
            case conference
        }

        var agent: Int
        var phase: Phase
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

/// The live calls by id. Unlike a dictionary of calls, a change to one field of a call
/// (`calls[id]!.epoch &+= 1`) happens in place: a dictionary hands its value out and back,
/// copying the whole slot twice per statement, which cost a sixth of the engine's time.
struct CallTable: Sendable {
    private var index: [CallID: Int] = [:]
    private var slots: [CallSlot?] = []
    private var free: [Int] = []

    var count: Int { index.count }

    var ids: Dictionary<CallID, Int>.Keys { index.keys }

    var values: some Sequence<CallSlot> { slots.lazy.compactMap { $0 } }

    subscript(id: CallID) -> CallSlot? {
        get { index[id].flatMap { slots[$0] } }
        _modify {
            if let position = index[id] {
                yield &slots[position]
                if slots[position] == nil { release(id, position) }
            } else {
                var added: CallSlot?
                yield &added
                if let added { insert(id, added) }
            }
        }
    }

    @discardableResult
    mutating func removeValue(forKey id: CallID) -> CallSlot? {
        guard let position = index[id] else { return nil }
        let call = slots[position]
        slots[position] = nil
        release(id, position)
        return call
    }

    private mutating func insert(_ id: CallID, _ call: CallSlot) {
        if let position = free.popLast() {
            slots[position] = call
            index[id] = position
        } else {
            index[id] = slots.count
            slots.append(call)
        }
    }

    private mutating func release(_ id: CallID, _ position: Int) {
        index[id] = nil
        free.append(position)
    }
}
