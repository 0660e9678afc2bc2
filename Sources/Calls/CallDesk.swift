import ContactCenter
import Foundation
import Organisation
import Storage
import SwitchboardCore

/// The calls feature's use cases: place a call (simulated telephony), read a call's record,
/// act on a call (answer … take over), direct an agent's state, move agents between queues
/// for the day, monitor, and an agent's figures today. Each checks who may do it, so the web
/// layer only decodes, calls one of these and encodes.
///
/// It runs on the live shell (`ContactCenter`), which on a test's virtual clock and SQLite is
/// its own fake: `CallsTests` drives it without HTTP on SQLite and PostgreSQL.
public struct CallDesk: Sendable {
    let service: OrganisationService
    let center: ContactCenter
    let directory: QueueDirectory

    public init(service: OrganisationService, center: ContactCenter) {
        self.service = service
        self.center = center
        self.directory = QueueDirectory(service: service)
    }

    /// What a call operation may carry: a queue or agent to transfer or consult to, and for
    /// `hangup` who hung up.
    public struct Operation: Sendable {
        public var queue: QueueReference?
        public var agentId: Int64?
        /// For `hangup`: `caller` (simulated telephony) or `agent` (the default).
        public var by: String?

        public init(queue: QueueReference? = nil, agentId: Int64? = nil, by: String? = nil) {
            self.queue = queue
            self.agentId = agentId
            self.by = by
        }
    }

    /// `POST /calls/{id}/…`: what an agent, supervisor or the simulated telephony can do to a call.
    public static let operations = [
        "answer", "decline", "hold", "resume", "hangup", "transfer", "escalate", "takeover",
        "consult", "consult/complete", "consult/cancel", "conference",
    ]

    /// A caller rings a queue (the simulated telephony's INVITE).
    public func placeCall(
        queue: QueueReference?, from: String?, customerId: String?, priority: Int?, idempotency: IdempotencyKey?, by principal: Principal
    ) async throws -> CallStatus {
        try principal.require(.write, .calls)
        guard let queue else { throw SwitchboardError.missing("queue") }
        guard let from = from?.trimmingCharacters(in: .whitespaces), !from.isEmpty, from.count <= 64 else {
            throw SwitchboardError.invalid("from", "from is the caller's number, 1 to 64 characters.")
        }
        let priority = try Validate.integer(priority ?? 0, field: "priority", in: 0...10)
        if let customerId, customerId.count > 64 { throw SwitchboardError.invalid("customerId", "customerId is at most 64 characters.") }
        let id = try await Self.routing {
            try await center.callArrived(
                queue: try await queueID(queue, field: "queue"), from: from, customerId: customerId, priority: priority, idempotency: idempotency)
        }
        return CallStatus(id: id.rawValue, state: await center.status(of: id) ?? "ended")
    }

    /// A call's record with its timeline and queue visits. The roles that read calls see all;
    /// an agent their own — a call they took, or the one ringing or in their hands now — and
    /// learns nothing about others, not even whether they exist.
    public func record(of id: Int64, by principal: Principal) async throws -> CallRecord {
        let stored = try await center.database.read { try await CallLogRepository($0).call(id) }
        if !Permissions.allows(principal.roles, to: .read, .calls) {
            let agentId = try await service.profile(of: principal).agentId
            var current: Int64?
            if let agentId { current = await center.state(of: AgentID(agentId))?.subject?.rawValue }
            guard let stored, let agentId, stored.agentId == agentId || current == id else { throw SwitchboardError.forbidden("read calls") }
        }
        guard let stored else { throw SwitchboardError.notFound("call", id: id) }
        let (timeline, visits) = try await center.database.read { sql in
            (try await CallLogRepository(sql).timeline(of: id), try await CallLogRepository(sql).visits(of: id))
        }
        return CallRecord(call: stored, state: await center.status(of: CallID(id)) ?? "ended", timeline: timeline, visits: visits)
    }

