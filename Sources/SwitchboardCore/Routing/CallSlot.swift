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
