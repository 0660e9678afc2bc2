/// What happens to a call that has waited `after` in a queue. Widening steps let more agents
/// take it; the last three make it leave the queue.
public struct OverflowStep: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        /// Every required skill's minimum drops to at most this level.
        case lowerMinimum(to: Int)
        /// Agents holding this skill at this level may also take the call.
        case addSkill(RoutingRequirement)
        /// Team leaders may take the call whatever their skills (they accept overflow).
        case addTeamLeaders
        /// The call moves to another queue, keeping its priority.
        case moveToQueue(QueueID)
        /// The caller is offered a callback and the call leaves the queue.
        case offerCallback
        /// The call ends with this reason (for example after an announcement).
        case end(reason: String)
    }

    public var after: Duration
    public var action: Action

    public init(after: Duration, _ action: Action) {
        self.after = after
        self.action = action
    }

    @usableFromInline var widens: Bool {
        switch action {
        case .lowerMinimum, .addSkill, .addTeamLeaders: true
        case .moveToQueue, .offerCallback, .end: false
        }
    }
}
