import ContactCenter
import Foundation
import Hummingbird
import Organisation
import Storage
import SwitchboardCore

/// The simulated telephony and call-handling API (for the demo, tests and centers without
/// SIP): inject calls, change agent states, answer, hold, transfer, escalate, take over and
/// hang up, and read a call's record with its timeline.
struct CallsAPI {
    let service: OrganisationService
    let center: ContactCenter

    /// `POST /calls/{id}/…`: what an agent, supervisor or the simulated telephony can do to a call.
    static let operations = [
        "answer", "decline", "hold", "resume", "hangup", "transfer", "escalate", "takeover",
        "consult", "consult/complete", "consult/cancel", "conference",
    ]

    func register(on api: RouterGroup<AppContext>) {
        api.post("calls") { request, context in
            let principal = try context.requirePrincipal()
            try principal.require(.write, .calls)
            let body = try await request.decodeJSON(NewCallBody.self, context: context)
            guard let queueRef = body.queue else { throw SwitchboardError.missing("queue") }
            guard let from = body.from?.trimmingCharacters(in: .whitespaces), !from.isEmpty, from.count <= 64 else {
                throw SwitchboardError.invalid("from", "from is the caller's number, 1 to 64 characters.")
            }
            let priority = try Validate.integer(body.priority ?? 0, field: "priority", in: 0...10)
            if let customer = body.customerId, customer.count > 64 { throw SwitchboardError.invalid("customerId", "customerId is at most 64 characters.") }
            let queue = try await queueID(queueRef, field: "queue")
            let id = try await Self.routing {
                try await center.callArrived(queue: queue, from: from, customerId: body.customerId, priority: priority, idempotency: context.idempotency)
            }
            let state = await center.status(of: id) ?? "ended"
            return JSONResponse.make(CallState(id: id.rawValue, state: state), status: .created)
        }
        api.get("calls/{id}") { _, context in
            let principal = try context.requirePrincipal()
            let id = try OrganisationAPI.id(context, "call")
            let stored = try await center.database.read { try await CallLogRepository($0).call(id) }
            // The roles that read calls see all; an agent sees their own (and learns nothing
            // about others, not even whether they exist).
            if !Permissions.allows(principal.roles, to: .read, .calls) {
                let agentId = try await service.profile(of: principal).agentId
                // Their own: a call they took, or the one ringing on their phone or in their hands now.
                var current: Int64?
                if let agentId { current = await center.state(of: AgentID(agentId))?.subject?.rawValue }
                guard let stored, let agentId, stored.agentId == agentId || current == id else { throw SwitchboardError.forbidden("read calls") }
            }
            guard let stored else { throw SwitchboardError.notFound("call", id: id) }
            let (timeline, visits) = try await center.database.read { sql in
                (try await CallLogRepository(sql).timeline(of: id), try await CallLogRepository(sql).visits(of: id))
            }
            let state = await center.status(of: CallID(id)) ?? "ended"
            return JSONResponse.make(CallDetail(call: stored, state: state, timeline: timeline, visits: visits))
        }
        for operation in Self.operations {
            api.post(RouterPath("calls/{id}/\(operation)")) { request, context in
                let principal = try context.requirePrincipal()
                let call = CallID(try OrganisationAPI.id(context, "call"))
                let body = try await Self.optionalBody(request, context)
                let command = try await command(operation, call, body, principal)
                try await Self.routing { try await center.submit(command) }
                return JSONResponse.make(CallState(id: call.rawValue, state: await center.status(of: call) ?? "ended"))
            }
        }
        api.post("agents/{id}/state") { request, context in
            let principal = try context.requirePrincipal()
            let agent = AgentID(try OrganisationAPI.id(context, "agent"))
            try await mayDirect(agent, principal)
            let body = try await request.decodeJSON(AgentStateBody.self, context: context)
            if let because = body.because, because.count > 500 { throw SwitchboardError.invalid("because", "The reason is at most 500 characters.") }
            let command: RoutingCommand
            switch body.state {
            case "available": command = .goAvailable(agent)
            case "notReady":
                let reasons = try await service.notReadyReasons(by: .console).map(\.code)
                let reason = body.reason ?? reasons.first ?? "break"
                guard reasons.contains(reason) else {
                    throw SwitchboardError.unknownReference("reason", "Unknown reason '\(reason)'; use \(reasons.joined(separator: ", ")).")
                }
                command = .goNotReady(agent, reason: reason)
            case "loggedIn": command = .logIn(agent)
            case "loggedOut": command = .logOut(agent)
            default:
                throw SwitchboardError.invalid("state", "state is available, notReady, loggedIn or loggedOut.")
            }
            // Going available or not ready from logged out logs the agent in first.
            var fromLoggedOut = false
            switch command {
            case .goAvailable, .goNotReady: fromLoggedOut = await center.state(of: agent) == .loggedOut
            default: break
            }
            if fromLoggedOut {
                try await Self.routing { try await center.submit(.logIn(agent)) }
            }
            try await Self.routing { try await center.submit(command) }
            if try await service.agent(agent.rawValue, by: .console).userId != principal.userId {
                var reason: String?
                if case .goNotReady(_, let why) = command { reason = why }
                try await service.recordDirectedState(agentId: agent.rawValue, state: body.state, reason: reason, because: body.because, by: principal)
            }
            return JSONResponse.make(try await agentState(agent))
        }
        api.get("agents/{id}/state") { _, context in
            let principal = try context.requirePrincipal()
            let agent = AgentID(try OrganisationAPI.id(context, "agent"))
            try await mayDirect(agent, principal)
            return JSONResponse.make(try await agentState(agent))
        }
        // Moving an agent between queues for today; it applies at once and ends at midnight.
        api.post("agents/{id}/day-queues") { request, context in
            let principal = try context.requirePrincipal()
            let agent = try OrganisationAPI.id(context, "agent")
            let move = try await request.decodeJSON(DayQueueMove.self, context: context)
            let day = ContactCenter.today(await center.now)
            let moves = try await service.moveAgentForDay(agent, move, day: day, by: principal)
            try await center.refreshOrganisation()
            return JSONResponse.make(DayQueuesView(agentId: agent, day: day, moves: moves, serving: await center.queuesServed(by: AgentID(agent)).map(\.rawValue)))
        }
        api.delete("agents/{id}/day-queues") { _, context in
            let principal = try context.requirePrincipal()
            let agent = try OrganisationAPI.id(context, "agent")
            let day = ContactCenter.today(await center.now)
            try await service.clearDayMoves(agent, day: day, by: principal)
            try await center.refreshOrganisation()
            return JSONResponse.make(DayQueuesView(agentId: agent, day: day, moves: [], serving: await center.queuesServed(by: AgentID(agent)).map(\.rawValue)))
        }
        api.get("day-queues") { _, context in
            let principal = try context.requirePrincipal()
            return JSONResponse.make(try await service.dayMoves(day: ContactCenter.today(await center.now), by: principal))
        }
        // Silent monitor, whisper, barge (and stop): recorded in the call's timeline and the
        // audit log; the media part follows with the telephony media work.
        api.post("calls/{id}/monitor") { request, context in
            let principal = try context.requirePrincipal()
            let call = CallID(try OrganisationAPI.id(context, "call"))
            let body = try await request.decodeJSON(MonitorBody.self, context: context)
            guard ["listen", "whisper", "barge", "stop"].contains(body.mode) else {
                throw SwitchboardError.invalid("mode", "mode is listen, whisper, barge or stop.")
            }
            guard principal.roles.contains(.supervisor) || principal.roles.contains(.admin) || principal.roles.contains(.teamLeader) else {
                throw SwitchboardError.forbidden("monitor calls")
            }
            guard let agent = await center.agent(on: call), await center.answeredAt(of: call) != nil else {
                throw SwitchboardError(.conflict, code: "not_connected", message: "Call \(call) is not connected to an agent now.")
            }
            try await mayDirect(agent, principal)
            let now = await center.now
            let who = principal.username
            try await center.database.transaction { sql in
                try await CallLogRepository(sql).append(
                    CallEvent(at: now, kind: body.mode == "stop" ? "monitorStopped" : "monitor", agentId: agent.rawValue,
                              detail: body.mode == "stop" ? "by \(who)" : "\(body.mode) by \(who)"), to: call.rawValue)
                try await AuditRepository(sql).append(AuditEntry(
                    at: now, actorUserId: principal.userId, actorUsername: principal.username, action: "call.monitor.\(body.mode)", entity: "call",
                    entityId: call.rawValue))
            }
            return JSONResponse.make(CallState(id: call.rawValue, state: await center.status(of: call) ?? "ended"))
        }
        // The agent's own figures today (since local midnight): calls handled, talk, wrap-up, AHT.
        api.get("agents/{id}/today") { _, context in
            let principal = try context.requirePrincipal()
            let agent = AgentID(try OrganisationAPI.id(context, "agent"))
            try await mayDirect(agent, principal)
            let now = await center.now
            let totals = try await center.database.read {
                try await CallLogRepository($0).agentTotals(agentId: agent.rawValue, since: ContactCenter.startOfDay(now), now: now)
            }
            let aht = KPI.averageHandleTime(
                talk: .milliseconds(totals.talkMilliseconds), hold: .zero, wrapUp: .milliseconds(totals.wrapUpMilliseconds), handled: totals.handled)
            return JSONResponse.make(AgentToday(
                agentId: agent.rawValue, handled: totals.handled, talkSeconds: Double(totals.talkMilliseconds) / 1000,
                wrapUpSeconds: Double(totals.wrapUpMilliseconds) / 1000, ahtSeconds: aht.map { Double($0.wholeMilliseconds) / 1000 }))
        }
        api.post("agents/{id}/wrap-up/finish") { _, context in
            let principal = try context.requirePrincipal()
            let agent = AgentID(try OrganisationAPI.id(context, "agent"))
            try await mayDirect(agent, principal)
            try await Self.routing { try await center.submit(.finishWrapUp(agent)) }
            return JSONResponse.make(try await agentState(agent))
        }
    }

