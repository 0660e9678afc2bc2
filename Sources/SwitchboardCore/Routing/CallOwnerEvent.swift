/// What the live shell tells the owner of calls — the SIP side, for the calls its callers
/// brought in: first that an owner's arrival became a call (by the token the owner gave it),
/// then every effect on that call, in the order the engine made them, until the call ends.
/// Because the arrival comes first on the same ordered stream, the owner always knows a call
/// before any effect on it, and sees no effect on anyone else's call.
public enum CallOwnerEvent: Sendable, Equatable {
    case arrived(owner: String, call: CallID)
    case effect(RoutingEffect)
}
