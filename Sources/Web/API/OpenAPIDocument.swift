// Long because: one declarative table of every operation and schema of /api/v1, read top to
// bottom beside the routes; splitting it by tag would scatter the shared parameter rules.
import Foundation
import SwitchboardCore

/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`. Written by hand
/// next to the routes and as strict as their handlers: every path and query parameter, request
/// bodies with the limits the server checks (`Validate`, the records' `validated()`), response
/// bodies as they are encoded (moments as ISO 8601 text), the media types, and every status a
/// route answers. Tests check that every route is documented, every documented operation routed
/// and every path parameter declared.
///
/// The server decodes absent and `null` alike for optional fields, so optional request fields
/// are nullable; text it trims before checking is described by a pattern that allows the
/// surrounding whitespace and counts what is left.
enum OpenAPIDocument {
    struct Parameter {
        var name: String
        var schema: JSONValue
        var required = false
        var description: String
    }

    struct Operation {
        var method: String
        var path: String
        var summary: String
        var tag: String
        /// Query parameters.
        var query: [Parameter] = []
        /// Path parameters whose schema is not the usual one for their name (`pathSchema`).
        var pathSchemas: [String: JSONValue] = [:]
        /// The JSON body's schema; nil: no body.
        var request: JSONValue? = nil
        var requestRequired = true
        var success: Int
        /// The success body as JSON; nil: none in JSON.
        var response: JSONValue? = nil
        /// The success body's other media types.
        var otherMedia: [(String, JSONValue)] = []
        /// Headers of the success response.
        var successHeaders: [(String, JSONValue)] = []
        /// Also 204 No Content, meaning this.
        var noContent: String? = nil
        /// Error statuses besides those every such route has: 401, 403 and 503 when signed in (and
        /// 409 and 422 for a POST, by its Idempotency-Key); 400 and 422 with a body; 422 with query
        /// parameters; 404 with path parameters.
        var errors: [Int] = []
        var signedIn = true
    }

    // MARK: - The operations

    static var operations: [Operation] {
        var operations: [Operation] = [
            .init(
                method: "post", path: "/api/v1/sessions", summary: "Sign in; returns a bearer token and sets the session cookie", tag: "sessions",
                request: ref("SignIn"), success: 201, response: ref("Session"),
                successHeaders: [("Set-Cookie", ["description": "The session cookie (HttpOnly, SameSite=Strict)", "schema": string])],
                errors: [401, 403, 415, 429, 503], signedIn: false),
            .init(method: "delete", path: "/api/v1/sessions", summary: "Sign out: ends the current session", tag: "sessions", success: 204),
            .init(method: "get", path: "/api/v1/me", summary: "The signed-in user", tag: "profile", success: 200, response: ref("Profile")),
            .init(
                method: "patch", path: "/api/v1/me", summary: "Change your display name, language or password", tag: "profile",
                request: ref("ProfileInput"), success: 200, response: ref("Profile")),
            .init(
                method: "get", path: "/api/v1/audit", summary: "The audit log, newest first", tag: "audit",
                query: [
                    Parameter(name: "limit", schema: integer(1...1000), description: "How many entries (default 100)"),
                    Parameter(name: "before", schema: int64, description: "Entries with an id below this one (the next page)"),
                    Parameter(name: "entity", schema: string, description: "Only entries about this kind of record (user, team, queue, call, …)"),
                ],
                success: 200, response: list("AuditEntry")),
            .init(
                method: "get", path: "/api/v1/openapi.json", summary: "This document", tag: "meta", success: 200, response: ["type": "object"],
                signedIn: false),
            .init(
                method: "post", path: "/api/v1/calls", summary: "Simulated telephony: a call arrives in a queue", tag: "calls",
                request: ref("NewCall"), success: 201, response: ref("CallState"), errors: [404, 409]),
            .init(method: "get", path: "/api/v1/calls/{id}", summary: "A call's record and timeline", tag: "calls", success: 200, response: ref("Call")),
            .init(
                method: "post", path: "/api/v1/agents/{id}/state", summary: "Log in, go available or not ready (with a reason), log out",
                tag: "calls", request: ref("AgentStateChange"), success: 200, response: ref("AgentState"), errors: [409]),
            .init(
                method: "get", path: "/api/v1/realtime/queues",
                summary: "Per queue now: waiting, longest wait, agents by state, on hold; today's figures", tag: "realtime", success: 200,
                response: list("QueueTile")),
            .init(
                method: "get", path: "/api/v1/realtime/agents", summary: "Every agent's state and time in state", tag: "realtime", success: 200,
                response: list("AgentRealtime")),
            .init(
                method: "get", path: "/api/v1/realtime/wallboard",
                summary: "The wallboard: queue tiles (today, last hour, service level status), agents (state, call, today), teams, alerts",
                tag: "realtime",
                query: [
                    Parameter(name: "team", schema: optionalId, description: "Only this team's agents (a team leader sees only their own)"),
                    Parameter(name: "queue", schema: optionalId, description: "Only this queue and the agents who serve it"),
                ],
                success: 200, response: ref("Wallboard")),
            .init(
                method: "get", path: "/api/v1/events",
                summary: "Server-Sent Events: every change the role may see, and alertRaised/alertCleared for those who watch the floor",
                tag: "realtime",
                query: [
                    Parameter(name: "limit", schema: ["type": "integer", "format": "int64", "minimum": 1], description: "End the stream after this many events"),
                    Parameter(name: "timeout", schema: integer(1...86_400), description: "End the stream after this many seconds"),
                ],
                success: 200, otherMedia: [("text/event-stream", ["type": "string", "description": "event: NAME / data: JSON, one blank line apart"])]),
            .init(
                method: "post", path: "/api/v1/agents/{id}/wrap-up/finish", summary: "End wrap-up early", tag: "calls", success: 200,
                response: ref("AgentState"), errors: [409]),
        ]
        for (operation, summary) in [
            ("answer", "Answer a ringing call"), ("decline", "Decline a ringing call"), ("hold", "Put the caller on hold"),
            ("resume", "Take the caller off hold"), ("hangup", "End the call (by the agent, or {\"by\":\"caller\"} in simulated telephony)"),
            ("transfer", "Blind transfer to {\"queue\"} or {\"agentId\"}"), ("escalate", "Send the call to the escalation queue"),
            ("takeover", "A supervisor or team leader takes the call over"),
            ("consult", "Warm transfer, step one: hold the caller and ring colleague {\"agentId\"} for a consultation"),
            ("consult/complete", "Warm transfer, step two: the consulted colleague keeps the caller"),
            ("consult/cancel", "End the consultation (or drop the colleague from a conference) and return to the caller"),
            ("conference", "Join caller, agent and consulted colleague in one conversation"),
        ] {
            let body: JSONValue? = switch operation {
            case "hangup": ref("HangUp")
            case "transfer": ref("Transfer")
            case "consult": ref("Consult")
            default: nil
            }
            // Every operation reads a body when one is sent: a bad one is 400 or 422.
            operations.append(.init(
                method: "post", path: "/api/v1/calls/{id}/\(operation)", summary: summary, tag: "calls", request: body,
                requestRequired: operation != "hangup", success: 200, response: ref("CallState"), errors: [400, 409, 422]))
        }
        operations += [
            .init(
                method: "get", path: "/api/v1/not-ready-reasons", summary: "The reasons an agent can give for not ready, in order", tag: "queues",
                success: 200, response: list("NotReadyReason")),
            .init(
                method: "post", path: "/api/v1/not-ready-reasons", summary: "Add a not-ready reason", tag: "queues", request: ref("NotReadyReasonCreate"),
                success: 201, response: ref("NotReadyReason"), errors: [409]),
            .init(
                method: "patch", path: "/api/v1/not-ready-reasons/{code}", summary: "Change a reason's label (its code stays)", tag: "queues",
                request: ref("NotReadyReasonUpdate"), success: 200, response: ref("NotReadyReason"), errors: [409]),
            .init(
                method: "delete", path: "/api/v1/not-ready-reasons/{code}", summary: "Remove a reason (not missedCall, not the last one)", tag: "queues",
                success: 204, errors: [409]),
            .init(
                method: "get", path: "/api/v1/agents/{id}/sip", summary: "An agent's SIP account (user name and realm; never the password)",
                tag: "telephony", success: 200, response: ref("SIPAccount")),
            .init(
                method: "put", path: "/api/v1/agents/{id}/sip", summary: "Create or replace an agent's SIP account (the agent, or who manages agents)",
                tag: "telephony", request: ref("SIPAccountInput"), success: 200, response: ref("SIPAccount"), errors: [409]),
            .init(method: "delete", path: "/api/v1/agents/{id}/sip", summary: "Remove an agent's SIP account", tag: "telephony", success: 204, errors: [409]),
            .init(
                method: "get", path: "/api/v1/sip/status", summary: "The SIP endpoint: registrations, transactions, counters (404: SIP is off)",
                tag: "telephony", success: 200, response: ["type": "object"], errors: [404]),
            .init(
                method: "get", path: "/api/v1/customers", summary: "Search customers by name, e-mail or number (q), or find a caller's (phone)",
                tag: "customers",
                query: [
                    Parameter(
                        name: "q", schema: searchText,
                        description: "Words of a name or e-mail, or a number: at least 2 characters (none: the first customers)"),
                    Parameter(name: "phone", schema: string, description: "A caller's number in any notation; when given, q is not used"),
                ],
                success: 200, response: list("Customer")),
            .init(
                method: "get", path: "/api/v1/customers/{id}", summary: "A customer's screen pop: billing, shipping, warranties, last calls",
                tag: "customers", success: 200, response: ref("CustomerCard")),
            .init(
                method: "post", path: "/api/v1/customers", summary: "Add a customer", tag: "customers", request: ref("CustomerInput"), success: 201,
                response: ref("Customer")),
            .init(
                method: "get", path: "/api/v1/agents/{id}/state", summary: "An agent's state now (the agent, or who directs them)", tag: "calls",
                success: 200, response: ref("AgentState")),
            .init(
                method: "get", path: "/api/v1/calls/{id}/note", summary: "The call's note", tag: "calls", success: 200, response: ref("CallNote"),
                noContent: "The call has no note yet"),
            .init(
                method: "put", path: "/api/v1/calls/{id}/note", summary: "Save the call's note (the whole text; the page saves as the agent types)",
                tag: "calls", request: ref("CallNoteInput"), success: 200, response: ref("CallNote")),
            .init(
                method: "get", path: "/api/v1/calls/{id}/disposition", summary: "The call's disposition", tag: "calls", success: 200,
                response: ref("CallDisposition"), noContent: "The call has no disposition yet"),
            .init(
                method: "put", path: "/api/v1/calls/{id}/disposition", summary: "Set the call's disposition, with a follow-up when needed", tag: "calls",
                request: ref("DispositionInput"), success: 200, response: ref("CallDisposition"), errors: [409]),
            .init(
                method: "get", path: "/api/v1/dispositions", summary: "The disposition codes agents choose from", tag: "calls", success: 200,
                response: list("DispositionCode")),
            .init(
                method: "post", path: "/api/v1/referrals", summary: "Record a sales referral by the signed-in agent", tag: "customers",
                request: ref("ReferralInput"), success: 201, response: ref("Referral"), errors: [404, 409]),
            .init(
                method: "get", path: "/api/v1/agents/{id}/referrals", summary: "An agent's referrals in a month against the goal of 5", tag: "customers",
                query: [Parameter(name: "month", schema: month, description: "YYYY-MM (UTC); default this month")],
                success: 200, response: ref("ReferralMonth")),
            .init(
                method: "get", path: "/api/v1/agents/{id}/today", summary: "The agent's own figures today: calls handled, talk and wrap-up time, AHT",
                tag: "calls", success: 200, response: ref("AgentToday")),
            .init(
                method: "get", path: "/api/v1/follow-ups", summary: "Follow-up tasks: yours, an agent's, or (managers) everyone's", tag: "calls",
                query: [
                    Parameter(name: "agentId", schema: optionalId, description: "This agent's (default: your own)"),
                    Parameter(name: "all", schema: boolean, description: "true: everyone's (supervisors, administrators, QA)"),
                    Parameter(name: "state", schema: ["type": "string", "enum": ["open", "all"], "default": "open"], description: "open, or all (with done ones)"),
                ],
                success: 200, response: list("FollowUp"), errors: [404]),
            .init(
                method: "post", path: "/api/v1/follow-ups/{id}/done", summary: "Mark the call's follow-up done (id: the call's)", tag: "calls", success: 200,
                response: ref("FollowUp")),
            .init(
                method: "post", path: "/api/v1/follow-ups/{id}/reopen", summary: "Open the call's follow-up again (id: the call's)", tag: "calls",
                success: 200, response: ref("FollowUp")),
            .init(
                method: "get", path: "/api/v1/scripts", summary: "Every stored call script (queueId null: the default)", tag: "knowledge", success: 200,
                response: list("QueueScript")),
            .init(
                method: "get", path: "/api/v1/scripts/placeholders", summary: "The placeholders a script may use, with what fills them", tag: "knowledge",
                success: 200, response: list("Placeholder")),
            .init(
                method: "get", path: "/api/v1/scripts/{queue}", summary: "A queue's script, or the default; inherited when the queue has none",
                tag: "knowledge", success: 200, response: ref("QueueScript")),
            .init(
                method: "put", path: "/api/v1/scripts/{queue}", summary: "Save a queue's script (or the default); unknown placeholders are refused",
                tag: "knowledge", request: ref("CallScriptInput"), success: 200, response: ref("QueueScript")),
            .init(
                method: "delete", path: "/api/v1/scripts/{queue}", summary: "Remove a queue's own script (it inherits the default again)", tag: "knowledge",
                success: 204),
            .init(
                method: "get", path: "/api/v1/scripts/{queue}/rendered", summary: "The queue's script filled in for a customer and the signed-in agent",
                tag: "knowledge",
                query: [Parameter(name: "customerId", schema: optionalId, description: "Fill in this customer's details")],
                pathSchemas: ["queue": positiveId], success: 200, response: ref("RenderedScript"), noContent: "No script applies to the queue"),
            .init(
                method: "get", path: "/api/v1/articles", summary: "Search the knowledge base (every word must match; none: the newest articles)",
                tag: "knowledge",
                query: [
                    Parameter(name: "q", schema: ["type": "string", "maxLength": 500], description: "Words to find"),
                    Parameter(name: "category", schema: string, description: "Only this category"),
                    Parameter(name: "language", schema: language, description: "Only articles in this language"),
                    Parameter(name: "limit", schema: integer(1...100), description: "How many (default 20)"),
                ],
                success: 200, response: list("ArticleHit")),
            .init(
                method: "get", path: "/api/v1/articles/categories", summary: "The knowledge base's categories", tag: "knowledge", success: 200,
                response: ["type": "array", "items": string]),
            .init(
                method: "get", path: "/api/v1/articles/{id}", summary: "An article (troubleshooting articles have steps)", tag: "knowledge", success: 200,
                response: ref("Article")),
            .init(
                method: "post", path: "/api/v1/articles", summary: "Publish an article", tag: "knowledge", request: ref("ArticleInput"), success: 201,
                response: ref("Article")),
            .init(
                method: "put", path: "/api/v1/articles/{id}", summary: "Change an article", tag: "knowledge", request: ref("ArticleInput"), success: 200,
                response: ref("Article")),
            .init(method: "delete", path: "/api/v1/articles/{id}", summary: "Remove an article", tag: "knowledge", success: 204),
            .init(
                method: "get", path: "/api/v1/reports", summary: "A report per queue, team, agent or the center, as JSON or CSV", tag: "reports",
                query: [
                    Parameter(
                        name: "period", schema: reportPeriod, required: true,
                        description: "2026 (a year), 2026-Q4 (a quarter), 2026-10 (a month), 2026-W41 (an ISO week) or 2026-10-05 (a day)"),
                    Parameter(name: "by", schema: ["type": "string", "enum": ["queue", "team", "agent", "center"], "default": "queue"], description: "Rows per"),
                    Parameter(
                        name: "per", schema: ["type": "string", "enum": enumeration(ReportSplit.self), "default": "none"],
                        description: "Split each row per interval (15 minutes: a day's or a week's report only), day, week or month"),
                    Parameter(name: "format", schema: ["type": "string", "enum": ["json", "csv"], "default": "json"], description: "json, or csv for Excel"),
                ],
                success: 200, response: ref("Report"),
                otherMedia: [("text/csv", ["type": "string", "description": "UTF-8 with a byte-order mark; columns named in words"])],
                successHeaders: [("Content-Disposition", ["description": "With format=csv: the file's name", "schema": string])]),
            .init(
                method: "post", path: "/api/v1/calls/{id}/monitor",
                summary: "Silent monitor, whisper, barge or stop: recorded in the call's timeline and the audit log", tag: "calls",
                request: ref("Monitor"), success: 200, response: ref("CallState"), errors: [409]),
            .init(
                method: "post", path: "/api/v1/agents/{id}/day-queues", summary: "Move an agent between queues for today; ends at midnight",
                tag: "agents", request: ref("DayQueueMove"), success: 200, response: ref("DayQueues")),
            .init(
                method: "delete", path: "/api/v1/agents/{id}/day-queues", summary: "Undo today's moves of an agent", tag: "agents", success: 200,
                response: ref("DayQueues")),
            .init(
                method: "get", path: "/api/v1/day-queues", summary: "Today's moves of agents between queues", tag: "agents", success: 200,
                response: list("DayQueueMoveRecord")),
            .init(
                method: "get", path: "/api/v1/goals", summary: "Goals with progress this period: an agent's (with their team's), a team's, or your own",
                tag: "goals",
                query: [
                    Parameter(name: "agentId", schema: optionalId, description: "This agent's goals and their team's"),
                    Parameter(name: "teamId", schema: optionalId, description: "This team's goals"),
                ],
                success: 200, response: list("GoalProgress"), errors: [404]),
            .init(
                method: "post", path: "/api/v1/goals", summary: "Set a goal for an agent or a team (supervisors; team leaders for their team)", tag: "goals",
                request: ref("GoalInput"), success: 201, response: ref("GoalProgress"), errors: [404]),
            .init(method: "delete", path: "/api/v1/goals/{id}", summary: "Remove a goal", tag: "goals", success: 204),
            .init(
                method: "post", path: "/api/v1/staffing",
                summary: "Agents needed for a target (Erlang C, or Erlang A with patienceSeconds), for one interval or each row of a forecast",
                tag: "planning", request: ref("StaffingRequest"), success: 200,
                response: ["anyOf": [ref("StaffingFigures"), object([("intervals", list("StaffingFigures"))], required: ["intervals"])]]),
        ]
        for (path, schema, tag) in [
            ("users", "User", "users"), ("teams", "Team", "teams"), ("skills", "Skill", "skills"), ("agents", "Agent", "agents"),
            ("queues", "Queue", "queues"),
        ] {
            let entity = String(path.dropLast())
            let query = path == "agents" ? [Parameter(name: "teamId", schema: int64, description: "Only this team's agents")] : []
            operations += [
                .init(method: "get", path: "/api/v1/\(path)", summary: "List \(path)", tag: tag, query: query, success: 200, response: list(schema)),
                .init(
                    method: "post", path: "/api/v1/\(path)", summary: "Create a \(entity)", tag: tag, request: ref("\(schema)Create"), success: 201,
                    response: ref(schema), errors: [409]),
                .init(method: "get", path: "/api/v1/\(path)/{id}", summary: "Show a \(entity)", tag: tag, success: 200, response: ref(schema)),
                .init(
                    method: "patch", path: "/api/v1/\(path)/{id}", summary: "Change a \(entity); absent fields stay as they are", tag: tag,
                    request: ref("\(schema)Update"), success: 200, response: ref(schema), errors: [409]),
                .init(method: "delete", path: "/api/v1/\(path)/{id}", summary: "Delete a \(entity)", tag: tag, success: 204, errors: [409]),
            ]
        }
        return operations
    }

    // MARK: - The document

    static let document: JSONValue = {
        var paths: [(String, JSONValue)] = []
        for operation in operations {
            var body: [(String, JSONValue)] = [
                ("summary", .string(operation.summary)), ("operationId", .string(operationId(operation))), ("tags", [.string(operation.tag)]),
            ]
            var parameters: [JSONValue] = []
            for name in pathParameters(operation.path) {
                parameters.append([
                    "name": .string(name), "in": "path", "required": true, "description": .string(pathParameterDescription(name)),
                    "schema": operation.pathSchemas[name] ?? pathSchema(name),
                ])
            }
            for parameter in operation.query {
                parameters.append([
                    "name": .string(parameter.name), "in": "query", "required": .bool(parameter.required), "description": .string(parameter.description),
                    "schema": parameter.schema,
                ])
            }
            if !parameters.isEmpty { body.append(("parameters", .array(parameters))) }
            if let request = operation.request {
                body.append(("requestBody", ["required": .bool(operation.requestRequired), "content": ["application/json": ["schema": request]]]))
            }
            body.append(("responses", .object(responses(operation))))
            body.append(("security", operation.signedIn ? [["bearer": []], ["cookie": []]] : []))
            if let index = paths.firstIndex(where: { $0.0 == operation.path }), case .object(var methods) = paths[index].1 {
                methods.append((operation.method, .object(body)))
                paths[index].1 = .object(methods)
            } else {
                paths.append((operation.path, .object([(operation.method, .object(body))])))
            }
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Switchboard API", "version": "1",
                "description": """
                    The contact center's JSON API. Every error is {"error":{"code","message","field"}}. Sign in with POST /api/v1/sessions and \
                    send the token as `Authorization: Bearer …`. Optional fields may be left out or sent as null (both mean: not given). \
                    A POST may carry `Idempotency-Key` (1 to 255 visible ASCII characters, a UUID say): a retry with the same key gets \
                    the first answer again (`Idempotent-Replayed: true`) instead of doing the work twice; the key on a different request \
                    is 422, while the first is still running 409. A method a path does not have is answered 405 with `Allow`.
                    """,
            ],
            "paths": .object(paths),
            "components": ["securitySchemes": securitySchemes, "schemas": schemas, "responses": errorResponses],
        ]
    }()

    /// The statuses an operation answers besides success, by the rules of `Operation.errors`.
    static func errorStatuses(_ operation: Operation) -> [Int] {
        var statuses = Set(operation.errors)
        if operation.signedIn { statuses.formUnion([401, 403, 503]) }
        // A POST's Idempotency-Key: reused for another request 422, its first request still running 409.
        if operation.signedIn, operation.method == "post" { statuses.formUnion([409, 422]) }
        if operation.request != nil { statuses.formUnion([400, 422]) }
        if !operation.query.isEmpty { statuses.insert(422) }
        if !pathParameters(operation.path).isEmpty { statuses.insert(404) }
        return statuses.sorted()
    }

    static func responses(_ operation: Operation) -> [(String, JSONValue)] {
        var success: [(String, JSONValue)] = [("description", "Success")]
        var media: [(String, JSONValue)] = []
        if let response = operation.response { media.append(("application/json", ["schema": response])) }
        for (type, schema) in operation.otherMedia { media.append((type, ["schema": schema])) }
        if !media.isEmpty { success.append(("content", .object(media))) }
        if !operation.successHeaders.isEmpty { success.append(("headers", .object(operation.successHeaders))) }
        var responses: [(String, JSONValue)] = [("\(operation.success)", .object(success))]
        if let meaning = operation.noContent { responses.append(("204", ["description": .string(meaning)])) }
        for status in errorStatuses(operation) {
            responses.append(("\(status)", ["$ref": .string("#/components/responses/\(errorResponseNames[status] ?? "Error\(status)")")]))
        }
        return responses
    }

    static let errorResponseNames: [Int: String] = [
        400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "Conflict", 415: "UnsupportedMediaType", 422: "Invalid",
        429: "TooManyRequests", 503: "Unavailable",
    ]

    static var errorResponses: JSONValue {
        let retryAfter: JSONValue = ["description": "Seconds to wait before trying again", "schema": ["type": "integer", "minimum": 0]]
        let described: [(Int, String, [(String, JSONValue)])] = [
            (400, "The body is not JSON, not an object, or too large", []),
            (401, "Not signed in, or the session ended", [("WWW-Authenticate", ["description": "Bearer realm=\"switchboard\"", "schema": string])]),
            (403, "Your roles do not allow this (or a browser's change, or sign-in, from another site)", []),
            (404, "No such record", []),
            (409, "Duplicate, still in use, or not possible in the current state", []),
            (415, "A browser signs in with Content-Type: application/json", []),
            (422, "A field is missing or invalid; `field` names it", []),
            (429, "Too many failed sign-ins", [("Retry-After", retryAfter)]),
            (503, "The database is unreachable; try again", [("Retry-After", retryAfter)]),
        ]
        var responses: [(String, JSONValue)] = []
        for (status, description, headers) in described {
            var response: [(String, JSONValue)] = [
                ("description", .string(description)), ("content", ["application/json": ["schema": ref("Error")]]),
            ]
            if !headers.isEmpty { response.append(("headers", .object(headers))) }
            responses.append((errorResponseNames[status] ?? "Error\(status)", .object(response)))
        }
        return .object(responses)
    }

    /// The `{name}` parameters of a path, in order.
    static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }

    /// The schema of a path parameter by its name: ids are positive 64-bit integers (anything else is 404).
    static func pathSchema(_ name: String) -> JSONValue {
        switch name {
        case "code": ["type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_-]{0,31}$"]
        case "queue": ["anyOf": [positiveId, ["type": "string", "enum": ["default"]]]]
        default: positiveId
        }
    }

    static func pathParameterDescription(_ name: String) -> String {
        switch name {
        case "code": "The not-ready reason's code"
        case "queue": "A queue's id, or default (the center's script)"
        default: "The record's id"
        }
    }

    /// `getCallsByIdConsultComplete` for `GET /api/v1/calls/{id}/consult/complete`.
    static func operationId(_ operation: Operation) -> String {
        let words = operation.path.replacingOccurrences(of: "/api/v1/", with: "").replacingOccurrences(of: ".json", with: "").split(separator: "/").map {
            segment -> String in
            if segment.hasPrefix("{") { return "By" + capitalized(String(segment.dropFirst().dropLast())) }
            return segment.split(separator: "-").map { capitalized(String($0)) }.joined()
        }
        return operation.method + words.joined()
    }

    static func capitalized(_ word: String) -> String { word.prefix(1).uppercased() + word.dropFirst() }

    static let securitySchemes: JSONValue = [
        "bearer": ["type": "http", "scheme": "bearer", "description": "The token from POST /api/v1/sessions"],
        "cookie": ["type": "apiKey", "in": "cookie", "name": "switchboard_session"],
    ]

    // MARK: - Building blocks

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static func list(_ name: String) -> JSONValue { ["type": "array", "items": ref(name)] }

    static func object(_ properties: [(String, JSONValue)], required: [String] = [], closed: Bool = false) -> JSONValue {
        var schema: [(String, JSONValue)] = [("type", "object"), ("properties", .object(properties))]
        if !required.isEmpty { schema.append(("required", .array(required.map(JSONValue.string)))) }
        if closed { schema.append(("additionalProperties", false)) }
        return .object(schema)
    }

    /// The same schema, also allowing `null` (which the server reads as "not given").
    static func nullable(_ schema: JSONValue) -> JSONValue {
        guard case .object(var pairs) = schema else { return schema }
        if pairs.contains(where: { $0.0 == "$ref" || $0.0 == "anyOf" || $0.0 == "oneOf" }) {
            return ["anyOf": [schema, ["type": "null"]]]
        }
        if let index = pairs.firstIndex(where: { $0.0 == "type" }) {
            switch pairs[index].1 {
            case .string(let type): pairs[index].1 = [.string(type), "null"]
            case .array(let types) where !types.contains("null"): pairs[index].1 = .array(types + ["null"])
            default: break
            }
        }
        if let index = pairs.firstIndex(where: { $0.0 == "enum" }), case .array(let values) = pairs[index].1, !values.contains(.null) {
            pairs[index].1 = .array(values + [.null])
        }
        return .object(pairs)
    }

    /// `name` is there and not null.
    static func present(_ name: String) -> JSONValue {
        let notNull: JSONValue = ["not": ["type": "null"]]
        return ["required": [.string(name)], "properties": .object([(name, notNull)])]
    }

    /// `name` is absent or null.
    static func absent(_ name: String) -> JSONValue { ["not": present(name)] }

    static func enumeration<T: CaseIterable & RawRepresentable>(_ type: T.Type) -> JSONValue where T.RawValue == String {
        .array(T.allCases.map { .string($0.rawValue) })
    }

    static func integer(_ range: ClosedRange<Int>) -> JSONValue {
        ["type": "integer", "format": "int64", "minimum": .number(Double(range.lowerBound)), "maximum": .number(Double(range.upperBound))]
    }

    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    /// A 64-bit integer (Swift's `Int` and `Int64`).
    static let int64: JSONValue = ["type": "integer", "format": "int64"]
    /// A record's id: the server knows no id below 1.
    static let positiveId: JSONValue = ["type": "integer", "format": "int64", "minimum": 1]
    /// A queue by id, or by what a caller would dial (`CallDesk.queueID`, `DialledQueue`): the id
    /// is read as a JSON number, exact up to 2^53.
    static let queueReference: JSONValue = [
        "anyOf": [["type": "integer", "minimum": 1, "maximum": .number(9_007_199_254_740_992)], ["type": "string", "description": "what a caller would dial: a queue's extension, its name in any case and spacing, or a word only that queue's name has"]],
    ]
    /// A query parameter naming a record by id, where empty means not given (`KnowledgeAPI.optionalId`).
    static let optionalId: JSONValue = ["anyOf": [positiveId, ["type": "string", "maxLength": 0, "description": "empty: not given"]]]
    static let nullableInteger: JSONValue = ["type": ["integer", "null"]]
    static let nullableString: JSONValue = ["type": ["string", "null"]]
    static let boolean: JSONValue = ["type": "boolean"]
    static let number: JSONValue = ["type": "number"]
    static let nullableNumber: JSONValue = ["type": ["number", "null"]]
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    static let nullableDateTime: JSONValue = ["type": ["string", "null"], "format": "date-time"]
    static let day: JSONValue = ["type": "string", "format": "date"]
    static let roles: JSONValue = ["type": "array", "items": ["type": "string", "enum": enumeration(Role.self)]]
    static let language: JSONValue = ["type": "string", "enum": enumeration(Language.self)]

    // MARK: - Text as the server checks it

    /// What `Validate.trim` strips (`Character.isWhitespace`, Unicode White_Space), as the inside
    /// of a regular-expression class.
    static let space = #"\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"#
    /// Foundation's `.whitespaces` (tab and the space separators): what sign-in and a call's
    /// `from` strip.
    static let blank = #"\t \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000"#
    /// Control characters (Unicode Cc), which names may not hold.
    static let control = #"\u0000-\u001F\u007F-\u009F"#

    /// The whitespace that is a character of its own (controls and separators of lines), and the
    /// spaces (`Zs`), which combine with a joining scalar after them into one character.
    static let lineSpace = #"\t\n\u000B\f\r\u0085\u2028\u2029"#
    static let spaceSeparators = #" \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000"#

    /// The scalars that join the one before them into one character (grapheme extenders, spacing
    /// marks, the zero-width joiner), as a regular-expression class's inside: found by asking
    /// Swift, so they are the ones `Validate.trim` sees joined to a space and removes with it.
    static let joining: String = {
        var ranges: [(UInt32, UInt32)] = []
        for value in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var text = " "
            text.unicodeScalars.append(scalar)
            guard text.count == 1 else { continue }
            if let last = ranges.last, last.1 + 1 == value { ranges[ranges.count - 1].1 = value } else { ranges.append((value, value)) }
        }
        func escaped(_ value: UInt32) -> String {
            let hex = String(value, radix: 16, uppercase: true)
            return value > 0xFFFF ? "\\U" + String(repeating: "0", count: 8 - hex.count) + hex : "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        return ranges.map { $0.0 == $0.1 ? escaped($0.0) : escaped($0.0) + "-" + escaped($0.1) }.joined()
    }()

    /// Where `Validate.trim` sees the text begin, which is where the patterns of `text` see it
    /// begin unless a joining scalar follows a leading space (then Swift removes both): the first
    /// character after the leading whitespace characters is neither whitespace nor joining, or a
    /// joining scalar standing alone (at the start, or after a line break or control). `blank`:
    /// or the text is whitespace only.
    static func trimmedStart(blank: Bool) -> JSONValue {
        let leading = "(?:[\(lineSpace)]|[\(spaceSeparators)][\(joining)]*)*"
        var forms = ["^\(leading)[^\(space)\(joining)]", "^(?:\(leading)[\(lineSpace)])?[\(joining)]"]
        if blank { forms.append("^\(leading)$") }
        return [
            "pattern": .string(forms.joined(separator: "|")),
            "description": "Text the server trims as Swift does: a space and the marks joined to it are one character, removed together",
        ]
    }

    /// Text that the server trims and then wants 1 to `max` characters of (`optional`: or none),
    /// without control characters unless `controls`. Up to 2,000 characters the pattern itself
    /// counts what is left after trimming, as the server does; a longer limit is a `maxLength`.
    static func text(_ max: Int, optional: Bool = false, controls: Bool = true, trimming trim: String = OpenAPIDocument.space, _ description: String) -> JSONValue {
        let edge = controls ? "[^\(trim)]" : "[^\(trim)\(control)]"
        let middle = controls ? #"[\s\S]"# : "[^\(control)]"
        let core =
            if max > 2000 {
                "\(edge)(?:\(middle)*\(edge))?"
            } else if max == 1 {
                edge
            } else {
                "\(edge)(?:\(middle){0,\(max - 2)}\(edge))?"
            }
        var schema: [(String, JSONValue)] = [
            ("type", "string"), ("pattern", .string("^[\(trim)]*\(optional ? "(?:\(core))?" : core)[\(trim)]*$")),
        ]
        if max > 2000 { schema.append(("maxLength", .number(Double(max)))) }
        if trim == space { schema.append(("allOf", [ref(optional ? "TrimmedStartOrBlank" : "TrimmedStart")])) }
        schema.append(("description", .string(description)))
        return .object(schema)
    }

    /// A name as `Validate.name` takes it: trimmed, 1 to `max` characters, no control characters.
    static func name(_ max: Int = 100) -> JSONValue {
        text(max, controls: false, "1 to \(max) characters (surrounding spaces are removed), no control characters")
    }

    /// Text the server trims around a pattern that must match what is left.
    static func trimmed(_ pattern: String, _ description: String) -> JSONValue {
        ["type": "string", "pattern": .string("^[\(space)]*\(pattern)[\(space)]*$"), "description": .string(description)]
    }

    /// A calendar date that exists, YYYY-MM-DD (`LocalDate`), in the years 1000 to 9999 (an
    /// earlier year would be written back with fewer than four digits).
    static let date: String = {
        let monthDay = "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
        let leapYear = "(?:[1-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)"
        return "(?:[1-9][0-9]{3}-\(monthDay)|\(leapYear)-02-29)"
    }()

    /// `ReportPeriod`: a year from 1970 to 9999, a quarter, a month, an ISO week (1 to 52: every
    /// year has those) or a day.
    static let reportPeriod: JSONValue = {
        let year = "(?:19[7-9][0-9]|[2-9][0-9]{3})"
        let leapYear = "(?:19(?:7[26]|8[048]|9[26])|[2-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[3579][26])00)"
        let monthDay = "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
        let forms = [
            year, "\(year)-Q0*[1-4]", "\(year)-W0*(?:[1-9]|[1-4][0-9]|5[0-2])", "\(year)-0*(?:[1-9]|1[0-2])", "\(year)-\(monthDay)",
            "\(leapYear)-02-29",
        ]
        return trimmed("(?:\(forms.joined(separator: "|")))", "A year, quarter, month, ISO week or day")
    }()

    static let month: JSONValue = ["type": "string", "pattern": "^[0-9]{4}-(?:0[1-9]|1[0-2])$"]

    /// What `searchCustomers` takes: nothing, or at least 2 characters after trimming.
    static let searchText: JSONValue = ["type": "string", "pattern": .string("^[\(space)]*(?:[^\(space)][\\s\\S]*[^\(space)])?[\(space)]*$")]

    /// "HH:MM-HH:MM" from 00:00 to 24:00 that closes after it opens (`OpeningInterval`).
    static let openingInterval: JSONValue = {
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        let hour = "(?:[01][0-9]|2[0-3])"
        let minute = "[0-5][0-9]"
        var forms = ["\(hour):\(minute)-24:00"]
        for opens in 0..<23 {
            forms.append("\(two(opens)):\(minute)-(?:\(((opens + 1)...23).map(two).joined(separator: "|"))):\(minute)")
        }
        // Closing in the hour it opens: the minutes grow (\1 is that hour).
        var sameHour: [String] = []
        for tens in 0...5 {
            var rest: [String] = []
            if tens < 5 { rest.append("[0-9]-\\1:[\(tens + 1)-5][0-9]") }
            for unit in 0...8 { rest.append("\(unit)-\\1:\(tens)[\(unit + 1)-9]") }
            sameHour.append("\(tens)(?:\(rest.joined(separator: "|")))")
        }
        forms.append("(\(hour)):(?:\(sameHour.joined(separator: "|")))")
        return ["type": "string", "pattern": .string("^(?:\(forms.joined(separator: "|")))$"), "description": "HH:MM-HH:MM, closing after opening (24:00: midnight)"]
    }()

    /// A phone number as `PhoneNumber.normalise` reads it (+ and 8 to 15 digits, 00 for +, a
    /// leading 0 for +31), with spaces, dots, dashes, slashes and "(0)" anywhere; blank is skipped.
    static let phone: JSONValue = {
        // "(0)" (the trunk prefix written out) is removed before the digits are read: no other brackets.
        let separators = "(?:[ ./-]|\\(0\\))*"
        let digit = "[0-9]\(separators)"
        let international = "\\+\(separators)[1-9]\(separators)(?:\(digit)){7,14}"
        let doubleZero = "\(separators)0\(separators)0\(separators)[1-9]\(separators)(?:\(digit)){7,14}"
        let national = "\(separators)0\(separators)[1-9]\(separators)(?:\(digit)){5,12}"
        return trimmed("(?:\(international)|\(doubleZero)|\(national))?", "+31 20 123 4567, 0031 20 123 4567 or 020 123 4567 (blank: none)")
    }()

    /// Text with `{{placeholders}}`: every placeholder must be one `ScriptTemplate` knows.
    /// `nonBlank`: something besides whitespace.
    static func template(nonBlank: Bool) -> String {
        let names = ScriptTemplate.vocabulary.map { $0.name.replacingOccurrences(of: ".", with: "\\.") }.joined(separator: "|")
        let placeholder = "\\{\\{[\(space)]*(?:\(names))[\(space)]*\\}\\}"
        // Text before a placeholder (no "{{"), and what may end the text: "{{" never closed, or "{".
        let token = "(?:[^{]|\\{[^{]|\(placeholder))"
        let tail = "(?:\\{\\{(?:[^}]|\\}[^}])*\\}?|\\{)"
        if nonBlank {
            let firstToken = "(?:[^{\(space)]|\\{[^{]|\(placeholder))"
            return "^[\(space)]*(?:\(firstToken)\(token)*\(tail)?|\(tail))$"
        }
        return "^\(token)*\(tail)?$"
    }

    // MARK: - The schemas

    static var schemas: JSONValue {
        var schemas: [(String, JSONValue)] = [
            ("Error", object([("error", object([("code", string), ("message", string), ("field", nullableString)], required: ["code", "message", "field"]))],
                required: ["error"])),
            ("TrimmedStart", trimmedStart(blank: false)),
            ("TrimmedStartOrBlank", trimmedStart(blank: true)),
            ("SignIn", object([
                ("username", ["type": "string", "pattern": .string("[^\(blank)]"), "description": "Your user name (any case)"]),
                ("password", string),
            ], required: ["username", "password"])),
            ("Session", object([("token", string), ("user", ref("Profile")), ("expiresAt", dateTime)])),
            ("Profile", object([
                ("id", integer), ("username", string), ("displayName", string), ("language", language), ("roles", roles),
                ("agentId", nullableInteger), ("teamId", nullableInteger), ("teamName", nullableString),
            ])),
            ("ProfileInput", .object([
                ("type", "object"),
                ("properties", .object([
                    ("displayName", nullable(name())), ("language", nullable(language)),
                    ("currentPassword", nullable(["type": "string", "description": "Needed with newPassword"])), ("newPassword", nullable(password)),
                ])),
                ("if", present("newPassword")), ("then", present("currentPassword")),
            ])),
            ("User", object([("id", integer), ("username", string), ("displayName", string), ("language", language), ("roles", roles), ("active", boolean)])),
            ("UserCreate", object(userFields(creating: true), required: ["username", "displayName", "roles", "password"])),
            ("UserUpdate", object(userFields(creating: false))),
        ]
        schemas += [
            ("Team", object([("id", integer), ("name", string), ("leaderId", nullableInteger), ("agentCount", integer), ("warnings", ["type": "array", "items": string])])),
            ("TeamCreate", object([("name", name()), ("leaderId", nullable(positiveId))], required: ["name"])),
            ("TeamUpdate", object([("name", nullable(name())), ("leaderId", nullable(positiveId))])),
            ("Skill", object([("id", integer), ("name", string), ("kind", ["type": "string", "enum": ["language", "expertise"]]), ("description", string)])),
            ("SkillCreate", object([("name", skillName), ("description", nullable(skillDescription))], required: ["name"])),
            ("SkillUpdate", object([("name", nullable(skillName)), ("description", nullable(skillDescription))])),
            ("SkillLevel", object([("skill", string), ("proficiency", integer(SkillLevel.range))], required: ["skill", "proficiency"])),
            ("Agent", object([
                ("id", integer), ("userId", integer), ("username", string), ("displayName", string), ("teamId", nullableInteger), ("skills", list("SkillLevel")),
            ])),
            ("AgentCreate", object([("userId", positiveId), ("teamId", nullable(positiveId)), ("skills", nullable(agentSkills))], required: ["userId"])),
            ("AgentUpdate", object([("teamId", nullable(positiveId)), ("skills", nullable(agentSkills))])),
            ("ServiceLevel", object([("percent", integer(1...100)), ("seconds", integer(1...3600))], required: ["percent", "seconds"])),
            ("SkillRequirement", object([("skill", string), ("minimumProficiency", integer(SkillLevel.range))], required: ["skill", "minimumProficiency"])),
        ]
        schemas += [
            ("BusinessHours", object([
                ("timeZone", string),
                ("weekly", ["type": "object", "description": "mon…sun → list of \"HH:MM-HH:MM\"; a missing day is closed",
                    "additionalProperties": ["type": "array", "items": string]]),
                ("holidays", ["type": "array", "items": object([("date", day), ("name", string)])]),
            ])),
            ("BusinessHoursInput", object([
                ("timeZone", ["type": "string", "enum": .array(TimeZone.knownTimeZoneIdentifiers.sorted().map(JSONValue.string)), "description": "An IANA time zone"]),
                ("weekly", object(Weekday.allCases.map { ($0.rawValue, ["type": "array", "items": openingInterval] as JSONValue) }, closed: true)),
                ("holidays", nullable(["type": "array", "items": object([("date", ["type": "string", "pattern": .string("^\(date)$")]), ("name", name())],
                    required: ["date", "name"])])),
            ], required: ["timeZone", "weekly"])),
            ("OverflowRule", object([
                ("afterSeconds", integer), ("action", ["type": "string", "enum": enumeration(OverflowRule.Action.self)]), ("minimum", nullableInteger),
                ("skill", nullableString), ("queue", nullableString), ("reason", nullableString),
            ])),
            ("OverflowRuleInput", overflowRuleInput),
            ("AlertThresholds", object([
                ("serviceLevel", boolean), ("longestWaitSeconds", nullableInteger), ("callsOnHold", nullableInteger), ("notReadySeconds", nullableInteger),
            ])),
            ("AlertThresholdsInput", object([
                ("serviceLevel", nullable(boolean)), ("longestWaitSeconds", nullable(integer(1...86_400))), ("callsOnHold", nullable(integer(1...10_000))),
                ("notReadySeconds", nullable(integer(1...86_400))),
            ])),
            ("Queue", object([("id", integer)] + queueFields)),
            ("QueueCreate", object(queueInputFields(creating: true), required: ["name", "extension"])),
            ("QueueUpdate", object(queueInputFields(creating: false))),
        ]
        schemas += [
            ("NewCall", object([
                ("queue", queueReference),
                ("from", text(64, trimming: blank, "The caller's number: 1 to 64 characters")),
                ("customerId", nullable(["type": "string", "maxLength": 64])), ("priority", nullable(integer(0...10))),
            ], required: ["queue", "from"])),
            ("CallState", object([("id", integer), ("state", ["type": "string", "enum": ["queued", "ringing", "talking", "held", "consulting", "conference", "ended"]])])),
            ("HangUp", object([("by", nullable(["type": "string", "enum": ["agent", "caller"], "description": "caller: simulated telephony (who may write calls)"]))])),
            ("Transfer", .object([
                ("type", "object"),
                ("properties", .object([
                    ("queue", nullable(queueReference)),
                    ("agentId", nullable(positiveId)),
                ])),
                ("anyOf", [present("agentId"), present("queue")]),
                ("description", "To an agent (agentId), else to a queue"),
            ])),
            ("Consult", object([("agentId", positiveId)], required: ["agentId"])),
            ("Monitor", object([("mode", ["type": "string", "enum": ["listen", "whisper", "barge", "stop"]])], required: ["mode"])),
            ("Call", object([
                ("id", integer), ("state", string), ("queueId", integer), ("firstQueueId", integer), ("from", string), ("customerId", nullableString),
                ("priority", integer), ("arrivedAt", dateTime), ("answeredAt", nullableDateTime), ("agentId", nullableInteger), ("endedAt", nullableDateTime),
                ("outcome", nullableString), ("holdCount", integer), ("holdSeconds", number), ("transfers", integer), ("escalated", boolean),
                ("consultations", integer), ("conferenced", boolean),
                ("visits", ["type": "array", "items": object([
                    ("queueId", integer), ("enteredAt", dateTime), ("answeredAt", nullableDateTime), ("agentId", nullableInteger),
                    ("leftAt", nullableDateTime), ("outcome", nullableString),
                ])]),
                ("timeline", ["type": "array", "items": object([
                    ("at", dateTime), ("kind", string), ("agentId", nullableInteger), ("queueId", nullableInteger), ("detail", nullableString),
                ])]),
            ])),
            ("AgentStateChange", object([
                ("state", ["type": "string", "enum": ["available", "notReady", "loggedIn", "loggedOut"]]),
                ("reason", nullable(["type": "string", "description": "With notReady: a code from /api/v1/not-ready-reasons (default: the first)"])),
                ("because", nullable(["type": "string", "maxLength": 500, "description": "Why someone else sets this agent's state (audited)"])),
            ], required: ["state"])),
            ("AgentState", object([
                ("agentId", integer), ("state", string), ("reason", nullableString), ("callId", nullableInteger), ("since", nullableDateTime),
                ("wrapUpUntil", nullableDateTime),
            ])),
            ("AgentToday", object([("agentId", integer), ("handled", integer), ("talkSeconds", number), ("wrapUpSeconds", number), ("ahtSeconds", nullableNumber)])),
        ]
        schemas += [
            ("Customer", object([
                ("id", integer), ("firstName", string), ("lastName", string), ("phones", ["type": "array", "items": string]), ("email", nullableString),
                ("street", nullableString), ("postalCode", nullableString), ("city", nullableString), ("country", string), ("language", language),
                ("segment", string), ("consentMarketing", boolean), ("consentRecording", boolean),
            ])),
            ("CustomerInput", object([
                ("firstName", text(100, "1 to 100 characters")), ("lastName", text(100, "1 to 100 characters")),
                ("phones", ["type": "array", "maxItems": 10, "items": phone]),
                ("email", nullable(["type": "string", "maxLength": 254, "pattern": .string("^[\(space)]*(?:[^@ ]+@[^@ ]*\\.[^@ ]*)?[\(space)]*$"),
                    "description": "An e-mail address (blank: none)"])),
                ("street", nullable(["type": "string", "maxLength": 200])), ("postalCode", nullable(["type": "string", "maxLength": 200])),
                ("city", nullable(["type": "string", "maxLength": 200])),
                ("country", nullable(trimmed("[A-Za-z]{2}", "A two-letter country code (default NL)"))), ("language", nullable(language)),
                ("segment", nullable(text(40, "retail, business, premium, student, … (default retail)"))),
                ("consentMarketing", nullable(boolean)), ("consentRecording", nullable(boolean)),
            ], required: ["firstName", "lastName", "phones"])),
            ("CustomerCard", customerCard),
        ]
        schemas += [
            ("CallNote", object([("callId", integer), ("text", string), ("agentId", nullableInteger), ("updatedAt", dateTime)])),
            ("CallNoteInput", object([("text", ["type": "string", "maxLength": .number(Double(CallNote.maximumLength))])], required: ["text"])),
            ("DispositionCode", object([("code", string), ("label", string)])),
            ("DispositionInput", .object([
                ("type", "object"),
                ("properties", .object([
                    ("code", ["type": "string", "enum": ["resolved", "followUp", "information", "complaint", "sale", "wrongNumber"]]),
                    ("reason", nullable(text(500, optional: true, "At most 500 characters"))),
                    ("followUpDue", nullable(trimmed("(?:\(date))?", "YYYY-MM-DD (blank: none)"))),
                    ("followUpText", nullable(text(2000, optional: true, "At most 2,000 characters"))),
                ])),
                ("required", ["code"]),
                ("if", ["properties": ["code": ["const": "followUp"]]]),
                ("then", ["allOf": [present("followUpDue"), ["properties": ["followUpDue": trimmed(date, "YYYY-MM-DD")]]]]),
            ])),
            ("CallDisposition", object([
                ("callId", integer), ("code", string), ("reason", nullableString), ("followUpDue", nullable(day)), ("followUpText", nullableString),
                ("agentId", nullableInteger), ("updatedAt", dateTime),
            ])),
            ("ReferralInput", object([
                ("customerId", positiveId), ("product", text(100, "1 to 100 characters")), ("callId", nullable(positiveId)),
            ], required: ["customerId", "product"])),
            ("Referral", object([
                ("id", integer), ("customerId", integer), ("product", string), ("agentId", integer), ("callId", nullableInteger), ("at", dateTime),
            ])),
            ("ReferralMonth", object([("agentId", integer), ("month", string), ("count", integer), ("goal", integer), ("referrals", list("Referral"))])),
            ("FollowUp", object([
                ("callId", integer), ("code", string), ("due", day), ("text", nullableString), ("agentId", nullableInteger), ("from", string),
                ("customerId", nullableString), ("doneAt", nullableDateTime),
            ])),
        ]
        schemas += [
            ("ReportRow", object([
                ("slot", string), ("id", nullableInteger), ("name", string), ("offered", integer), ("answered", integer), ("abandoned", integer),
                ("shortAbandoned", integer), ("rejected", integer), ("serviceLevel", nullableNumber), ("serviceLevelAbandonsAgainst", nullableNumber),
                ("serviceLevelAbandonsFor", nullableNumber), ("abandonmentRate", nullableNumber), ("asaSeconds", nullableNumber),
                ("ahtSeconds", nullableNumber), ("talkSeconds", number), ("holdSeconds", number), ("wrapUpSeconds", number), ("holdCount", integer),
                ("transfers", integer), ("escalations", integer), ("occupancy", nullableNumber), ("loggedInSeconds", nullableNumber),
                ("notReadySeconds", nullableNumber), ("notReadyByReason", ["type": "object", "additionalProperties": number]),
            ])),
            ("Report", object([
                ("period", string), ("from", day), ("to", day), ("by", string), ("per", ["type": "string", "enum": enumeration(ReportSplit.self)]),
                ("rows", list("ReportRow")), ("total", ref("ReportRow")),
            ])),
            ("GoalInput", goalInput),
            ("GoalProgress", object([
                ("goal", object([
                    ("id", integer), ("scope", ["type": "string", "enum": enumeration(Goal.Scope.self)]), ("scopeId", integer),
                    ("metric", ["type": "string", "enum": enumeration(Goal.Metric.self)]), ("target", number),
                    ("direction", ["type": "string", "enum": enumeration(Goal.Direction.self)]),
                    ("period", ["type": "string", "enum": enumeration(Goal.Period.self)]),
                ])),
                ("period", string), ("value", nullableNumber), ("met", ["type": ["boolean", "null"]]), ("progress", nullableNumber),
            ])),
        ]
        schemas += [
            ("Alert", object([
                ("kind", ["type": "string", "enum": enumeration(Alert.Kind.self)]), ("queueId", nullableInteger), ("agentId", nullableInteger),
                ("value", number), ("threshold", number), ("message", string),
            ])),
            ("QueueTile", object([
                ("queueId", integer), ("name", string), ("waiting", integer), ("longestWaitSeconds", number), ("onHold", integer),
                ("agents", ["type": "object", "additionalProperties": integer, "description": "agents serving the queue, by state"]),
                ("today", object([
                    ("offered", integer), ("answered", integer), ("abandoned", integer), ("rejected", integer), ("serviceLevel", nullableNumber),
                    ("serviceLevelByTreatment", ["type": "object", "additionalProperties": nullableNumber]), ("serviceLevelTarget", ref("ServiceLevel")),
                    ("asaSeconds", nullableNumber), ("ahtSeconds", nullableNumber), ("abandonmentRate", nullableNumber), ("shortAbandoned", integer),
                ])),
                ("serviceLevelStatus", ["type": "string", "enum": ["good", "warning", "bad", "none"]]),
                ("lastHour", ["type": "array", "items": object([("start", dateTime), ("offered", integer), ("answered", integer), ("abandoned", integer)])]),
            ])),
            ("AgentRealtime", object([
                ("agentId", integer), ("username", string), ("displayName", string), ("teamId", nullableInteger), ("state", string),
                ("reason", nullableString), ("callId", nullableInteger), ("secondsInState", nullableNumber),
            ])),
            ("Wallboard", object([
                ("at", dateTime), ("queues", list("QueueTile")),
                ("agents", ["type": "array", "items": object([
                    ("agentId", integer), ("displayName", string), ("teamId", nullableInteger), ("state", string), ("reason", nullableString),
                    ("secondsInState", nullableNumber), ("callId", nullableInteger), ("callSeconds", nullableNumber), ("handled", integer),
                    ("ahtSeconds", nullableNumber), ("holds", integer), ("queues", ["type": "array", "items": integer]),
                ])]),
                ("teams", ["type": "array", "items": object([("id", integer), ("name", string)])]), ("alerts", list("Alert")),
            ])),
        ]
        schemas += [
            ("DayQueueMove", .object([
                ("type", "object"),
                ("properties", .object([
                    ("from", nullable(["type": "integer", "format": "int64", "minimum": 1, "description": "The queue the agent leaves for today"])),
                    ("to", nullable(["type": "integer", "format": "int64", "minimum": 1, "description": "The queue the agent takes today whatever their skills"])),
                ])),
                ("anyOf", [present("from"), present("to")]),
                ("description", "from, to or both (not the same queue)"),
            ])),
            ("DayQueueMoveRecord", object([("agentId", integer), ("day", day), ("queueId", integer), ("mode", ["type": "string", "enum": ["add", "remove"]])])),
            ("DayQueues", object([("agentId", integer), ("day", day), ("moves", list("DayQueueMoveRecord")), ("serving", ["type": "array", "items": integer])])),
        ]
        schemas += [
            ("CallScript", object([
                ("name", string), ("language", language),
                ("steps", ["type": "array", "items": object([
                    ("kind", ["type": "string", "enum": enumeration(CallScript.Step.Kind.self)]), ("title", string), ("guidance", string),
                    ("answers", ["type": "array", "items": string]),
                ])]),
            ])),
            ("CallScriptInput", object([
                ("name", name()), ("language", nullable(language)),
                ("steps", ["type": "array", "minItems": 1, "maxItems": 30, "items": object([
                    ("kind", ["type": "string", "enum": enumeration(CallScript.Step.Kind.self)]), ("title", name()),
                    ("guidance", nullable(["type": "string", "maxLength": 2000, "pattern": .string(template(nonBlank: false)),
                        "description": "At most 2,000 characters; {{placeholders}} from /api/v1/scripts/placeholders"])),
                    ("answers", nullable(["type": "array", "maxItems": 20, "items": [
                        "type": "string", "maxLength": 1000, "pattern": .string(template(nonBlank: true)),
                        "description": "1 to 1,000 characters; {{placeholders}} from /api/v1/scripts/placeholders",
                    ]])),
                ], required: ["kind", "title"])]),
            ], required: ["name", "steps"])),
            ("QueueScript", object([("queueId", nullableInteger), ("inherited", boolean), ("script", ref("CallScript"))])),
            ("Placeholder", object([("name", string), ("meaning", string)])),
            ("RenderedScript", object([
                ("queueId", nullableInteger), ("name", string), ("language", language),
                ("steps", ["type": "array", "items": object([
                    ("kind", string), ("title", string), ("guidance", ref("RenderedText")), ("answers", ["type": "array", "items": ref("RenderedText")]),
                ])]),
            ])),
            ("RenderedText", object([("text", string), ("missing", ["type": "array", "items": string])])),
        ]
        schemas += [
            ("ArticleInput", articleInput),
            ("Article", object([
                ("id", integer), ("title", string), ("category", string), ("kind", ["type": "string", "enum": enumeration(Article.Kind.self)]), ("body", string),
                ("steps", ["type": "array", "items": string]), ("language", language), ("publishedAt", dateTime), ("updatedAt", dateTime), ("isNew", boolean),
            ])),
            ("ArticleHit", object([
                ("id", integer), ("title", string), ("category", string), ("kind", ["type": "string", "enum": enumeration(Article.Kind.self)]),
                ("language", language), ("excerpt", string), ("isNew", boolean),
            ])),
        ]
        schemas += [
            ("StaffingRequest", staffingRequest),
            ("StaffingFigures", object([
                ("start", nullableString), ("calls", number), ("ahtSeconds", number), ("offeredLoad", number), ("agents", integer), ("positions", integer),
                ("serviceLevel", number),
                ("serviceLevels", object(KPI.AbandonTreatment.allCases.map { ($0.rawValue, number) })),
                ("thresholdSeconds", number), ("probabilityOfWaiting", number), ("asaSeconds", nullableNumber), ("occupancy", number),
                ("abandonment", nullableNumber),
            ], required: ["calls", "ahtSeconds", "offeredLoad", "agents", "positions"])),
            ("NotReadyReason", object([("code", string), ("label", string), ("system", boolean)])),
            ("NotReadyReasonCreate", object([("code", reasonCode), ("label", reasonLabel)], required: ["code", "label"])),
            ("NotReadyReasonUpdate", object([("label", reasonLabel)], required: ["label"])),
            ("SIPAccount", object([("agentId", integer), ("username", string), ("realm", string)])),
            ("SIPAccountInput", object([
                ("username", trimmed("[A-Za-z][A-Za-z0-9._-]{0,63}", "What the phone registers as: a letter, then letters, digits, '.', '_' or '-' (1 to 64)")),
                ("password", ["type": "string", "minLength": 8, "maxLength": 128]),
            ], required: ["username", "password"])),
            ("AuditEntry", object([
                ("id", integer), ("at", dateTime), ("actorUserId", nullableInteger), ("actorUsername", nullableString), ("action", string),
                ("entity", string), ("entityId", nullableInteger), ("before", ["type": ["object", "null"]]), ("after", ["type": ["object", "null"]]),
            ])),
        ]
        schemas.sort { $0.0 < $1.0 }
        return .object(schemas)
    }

    static let password: JSONValue = [
        "type": "string", "minLength": 8, "maxLength": 72, "description": "8 characters to 72 bytes in UTF-8 (what bcrypt reads)",
    ]

    static func userFields(creating: Bool) -> [(String, JSONValue)] {
        let fields: [(String, JSONValue)] = [
            ("username", trimmed("[a-z0-9][a-z0-9._-]{1,31}", "2 to 32 lowercase letters, digits, '.', '-' or '_', starting with a letter or digit")),
            ("displayName", name()), ("language", nullable(language)),
            ("roles", ["type": "array", "minItems": 1, "items": ["type": "string", "enum": enumeration(Role.self)]]), ("password", password),
            ("active", nullable(boolean)),
        ]
        // A new user needs a username, display name, roles and password; a change needs nothing.
        return fields.map { field in creating && ["username", "displayName", "roles", "password"].contains(field.0) ? field : (field.0, nullable(field.1)) }
    }

    /// A skill name (`Skill.validatedName`): a letter, then letters, digits, ':', '_' and '-', at
    /// most 64; a name starting `lang:` is a language skill: `lang:` and 2 or 3 lowercase letters.
    static let skillName: JSONValue = {
        let rest = "[A-Za-z0-9:_-]"
        let notLanguage = [
            "[A-Za-km-z]\(rest){0,63}", "l(?:[A-Zb-z0-9:_-]\(rest){0,62})?", "la(?:[A-Za-mo-z0-9:_-]\(rest){0,61})?",
            "lan(?:[A-Za-fh-z0-9:_-]\(rest){0,60})?", "lang(?:[A-Za-z0-9_-]\(rest){0,59})?",
        ]
        return trimmed("(?:lang:[a-z]{2,3}|\(notLanguage.joined(separator: "|")))", "lang:nl (a language) or techSupport (an expertise)")
    }()

    static let skillDescription = text(500, optional: true, "At most 500 characters")

    static let agentSkills: JSONValue = ["type": "array", "items": ref("SkillLevel"), "description": "Each skill once, by name"]

    static let reasonCode = trimmed("[A-Za-z][A-Za-z0-9_-]{0,31}", "1 to 32 letters, digits, '_' or '-', starting with a letter (not login)")
    static let reasonLabel = text(64, "1 to 64 characters")

    static let queueFields: [(String, JSONValue)] = [
        ("name", string), ("extension", string), ("priority", integer), ("serviceLevel", ref("ServiceLevel")), ("maxWaitingCalls", integer),
        ("wrapUpSeconds", integer), ("requiredSkills", list("SkillRequirement")), ("hours", ref("BusinessHours")),
        ("strategy", ["type": "string", "enum": enumeration(RoutingStrategy.self)]), ("weight", integer), ("ringTimeoutSeconds", integer),
        ("missedCallGoesNotReady", boolean), ("maxWaitSeconds", integer), ("overflow", list("OverflowRule")), ("escalation", boolean),
        ("dispositionRequired", boolean), ("alerts", ref("AlertThresholds")),
    ]

    static func queueInputFields(creating: Bool) -> [(String, JSONValue)] {
        let fields: [(String, JSONValue)] = [
            ("name", name()), ("extension", trimmed("[0-9]{2,8}", "The number callers dial: 2 to 8 digits")),
            ("priority", integer(QueueSettings.priorityRange)), ("serviceLevel", ref("ServiceLevel")), ("maxWaitingCalls", integer(1...100_000)),
            ("wrapUpSeconds", integer(0...3600)), ("requiredSkills", ["type": "array", "items": ref("SkillRequirement"), "description": "Each skill once"]),
            ("hours", ref("BusinessHoursInput")), ("strategy", ["type": "string", "enum": enumeration(RoutingStrategy.self)]),
            ("weight", integer(1...100)), ("ringTimeoutSeconds", integer(5...300)), ("missedCallGoesNotReady", boolean),
            ("maxWaitSeconds", integer(10...86_400)), ("overflow", ["type": "array", "items": ref("OverflowRuleInput")]),
            ("escalation", ["type": "boolean", "description": "At most one queue is the escalation queue (409)"]), ("dispositionRequired", boolean),
            ("alerts", ref("AlertThresholdsInput")),
        ]
        return fields.map { field in creating && ["name", "extension"].contains(field.0) ? field : (field.0, nullable(field.1)) }
    }

    /// An overflow rule as `QueueSettings.validated` checks it: each action with what it needs.
    static var overflowRuleInput: JSONValue {
        func when(_ action: OverflowRule.Action, _ then: JSONValue) -> JSONValue {
            ["if": ["properties": ["action": ["const": .string(action.rawValue)]]], "then": then]
        }
        let proficiency = integer(SkillLevel.range)
        return .object([
            ("type", "object"),
            ("properties", .object([
                ("afterSeconds", integer(1...86_400)), ("action", ["type": "string", "enum": enumeration(OverflowRule.Action.self)]),
                ("minimum", nullable(int64)), ("skill", nullable(string)), ("queue", nullable(string)), ("reason", nullable(string)),
            ])),
            ("required", ["afterSeconds", "action"]),
            ("allOf", [
                when(.lowerMinimum, ["allOf": [present("minimum"), ["properties": ["minimum": proficiency]]]]),
                when(.addSkill, ["allOf": [present("skill"), ["properties": ["minimum": nullable(proficiency)]]]]),
                when(.moveToQueue, ["allOf": [present("queue"), ["properties": ["queue": ["type": "string", "minLength": 1, "description": "Another queue's name"]]]]]),
                when(.end, ["properties": ["reason": nullable(name(64))]]),
            ]),
        ])
    }

    static var customerCard: JSONValue {
        let invoice = object([
            ("id", integer), ("number", string), ("issuedOn", day), ("dueOn", day), ("currency", string),
            ("status", ["type": "string", "enum": enumeration(Invoice.Status.self)]),
            ("lines", ["type": "array", "items": object([("description", string), ("quantity", integer), ("unitPriceMinor", integer)])]),
        ])
        let order = object([
            ("id", integer), ("number", string), ("orderedOn", day), ("status", ["type": "string", "enum": enumeration(Order.Status.self)]),
            ("totalMinor", integer), ("currency", string), ("shipments", ["type": "array", "items": ["type": "object"]]),
        ])
        return object([
            ("customer", ref("Customer")),
            ("billing", object([
                ("openInvoices", ["type": "array", "items": invoice]), ("openBalanceMinor", integer), ("currency", string),
                ("lastPayment", ["anyOf": [object([("id", integer), ("invoiceId", nullableInteger), ("paidOn", day), ("amountMinor", integer),
                    ("currency", string), ("method", string)]), ["type": "null"]]]),
                ("invoices", ["type": "array", "items": invoice]),
            ])),
            ("shipping", object([("openOrders", ["type": "array", "items": order]), ("orders", ["type": "array", "items": order])])),
            ("warranties", ["type": "array", "items": object([("warranty", ["type": "object"]), ("standing", ["type": "string", "enum": ["active", "expiring", "expired"]])])]),
            ("interactions", ["type": "array", "items": object([
                ("callId", integer), ("at", dateTime), ("queueId", integer), ("agentId", nullableInteger), ("outcome", nullableString),
                ("note", ["type": ["string", "null"], "description": "null when the reader may not read the call's note"]), ("disposition", nullableString),
            ])]),
            ("advice", object([
                ("offers", ["type": "array", "items": object([("product", string), ("reason", string), ("rule", string)])]),
                ("withheld", ["type": "string", "description": "why nothing may be offered (absent when offers may be made)"]),
            ])),
        ])
    }

    /// `GoalDraft.validated`: for one agent or one team; the target's range follows the metric.
    static var goalInput: JSONValue {
        func when(_ metrics: [Goal.Metric], _ target: JSONValue) -> JSONValue {
            ["if": ["properties": ["metric": ["enum": .array(metrics.map { .string($0.rawValue) })]]], "then": ["properties": ["target": target]]]
        }
        return .object([
            ("type", "object"),
            ("properties", .object([
                ("agentId", nullable(positiveId)), ("teamId", nullable(positiveId)),
                ("metric", ["type": "string", "enum": enumeration(Goal.Metric.self)]),
                ("target", ["type": "number", "minimum": 0, "description": "a share 0–1 (serviceLevel, holdRate, notReadyShare), seconds (aht) or a count"]),
                ("direction", nullable(["type": "string", "enum": enumeration(Goal.Direction.self)])),
                ("period", nullable(["type": "string", "enum": enumeration(Goal.Period.self)])),
            ])),
            ("required", ["metric", "target"]),
            ("oneOf", [present("agentId"), present("teamId")]),
            ("allOf", [
                when([.serviceLevel, .notReadyShare, .holdRate], ["maximum": 1]),
                when([.callsHandled, .referrals], ["type": "integer", "maximum": 1_000_000]),
                when([.aht], ["exclusiveMinimum": 0, "maximum": 86_400]),
            ]),
        ])
    }

    /// `ArticleDraft.validated`: troubleshooting articles have 1 to 40 steps, other articles none.
    static var articleInput: JSONValue {
        let step = text(2000, "1 to 2,000 characters")
        return .object([
            ("type", "object"),
            ("properties", .object([
                ("title", name(200)), ("category", name(60)), ("kind", nullable(["type": "string", "enum": enumeration(Article.Kind.self)])),
                ("body", text(50_000, "1 to 50,000 characters")),
                ("steps", nullable(["type": "array", "maxItems": 40, "items": step, "description": "Given without kind: a troubleshooting article"])),
                ("language", nullable(language)),
            ])),
            ("required", ["title", "category", "body"]),
            ("allOf", [
                ["if": ["properties": ["kind": ["const": "article"]], "required": ["kind"]], "then": ["properties": ["steps": ["type": ["array", "null"], "maxItems": 0]]]],
                [
                    "if": ["properties": ["kind": ["const": "troubleshooting"]], "required": ["kind"]],
                    "then": ["required": ["steps"], "properties": ["steps": ["type": "array", "minItems": 1]]],
                ],
            ]),
        ])
    }

    /// `StaffingAPI.Body` and `StaffingRequest`/`Traffic`'s limits: one target; a forecast or
    /// calls with ahtSeconds.
    static var staffingRequest: JSONValue {
        // A percentage is divided by 100 before it is checked to be above 0: below 100 × 2⁻¹⁰⁷⁵ (the
        // smallest double, halved) it becomes 0.
        let abovePercentZero = 2.4703282292062327e-322
        func range(_ low: Double, _ high: Double?, exclusiveLow: Bool = false, exclusiveHigh: Bool = false, _ description: String? = nil) -> JSONValue {
            var schema: [(String, JSONValue)] = [("type", "number"), (exclusiveLow ? "exclusiveMinimum" : "minimum", .number(low))]
            if let high { schema.append((exclusiveHigh ? "exclusiveMaximum" : "maximum", .number(high))) }
            if let description { schema.append(("description", .string(description))) }
            return nullable(.object(schema))
        }
        let calls = range(0, 1e9, "Calls in the interval")
        let aht = range(0, 1_000_000, exclusiveLow: true, "Average handle time in seconds")
        return .object([
            ("type", "object"),
            ("properties", .object([
                ("calls", calls), ("ahtSeconds", aht),
                ("intervalSeconds", range(1, 31_622_400, "The interval's length (default 1800)")),
                ("target", nullable(object([
                    ("serviceLevelPercent", ["type": "number", "exclusiveMinimum": .number(abovePercentZero), "exclusiveMaximum": 100]),
                    ("seconds", ["type": "number", "minimum": 0, "maximum": 86_400]),
                ], required: ["serviceLevelPercent", "seconds"]))),
                ("asaSeconds", range(0, nil, exclusiveLow: true, "Target average speed of answer")),
                ("abandonmentPercent", range(abovePercentZero, 100, exclusiveLow: true, exclusiveHigh: true, "Target abandonment (needs patienceSeconds)")),
                ("treatment", nullable(["type": "string", "enum": enumeration(KPI.AbandonTreatment.self),
                    "description": "default countedAgainst with patienceSeconds, else ignored"])),
                ("thresholdSeconds", range(0, 86_400, "default 20")), ("shrinkagePercent", range(0, 99)),
                ("maxOccupancyPercent", range(abovePercentZero, 100, exclusiveLow: true)), ("patienceSeconds", range(0, 86_400, exclusiveLow: true)),
                ("forecast", nullable(["type": "array", "maxItems": 200_000, "items": object([
                    ("start", string), ("calls", ["type": "number", "minimum": 0, "maximum": .number(1e9)]),
                    ("ahtSeconds", ["type": "number", "exclusiveMinimum": 0, "maximum": 1_000_000]),
                ], required: ["start", "calls", "ahtSeconds"])])),
            ])),
            ("oneOf", [present("target"), present("asaSeconds"), present("abandonmentPercent")]),
            ("allOf", [
                ["if": present("abandonmentPercent"), "then": present("patienceSeconds")],
                [
                    "if": present("forecast"), "then": ["allOf": [absent("calls"), absent("ahtSeconds")]],
                    "else": ["allOf": [present("calls"), present("ahtSeconds")]],
                ],
            ]),
        ])
    }
}