    /// The routing command an operation means, after checking who may do it. The command names
    /// the acting agent, and the engine checks that agent is on the call in the same step as the
    /// change: a take-over or transfer that lands first makes it fail (403), never act on the
    /// next agent's call.
    func command(_ operation: String, _ call: CallID, _ body: CallOperationBody, _ principal: Principal) async throws -> RoutingCommand {
        let profile = try await service.profile(of: principal)
        let mine = profile.agentId.map { AgentID($0) }
        let participants = await center.participants(of: call)
        let supervising = principal.roles.contains(.supervisor) || principal.roles.contains(.admin)
        guard await center.status(of: call) != nil else { throw SwitchboardError.notFound("call", id: call.rawValue) }
        // Who acts: an agent on the call for themselves; a supervisor or administrator for
        // whoever has it (nil: the engine takes the call's agent).
        func acting() throws(SwitchboardError) -> AgentID? {
            if let mine, participants.contains(mine) { return mine }
            if supervising, !participants.isEmpty { return nil }
            throw SwitchboardError.forbidden("act on a call that is not yours")
        }
        /// Answering or declining names the ringing phone: the caller's agent, or the colleague
        /// rung for a consultation (the last participant).
        func ringing() throws(SwitchboardError) -> AgentID {
            if let agent = try acting() { return agent }
            return participants[participants.count - 1]
        }
        switch operation {
        case "answer": return .answer(call, by: try ringing())
        case "decline": return .decline(call, by: try ringing())
        case "hold": return .hold(call, by: try acting())
        case "resume": return .resume(call, by: try acting())
        case "hangup":
            if body.by == "caller" {
                try principal.require(.write, .calls)
                return .callerHungUp(call)
            }
            if let by = body.by, by != "agent" { throw SwitchboardError.invalid("by", "by is caller or agent.") }
            return .agentHungUp(call, by: try acting())
        case "transfer":
            let by = try acting()
            if let agentId = body.agentId { return .transferToAgent(call, AgentID(agentId), by: by) }
            guard let queue = body.queue else { throw SwitchboardError.missing("queue") }
            return .transferToQueue(call, try await queueID(queue, field: "queue"), by: by)
        case "consult":
            let by = try acting()
            guard let agentId = body.agentId else { throw SwitchboardError.missing("agentId") }
            return .consult(call, with: AgentID(agentId), by: by)
        case "consult/complete": return .completeTransfer(call, by: try acting())
        case "consult/cancel": return .cancelConsult(call, by: try acting())
        case "conference": return .conference(call, by: try acting())
        case "escalate": return .escalate(call, by: try acting())
        default:  // takeover
            guard principal.roles.contains(.supervisor) || principal.roles.contains(.teamLeader) else {
                throw SwitchboardError.forbidden("take over calls")
            }
            guard let mine else {
                throw SwitchboardError.invalid("agentId", "Taking over needs an agent record of your own to take the call with.")
            }
            // A team leader takes over their own team's calls (the engine checks, with the
            // take-over); supervisors anyone's.
            return .takeOver(call, by: mine, withinTeam: !principal.roles.contains(.supervisor) && !principal.roles.contains(.admin))
        }
    }

