import ContactCenter
import Foundation
import Hummingbird
import Organisation
import ServiceLifecycle
import SwitchboardCore

/// The real-time view of the floor (R-SUP-5): per queue and per agent, and every change as a
/// Server-Sent Events stream. Figures for "today" come from the stored records since local
/// midnight and use the one definition of each metric in `KPI`.
struct RealtimeAPI {
    let service: OrganisationService
    let center: ContactCenter
    /// Alerts for the event stream (nil: none are sent).
    var alerts: AlertMonitor?

    func register(on api: RouterGroup<AppContext>) {
        api.get("realtime/queues") { _, context in
            let principal = try context.requirePrincipal()
            try principal.require(.read, .calls)
            // The wallboard's queue tiles: one computation of today's figures for both.
            return JSONResponse.make(try await Wallboard(service: service, center: center).queueTiles(at: await center.now).tiles)
        }
        api.get("realtime/agents") { _, context in
            let principal = try context.requirePrincipal()
            try principal.require(.read, .calls)
            let now = await center.now
            let team = try await teamScope(principal)
            let views = Dictionary(uniqueKeysWithValues: try await service.agents(by: principal).filter { team == nil || $0.teamId == team }.map { ($0.id, $0) })
            var list: [AgentRealtime] = []
            for (agent, state, since) in await center.agentStates {
                guard let view = views[agent.rawValue] else { continue }
                var reason: String?
                if case .notReady(let why) = state { reason = why }
                list.append(AgentRealtime(
                    agentId: agent.rawValue, username: view.username, displayName: view.displayName, teamId: view.teamId,
                    state: state.name, reason: reason, callId: state.subject?.rawValue,
                    secondsInState: state == .loggedOut ? nil : Self.seconds(now - since)))
            }
            return JSONResponse.make(list.sorted { $0.username < $1.username })
        }
        api.get("events") { request, context in
            let principal = try context.requirePrincipal()
            // Supervisors, administrators and QA see everything; a team leader what concerns
            // their team; an agent what concerns them.
            let team = try await teamScope(principal)
            let everything = Permissions.allows(principal.roles, to: .read, .calls) && team == nil
            var concerned = Set(try await service.profile(of: principal).agentId.map { [AgentID($0)] } ?? [])
            if let team {
                concerned.formUnion(try await service.agents(teamId: team, by: principal).map { AgentID($0.id) })
            }
            let own = concerned
            let query = request.uri.queryParameters
            let limit = try query["limit"].map { text throws(SwitchboardError) in
                guard let value = Int(text), value > 0 else { throw SwitchboardError.invalid("limit", "limit is a positive number of events.") }
                return value
            }
            let timeout = try query["timeout"].map { text throws(SwitchboardError) in
                guard let value = Int(text), (1...86_400).contains(value) else { throw SwitchboardError.invalid("timeout", "timeout is 1 to 86400 seconds.") }
                return Duration.seconds(value)
            }
            let stream = await center.events.subscribe(lifetime: timeout)
            // Those who watch the floor get its alerts too: about their queues and their agents.
            let watching = Permissions.allows(principal.roles, to: .read, .calls)
            let alertStream = watching ? await alerts?.subscribe() : nil
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: ": switchboard events\n\n"))
                let (merged, sink) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(2000))
                let effects = Task {
                    for await effect in stream {
                        var wanted = everything || Self.concerns(effect, own)
                        if !wanted { wanted = await Self.aboutOwnCall(effect, own, center) }
                        guard wanted else { continue }
                        guard let json = try? JSONResponse.encoder.encode(Self.event(effect)) else { continue }
                        sink.yield("event: \(Self.name(of: effect))\ndata: \(String(decoding: json, as: UTF8.self))\n\n")
                    }
                    sink.finish()
                }
                let raised = Task {
                    guard let alertStream else { return }
                    for await change in alertStream {
                        if let agent = change.alert.agentId, !everything, !own.contains(AgentID(agent)) { continue }
                        guard let json = try? JSONResponse.encoder.encode(change.alert) else { continue }
                        let name = if case .raised = change { "alertRaised" } else { "alertCleared" }
                        sink.yield("event: \(name)\ndata: \(String(decoding: json, as: UTF8.self))\n\n")
                    }
                }
                // A comment every 15 s: a browser that went away is noticed by the failed write
                // (and proxies keep the connection), not only at the next event.
                let heartbeat = Task {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(15))
                        sink.yield(": keep-alive\n\n")
                    }
                }
                defer {
                    effects.cancel()
                    raised.cancel()
                    heartbeat.cancel()
                }
                // A stream has no natural end: it ends when the server shuts down.
                try await withGracefulShutdownHandler {
                    var sent = 0
                    for await text in merged {
                        try await writer.write(ByteBuffer(string: text))
                        if text.hasPrefix(":") { continue }
                        sent += 1
                        if let limit, sent >= limit { break }
                    }
                } onGracefulShutdown: {
                    sink.finish()
                }
                try await writer.finish(nil)
            }
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
        }
    }

    /// The team a team leader is limited to, or nil for those who see the whole floor.
    func teamScope(_ principal: Principal) async throws -> Int64? {
        try await service.teamScope(of: principal)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.wholeMilliseconds) / 1000
    }

    static func startOfDay(_ now: Instant) -> Instant { ContactCenter.startOfDay(now) }

    /// Whether an effect concerns one of the agents (their state, their calls).
    static func concerns(_ effect: RoutingEffect, _ agents: Set<AgentID>) -> Bool {
        switch effect {
        case .agentStateChanged(let id, _, _): return agents.contains(id)
        case .callOffered(_, let to, _): return agents.contains(to)
        case .offerWithdrawn(_, let from, _): return agents.contains(from)
        case .callAnswered(_, let by, _): return agents.contains(by)
        case .callTransferred(_, let from, _, let to): return agents.contains(from) || to.map(agents.contains) == true
        case .callEscalated(_, let from, _): return agents.contains(from)
        case .callTakenOver(_, let from, let by): return agents.contains(from) || agents.contains(by)
        case .consultStarted(_, let from, let to, _): return agents.contains(from) || agents.contains(to)
        case .consultAnswered(_, let by): return agents.contains(by)
        case .consultEnded(_, let with, _), .conferenceStarted(_, let with): return agents.contains(with)
        case .conferenceLeft(_, let agent): return agents.contains(agent)
        case .callEnded(let record): return record.agent.map(agents.contains) == true
        default: return false
        }
    }

    /// How the agent who started a consultation learns that the colleague answered or that
    /// it ended: the effect names the colleague, so ask who has the call.
    static func aboutOwnCall(_ effect: RoutingEffect, _ agents: Set<AgentID>, _ center: ContactCenter) async -> Bool {
        switch effect {
        case .consultAnswered(let call, _), .consultEnded(let call, _, _):
            guard let agent = await center.agent(on: call) else { return false }
            return agents.contains(agent)
        default: return false
        }
    }

    static func name(of effect: RoutingEffect) -> String {
        switch effect {
        case .agentStateChanged: "agentStateChanged"
        case .callEnteredQueue: "callEnteredQueue"
        case .callQueued: "callQueued"
        case .callOffered: "callOffered"
        case .offerWithdrawn: "offerWithdrawn"
        case .callAnswered: "callAnswered"
        case .callHeld: "callHeld"
        case .callResumed: "callResumed"
        case .callTransferred: "callTransferred"
        case .callEscalated: "callEscalated"
        case .callTakenOver: "callTakenOver"
        case .consultStarted: "consultStarted"
        case .consultAnswered: "consultAnswered"
        case .consultEnded: "consultEnded"
        case .conferenceStarted: "conferenceStarted"
        case .conferenceLeft: "conferenceLeft"
        case .callOverflowed: "callOverflowed"
        case .callEnded: "callEnded"
        }
    }

    static func event(_ effect: RoutingEffect) -> JSONValue {
        func id<T>(_ value: Identifier<T>) -> JSONValue { .number(Double(value.rawValue)) }
        var fields: [(String, JSONValue)] = [("type", .string(name(of: effect)))]
        switch effect {
        case .agentStateChanged(let agent, let state, let at):
            fields += [("agentId", id(agent)), ("state", .string(state.name)), ("at", .string(ISO8601.format(at)))]
            if case .notReady(let reason) = state { fields.append(("reason", .string(reason))) }
            if let call = state.subject { fields.append(("callId", id(call))) }
            if case .wrapUp(_, let until?) = state { fields.append(("wrapUpUntil", .string(ISO8601.format(until)))) }
        case .callQueued(let call, let queue, let waiting):
            fields += [("callId", id(call)), ("queueId", id(queue)), ("waiting", .number(Double(waiting)))]
        case .callOffered(let call, let agent, let until):
            fields += [("callId", id(call)), ("agentId", id(agent)), ("ringUntil", .string(ISO8601.format(until)))]
        case .offerWithdrawn(let call, let agent, let reason):
            fields += [("callId", id(call)), ("agentId", id(agent)), ("reason", .string(reason.rawValue))]
        case .callAnswered(let call, let agent, let waited):
            fields += [("callId", id(call)), ("agentId", id(agent)), ("waitedSeconds", .number(seconds(waited)))]
        case .callEnteredQueue(let call, let queue):
            fields += [("callId", id(call)), ("queueId", id(queue))]
        case .callHeld(let call):
            fields += [("callId", id(call))]
        case .callResumed(let call, let held):
            fields += [("callId", id(call)), ("heldSeconds", .number(seconds(held)))]
        case .consultStarted(let call, let from, let to, let until):
            fields += [("callId", id(call)), ("fromAgentId", id(from)), ("agentId", id(to)), ("ringUntil", .string(ISO8601.format(until)))]
        case .consultAnswered(let call, let agent), .conferenceStarted(let call, let agent), .conferenceLeft(let call, let agent):
            fields += [("callId", id(call)), ("agentId", id(agent))]
        case .consultEnded(let call, let agent, let reason):
            fields += [("callId", id(call)), ("agentId", id(agent)), ("reason", .string(reason.rawValue))]
        case .callTransferred(let call, let from, let queue, let agent):
            fields += [("callId", id(call)), ("fromAgentId", id(from))]
            if let queue { fields.append(("queueId", id(queue))) }
            if let agent { fields.append(("agentId", id(agent))) }
        case .callEscalated(let call, let from, let queue):
            fields += [("callId", id(call)), ("fromAgentId", id(from)), ("queueId", id(queue))]
        case .callTakenOver(let call, let from, let by):
            fields += [("callId", id(call)), ("fromAgentId", id(from)), ("agentId", id(by))]
        case .callOverflowed(let call, let queue, let step, _):
            fields += [("callId", id(call)), ("queueId", id(queue)), ("step", .number(Double(step)))]
        case .callEnded(let record):
            fields += [("callId", id(record.id)), ("queueId", id(record.lastQueue)), ("outcome", .string(ContactCenter.describe(record.outcome)))]
            if let agent = record.agent { fields.append(("agentId", id(agent))) }
        }
        return .object(fields)
    }
}

struct QueueToday: Encodable {
    var offered: Int
    var answered: Int
    var abandoned: Int
    /// Refused at the door (full or closed); not in `offered`.
    var rejected: Int
    var serviceLevel: Double?
    var serviceLevelByTreatment: [String: Double?]
    var serviceLevelTarget: ServiceLevelTarget
    var asaSeconds: Double?
    var ahtSeconds: Double?
    var abandonmentRate: Double?
    /// Abandoned within the short-abandon limit (not counted against the service level).
    var shortAbandoned: Int = 0
}

struct AgentRealtime: Encodable {
    var agentId: Int64
    var username: String
    var displayName: String
    var teamId: Int64?
    var state: String
    var reason: String?
    var callId: Int64?
    var secondsInState: Double?
}
