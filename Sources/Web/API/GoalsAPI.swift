import Hummingbird
import Organisation
import SwitchboardCore

/// Goals (`/goals`): an agent's or a team's, with progress in the current period.
struct GoalsAPI {
    let service: OrganisationService

    func register(on api: RouterGroup<AppContext>) {
        api.get("goals") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.read, .goals)
            return JSONResponse.make(try await Goals(service).goals(
                agentId: try KnowledgeAPI.optionalId(request, "agentId"), teamId: try KnowledgeAPI.optionalId(request, "teamId"), by: principal))
        }
        api.post("goals") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try principal.require(.write, .goals)
            let draft = try await request.decodeJSON(GoalDraft.self, context: context)
            return JSONResponse.make(try await Goals(service).createGoal(draft, by: principal), status: .created)
        }
        api.delete("goals/{id}") { _, context -> Response in
            let principal = try context.requirePrincipal()
            try principal.require(.write, .goals)
            try await Goals(service).deleteGoal(try OrganisationAPI.id(context, "goal"), by: principal)
            return Response(status: .noContent)
        }
    }
}
