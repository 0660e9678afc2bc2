/// Something that happened, told to the engine: by an agent, a caller, a supervisor or the
/// telephony. The engine answers with effects.
public enum RoutingCommand: Sendable, Equatable {
    // Agents
    case logIn(AgentID)
    case logOut(AgentID)
    case goAvailable(AgentID)
    /// While on a call or ringing, the reason is kept and applied when the call and wrap-up end.
    case goNotReady(AgentID, reason: String)
    case finishWrapUp(AgentID)

    // Calls
    //
    // `by` names the agent who acts. When given, the engine refuses the command unless that
    // agent is on the call (`notYourCall`): a check made in the same step as the change, so a
    // take-over or transfer in between cannot let a former agent act on someone else's call.
    // nil acts for whoever is on the call (a supervisor, or telephony).
    case callArrived(CallID, queue: QueueID, priority: Int = 0)
    case answer(CallID, by: AgentID)
    case decline(CallID, by: AgentID)
    case hold(CallID, by: AgentID? = nil)
    case resume(CallID, by: AgentID? = nil)
    /// Blind transfer into another queue: the call waits there as a new arrival.
    case transferToQueue(CallID, QueueID, by: AgentID? = nil)
    /// Blind transfer to an available agent, who is rung at once.
    case transferToAgent(CallID, AgentID, by: AgentID? = nil)
    /// Warm transfer, step one: the caller is put on hold and an available colleague is rung
    /// for a consultation. Then `completeTransfer`, `cancelConsult` or `conference`.
    case consult(CallID, with: AgentID, by: AgentID? = nil)
    /// The consulted colleague keeps the caller; the first agent leaves (into wrap-up).
    case completeTransfer(CallID, by: AgentID? = nil)
    /// Ends the consultation (ringing or talking) and reconnects the first agent to the caller.
    case cancelConsult(CallID, by: AgentID? = nil)
    /// Joins the caller, the agent and the consulted colleague in one conversation.
    case conference(CallID, by: AgentID? = nil)
    /// Into the escalation queue (supervisors and team leaders), ahead of ordinary calls.
    case escalate(CallID, by: AgentID? = nil)
    /// A supervisor replaces the agent on a live call. `withinTeam`: only a call whose agent is
    /// in the taker's team (a team leader's limit), checked with the take-over itself.
    case takeOver(CallID, by: AgentID, withinTeam: Bool = false)
    case callerHungUp(CallID)
    /// The agent leaves the call. The consulted colleague hanging up ends only the
    /// consultation (or their part in a conference); the first agent hanging up during a
    /// connected consultation completes the transfer, as on a desk phone.
    case agentHungUp(CallID, by: AgentID? = nil)

    // The shell
    /// Local midnight: "calls today" (the fewest-calls strategy) start again from zero.
    case startNewDay
    /// After queues or agents changed: waiting calls are matched with the agents available now
    /// who may take them (a scan of the available agents, once per change, not per call).
    case rematch
    /// The agent chose a disposition for the call: a wrap-up held for it may end (at once when
    /// its time is up). Harmless for a call no wrap-up waits for.
    case dispositionRecorded(CallID)

    /// Nothing but the passing of time: runs the timers that are due.
    case timersDue
}

/// Where an agent is, with the call when there is one.
public enum AgentState: Sendable, Equatable, CustomStringConvertible {
    case loggedOut
    case available
    /// Being offered a call; the phone rings.
    case ringing(CallID)
    case talking(CallID)
    case onHold(CallID)
    /// After-call work on a call; ends at `until` unless the agent finishes earlier.
    case wrapUp(CallID, until: Instant?)
    case notReady(reason: String)

    /// Whether the agent waits for a call (a pattern match: cheaper than `== .available`,
    /// which compares through the not-ready reason's string case).
    public var isAvailable: Bool {
        if case .available = self { return true }
        return false
    }

    /// The call the agent is busy with (ringing, talking, holding); nil in wrap-up.
    public var call: CallID? {
        switch self {
        case .ringing(let call), .talking(let call), .onHold(let call): call
        default: nil
        }
    }

    /// The call the state is about, wrap-up included: what a state interval is recorded against.
    public var subject: CallID? {
        if case .wrapUp(let call, _) = self { return call }
        return call
    }

    /// The state's name as the API, the records and the wallboard spell it (no reason).
    public var name: String {
        switch self {
        case .loggedOut: "loggedOut"
        case .available: "available"
        case .ringing: "ringing"
        case .talking: "talking"
        case .onHold: "onHold"
        case .wrapUp: "wrapUp"
        case .notReady: "notReady"
        }
    }

    public var description: String {
        if case .notReady(let reason) = self { return "notReady(\(reason))" }
        return name
    }
}

/// How a call ended, for its record and for every metric.
public enum CallOutcome: Sendable, Equatable {
    /// Talked to an agent and then hung up by either side.
    case completed(by: Party)
    /// The caller hung up while waiting in the queue.
    case abandonedInQueue
    /// The caller hung up while an agent's phone rang.
    case abandonedRinging
    /// Never queued: the queue was full or closed, or does not exist.
    case rejected(RejectReason)
    /// An overflow step ended the call, or a callback was offered instead.
    case overflowEnded(reason: String)
    case callbackOffered

