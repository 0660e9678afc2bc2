import SwitchboardCore

/// What the SIP side needs of the contact center: the live shell implements it (the app wires
/// it), tests fake it. Calls are commands to the routing engine; what becomes of the calls the
/// SIP side brought in comes back as one ordered stream, on which the back-to-back user agent acts.
public protocol CallControl: Sendable {
    /// The queue a dialled user part names (its extension, or its name), or nil.
    func queue(for user: String) async -> QueueID?
    /// A new call in a queue, stored; its id. `owner` is the token the stream's `.arrived`
    /// names it by, before any effect on it.
    func callArrived(queue: QueueID, from: String, owner: String) async throws -> CallID
    func submit(_ command: RoutingCommand) async throws
    /// A waiting call's place in line (1 = next).
    func position(of call: CallID) async -> Int?
    /// From now on, none dropped: each call the SIP side brought in (`.arrived`), then the
    /// effects on it — and nothing about other calls.
    func effects() async -> AsyncStream<CallOwnerEvent>
}
