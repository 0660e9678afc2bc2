import SwitchboardCore

/// What the SIP side needs of the contact center: the live shell implements it (the app wires
/// it), tests fake it. Calls are commands to the routing engine; its effects come back as a
/// stream, on which the back-to-back user agent acts.
public protocol CallControl: Sendable {
    /// The queue a dialled user part names (its extension, or its name), or nil.
    func queue(for user: String) async -> QueueID?
    /// A new call in a queue, stored; its id.
    func callArrived(queue: QueueID, from: String) async throws -> CallID
    func submit(_ command: RoutingCommand) async throws
    /// A waiting call's place in line (1 = next).
    func position(of call: CallID) async -> Int?
    /// Every effect from now on, none dropped.
    func effects() async -> AsyncStream<RoutingEffect>
}