    public enum Party: String, Sendable, Equatable { case caller, agent }
}

public enum RejectReason: String, Sendable, Equatable {
    case queueFull
    case closed
}

/// The facts of one call, emitted once when it ends.
public struct CallRecord: Sendable, Equatable {
    public var id: CallID
    /// The queue it first entered, and the one it was in at the end.
    public var firstQueue: QueueID
    public var lastQueue: QueueID
    public var arrivedAt: Instant
    public var answeredAt: Instant?
    /// The last agent who talked with the caller.
    public var agent: AgentID?
    public var endedAt: Instant
    public var outcome: CallOutcome
    public var holdCount: Int
    public var holdTime: Duration
    public var transfers: Int
    public var escalated: Bool
    /// Consultations started (warm transfers and conferences begin with one).
    public var consultations: Int = 0
    public var conferenced: Bool = false

    @inlinable public init(
        id: CallID, firstQueue: QueueID, lastQueue: QueueID, arrivedAt: Instant, answeredAt: Instant?, agent: AgentID?, endedAt: Instant,
        outcome: CallOutcome, holdCount: Int, holdTime: Duration, transfers: Int, escalated: Bool, consultations: Int = 0, conferenced: Bool = false
    ) {
        self.id = id
        self.firstQueue = firstQueue
        self.lastQueue = lastQueue
        self.arrivedAt = arrivedAt
        self.answeredAt = answeredAt
        self.agent = agent
        self.endedAt = endedAt
        self.outcome = outcome
        self.holdCount = holdCount
        self.holdTime = holdTime
        self.transfers = transfers
        self.escalated = escalated
        self.consultations = consultations
        self.conferenced = conferenced
    }
}

/// What the shells must do, or record, because of a command.
public enum RoutingEffect: Sendable, Equatable {
    case agentStateChanged(AgentID, AgentState, at: Instant)
    /// The call waits in the queue, `waiting` calls in all.
    case callQueued(CallID, QueueID, waiting: Int)
    case callOffered(CallID, to: AgentID, ringUntil: Instant)
    case offerWithdrawn(CallID, from: AgentID, because: OfferEnd)
    case callAnswered(CallID, by: AgentID, waited: Duration)
    /// The call joined a queue: on arrival, and on each transfer, escalation or overflow move.
    /// Each visit is counted in its own queue's figures.
    case callEnteredQueue(CallID, QueueID)
    case callHeld(CallID)
    /// The caller is off hold, after `heldFor`.
    case callResumed(CallID, heldFor: Duration)
    case callTransferred(CallID, from: AgentID, toQueue: QueueID?, toAgent: AgentID?)
    case callEscalated(CallID, from: AgentID, to: QueueID)
    case callTakenOver(CallID, from: AgentID, by: AgentID)
    /// A colleague is rung for a consultation while the caller holds.
    case consultStarted(CallID, from: AgentID, to: AgentID, ringUntil: Instant)
    case consultAnswered(CallID, by: AgentID)
    case consultEnded(CallID, with: AgentID, because: ConsultEnd)
    case conferenceStarted(CallID, with: AgentID)
    /// One agent left a conference; the other stays with the caller.
    case conferenceLeft(CallID, agent: AgentID)
    case callOverflowed(CallID, QueueID, step: Int, OverflowStep.Action)
    /// Boxed: a record is large, and every effect array would otherwise pay for its size.
    indirect case callEnded(CallRecord)

    public enum OfferEnd: String, Sendable, Equatable {
        case ringTimeout, declined, callerHungUp, agentLoggedOut
    }

    public enum ConsultEnd: String, Sendable, Equatable {
        /// The colleague kept the caller (a warm transfer), or joined a conference.
        case completed, conferenced
        case cancelled, declined, ringTimeout, agentLoggedOut
        /// The colleague hung up; the first agent still holds the caller.
        case colleagueHungUp
        /// The caller hung up during the consultation.
        case callEnded
    }
}

/// A command the engine refuses; nothing changed.
public struct RoutingError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: String, Sendable, Equatable {
        case unknownAgent, unknownCall, unknownQueue, duplicateCall, notYourCall, illegalAgentState, illegalCallState, agentNotAvailable
        case noEscalationQueue, queueUnavailable, dispositionRequired
    }

    public var reason: Reason
    public var message: String
    /// What the timers that were due did before the command was refused: they happened, and
    /// the shells must carry them out like any other effects. Empty from `handle(_:at:into:)`,
    /// whose sink already has them.
    public var timerEffects: [RoutingEffect] = []

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}

/// Where the engine puts its effects, in the order they happen. An array collects them (the
/// live shell stores them all); the simulator's sink reacts to each at once.
public protocol RoutingEffectSink {
    mutating func append(_ effect: consuming RoutingEffect)
}

extension Array: RoutingEffectSink where Element == RoutingEffect {}
