import ContactCenter
import Hummingbird
import Organisation
import SwitchboardCore

/// What agents record about calls: `/calls/{id}/note`, `/calls/{id}/disposition`, the
/// disposition list, and referrals (`/referrals`, `/agents/{id}/referrals?month=`).
struct CallWorkAPI {
    let service: OrganisationService
    let center: ContactCenter

    /// Whether the call rings for the principal's agent or is in their hands now.
    func onCallNow(_ callId: Int64, _ principal: Principal) async throws -> Bool {
        guard let agent = try await service.profile(of: principal).agentId else { return false }
        return await center.state(of: AgentID(agent))?.subject?.rawValue == callId
    }

    struct NoteBody: Decodable { var text: String }

    func register(on api: RouterGroup<AppContext>) {
        api.get("calls/{id}/note") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let id = try OrganisationAPI.id(context, "call")
            guard let note = try await CallWork(service).callNote(id, by: principal, onCallNow: try await onCallNow(id, principal)) else { return Response(status: .noContent) }
            return JSONResponse.make(note)
        }
        api.put("calls/{id}/note") { request, context in
            let principal = try context.requirePrincipal()
            let body = try await request.decodeJSON(NoteBody.self, context: context, limit: 256 << 10)
            let id = try OrganisationAPI.id(context, "call")
            return JSONResponse.make(try await CallWork(service).saveCallNote(id, text: body.text, by: principal, onCallNow: try await onCallNow(id, principal)))
        }
        api.get("calls/{id}/disposition") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let id = try OrganisationAPI.id(context, "call")
            guard let disposition = try await CallWork(service).callDisposition(id, by: principal, onCallNow: try await onCallNow(id, principal)) else {
                return Response(status: .noContent)
            }
            return JSONResponse.make(disposition)
        }
        api.put("calls/{id}/disposition") { request, context in
            let principal = try context.requirePrincipal()
            let input = try await request.decodeJSON(DispositionInput.self, context: context)
            let id = try OrganisationAPI.id(context, "call")
            let disposition = try await CallWork(service).setCallDisposition(id, input, by: principal, onCallNow: try await onCallNow(id, principal))
            // A wrap-up held for this disposition may end now.
            try await center.submit(.dispositionRecorded(CallID(id)))
            return JSONResponse.make(disposition)
        }
        api.get("dispositions") { _, context in
            JSONResponse.make(try await CallWork(service).dispositionCodes(by: try context.requirePrincipal()))
        }
        api.post("referrals") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let input = try await request.decodeJSON(ReferralInput.self, context: context)
            var now = false
            if let callId = input.callId { now = try await onCallNow(callId, principal) }
            return JSONResponse.make(try await CallWork(service).recordReferral(input, by: principal, onCallNow: now), status: .created)
        }
        api.get("agents/{id}/referrals") { request, context in
            let principal = try context.requirePrincipal()
            let month = request.uri.queryParameters["month"].map(String.init)
            return JSONResponse.make(try await CallWork(service).referrals(agentId: try OrganisationAPI.id(context, "agent"), month: month, by: principal))
        }
    }
}

