import Calls
import Organisation
import Hummingbird
import SwitchboardCore

/// The simulated telephony and call-handling API (for the demo, tests and centers without
/// SIP): inject calls, change agent states, answer, hold, transfer, escalate, take over and
/// hang up, and read a call's record with its timeline. The rules are `CallDesk`'s.
struct CallsAPI {
    let desk: CallDesk

    func register(on api: RouterGroup<AppContext>) {
        api.post("calls") { request, context in
            let body = try await request.decodeJSON(NewCallBody.self, context: context)
            let call = try await desk.placeCall(
                queue: body.queue.map(Self.queue), from: body.from, customerId: body.customerId, priority: body.priority,
                idempotency: context.idempotency, by: try context.requirePrincipal())
            return JSONResponse.make(call, status: .created)
        }
        api.get("calls/{id}") { _, context in
            JSONResponse.make(try await desk.record(of: try OrganisationAPI.id(context, "call"), by: try context.requirePrincipal()))
        }
        for operation in CallDesk.operations {
            api.post(RouterPath("calls/{id}/\(operation)")) { request, context in
                let principal = try context.requirePrincipal()
                let call = CallID(try OrganisationAPI.id(context, "call"))
                let body = try await Self.optionalBody(request, context)
                let input = CallDesk.Operation(queue: body.queue.map(Self.queue), agentId: body.agentId, by: body.by)
                return JSONResponse.make(try await desk.perform(operation, on: call, input, by: principal))
            }
        }
        api.post("agents/{id}/state") { request, context in
            let principal = try context.requirePrincipal()
            let agent = AgentID(try OrganisationAPI.id(context, "agent"))
            let body = try await request.decodeJSON(AgentStateBody.self, context: context)
            return JSONResponse.make(try await desk.setState(of: agent, to: body.state, reason: body.reason, because: body.because, by: principal))
        }
        api.get("agents/{id}/state") { _, context in
            JSONResponse.make(try await desk.state(of: AgentID(try OrganisationAPI.id(context, "agent")), by: try context.requirePrincipal()))
        }
        // Moving an agent between queues for today; it applies at once and ends at midnight.
        api.post("agents/{id}/day-queues") { request, context in
            let principal = try context.requirePrincipal()
            let agent = try OrganisationAPI.id(context, "agent")
            let move = try await request.decodeJSON(DayQueueMove.self, context: context)
            return JSONResponse.make(try await desk.moveForToday(agent, move, by: principal))
        }
        api.delete("agents/{id}/day-queues") { _, context in
            JSONResponse.make(try await desk.clearMovesToday(try OrganisationAPI.id(context, "agent"), by: try context.requirePrincipal()))
        }
        api.get("day-queues") { _, context in
            JSONResponse.make(try await desk.movesToday(by: try context.requirePrincipal()))
        }
        api.post("calls/{id}/monitor") { request, context in
            let principal = try context.requirePrincipal()
            let call = CallID(try OrganisationAPI.id(context, "call"))
            let body = try await request.decodeJSON(MonitorBody.self, context: context)
            return JSONResponse.make(try await desk.monitor(call, mode: body.mode, by: principal))
        }
        api.get("agents/{id}/today") { _, context in
            JSONResponse.make(try await desk.today(of: AgentID(try OrganisationAPI.id(context, "agent")), by: try context.requirePrincipal()))
        }
        api.post("agents/{id}/wrap-up/finish") { _, context in
            JSONResponse.make(try await desk.finishWrapUp(of: AgentID(try OrganisationAPI.id(context, "agent")), by: try context.requirePrincipal()))
        }
    }

    /// A queue reference in JSON: a number is an id, a string what a caller would dial.
    static func queue(_ value: JSONValue) -> QueueReference {
        switch value {
        case .number(let number): .number(number)
        case .string(let text): .dialled(text)
        default: .other
        }
    }

    static func optionalBody(_ request: Request, _ context: AppContext) async throws -> CallOperationBody {
        guard let length = request.headers[.contentLength].flatMap(Int.init), length > 0 else { return CallOperationBody() }
        return try await request.decodeJSON(CallOperationBody.self, context: context)
    }
}

struct NewCallBody: Decodable {
    var queue: JSONValue?
    var from: String?
    var customerId: String?
    var priority: Int?
}

struct MonitorBody: Decodable {
    /// listen (silent), whisper (the agent hears the supervisor), barge (all three talk), stop.
    var mode: String
}

struct CallOperationBody: Decodable {
    var queue: JSONValue?
    var agentId: Int64?
    /// For `hangup`: `caller` (simulated telephony) or `agent` (the default).
    var by: String?
}

struct AgentStateBody: Decodable {
    var state: String
    var reason: String?
    /// Why someone else sets this agent's state (kept in the audit log).
    var because: String?
}