    /// One of `operations` on a call, after checking who may do it.
    public func perform(_ operation: String, on call: CallID, _ input: Operation, by principal: Principal) async throws -> CallStatus {
        let command = try await command(operation, call, input, principal)
        try await Self.routing { try await center.submit(command) }
        return CallStatus(id: call.rawValue, state: await center.status(of: call) ?? "ended")
    }

    /// The routing command an operation means, after checking who may do it. The command names
    /// the acting agent, and the engine checks that agent is on the call in the same step as the
    /// change: a take-over or transfer that lands first makes it fail (403), never act on the
    /// next agent's call.
    func command(_ operation: String, _ call: CallID, _ body: Operation, _ principal: Principal) async throws -> RoutingCommand {
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
        case "takeover":
            guard principal.roles.contains(.supervisor) || principal.roles.contains(.teamLeader) else {
                throw SwitchboardError.forbidden("take over calls")
            }
            guard let mine else {
                throw SwitchboardError.invalid("agentId", "Taking over needs an agent record of your own to take the call with.")
            }
            // A team leader takes over their own team's calls (the engine checks, with the
            // take-over); supervisors anyone's.
            return .takeOver(call, by: mine, withinTeam: !principal.roles.contains(.supervisor) && !principal.roles.contains(.admin))
        default:
            throw SwitchboardError.notFound("operation", named: operation)
        }
    }

    /// Sets an agent's state: available, notReady (with a reason code), loggedIn or loggedOut.
    /// Someone directing another agent says why (`because`, kept in the audit log).
    public func setState(of agent: AgentID, to state: String, reason: String?, because: String?, by principal: Principal) async throws -> AgentStatus {
        try await mayDirect(agent, principal)
        if let because, because.count > 500 { throw SwitchboardError.invalid("because", "The reason is at most 500 characters.") }
        let command: RoutingCommand
        switch state {
        case "available": command = .goAvailable(agent)
        case "notReady":
            let reasons = try await service.notReadyReasons(by: .console).map(\.code)
            let reason = reason ?? reasons.first ?? "break"
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
            var why: String?
            if case .goNotReady(_, let code) = command { why = code }
            try await Supervision(service).recordDirectedState(agentId: agent.rawValue, state: state, reason: why, because: because, by: principal)
        }
        return try await status(of: agent)
    }

    /// An agent's state now, for whoever may direct it.
    public func state(of agent: AgentID, by principal: Principal) async throws -> AgentStatus {
        try await mayDirect(agent, principal)
        return try await status(of: agent)
    }

    /// Ends an agent's wrap-up now.
    public func finishWrapUp(of agent: AgentID, by principal: Principal) async throws -> AgentStatus {
        try await mayDirect(agent, principal)
        try await Self.routing { try await center.submit(.finishWrapUp(agent)) }
        return try await status(of: agent)
    }

    /// Moves an agent between queues for today; it applies at once and ends at midnight.
    public func moveForToday(_ agent: Int64, _ move: DayQueueMove, by principal: Principal) async throws -> DayQueues {
        let day = ContactCenter.today(await center.now)
        let moves = try await Supervision(service).moveAgentForDay(agent, move, day: day, by: principal)
        try await center.refreshOrganisation()
        return DayQueues(agentId: agent, day: day, moves: moves, serving: await center.queuesServed(by: AgentID(agent)).map(\.rawValue))
    }

    /// Undoes today's moves of an agent.
    public func clearMovesToday(_ agent: Int64, by principal: Principal) async throws -> DayQueues {
        let day = ContactCenter.today(await center.now)
        try await Supervision(service).clearDayMoves(agent, day: day, by: principal)
        try await center.refreshOrganisation()
        return DayQueues(agentId: agent, day: day, moves: [], serving: await center.queuesServed(by: AgentID(agent)).map(\.rawValue))
    }

    /// Today's moves of every agent the principal may see.
    public func movesToday(by principal: Principal) async throws -> [DayMove] {
        try await Supervision(service).dayMoves(day: ContactCenter.today(await center.now), by: principal)
    }

    /// Silent monitor, whisper, barge (and stop): recorded in the call's timeline and the
    /// audit log; the media part follows with the telephony media work.
    public func monitor(_ call: CallID, mode: String, by principal: Principal) async throws -> CallStatus {
        guard ["listen", "whisper", "barge", "stop"].contains(mode) else {
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
                CallEvent(at: now, kind: mode == "stop" ? "monitorStopped" : "monitor", agentId: agent.rawValue,
                          detail: mode == "stop" ? "by \(who)" : "\(mode) by \(who)"), to: call.rawValue)
            try await AuditRepository(sql).append(AuditEntry(
                at: now, actorUserId: principal.userId, actorUsername: principal.username, action: "call.monitor.\(mode)", entity: "call",
                entityId: call.rawValue))
        }
        return CallStatus(id: call.rawValue, state: await center.status(of: call) ?? "ended")
    }

    /// The agent's own figures today (since local midnight): calls handled, talk, wrap-up, AHT.
    public func today(of agent: AgentID, by principal: Principal) async throws -> AgentToday {
        try await mayDirect(agent, principal)
        let now = await center.now
        let totals = try await center.database.read {
            try await CallLogRepository($0).agentTotals(agentId: agent.rawValue, since: ContactCenter.startOfDay(now), now: now)
        }
        let aht = KPI.averageHandleTime(
            talk: .milliseconds(totals.talkMilliseconds), hold: .zero, wrapUp: .milliseconds(totals.wrapUpMilliseconds), handled: totals.handled)
        return AgentToday(
            agentId: agent.rawValue, handled: totals.handled, talkSeconds: Double(totals.talkMilliseconds) / 1000,
            wrapUpSeconds: Double(totals.wrapUpMilliseconds) / 1000, ahtSeconds: aht.map { Double($0.wholeMilliseconds) / 1000 })
    }

    /// An agent directs their own state; team leaders their team's agents; supervisors and
    /// administrators anyone's.
    public func mayDirect(_ agent: AgentID, _ principal: Principal) async throws {
        let target = try await service.agent(agent.rawValue, by: .console)
        if target.userId == principal.userId { return }
        if principal.roles.contains(.supervisor) || principal.roles.contains(.admin) { return }
        if principal.roles.contains(.teamLeader) {
            let profile = try await service.profile(of: principal)
            if let team = profile.teamId, team == target.teamId { return }
        }
        throw SwitchboardError.forbidden("change another agent's state")
    }

    func status(of agent: AgentID) async throws -> AgentStatus {
        let state = await center.state(of: agent)
        var reason: String?
        if case .notReady(let why) = state { reason = why }
        var until: String?
        if case .wrapUp(_, let end?) = state { until = ISO8601.format(end) }
        return AgentStatus(
            agentId: agent.rawValue, state: state?.name ?? "unknown", reason: reason,
            callId: state?.subject?.rawValue, since: await center.stateSince(of: agent).map(ISO8601.format), wrapUpUntil: until)
    }

    /// A queue by id, or by what a caller would dial (`DialledQueue`: extension or name).
    public func queueID(_ reference: QueueReference, field: String) async throws -> QueueID {
        switch reference {
        case .number(let number):
            // JSON numbers arrive as Double: 1e19, -1e19, 1.5 or NaN are no id (and `Int64(_:)`
            // on them would trap and take every live call down with the process).
            guard let id = Int64(exactly: number), id > 0 else {
                throw SwitchboardError.invalid(field, "\(field) is a queue's id (a positive whole number), name or extension.")
            }
            guard (try? await service.queue(id, by: .console)) != nil else { throw SwitchboardError.unknownReference(field, "No queue with id \(id).") }
            return QueueID(id)
        case .dialled(let text):
            guard let queue = try await directory.queue(dialled: text) else {
                throw SwitchboardError.unknownReference(field, "No queue named or numbered '\(text)'.")
            }
            return QueueID(queue.id)
        case .other:
            throw SwitchboardError.invalid(field, "\(field) is a queue's id, name or extension.")
        }
    }

    /// Runs a routing command, turning a refusal into the API's error: an unknown call or agent
    /// is 404, someone else's call 403, anything the state does not allow 409.
    @discardableResult
    public static func routing<T>(_ body: () async throws -> T) async throws -> T {
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
