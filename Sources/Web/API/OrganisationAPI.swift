import Foundation
import Hummingbird
import Organisation
import SwitchboardCore

/// The JSON API of the organisation under `/api/v1`: sessions, the signed-in profile, and
/// create/read/update/delete for users, teams, skills, agents and queues, plus the audit log.
/// Every handler is a thin translation to `OrganisationService`, where the rules live.
struct OrganisationAPI {
    let service: OrganisationService
    /// Told after agents or teams change, so routing knows new agents and skills at once.
    var organisationChanged: @Sendable () async throws -> Void = {}

    func register(on api: RouterGroup<AppContext>) {
        api.post("sessions") { request, context -> Response in
            if let refusal = try Self.refuseBrowserSignInFromElsewhere(request) { return refusal }
            let body = try await request.decodeJSON(SignInBody.self, context: context)
            let signedIn = try await service.signIn(username: body.username, password: body.password, clientAddress: context.clientAddress)
            var response = JSONResponse.make(SessionBody(token: signedIn.token, user: signedIn.profile, expiresAt: signedIn.expiresAt), status: .created)
            response.setCookie(SessionCookie.make(token: signedIn.token, lifetime: service.sessionLifetime, for: request))
            return response
        }
        api.delete("sessions") { request, context -> Response in
            let principal = try context.requirePrincipal()
            if let token = context.token { try await service.signOut(token: token, by: principal) }
            var response = Response(status: .noContent)
            response.setCookie(SessionCookie.expired(for: request))
            return response
        }
        api.get("me") { _, context in
            JSONResponse.make(try await service.profile(of: try context.requirePrincipal()))
        }
        api.patch("me") { request, context in
            let input = try await request.decodeJSON(ProfileInput.self, context: context)
            return JSONResponse.make(try await service.updateProfile(input, by: try context.requirePrincipal(), keepingSession: context.token))
        }

        resource(
            api, "users", UserInput.self,
            list: { _, principal in try await service.users(by: principal) },
            get: { try await service.user($0, by: $1) },
            create: { try await service.createUser($0, by: $1) },
            update: { try await service.updateUser($0, $1, by: $2) },
            delete: { try await service.deleteUser($0, by: $1) })
        resource(
            api, "teams", TeamInput.self,
            list: { _, principal in try await service.teams(by: principal) },
            get: { try await service.team($0, by: $1) },
            create: { try await service.createTeam($0, by: $1) },
            update: { id, input, principal in
                let team = try await service.updateTeam(id, input, by: principal)
                try await organisationChanged()
                return team
            },
            delete: { try await service.deleteTeam($0, by: $1) })
        resource(
            api, "skills", SkillInput.self,
            list: { _, principal in try await service.skills(by: principal) },
            get: { try await service.skill($0, by: $1) },
            create: { try await service.createSkill($0, by: $1) },
            update: { try await service.updateSkill($0, $1, by: $2) },
            delete: { try await service.deleteSkill($0, by: $1) })
        resource(
            api, "agents", AgentInput.self,
            list: { request, principal in
                let teamId = try request.uri.queryParameters["teamId"].map { text throws(SwitchboardError) in
                    guard let id = Int64(text) else { throw SwitchboardError.invalid("teamId", "teamId must be an integer.") }
                    return id
                }
                return try await service.agents(teamId: teamId, by: principal)
            },
            get: { try await service.agent($0, by: $1) },
            create: { input, principal in
                let agent = try await service.createAgent(input, by: principal)
                try await organisationChanged()
                return agent
            },
            update: { id, input, principal in
                let agent = try await service.updateAgent(id, input, by: principal)
                try await organisationChanged()
                return agent
            },
            delete: { id, principal in
                try await service.deleteAgent(id, by: principal)
                try await organisationChanged()
            })
        resource(
            api, "queues", QueueInput.self,
            list: { _, principal in try await service.queues(by: principal) },
            get: { try await service.queue($0, by: $1) },
            create: { input, principal in
                let queue = try await service.createQueue(input, by: principal)
                try await organisationChanged()
                return queue
            },
            update: { id, input, principal in
                let queue = try await service.updateQueue(id, input, by: principal)
                try await organisationChanged()
                return queue
            },
            delete: { try await service.deleteQueue($0, by: $1) })

        api.get("not-ready-reasons") { _, context in
            JSONResponse.make(try await service.notReadyReasons(by: try context.requirePrincipal()))
        }
        api.post("not-ready-reasons") { request, context in
            let principal = try context.requirePrincipal()
            let input = try await request.decodeJSON(NotReadyReasonInput.self, context: context)
            return JSONResponse.make(try await service.createNotReadyReason(input, by: principal), status: .created)
        }
        api.patch("not-ready-reasons/{code}") { request, context in
            let principal = try context.requirePrincipal()
            let code = try context.parameters.require("code")
            let input = try await request.decodeJSON(NotReadyReasonInput.self, context: context)
            return JSONResponse.make(try await service.updateNotReadyReason(code, input, by: principal))
        }
        api.delete("not-ready-reasons/{code}") { _, context -> Response in
            let principal = try context.requirePrincipal()
            try await service.deleteNotReadyReason(try context.parameters.require("code"), by: principal)
            return Response(status: .noContent)
        }
        api.get("audit") { request, context in
            let principal = try context.requirePrincipal()
            let query = request.uri.queryParameters
            let limit = try query["limit"].map { text throws(SwitchboardError) in
                guard let value = Int(text) else { throw SwitchboardError.invalid("limit", "limit must be an integer.") }
                return value
            }
            let before = try query["before"].map { text throws(SwitchboardError) in
                guard let value = Int64(text) else { throw SwitchboardError.invalid("before", "before must be an audit entry id.") }
                return value
            }
            let entries = try await service.auditLog(limit: limit ?? 100, beforeId: before, entity: query["entity"].map(String.init), by: principal)
            return JSONResponse.make(entries.map(AuditEntryBody.init))
        }
    }

