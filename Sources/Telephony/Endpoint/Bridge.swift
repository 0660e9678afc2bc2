import SwitchboardCore

/// A call as the B2BUA holds it: the caller's leg (their INVITE, our early then confirmed
/// dialog) and the agent's leg (our INVITE to the phone).
struct Bridge: Sendable {
    enum CallerState: Sendable, Equatable {
        /// Not answered: 180/182 sent; a final answer is still owed.
        case early
        /// 200 sent; retransmitted until the caller's ACK.
        case answered(acknowledged: Bool)
        case ended
    }

    var call: CallID
    var invite: SIPMessage
    var transaction: ServerTransactionID
    var source: SIPAddress
    /// Our To tag on the caller's dialog.
    var tag: String
    var state: CallerState = .early
    var cseq: UInt32 = 0
    var ok: SIPMessage?
    var okNext: Instant?
    var okInterval: Duration = .milliseconds(500)
    var okGiveUp: Instant?
    var queuedRefresh: Instant?
    /// When the waiting caller is next sent an OPTIONS (nil: not while one is out, or never).
    var probeAt: Instant?
    /// The OPTIONS out to the caller now, if any.
    var probe: ClientTransactionID?
    var agent: AgentLeg?
    /// The side that hung up (not to be sent a BYE).
    var hungUpByCaller = false
}
