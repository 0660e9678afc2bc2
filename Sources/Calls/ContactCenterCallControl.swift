import ContactCenter
import Organisation
import SwitchboardCore
import Telephony

/// The contact center as the SIP side sees it: queues by extension or name (the same rule as
/// the API's, `DialledQueue`), calls as routing commands, and what becomes of the SIP side's
/// own calls as a stream (`ContactCenter.ownedEvents`).
public struct ContactCenterCallControl: CallControl {
    let center: ContactCenter
    let directory: QueueDirectory

    public init(center: ContactCenter, service: OrganisationService) {
        self.center = center
        self.directory = QueueDirectory(service: service, maxAge: .seconds(1))
    }

    /// A queue by its extension (`800`), its name (`Klantenservice%20NL` or `klantenservicenl`,
    /// any case), or a word of its name that no other queue has (`support`).
    public func queue(for user: String) async -> QueueID? {
        (try? await directory.queue(dialled: user)).flatMap { $0.map { QueueID($0.id) } }
    }

    public func callArrived(queue: QueueID, from: String, owner: String) async throws -> CallID {
        try await center.callArrived(queue: queue, from: String(from.prefix(64)), customerId: nil, priority: 0, owner: owner)
    }

    public func submit(_ command: RoutingCommand) async throws {
        _ = try await center.submit(command)
    }

    public func position(of call: CallID) async -> Int? {
        await center.position(of: call)
    }

    public func effects() async -> AsyncStream<CallOwnerEvent> {
        // Large enough never to drop: every event matters to a live SIP call.
        await center.ownedEvents.subscribe(buffer: 1_000_000)
    }
}
