import Hummingbird
import Organisation
import SwitchboardCore

/// What agents record about calls: `/calls/{id}/note`, `/calls/{id}/disposition`, the
/// disposition list, and referrals (`/referrals`, `/agents/{id}/referrals?month=`).
struct CallWorkAPI {
    let service: OrganisationService

    struct NoteBody: Decodable { var text: String }

    func register(on api: RouterGroup<AppContext>) {
        api.get("calls/{id}/note") { _, context -> Response in
            let principal = try context.requirePrincipal()
            let id = try OrganisationAPI.id(context, "call")
            guard let note = try await service.callNote(id, by: principal) else { return Response(status: .noContent) }
            return JSONResponse.make(note)
        }
        api.put("calls/{id}/note") { request, context in
            let principal = try context.requirePrincipal()
            let body = try await request.decodeJSON(NoteBody.self, context: context, limit: 256 << 10)
            return JSONResponse.make(try await service.saveCallNote(try OrganisationAPI.id(context, "call"), text: body.text, by: principal))
        }
        api.get("calls/{id}/disposition") { _, context -> Response in
            let principal = try context.requirePrincipal()
            guard let disposition = try await service.callDisposition(try OrganisationAPI.id(context, "call"), by: principal) else { return Response(status: .noContent) }
            return JSONResponse.make(disposition)
        }
        api.put("calls/{id}/disposition") { request, context in
            let principal = try context.requirePrincipal()
            let input = try await request.decodeJSON(DispositionInput.self, context: context)
            return JSONResponse.make(try await service.setCallDisposition(try OrganisationAPI.id(context, "call"), input, by: principal))
        }
        api.get("dispositions") { _, context in
            JSONResponse.make(try await service.dispositionCodes(by: try context.requirePrincipal()))
        }
        api.post("referrals") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let input = try await request.decodeJSON(ReferralInput.self, context: context)
            return JSONResponse.make(try await service.recordReferral(input, by: principal), status: .created)
        }
        api.get("agents/{id}/referrals") { request, context in
            let principal = try context.requirePrincipal()
            let month = request.uri.queryParameters["month"].map(String.init)
            return JSONResponse.make(try await service.referrals(agentId: try OrganisationAPI.id(context, "agent"), month: month, by: principal))
        }
    }
}
