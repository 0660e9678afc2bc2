import ContactCenter
import Hummingbird
import Organisation
import SwitchboardCore

/// Call scripts (`/scripts`, per queue or `default`, raw or filled in for a customer), the
/// knowledge base (`/articles`, full-text search) and follow-up tasks (`/follow-ups`).
struct KnowledgeAPI {
    let service: OrganisationService

    /// `default` is the center's script; a number is a queue's.
    static func scriptKey(_ context: AppContext) throws(SwitchboardError) -> Int64? {
        let text = context.parameters.get("queue") ?? ""
        if text == "default" { return nil }
        guard let id = Int64(text), id > 0 else {
            throw SwitchboardError(.notFound, code: "not_found", message: "No queue '\(text)': use a queue id or 'default'.")
        }
        return id
    }

    static func optionalId(_ request: Request, _ name: String) throws(SwitchboardError) -> Int64? {
        guard let text = request.uri.queryParameters[Substring(name)].map(String.init), !text.isEmpty else { return nil }
        guard let id = Int64(text), id > 0 else { throw SwitchboardError.invalid(name, "\(name) is a positive whole number; got '\(text)'.") }
        return id
    }

    /// A query flag: absent or empty is `nil`; otherwise `true` or `false`, nothing else.
    static func optionalFlag(_ request: Request, _ name: String) throws(SwitchboardError) -> Bool? {
        let values = request.uri.queryParameters.getAll(name)
        guard let text = values.last, !text.isEmpty else { return nil }
        guard values.count == 1 else { throw SwitchboardError.invalid(name, "Give \(name) once.") }
        switch text {
        case "true": return true
        case "false": return false
        default: throw SwitchboardError.invalid(name, "\(name) is true or false; got '\(text)'.")
        }
    }

    func register(on api: RouterGroup<AppContext>) {
        api.get("scripts") { _, context in
            JSONResponse.make(try await Knowledge(service).scripts(by: try context.requirePrincipal()))
        }
        api.get("scripts/placeholders") { _, context in
            try context.requirePrincipal().require(.read, .knowledge)
            return JSONResponse.make(ScriptTemplate.vocabulary.map { ["name": $0.name, "meaning": $0.meaning] })
        }
        api.get("scripts/{queue}") { _, context in
            JSONResponse.make(try await Knowledge(service).script(queueId: try Self.scriptKey(context), by: try context.requirePrincipal()))
        }
        api.put("scripts/{queue}") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.write, .knowledge)
            let script = try await request.decodeJSON(CallScript.self, context: context, limit: 512 << 10)
            return JSONResponse.make(try await Knowledge(service).saveScript(script, queueId: try Self.scriptKey(context), by: principal))
        }
        api.delete("scripts/{queue}") { _, context -> Response in
            try await Knowledge(service).deleteScript(queueId: try Self.scriptKey(context), by: try context.requirePrincipal())
            return Response(status: .noContent)
        }
        // The queue's script filled in for a customer (optional) and the signed-in agent.
        api.get("scripts/{queue}/rendered") { request, context -> Response in
            let principal = try context.requirePrincipal()
            guard let queue = try Self.scriptKey(context) else { throw SwitchboardError.invalid("queue", "Render a queue's script: give its id.") }
            guard let rendered = try await Knowledge(service).renderedScript(queueId: queue, customerId: try Self.optionalId(request, "customerId"), by: principal) else {
                return Response(status: .noContent)
            }
            return JSONResponse.make(rendered)
        }

        api.get("articles") { request, context in
            let principal = try context.requirePrincipal()
            let query = request.uri.queryParameters
            var limit: Int?
            if let text = query["limit"] {
                guard let value = Int(text) else { throw SwitchboardError.invalid("limit", "limit is a whole number from 1 to 100.") }
                limit = value
            }
            return JSONResponse.make(try await Knowledge(service).searchArticles(
                String(query["q"] ?? ""), category: query["category"].map(String.init), language: query["language"].map(String.init), limit: limit,
                by: principal))
        }
        api.get("articles/categories") { _, context in
            JSONResponse.make(try await Knowledge(service).articleCategories(by: try context.requirePrincipal()))
        }
        api.get("articles/{id}") { _, context in
            JSONResponse.make(try await Knowledge(service).article(try OrganisationAPI.id(context, "article"), by: try context.requirePrincipal()))
        }
        api.post("articles") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try principal.require(.write, .knowledge)
            let draft = try await request.decodeJSON(ArticleDraft.self, context: context, limit: 256 << 10)
            return JSONResponse.make(try await Knowledge(service).createArticle(draft, by: principal), status: .created)
        }
        api.put("articles/{id}") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.write, .knowledge)
            let draft = try await request.decodeJSON(ArticleDraft.self, context: context, limit: 256 << 10)
            return JSONResponse.make(try await Knowledge(service).updateArticle(try OrganisationAPI.id(context, "article"), draft, by: principal))
        }
        api.delete("articles/{id}") { _, context -> Response in
            try await Knowledge(service).deleteArticle(try OrganisationAPI.id(context, "article"), by: try context.requirePrincipal())
            return Response(status: .noContent)
        }

        // ?agentId=N (default: your own), ?all=true (managers: everyone), ?state=open|all.
        api.get("follow-ups") { request, context in
            let principal = try context.requirePrincipal()
            let query = request.uri.queryParameters
            let state = String(query["state"] ?? "open")
            guard state == "open" || state == "all" else { throw SwitchboardError.invalid("state", "state is 'open' or 'all'.") }
            return JSONResponse.make(try await Knowledge(service).followUps(
                agentId: try Self.optionalId(request, "agentId"), everyone: try Self.optionalFlag(request, "all") ?? false, includeDone: state == "all", by: principal))
        }
        api.post("follow-ups/{id}/done") { _, context in
            JSONResponse.make(try await Knowledge(service).setFollowUpDone(callId: try OrganisationAPI.id(context, "call"), done: true, by: try context.requirePrincipal()))
        }
        api.post("follow-ups/{id}/reopen") { _, context in
            JSONResponse.make(try await Knowledge(service).setFollowUpDone(callId: try OrganisationAPI.id(context, "call"), done: false, by: try context.requirePrincipal()))
        }
    }
}
