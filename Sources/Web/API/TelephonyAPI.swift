import Hummingbird
import ServiceLifecycle
import Storage
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
