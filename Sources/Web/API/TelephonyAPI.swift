import Calls
import Hummingbird
import Organisation
import SwitchboardCore

/// Agents' SIP accounts (`/agents/{id}/sip`) and the SIP endpoint's status (`/sip/status`).
struct TelephonyAPI {
    let service: OrganisationService
    let phones: (any PhoneSystem)?
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
            guard let phones else { throw SwitchboardError(.notFound, code: "not_found", message: "SIP is not enabled on this server.") }
            return JSONResponse.make(await phones.status())
        }
    }

}
