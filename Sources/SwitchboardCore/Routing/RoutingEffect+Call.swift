extension RoutingEffect {
    /// The call this effect is about, if it is about one.
    public var callID: CallID? {
        switch self {
        case .agentStateChanged: nil
        case .callQueued(let call, _, _), .callOffered(let call, _, _), .offerWithdrawn(let call, _, _), .callAnswered(let call, _, _),
            .callEnteredQueue(let call, _), .callHeld(let call), .callResumed(let call, _), .callTransferred(let call, _, _, _),
            .callEscalated(let call, _, _), .callTakenOver(let call, _, _), .consultStarted(let call, _, _, _), .consultAnswered(let call, _),
            .consultEnded(let call, _, _), .conferenceStarted(let call, _), .conferenceLeft(let call, _), .callOverflowed(let call, _, _, _):
            call
        case .callEnded(let record): record.id
        }
    }
}
