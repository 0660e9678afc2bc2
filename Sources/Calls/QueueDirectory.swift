import Organisation
import SwitchboardCore

/// The queues as dialling sees them: which queue a dialled string means (`DialledQueue`), on
/// a list read at most once per `maxAge` — every SIP INVITE looks one up, so the phone side
/// keeps a second's list; the API reads it fresh, so a queue just created can be dialled.
public actor QueueDirectory {
    let service: OrganisationService
    let maxAge: Duration
    var queues: [Queue] = []
    var readAt: ContinuousClock.Instant?

    public init(service: OrganisationService, maxAge: Duration = .zero) {
        self.service = service
        self.maxAge = maxAge
    }

    /// The queue a dialled extension or name means, or nil.
    public func queue(dialled: String) async throws -> Queue? {
        DialledQueue.match(dialled, in: try await list())
    }

    func list() async throws -> [Queue] {
        if let readAt, ContinuousClock.now - readAt < maxAge { return queues }
        do {
            queues = try await service.queues(by: .console)
            readAt = .now
        } catch where readAt != nil {
            // A database hiccup: the last list still answers (a phone is not refused for it).
        }
        return queues
    }
}
