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
    case callArrived(CallID, queue: QueueID, priority: Int = 0)
    case answer(CallID, by: AgentID)
    case decline(CallID, by: AgentID)
    case hold(CallID)
    case resume(CallID)
    /// Blind transfer into another queue: the call waits there as a new arrival.
    case transferToQueue(CallID, QueueID)
    /// Blind transfer to an available agent, who is rung at once.
    case transferToAgent(CallID, AgentID)
    /// Into the escalation queue (supervisors and team leaders), ahead of ordinary calls.
    case escalate(CallID)
    /// A supervisor replaces the agent on a live call.
    case takeOver(CallID, by: AgentID)
    case callerHungUp(CallID)
    case agentHungUp(CallID)

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
    /// After-call work; ends at `until` unless the agent finishes earlier.
    case wrapUp(until: Instant?)
    case notReady(reason: String)

    public var call: CallID? {
        switch self {
        case .ringing(let call), .talking(let call), .onHold(let call): call
        default: nil
        }
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
}

/// What the shells must do, or record, because of a command.
public enum RoutingEffect: Sendable, Equatable {
    case agentStateChanged(AgentID, AgentState, at: Instant)
    /// The call waits in the queue, `waiting` calls in all.
    case callQueued(CallID, QueueID, waiting: Int)
    case callOffered(CallID, to: AgentID, ringUntil: Instant)
    case offerWithdrawn(CallID, from: AgentID, because: OfferEnd)
    case callAnswered(CallID, by: AgentID, waited: Duration)
    case callHeld(CallID)
    case callResumed(CallID)
    case callTransferred(CallID, from: AgentID, toQueue: QueueID?, toAgent: AgentID?)
    case callEscalated(CallID, from: AgentID, to: QueueID)
    case callTakenOver(CallID, from: AgentID, by: AgentID)
    case callOverflowed(CallID, QueueID, step: Int, OverflowStep.Action)
    /// Boxed: a record is large, and every effect array would otherwise pay for its size.
    indirect case callEnded(CallRecord)

    public enum OfferEnd: String, Sendable, Equatable {
        case ringTimeout, declined, callerHungUp, agentLoggedOut
    }
}

/// A command the engine refuses; nothing changed.
public struct RoutingError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: String, Sendable, Equatable {
        case unknownAgent, unknownCall, unknownQueue, duplicateCall, notYourCall, illegalAgentState, illegalCallState, agentNotAvailable
        case noEscalationQueue, queueUnavailable
    }

    public var reason: Reason
    public var message: String
    /// What the timers that were due did before the command was refused: they happened, and
    /// the shells must carry them out like any other effects.
    public var timerEffects: [RoutingEffect] = []

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}
