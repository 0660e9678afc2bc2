import ContactCenter
import Floor
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
    let wallboard: Wallboard
    /// Alerts for the event stream (nil: none are sent).
    var alerts: AlertMonitor?

    func register(on api: RouterGroup<AppContext>) {
        api.get("realtime/queues") { _, context in
            JSONResponse.make(try await wallboard.queues(by: try context.requirePrincipal()))
        }
        api.get("realtime/agents") { _, context in
            JSONResponse.make(try await wallboard.agents(by: try context.requirePrincipal()))
        }
        api.get("events") { request, context in
            let principal = try context.requirePrincipal()
            let audience = try await EventAudience.of(principal, service: service)
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
            let alertStream = audience.watchesFloor ? await alerts?.subscribe() : nil
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: ": switchboard events\n\n"))
                let (merged, sink) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(2000))
                let effects = Task {
                    for await effect in stream {
                        guard await audience.sees(effect, center: center) else { continue }
                        guard let json = try? JSONResponse.encoder.encode(Self.event(effect)) else { continue }
                        sink.yield("event: \(Self.name(of: effect))\ndata: \(String(decoding: json, as: UTF8.self))\n\n")
                    }
                    sink.finish()
                }
                let raised = Task {
                    guard let alertStream else { return }
                    for await change in alertStream {
                        guard audience.sees(change.alert) else { continue }
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
            fields += [("callId", id(call)), ("agentId", id(agent)), ("waitedSeconds", .number(waited.secondsToTheMillisecond))]
        case .callEnteredQueue(let call, let queue):
            fields += [("callId", id(call)), ("queueId", id(queue))]
        case .callHeld(let call):
            fields += [("callId", id(call))]
        case .callResumed(let call, let held):
            fields += [("callId", id(call)), ("heldSeconds", .number(held.secondsToTheMillisecond))]
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
