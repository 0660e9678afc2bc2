import Floor
import Hummingbird
import SwitchboardCore

/// `GET /realtime/wallboard`: the floor in one read (`Wallboard`).
struct WallboardAPI {
    let wallboard: Wallboard

    func register(on api: RouterGroup<AppContext>) {
        api.get("realtime/wallboard") { request, context in
            let principal = try context.requirePrincipal()
            let team = try KnowledgeAPI.optionalId(request, "team")
            let queue = try KnowledgeAPI.optionalId(request, "queue")
            return JSONResponse.make(try await wallboard.snapshot(team: team, queue: queue, by: principal))
        }
    }
}
