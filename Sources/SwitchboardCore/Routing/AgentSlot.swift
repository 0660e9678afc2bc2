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