    /// An agent directs their own state; team leaders their team's agents; supervisors and
    /// administrators anyone's.
    func mayDirect(_ agent: AgentID, _ principal: Principal) async throws {
        let target = try await service.agent(agent.rawValue, by: .console)
        if target.userId == principal.userId { return }
        if principal.roles.contains(.supervisor) || principal.roles.contains(.admin) { return }
        if principal.roles.contains(.teamLeader) {
            let profile = try await service.profile(of: principal)
            if let team = profile.teamId, team == target.teamId { return }
        }
        throw SwitchboardError.forbidden("change another agent's state")
    }

    func agentState(_ agent: AgentID) async throws -> AgentStateView {
        let state = await center.state(of: agent)
        var reason: String?
        if case .notReady(let why) = state { reason = why }
        var until: String?
        if case .wrapUp(_, let end?) = state { until = ISO8601.format(end) }
        return AgentStateView(
            agentId: agent.rawValue, state: state?.name ?? "unknown", reason: reason,
            callId: state?.subject?.rawValue, since: await center.stateSince(of: agent).map(ISO8601.format), wrapUpUntil: until)
    }

    /// A queue by id (a number) or by name or extension (a string).
    func queueID(_ reference: JSONValue, field: String) async throws -> QueueID {
        switch reference {
        case .number(let number):
            // JSON numbers arrive as Double: 1e19, -1e19, 1.5 or NaN are no id (and `Int64(_:)`
            // on them would trap and take every live call down with the process).
            guard let id = Int64(exactly: number), id > 0 else {
                throw SwitchboardError.invalid(field, "\(field) is a queue's id (a positive whole number), name or extension.")
            }
            guard (try? await service.queue(id, by: .console)) != nil else { throw SwitchboardError.unknownReference(field, "No queue with id \(id).") }
            return QueueID(id)
        case .string(let text):
            guard let queue = try await service.database.read({ try await QueueRepository($0).find(nameOrExtension: text) }) else {
                throw SwitchboardError.unknownReference(field, "No queue named or numbered '\(text)'.")
            }
            return QueueID(queue.id)
        default:
            throw SwitchboardError.invalid(field, "\(field) is a queue's id, name or extension.")
        }
    }

