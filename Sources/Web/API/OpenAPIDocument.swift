import Foundation

/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`. Written by hand
/// next to the routes; a test checks both ways that every route is documented and every
/// documented operation is routed.
enum OpenAPIDocument {
    struct Operation {
        var method: String
        var path: String
        var summary: String
        var tag: String
        var request: String?
        var success: Int
        var response: JSONValue?
        var signedIn: Bool = true
    }

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static func list(_ name: String) -> JSONValue { ["type": "array", "items": ref(name)] }

    static var operations: [Operation] {
        var operations: [Operation] = [
            .init(method: "post", path: "/api/v1/sessions", summary: "Sign in; returns a bearer token and sets the session cookie", tag: "sessions",
                request: "SignIn", success: 201, response: ref("Session"), signedIn: false),
            .init(method: "delete", path: "/api/v1/sessions", summary: "Sign out: ends the current session", tag: "sessions", success: 204),
            .init(method: "get", path: "/api/v1/me", summary: "The signed-in user", tag: "profile", success: 200, response: ref("Profile")),
            .init(method: "patch", path: "/api/v1/me", summary: "Change your display name, language or password", tag: "profile",
                request: "ProfileInput", success: 200, response: ref("Profile")),
            .init(method: "get", path: "/api/v1/audit", summary: "The audit log, newest first (query: limit, before, entity)", tag: "audit",
                success: 200, response: list("AuditEntry")),
            .init(method: "get", path: "/api/v1/openapi.json", summary: "This document", tag: "meta", success: 200,
                response: ["type": "object"], signedIn: false),
            .init(method: "post", path: "/api/v1/calls", summary: "Simulated telephony: a call arrives in a queue", tag: "calls",
                request: "NewCall", success: 201, response: ref("CallState")),
            .init(method: "get", path: "/api/v1/calls/{id}", summary: "A call's record and timeline", tag: "calls", success: 200,
                response: ref("Call")),
            .init(method: "post", path: "/api/v1/agents/{id}/state", summary: "Log in, go available or not ready (with a reason), log out",
                tag: "calls", request: "AgentStateChange", success: 200, response: ref("AgentState")),
            .init(method: "get", path: "/api/v1/realtime/queues", summary: "Per queue now: waiting, longest wait, agents by state, on hold; today's figures",
                tag: "realtime", success: 200, response: ["type": "array", "items": ["type": "object"]]),
            .init(method: "get", path: "/api/v1/realtime/agents", summary: "Every agent's state and time in state", tag: "realtime", success: 200,
                response: ["type": "array", "items": ["type": "object"]]),
            .init(method: "get", path: "/api/v1/realtime/wallboard",
                summary: "The wallboard: queue tiles (today, last hour, service level status), agents (state, call, today), teams, alerts; ?team=, ?queue=",
                tag: "realtime", success: 200,
                response: object([("at", string), ("queues", ["type": "array", "items": ["type": "object"]]), ("agents", ["type": "array", "items": ["type": "object"]]),
                    ("teams", ["type": "array", "items": object([("id", integer), ("name", string)])]), ("alerts", list("Alert"))])),
            .init(method: "get", path: "/api/v1/events",
                summary: "Server-Sent Events: every change the role may see, and alertRaised/alertCleared for those who watch the floor (query: limit, timeout in seconds)",
                tag: "realtime",
                success: 200, response: nil),
            .init(method: "post", path: "/api/v1/agents/{id}/wrap-up/finish", summary: "End wrap-up early", tag: "calls", success: 200,
                response: ref("AgentState")),
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
            operations.append(.init(
                method: "post", path: "/api/v1/calls/{id}/\(operation)", summary: summary, tag: "calls",
                request: ["transfer", "hangup", "consult"].contains(operation) ? "CallOperation" : nil, success: 200, response: ref("CallState")))
        }
        operations += [
            .init(method: "get", path: "/api/v1/not-ready-reasons", summary: "The reasons an agent can give for not ready, in order", tag: "queues",
                success: 200, response: list("NotReadyReason")),
            .init(method: "post", path: "/api/v1/not-ready-reasons", summary: "Add a not-ready reason", tag: "queues", request: "NotReadyReason",
                success: 201, response: ref("NotReadyReason")),
            .init(method: "patch", path: "/api/v1/not-ready-reasons/{code}", summary: "Change a reason's label", tag: "queues", request: "NotReadyReason",
                success: 200, response: ref("NotReadyReason")),
            .init(method: "delete", path: "/api/v1/not-ready-reasons/{code}", summary: "Remove a reason (not missedCall)", tag: "queues", success: 204),
            .init(method: "get", path: "/api/v1/agents/{id}/sip", summary: "An agent's SIP account (user name and realm; never the password)",
                tag: "telephony", success: 200, response: ref("SIPAccount")),
            .init(method: "put", path: "/api/v1/agents/{id}/sip", summary: "Create or replace an agent's SIP account (the agent, or who manages agents)",
                tag: "telephony", request: "SIPAccountInput", success: 200, response: ref("SIPAccount")),
            .init(method: "delete", path: "/api/v1/agents/{id}/sip", summary: "Remove an agent's SIP account", tag: "telephony", success: 204),
            .init(method: "get", path: "/api/v1/sip/status", summary: "The SIP endpoint: registrations, transactions, counters", tag: "telephony",
                success: 200, response: ["type": "object"]),
            .init(method: "get", path: "/api/v1/customers", summary: "Search customers by name, e-mail or number (q), or find a caller's (phone)",
                tag: "customers", success: 200, response: list("Customer")),
            .init(method: "get", path: "/api/v1/customers/{id}", summary: "A customer's screen pop: billing, shipping, warranties, last calls",
                tag: "customers", success: 200, response: ref("CustomerCard")),
            .init(method: "post", path: "/api/v1/customers", summary: "Add a customer", tag: "customers", request: "CustomerInput", success: 201,
                response: ref("Customer")),
            .init(method: "get", path: "/api/v1/agents/{id}/state", summary: "An agent's state now (the agent, or who directs them)", tag: "calls",
                success: 200, response: ref("AgentState")),
            .init(method: "get", path: "/api/v1/calls/{id}/note", summary: "The call's note (204 when none yet)", tag: "calls", success: 200, response: ref("CallNote")),
            .init(method: "put", path: "/api/v1/calls/{id}/note", summary: "Save the call's note (the whole text; the page saves as the agent types)",
                tag: "calls", request: "CallNoteInput", success: 200, response: ref("CallNote")),
            .init(method: "get", path: "/api/v1/calls/{id}/disposition", summary: "The call's disposition (204 when none yet)", tag: "calls", success: 200,
                response: ref("CallDisposition")),
            .init(method: "put", path: "/api/v1/calls/{id}/disposition", summary: "Set the call's disposition, with a follow-up when needed", tag: "calls",
                request: "DispositionInput", success: 200, response: ref("CallDisposition")),
            .init(method: "get", path: "/api/v1/dispositions", summary: "The disposition codes agents choose from", tag: "calls", success: 200,
                response: ["type": "array", "items": object([("code", string), ("label", string)])]),
            .init(method: "post", path: "/api/v1/referrals", summary: "Record a sales referral by the signed-in agent", tag: "customers",
                request: "ReferralInput", success: 201, response: ref("Referral")),
            .init(method: "get", path: "/api/v1/agents/{id}/referrals", summary: "An agent's referrals in a month (?month=YYYY-MM) against the goal of 5",
                tag: "customers", success: 200, response: object([("agentId", integer), ("month", string), ("count", integer), ("goal", integer), ("referrals", list("Referral"))])),
            .init(method: "get", path: "/api/v1/agents/{id}/today", summary: "The agent's own figures today: calls handled, talk and wrap-up time, AHT",
                tag: "calls", success: 200,
                response: object([("agentId", integer), ("handled", integer), ("talkSeconds", number), ("wrapUpSeconds", number), ("ahtSeconds", ["type": ["number", "null"]])])),
            .init(method: "get", path: "/api/v1/follow-ups", summary: "Follow-up tasks: yours (or ?agentId=, or ?all=true for managers), ?state=open|all",
                tag: "calls", success: 200, response: list("FollowUp")),
            .init(method: "post", path: "/api/v1/follow-ups/{id}/done", summary: "Mark the call's follow-up done", tag: "calls", success: 200, response: ref("FollowUp")),
            .init(method: "post", path: "/api/v1/follow-ups/{id}/reopen", summary: "Open the call's follow-up again", tag: "calls", success: 200, response: ref("FollowUp")),
            .init(method: "get", path: "/api/v1/scripts", summary: "Every stored call script (queueId null: the default)", tag: "knowledge", success: 200,
                response: list("QueueScript")),
            .init(method: "get", path: "/api/v1/scripts/placeholders", summary: "The placeholders a script may use, with what fills them", tag: "knowledge",
                success: 200, response: ["type": "array", "items": object([("name", string), ("meaning", string)])]),
            .init(method: "get", path: "/api/v1/scripts/{queue}", summary: "A queue's script (a queue id, or 'default'); inherited when it has none",
                tag: "knowledge", success: 200, response: ref("QueueScript")),
            .init(method: "put", path: "/api/v1/scripts/{queue}", summary: "Save a queue's script (or the default); unknown placeholders are refused",
                tag: "knowledge", request: "CallScript", success: 200, response: ref("QueueScript")),
            .init(method: "delete", path: "/api/v1/scripts/{queue}", summary: "Remove a queue's own script (it inherits the default again)", tag: "knowledge",
                success: 204, response: nil),
            .init(method: "get", path: "/api/v1/scripts/{queue}/rendered", summary: "The queue's script filled in for ?customerId= and the signed-in agent (204: none)",
                tag: "knowledge", success: 200, response: ref("RenderedScript")),
            .init(method: "get", path: "/api/v1/articles", summary: "Search the knowledge base (?q= words, all must match; ?category=, ?language=, ?limit=)",
                tag: "knowledge", success: 200, response: list("ArticleHit")),
            .init(method: "get", path: "/api/v1/articles/categories", summary: "The knowledge base's categories", tag: "knowledge", success: 200,
                response: ["type": "array", "items": string]),
            .init(method: "get", path: "/api/v1/articles/{id}", summary: "An article (troubleshooting articles have steps)", tag: "knowledge", success: 200,
                response: ref("Article")),
            .init(method: "post", path: "/api/v1/articles", summary: "Publish an article", tag: "knowledge", request: "ArticleInput", success: 201, response: ref("Article")),
            .init(method: "put", path: "/api/v1/articles/{id}", summary: "Change an article", tag: "knowledge", request: "ArticleInput", success: 200, response: ref("Article")),
            .init(method: "delete", path: "/api/v1/articles/{id}", summary: "Remove an article", tag: "knowledge", success: 204, response: nil),
            .init(method: "get", path: "/api/v1/reports",
                summary: "A report: ?period=2026 | 2026-10 | 2026-W41 | 2026-10-05, ?by=queue|team|agent|center, ?per=none|interval|day|week|month, ?format=json|csv",
                tag: "reports", success: 200, response: ref("Report")),
            .init(method: "post", path: "/api/v1/calls/{id}/monitor",
                summary: "Silent monitor, whisper, barge or stop ({\"mode\"}): recorded in the call's timeline and the audit log", tag: "calls",
                success: 200, response: ref("CallState")),
            .init(method: "post", path: "/api/v1/agents/{id}/day-queues",
                summary: "Move an agent between queues for today ({\"from\": queueId, \"to\": queueId}); ends at midnight", tag: "agents", success: 200,
                response: object([("agentId", integer), ("day", string), ("moves", ["type": "array"]), ("serving", ["type": "array", "items": integer])])),
            .init(method: "delete", path: "/api/v1/agents/{id}/day-queues", summary: "Undo today's moves of an agent", tag: "agents", success: 200,
                response: object([("agentId", integer), ("day", string), ("moves", ["type": "array"]), ("serving", ["type": "array", "items": integer])])),
            .init(method: "get", path: "/api/v1/day-queues", summary: "Today's moves of agents between queues", tag: "agents", success: 200,
                response: ["type": "array", "items": object([("agentId", integer), ("day", string), ("queueId", integer), ("mode", string)])]),
            .init(method: "get", path: "/api/v1/goals", summary: "Goals with progress this period: ?agentId= (with the agent's team's), ?teamId=, or your own",
                tag: "goals", success: 200, response: list("GoalProgress")),
            .init(method: "post", path: "/api/v1/goals", summary: "Set a goal for an agent or a team (supervisors; team leaders for their team)", tag: "goals",
                request: "GoalInput", success: 201, response: ref("GoalProgress")),
            .init(method: "delete", path: "/api/v1/goals/{id}", summary: "Remove a goal", tag: "goals", success: 204, response: nil),
            .init(method: "post", path: "/api/v1/staffing",
                summary: "Agents needed for a target (Erlang C, or Erlang A with patienceSeconds), for one interval or each row of a forecast",
                tag: "planning", request: "StaffingRequest", success: 200,
                response: ["oneOf": [ref("StaffingFigures"), object([("intervals", list("StaffingFigures"))])]]),
        ]
        for (path, schema, tag) in [("users", "User", "users"), ("teams", "Team", "teams"), ("skills", "Skill", "skills"),
            ("agents", "Agent", "agents"), ("queues", "Queue", "queues")]
        {
            let entity = String(path.dropLast())
            operations += [
                .init(method: "get", path: "/api/v1/\(path)", summary: "List \(path)", tag: tag, success: 200, response: list(schema)),
                .init(method: "post", path: "/api/v1/\(path)", summary: "Create a \(entity)", tag: tag, request: "\(schema)Input", success: 201,
                    response: ref(schema)),
                .init(method: "get", path: "/api/v1/\(path)/{id}", summary: "Show a \(entity)", tag: tag, success: 200, response: ref(schema)),
                .init(method: "patch", path: "/api/v1/\(path)/{id}", summary: "Change a \(entity); absent fields stay as they are", tag: tag,
                    request: "\(schema)Input", success: 200, response: ref(schema)),
                .init(method: "delete", path: "/api/v1/\(path)/{id}", summary: "Delete a \(entity)", tag: tag, success: 204),
            ]
        }
        return operations
    }

    static var document: JSONValue {
        var paths: [(String, JSONValue)] = []
        for operation in operations {
            var responses: [(String, JSONValue)] = []
            if let response = operation.response {
                responses.append(("\(operation.success)", ["description": "Success", "content": ["application/json": ["schema": response]]]))
            } else {
                responses.append(("\(operation.success)", ["description": "Success"]))
            }
            let errors: [(Int, String)] =
                [(400, "Malformed JSON"), (401, "Not signed in"), (403, "Your roles do not allow this"), (404, "No such record"),
                    (409, "Duplicate or still in use"), (422, "A field is missing or invalid; `field` names it"), (429, "Too many failed sign-ins")]
            for (status, description) in errors {
                responses.append(("\(status)", ["description": .string(description), "content": ["application/json": ["schema": ref("Error")]]]))
            }
            var body: [(String, JSONValue)] = [
                ("summary", .string(operation.summary)), ("operationId", .string(operationId(operation))), ("tags", [.string(operation.tag)]),
            ]
            if operation.path.contains("{id}") {
                body.append(("parameters", [["name": "id", "in": "path", "required": true, "schema": ["type": "integer", "format": "int64"]]]))
            }
            if let request = operation.request {
                body.append(("requestBody", ["required": true, "content": ["application/json": ["schema": ref(request)]]]))
            }
            body.append(("responses", .object(responses)))
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
                "description": "The contact center's JSON API. Every error is {\"error\":{\"code\",\"message\",\"field\"}}.",
            ],
            "paths": .object(paths),
            "components": ["securitySchemes": securitySchemes, "schemas": schemas],
        ]
    }

    static func operationId(_ operation: Operation) -> String {
        let words = operation.path.replacingOccurrences(of: "/api/v1/", with: "").split(separator: "/").map {
            $0 == "{id}" ? "ById" : $0.replacingOccurrences(of: ".json", with: "").capitalized
        }
        return operation.method + words.joined()
    }

    static let securitySchemes: JSONValue = [
        "bearer": ["type": "http", "scheme": "bearer", "description": "The token from POST /api/v1/sessions"],
        "cookie": ["type": "apiKey", "in": "cookie", "name": "switchboard_session"],
    ]

    static func object(_ properties: [(String, JSONValue)], required: [String] = []) -> JSONValue {
        var schema: [(String, JSONValue)] = [("type", "object"), ("properties", .object(properties))]
        if !required.isEmpty { schema.append(("required", .array(required.map(JSONValue.string)))) }
        return .object(schema)
    }

    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let nullableInteger: JSONValue = ["type": ["integer", "null"]]
    static let boolean: JSONValue = ["type": "boolean"]
    static let number: JSONValue = ["type": "number"]
    static let roles: JSONValue = ["type": "array", "items": ["type": "string", "enum": .array(["agent", "teamLeader", "supervisor", "qa", "workforce", "recruiter", "admin"])]]
    static let language: JSONValue = ["type": "string", "enum": ["nl", "en"]]

    static let schemas: JSONValue = {
        let queueFields: [(String, JSONValue)] = [
            ("name", string), ("extension", ["type": "string", "pattern": "^[0-9]{2,8}$"]), ("priority", ["type": "integer", "minimum": 1, "maximum": 10]),
            ("serviceLevel", ref("ServiceLevel")), ("maxWaitingCalls", integer), ("wrapUpSeconds", integer),
            ("requiredSkills", list("SkillRequirement")), ("hours", ref("BusinessHours")),
            ("strategy", ["type": "string", "enum": ["longestIdle", "mostSkilled", "roundRobin", "fewestCalls"]]),
            ("weight", ["type": "integer", "minimum": 1, "maximum": 100]), ("ringTimeoutSeconds", ["type": "integer", "minimum": 5, "maximum": 300]),
            ("missedCallGoesNotReady", boolean), ("overflow", list("OverflowRule")), ("escalation", boolean), ("dispositionRequired", boolean),
            ("alerts", object([("serviceLevel", boolean), ("longestWaitSeconds", nullableInteger), ("callsOnHold", nullableInteger), ("notReadySeconds", nullableInteger)])),
        ]
        return [
            "Error": object([("error", object([("code", string), ("message", string), ("field", ["type": ["string", "null"]])], required: ["code", "message"]))]),
            "SignIn": object([("username", string), ("password", string)], required: ["username", "password"]),
            "Session": object([("token", string), ("user", ref("Profile")), ("expiresAt", ["type": "string", "format": "date-time"])]),
            "Profile": object([
                ("id", integer), ("username", string), ("displayName", string), ("language", language), ("roles", roles),
                ("agentId", nullableInteger), ("teamId", nullableInteger), ("teamName", ["type": ["string", "null"]]),
            ]),
            "ProfileInput": object([("displayName", string), ("language", language), ("currentPassword", string), ("newPassword", string)]),
            "User": object([("id", integer), ("username", string), ("displayName", string), ("language", language), ("roles", roles), ("active", boolean)]),
            "UserInput": object([
                ("username", string), ("displayName", string), ("language", language), ("roles", roles), ("password", ["type": "string", "minLength": 8]),
                ("active", boolean),
            ]),
            "Team": object([("id", integer), ("name", string), ("leaderId", nullableInteger), ("agentCount", integer), ("warnings", ["type": "array", "items": string])]),
            "TeamInput": object([("name", string), ("leaderId", nullableInteger)]),
            "Skill": object([("id", integer), ("name", string), ("kind", ["type": "string", "enum": ["language", "expertise"]]), ("description", string)]),
            "SkillInput": object([("name", string), ("description", string)]),
            "SkillLevel": object([("skill", string), ("proficiency", ["type": "integer", "minimum": 1, "maximum": 5])], required: ["skill", "proficiency"]),
            "Agent": object([("id", integer), ("userId", integer), ("username", string), ("displayName", string), ("teamId", nullableInteger), ("skills", list("SkillLevel"))]),
            "AgentInput": object([("userId", integer), ("teamId", nullableInteger), ("skills", list("SkillLevel"))]),
            "ServiceLevel": object([("percent", ["type": "integer", "minimum": 1, "maximum": 100]), ("seconds", integer)], required: ["percent", "seconds"]),
            "SkillRequirement": object([("skill", string), ("minimumProficiency", ["type": "integer", "minimum": 1, "maximum": 5])], required: ["skill", "minimumProficiency"]),
            "BusinessHours": object([
                ("timeZone", string),
                ("weekly", ["type": "object", "description": "mon…sun → list of \"HH:MM-HH:MM\"; a missing day is closed",
                    "additionalProperties": ["type": "array", "items": string]]),
                ("holidays", ["type": "array", "items": object([("date", ["type": "string", "format": "date"]), ("name", string)])]),
            ], required: ["timeZone", "weekly"]),
            "OverflowRule": object([
                ("afterSeconds", integer),
                ("action", ["type": "string", "enum": ["lowerMinimum", "addSkill", "addTeamLeaders", "moveToQueue", "offerCallback", "end"]]),
                ("minimum", integer), ("skill", string), ("queue", string), ("reason", string),
            ], required: ["afterSeconds", "action"]),
            "Queue": object([("id", integer)] + queueFields),
            "QueueInput": object(queueFields),
            "NewCall": object([
                ("queue", ["type": ["integer", "string"], "description": "id, name or extension"]), ("from", string), ("customerId", string),
                ("priority", ["type": "integer", "minimum": 0, "maximum": 10]),
            ], required: ["queue", "from"]),
            "CallState": object([("id", integer), ("state", ["type": "string", "enum": ["queued", "ringing", "talking", "held", "consulting", "conference", "ended"]])]),
            "CallOperation": object([("queue", ["type": ["integer", "string"]]), ("agentId", integer), ("by", ["type": "string", "enum": ["agent", "caller"]])]),
            "Call": object([
                ("id", integer), ("state", string), ("queueId", integer), ("firstQueueId", integer), ("from", string), ("customerId", ["type": ["string", "null"]]),
                ("priority", integer), ("arrivedAt", ["type": "string", "format": "date-time"]), ("answeredAt", ["type": ["string", "null"]]),
                ("agentId", nullableInteger), ("endedAt", ["type": ["string", "null"]]), ("outcome", ["type": ["string", "null"]]), ("holdCount", integer),
                ("holdSeconds", ["type": "number"]), ("transfers", integer), ("escalated", boolean), ("consultations", integer), ("conferenced", boolean),
                ("visits", ["type": "array", "items": object([
                    ("queueId", integer), ("enteredAt", string), ("answeredAt", ["type": ["string", "null"]]), ("agentId", nullableInteger),
                    ("leftAt", ["type": ["string", "null"]]), ("outcome", ["type": ["string", "null"]]),
                ])]),
                ("timeline", ["type": "array", "items": object([("at", string), ("kind", string), ("agentId", nullableInteger), ("queueId", nullableInteger), ("detail", ["type": ["string", "null"]])])]),
            ]),
            "AgentStateChange": object([
                ("state", ["type": "string", "enum": ["available", "notReady", "loggedIn", "loggedOut"]]),
                ("reason", ["type": "string", "description": "a code from /api/v1/not-ready-reasons"]),
                ("because", ["type": "string", "maxLength": 500, "description": "why someone else sets this agent's state (audited)"]),
            ], required: ["state"]),
            "Customer": object([
                ("id", integer), ("firstName", string), ("lastName", string), ("phones", ["type": "array", "items": string]),
                ("email", ["type": ["string", "null"]]), ("street", ["type": ["string", "null"]]), ("postalCode", ["type": ["string", "null"]]),
                ("city", ["type": ["string", "null"]]), ("country", string), ("language", language), ("segment", string),
                ("consentMarketing", boolean), ("consentRecording", boolean),
            ]),
            "CustomerInput": object([
                ("firstName", string), ("lastName", string), ("phones", ["type": "array", "items": string]), ("email", string), ("street", string),
                ("postalCode", string), ("city", string), ("country", ["type": "string", "pattern": "^[A-Za-z]{2}$"]), ("language", language),
                ("segment", string), ("consentMarketing", boolean), ("consentRecording", boolean),
            ], required: ["firstName", "lastName", "phones"]),
            "CustomerCard": object([
                ("customer", ref("Customer")),
                ("billing", object([("openInvoices", ["type": "array"]), ("openBalanceMinor", integer), ("currency", string),
                    ("lastPayment", ["type": ["object", "null"]]), ("invoices", ["type": "array"])])),
                ("shipping", object([("openOrders", ["type": "array"]), ("orders", ["type": "array"])])),
                ("warranties", ["type": "array", "items": object([("warranty", ["type": "object"]), ("standing", ["type": "string", "enum": ["active", "expiring", "expired"]])])]),
                ("interactions", ["type": "array", "items": object([
                    ("callId", integer), ("at", ["type": "string", "format": "date-time"]), ("queueId", integer), ("agentId", nullableInteger),
                    ("outcome", ["type": ["string", "null"]]), ("note", ["type": ["string", "null"]]), ("disposition", ["type": ["string", "null"]]),
                ])]),
                ("advice", object([
                    ("offers", ["type": "array", "items": object([("product", string), ("reason", string), ("rule", string)])]),
                    ("withheld", ["type": "string", "description": "why nothing may be offered (absent when offers may be made)"]),
                ])),
            ]),
            "CallNote": object([("callId", integer), ("text", string), ("agentId", nullableInteger), ("updatedAt", integer)]),
            "CallNoteInput": object([("text", ["type": "string", "maxLength": 20000])], required: ["text"]),
            "DispositionInput": object([("code", string), ("reason", string), ("followUpDue", ["type": "string", "format": "date"]), ("followUpText", string)],
                required: ["code"]),
            "CallDisposition": object([
                ("callId", integer), ("code", string), ("reason", ["type": ["string", "null"]]), ("followUpDue", ["type": ["string", "null"]]),
                ("followUpText", ["type": ["string", "null"]]), ("agentId", nullableInteger), ("updatedAt", integer),
            ]),
            "ReportRow": object([
                ("slot", string), ("id", nullableInteger), ("name", string), ("offered", integer), ("answered", integer), ("abandoned", integer),
                ("shortAbandoned", integer), ("rejected", integer), ("serviceLevel", ["type": ["number", "null"]]),
                ("serviceLevelAbandonsAgainst", ["type": ["number", "null"]]), ("serviceLevelAbandonsFor", ["type": ["number", "null"]]),
                ("abandonmentRate", ["type": ["number", "null"]]), ("asaSeconds", ["type": ["number", "null"]]), ("ahtSeconds", ["type": ["number", "null"]]),
                ("talkSeconds", number), ("holdSeconds", number), ("wrapUpSeconds", number), ("holdCount", integer), ("transfers", integer),
                ("escalations", integer), ("occupancy", ["type": ["number", "null"]]), ("loggedInSeconds", ["type": ["number", "null"]]),
                ("notReadySeconds", ["type": ["number", "null"]]), ("notReadyByReason", ["type": "object", "additionalProperties": number]),
            ]),
            "Report": object([
                ("period", string), ("from", ["type": "string", "format": "date"]), ("to", ["type": "string", "format": "date"]), ("by", string),
                ("per", string), ("rows", list("ReportRow")), ("total", ref("ReportRow")),
            ]),
            "GoalInput": object([
                ("agentId", integer), ("teamId", integer),
                ("metric", ["type": "string", "enum": ["callsHandled", "aht", "serviceLevel", "holdRate", "referrals", "notReadyShare"]]),
                ("target", number), ("direction", ["type": "string", "enum": ["atLeast", "atMost"]]),
                ("period", ["type": "string", "enum": ["day", "week", "month", "quarter", "year"]]),
            ], required: ["metric", "target"]),
            "GoalProgress": object([
                ("goal", object([("id", integer), ("scope", string), ("scopeId", integer), ("metric", string), ("target", number), ("direction", string), ("period", string)])),
                ("period", string), ("value", ["type": ["number", "null"]]), ("met", ["type": ["boolean", "null"]]), ("progress", ["type": ["number", "null"]]),
            ]),
            "Alert": object([
                ("kind", ["type": "string", "enum": ["serviceLevel", "longestWait", "callsOnHold", "agentNotReady"]]), ("queueId", nullableInteger),
                ("agentId", nullableInteger), ("value", number), ("threshold", number), ("message", string),
            ]),
            "FollowUp": object([
                ("callId", integer), ("code", string), ("due", ["type": "string", "format": "date"]), ("text", ["type": ["string", "null"]]),
                ("agentId", nullableInteger), ("from", string), ("customerId", ["type": ["string", "null"]]), ("doneAt", ["type": ["string", "null"], "format": "date-time"]),
            ]),
            "CallScript": object([
                ("name", string), ("language", language),
                ("steps", ["type": "array", "items": object([
                    ("kind", ["type": "string", "enum": ["greeting", "identityCheck", "request", "deescalation", "closing", "other"]]), ("title", string),
                    ("guidance", string), ("answers", ["type": "array", "items": ["type": "string", "description": "text with {{placeholders}}"]]),
                ], required: ["kind", "title"])]),
            ], required: ["name", "steps"]),
            "QueueScript": object([("queueId", nullableInteger), ("inherited", boolean), ("script", ref("CallScript"))]),
            "RenderedScript": object([
                ("queueId", nullableInteger), ("name", string), ("language", language),
                ("steps", ["type": "array", "items": object([
                    ("kind", string), ("title", string), ("guidance", ref("RenderedText")), ("answers", ["type": "array", "items": ref("RenderedText")]),
                ])]),
            ]),
            "RenderedText": object([("text", string), ("missing", ["type": "array", "items": string])]),
            "ArticleInput": object([
                ("title", string), ("category", string), ("kind", ["type": "string", "enum": ["article", "troubleshooting"]]), ("body", string),
                ("steps", ["type": "array", "items": string]), ("language", language),
            ], required: ["title", "category", "body"]),
            "Article": object([
                ("id", integer), ("title", string), ("category", string), ("kind", string), ("body", string), ("steps", ["type": "array", "items": string]),
                ("language", language), ("publishedAt", ["type": "string", "format": "date-time"]), ("updatedAt", ["type": "string", "format": "date-time"]),
                ("isNew", boolean),
            ]),
            "ArticleHit": object([
                ("id", integer), ("title", string), ("category", string), ("kind", string), ("language", language), ("excerpt", string), ("isNew", boolean),
            ]),
            "ReferralInput": object([("customerId", integer), ("product", string), ("callId", integer)], required: ["customerId", "product"]),
            "Referral": object([("id", integer), ("customerId", integer), ("product", string), ("agentId", integer), ("callId", nullableInteger), ("at", integer)]),
            "StaffingRequest": object([
                ("calls", ["type": "number", "minimum": 0]), ("ahtSeconds", ["type": "number", "exclusiveMinimum": 0]),
                ("intervalSeconds", ["type": "number", "exclusiveMinimum": 0, "default": 1800]),
                ("target", object([("serviceLevelPercent", ["type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 100]), ("seconds", ["type": "number", "minimum": 0])],
                    required: ["serviceLevelPercent", "seconds"])),
                ("asaSeconds", ["type": "number", "exclusiveMinimum": 0]), ("abandonmentPercent", ["type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 100]),
                ("treatment", ["type": "string", "enum": ["ignored", "countedAgainst", "countedFor"],
                    "description": "default countedAgainst with patienceSeconds, else ignored"]),
                ("thresholdSeconds", ["type": "number", "default": 20]), ("shrinkagePercent", ["type": "number", "minimum": 0, "maximum": 99]),
                ("maxOccupancyPercent", ["type": "number", "exclusiveMinimum": 0, "maximum": 100]), ("patienceSeconds", ["type": "number", "exclusiveMinimum": 0]),
                ("forecast", ["type": "array", "items": object([("start", string), ("calls", ["type": "number"]), ("ahtSeconds", ["type": "number"])],
                    required: ["start", "calls", "ahtSeconds"])]),
            ]),
            "StaffingFigures": object([
                ("start", ["type": ["string", "null"]]), ("calls", ["type": "number"]), ("ahtSeconds", ["type": "number"]), ("offeredLoad", ["type": "number"]),
                ("agents", integer), ("positions", integer), ("serviceLevel", ["type": "number"]),
                ("serviceLevels", object([("ignored", ["type": "number"]), ("countedAgainst", ["type": "number"]), ("countedFor", ["type": "number"])])),
                ("thresholdSeconds", ["type": "number"]), ("probabilityOfWaiting", ["type": "number"]), ("asaSeconds", ["type": ["number", "null"]]),
                ("occupancy", ["type": "number"]), ("abandonment", ["type": ["number", "null"]]),
            ]),
            "NotReadyReason": object([("code", string), ("label", string), ("system", boolean)]),
            "SIPAccount": object([("agentId", integer), ("username", string), ("realm", string)]),
            "SIPAccountInput": object([("username", string), ("password", ["type": "string", "minLength": 8, "maxLength": 128])], required: ["username", "password"]),
            "AgentState": object([("agentId", integer), ("state", string), ("reason", ["type": ["string", "null"]]), ("callId", nullableInteger), ("since", ["type": ["string", "null"]]), ("wrapUpUntil", ["type": ["string", "null"]])]),
            "AuditEntry": object([
                ("id", integer), ("at", ["type": "string", "format": "date-time"]), ("actorUserId", nullableInteger), ("actorUsername", ["type": ["string", "null"]]),
                ("action", string), ("entity", string), ("entityId", nullableInteger), ("before", ["type": ["object", "null"]]), ("after", ["type": ["object", "null"]]),
            ]),
        ]
    }()
}