    /// The five routes of one resource: list, create, show, change, delete.
    private func resource<Input: Decodable & Sendable, Item: Encodable & Sendable, Listed: Encodable & Sendable>(
        _ api: RouterGroup<AppContext>, _ path: String, _ input: Input.Type,
        list: @escaping @Sendable (Request, Principal) async throws -> [Listed],
        get: @escaping @Sendable (Int64, Principal) async throws -> Item,
        create: @escaping @Sendable (Input, Principal) async throws -> Item,
        update: @escaping @Sendable (Int64, Input, Principal) async throws -> Item,
        delete: @escaping @Sendable (Int64, Principal) async throws -> Void
    ) {
        let entity = String(path.dropLast())
        api.get(RouterPath(path)) { request, context in
            JSONResponse.make(try await list(request, try context.requirePrincipal()))
        }
        api.post(RouterPath(path)) { request, context in
            let principal = try context.requirePrincipal()
            let body = try await request.decodeJSON(Input.self, context: context)
            return JSONResponse.make(try await create(body, principal), status: .created)
        }
        api.get(RouterPath("\(path)/{id}")) { _, context in
            let principal = try context.requirePrincipal()
            return JSONResponse.make(try await get(try Self.id(context, entity), principal))
        }
        api.patch(RouterPath("\(path)/{id}")) { request, context in
            let principal = try context.requirePrincipal()
            let id = try Self.id(context, entity)
            let body = try await request.decodeJSON(Input.self, context: context)
            return JSONResponse.make(try await update(id, body, principal))
        }
        api.delete(RouterPath("\(path)/{id}")) { _, context in
            let principal = try context.requirePrincipal()
            try await delete(try Self.id(context, entity), principal)
            return Response(status: .noContent)
        }
    }