    static func optionalBody(_ request: Request, _ context: AppContext) async throws -> CallOperationBody {
        guard let length = request.headers[.contentLength].flatMap(Int.init), length > 0 else { return CallOperationBody() }
        return try await request.decodeJSON(CallOperationBody.self, context: context)
    }

    /// Runs a routing command, turning a refusal into the API's error: an unknown call or agent
    /// is 404, someone else's call 403, anything the state does not allow 409.
    @discardableResult
    static func routing<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as RoutingError {
            switch error.reason {
            case .unknownCall, .unknownAgent, .unknownQueue:
                throw SwitchboardError(.notFound, code: "not_found", message: error.message)
            case .notYourCall:
                throw SwitchboardError(.forbidden, code: "not_your_call", message: error.message)
            default:
                throw SwitchboardError(.conflict, code: error.reason.rawValue, message: error.message)
            }
        }
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

struct CallState: Encodable {
    var id: Int64
    var state: String
}

struct AgentStateView: Encodable {
    var agentId: Int64
    var state: String
    var reason: String?
    var callId: Int64?
    var since: String?
    /// When wrap-up ends by itself (the agent's page counts down to it).
    var wrapUpUntil: String?
}

struct CallDetail: Encodable {
    var call: StoredCall
    var state: String
    var timeline: [CallEvent]
    var visits: [QueueVisit]

