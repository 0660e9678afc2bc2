import Hummingbird
import ServiceLifecycle
import Storage
import ContactCenter
import Organisation
import SwitchboardCore
import Telephony

/// Agents' SIP accounts (`/agents/{id}/sip`) and the SIP endpoint's status (`/sip/status`).
struct TelephonyAPI {
    let service: OrganisationService
    let endpoint: SIPEndpoint?
    /// Told after accounts change, so the endpoint authenticates with the new secrets at once.
    let accountsChanged: @Sendable () async throws -> Void

    func register(on api: RouterGroup<AppContext>) {
        api.get("agents/{id}/sip") { _, context in
            let principal = try context.requirePrincipal()
            return JSONResponse.make(try await service.sipAccount(agentId: try OrganisationAPI.id(context, "agent"), by: principal))
        }
        api.put("agents/{id}/sip") { request, context in
            let principal = try context.requirePrincipal()
            let input = try await request.decodeJSON(SIPAccountInput.self, context: context)
            let view = try await service.setSIPAccount(agentId: try OrganisationAPI.id(context, "agent"), input, by: principal)
            try await accountsChanged()
            return JSONResponse.make(view)
        }
        api.delete("agents/{id}/sip") { _, context -> Response in
            let principal = try context.requirePrincipal()
            try await service.deleteSIPAccount(agentId: try OrganisationAPI.id(context, "agent"), by: principal)
            try await accountsChanged()
            return Response(status: .noContent)
        }
        api.get("sip/status") { _, context in
            let principal = try context.requirePrincipal()
            try principal.require(.read, .calls)
            guard let endpoint else { throw SwitchboardError(.notFound, code: "not_found", message: "SIP is not enabled on this server.") }
            return JSONResponse.make(await endpoint.status())
        }
    }

    /// Loads the accounts into the endpoint.
    static func load(_ service: OrganisationService, into endpoint: SIPEndpoint) async throws {
        await endpoint.setAccounts(try await service.sipAccountsForTelephony().map {
            SIPAccount(agentId: $0.agentId, username: $0.username, ha1: $0.ha1)
        })
    }
}

/// Serves SIP on its socket until shutdown.
public struct TelephonyService: Service {
    let socket: SIPSocket
    let endpoint: SIPEndpoint

    public init(socket: SIPSocket, endpoint: SIPEndpoint) {
        self.socket = socket
        self.endpoint = endpoint
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown { try await socket.serve(endpoint) }
    }
}

/// The contact center as the SIP side sees it: queues by extension or name, calls as routing
/// commands, and every effect as a stream.
public struct ContactCenterCallControl: CallControl {
    let center: ContactCenter
    let service: OrganisationService
    let directory: QueueDirectory

    public init(center: ContactCenter, service: OrganisationService) {
        self.center = center
        self.service = service
        self.directory = QueueDirectory(service: service)
    }

    /// The queues, read at most once a second: every INVITE looks one up.
    actor QueueDirectory {
        let service: OrganisationService
        var queues: [Queue] = []
        var readAt: ContinuousClock.Instant?

        init(service: OrganisationService) { self.service = service }

        func list() async -> [Queue] {
            if let readAt, ContinuousClock.now - readAt < .seconds(1) { return queues }
            if let fresh = try? await service.queues(by: .console) {
                queues = fresh
                readAt = .now
            }
            return queues
        }
    }

    /// A queue by its extension (`800`), its name (`Klantenservice%20NL` or `klantenservicenl`,
    /// any case), or a word of its name that no other queue has (`support`).
    public func queue(for user: String) async -> QueueID? {
        let queues = await directory.list()
        if let queue = queues.first(where: { $0.settings.extensionNumber == user }) { return QueueID(queue.id) }
        func squash(_ text: String) -> String { text.lowercased().filter { $0.isLetter || $0.isNumber } }
        if let queue = queues.first(where: { squash($0.name) == squash(user) }) { return QueueID(queue.id) }
        let word = user.lowercased()
        let matches = queues.filter { $0.name.lowercased().split(separator: " ").contains { String($0) == word } }
        return matches.count == 1 ? QueueID(matches[0].id) : nil
    }

    public func callArrived(queue: QueueID, from: String) async throws -> CallID {
        try await center.callArrived(queue: queue, from: String(from.prefix(64)), customerId: nil, priority: 0)
    }

    public func submit(_ command: RoutingCommand) async throws {
        _ = try await center.submit(command)
    }

    public func position(of call: CallID) async -> Int? {
        await center.position(of: call)
    }

    public func effects() async -> AsyncStream<RoutingEffect> {
        // Large enough never to drop: every effect matters to a live SIP call.
        await center.events.subscribe(buffer: 1_000_000)
    }
}