    /// Login CSRF: `POST /sessions` needs no session, so without a check a page on another site
    /// could sign a visitor's browser in to the attacker's account (and read what they then
    /// type). Refused here as the sign-in form refuses it:
    /// - a request from another site — an `Origin` (or, without one, a `Referer`) whose host is
    ///   not this server's (`Origin: null` included), or a `Sec-Fetch-Site` other than
    ///   `same-origin` or `none` → 403 `cross_site_request`;
    /// - from a browser (the request carries `Origin`, `Referer`, `Sec-Fetch-Site` or `Cookie`),
    ///   a body that is not `Content-Type: application/json` → 415 `json_required`: the types a
    ///   page may send to another site without asking first (text/plain, form data) are never
    ///   taken for a sign-in from a browser.
    /// A client that sends none of those browser headers — curl, scripts, the CLI — may leave
    /// the content type out (`curl -d` says form-urlencoded); its body must be JSON all the same.
    static func refuseBrowserSignInFromElsewhere(_ request: Request) throws(SwitchboardError) -> Response? {
        let host = (request.head.authority ?? "").lowercased()
        // The host (and port) of an absolute URL or origin, such as `127.0.0.1:8080`.
        func hostOf(_ url: String) -> String? { url.split(separator: "/").dropFirst().first.map { $0.lowercased() } }
        let origin = request.headers[.origin]
        let referer = request.headers[.referer]
        let fetchSite = request.headers[.init("Sec-Fetch-Site")!]?.lowercased()
        if let claimed = origin ?? referer, hostOf(claimed) != host {
            let header = origin != nil ? "Origin" : "Referer"
            throw SwitchboardError(
                .forbidden, code: "cross_site_request",
                message: "Signing in from another site is refused: the request's \(header) (\(claimed.prefix(100))) is not this server (\(host)).")
        }
        if let fetchSite, fetchSite != "same-origin", fetchSite != "none" {
            throw SwitchboardError(
                .forbidden, code: "cross_site_request",
                message: "Signing in from another site is refused: the browser says the request is \(fetchSite.prefix(20)) (Sec-Fetch-Site).")
        }
        let fromBrowser = origin != nil || referer != nil || fetchSite != nil || request.headers[.cookie] != nil
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/json") || !fromBrowser else {
            let error = ErrorBody(
                code: "json_required", message: "A browser signs in with a JSON body and Content-Type: application/json (this request had '\(type.prefix(60))').",
                field: nil)
            return JSONResponse.make(["error": error], status: .unsupportedMediaType)
        }
        return nil
    }

    static func id(_ context: AppContext, _ entity: String) throws(SwitchboardError) -> Int64 {
        let text = context.parameters.get("id") ?? ""
        guard let id = Int64(text), id > 0 else {
            throw SwitchboardError(.notFound, code: "not_found", message: "No \(entity) with id '\(text)'.")
        }
        return id
    }
}

struct SignInBody: Decodable {
    var username: String
    var password: String
}

struct SessionBody: Encodable {
    var token: String
    var user: Profile
    var expiresAt: Instant

    enum CodingKeys: String, CodingKey { case token, user, expiresAt }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(token, forKey: .token)
        try container.encode(user, forKey: .user)
        try container.encode(ISO8601.format(expiresAt), forKey: .expiresAt)
    }
}

/// An audit entry as the API shows it: times in ISO 8601, before/after as JSON objects.
struct AuditEntryBody: Encodable {
    var entry: AuditEntry

    init(_ entry: AuditEntry) { self.entry = entry }

    enum CodingKeys: String, CodingKey { case id, at, actorUserId, actorUsername, action, entity, entityId, before, after }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entry.id, forKey: .id)
        try container.encode(ISO8601.format(entry.at), forKey: .at)
        try container.encode(entry.actorUserId, forKey: .actorUserId)
        try container.encode(entry.actorUsername, forKey: .actorUsername)
        try container.encode(entry.action, forKey: .action)
        try container.encode(entry.entity, forKey: .entity)
        try container.encode(entry.entityId, forKey: .entityId)
        try container.encode(entry.before.flatMap(RawJSON.init), forKey: .before)
        try container.encode(entry.after.flatMap(RawJSON.init), forKey: .after)
    }
}

/// A stored JSON document passed through unchanged.
struct RawJSON: Encodable {
    let value: JSONValue

    init?(_ text: String) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { return nil }
        self.value = value
    }

    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

/// The session cookie of the web pages: HttpOnly (no script reads it), SameSite=Strict (no
/// other site can make the browser send it, so the forms need no separate CSRF token), and
/// Secure whenever the browser will keep a Secure cookie: over HTTPS (as a TLS proxy reports
/// with `X-Forwarded-Proto`) and on loopback, which browsers treat as secure. Only plain HTTP to
/// another host (a demo opened across the LAN) gets a cookie without it — otherwise the browser
/// would drop the cookie and nobody could sign in there.
enum SessionCookie {
    static func make(token: String, lifetime: Duration, for request: Request) -> Cookie {
        Cookie(
            name: AuthenticationMiddleware.cookieName, value: token, maxAge: Int(lifetime.components.seconds), path: "/",
            secure: isSecure(request), httpOnly: true, sameSite: .strict)
    }

    static func expired(for request: Request) -> Cookie {
        Cookie(name: AuthenticationMiddleware.cookieName, value: "", maxAge: 0, path: "/", secure: isSecure(request), httpOnly: true, sameSite: .strict)
    }

    static func isSecure(_ request: Request) -> Bool {
        if request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https" { return true }
        guard let authority = request.head.authority?.lowercased() else { return true }
        var host = Substring(authority)
        if host.hasPrefix("[") {
            host = host.dropFirst().prefix { $0 != "]" }
        } else if let colon = host.lastIndex(of: ":") {
            host = host[..<colon]
        }
        return host == "localhost" || host.hasSuffix(".localhost") || host.hasPrefix("127.") || host == "::1"
    }
}