    enum CodingKeys: String, CodingKey {
        case id, state, queueId, firstQueueId, from, customerId, priority, arrivedAt, answeredAt, agentId, endedAt, outcome, holdCount, holdSeconds
        case transfers, escalated, consultations, conferenced, timeline, visits
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(call.id, forKey: .id)
        try c.encode(state, forKey: .state)
        try c.encode(call.lastQueueId, forKey: .queueId)
        try c.encode(call.firstQueueId, forKey: .firstQueueId)
        try c.encode(call.from, forKey: .from)
        try c.encode(call.customerId, forKey: .customerId)
        try c.encode(call.priority, forKey: .priority)
        try c.encode(ISO8601.format(call.arrivedAt), forKey: .arrivedAt)
        try c.encode(call.answeredAt.map(ISO8601.format), forKey: .answeredAt)
        try c.encode(call.agentId, forKey: .agentId)
        try c.encode(call.endedAt.map(ISO8601.format), forKey: .endedAt)
        try c.encode(call.outcome, forKey: .outcome)
        try c.encode(call.holdCount, forKey: .holdCount)
        try c.encode(Double(call.holdMilliseconds) / 1000, forKey: .holdSeconds)
        try c.encode(call.transfers, forKey: .transfers)
        try c.encode(call.escalated, forKey: .escalated)
        try c.encode(call.consultations, forKey: .consultations)
        try c.encode(call.conferenced, forKey: .conferenced)
        try c.encode(timeline.map(TimelineEntry.init), forKey: .timeline)
        try c.encode(visits.map(VisitEntry.init), forKey: .visits)
    }
}

struct TimelineEntry: Encodable {
    var event: CallEvent

    init(_ event: CallEvent) { self.event = event }

    enum CodingKeys: String, CodingKey { case at, kind, agentId, queueId, detail }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ISO8601.format(event.at), forKey: .at)
        try c.encode(event.kind, forKey: .kind)
        try c.encode(event.agentId, forKey: .agentId)
        try c.encode(event.queueId, forKey: .queueId)
        try c.encode(event.detail, forKey: .detail)
    }
}

struct VisitEntry: Encodable {
    var visit: QueueVisit

    init(_ visit: QueueVisit) { self.visit = visit }

    enum CodingKeys: String, CodingKey { case queueId, enteredAt, answeredAt, agentId, leftAt, outcome }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(visit.queueId, forKey: .queueId)
        try c.encode(ISO8601.format(visit.enteredAt), forKey: .enteredAt)
        try c.encode(visit.answeredAt.map(ISO8601.format), forKey: .answeredAt)
        try c.encode(visit.agentId, forKey: .agentId)
        try c.encode(visit.leftAt.map(ISO8601.format), forKey: .leftAt)
        try c.encode(visit.outcome, forKey: .outcome)
    }
}

/// `GET /agents/{id}/today`.
struct AgentToday: Encodable {
    var agentId: Int64
    var handled: Int
    var talkSeconds: Double
    var wrapUpSeconds: Double
    var ahtSeconds: Double?
}

/// An agent's moves between queues today and the queues they serve now.
struct DayQueuesView: Encodable {
    var agentId: Int64
    var day: String
    var moves: [DayQueueRepository.Move]
    var serving: [Int64]
}
