import Foundation
import Storage
import SwitchboardCore

/// The live shell: runs the routing engine on the real clock, writes every effect durably
/// before acknowledging a command, and publishes each change on the event hub.
///
/// Commands are applied to a copy of the engine; only when the transaction holding their
/// effects has committed does the copy become the engine. A database failure therefore leaves
/// the engine as it was and the caller gets the error: nothing is acknowledged that is not stored.
public actor ContactCenter {
    public let database: Database
    public let events = EventHub<RoutingEffect>()
    /// The calls an owner brought in (the SIP side's callers) and the effects on them only: see
    /// `CallOwnerEvent`. Published from the same place as `events`, in the same order.
    public let ownedEvents = EventHub<CallOwnerEvent>()
    /// Calls with an owner, until they end.
    private var ownedCalls: Set<CallID> = []
    let clock: @Sendable () -> Instant
    private(set) var engine: RoutingEngine
    /// One command at a time: while a command waits for its transaction the actor accepts other
    /// calls, and without this gate two commands would start from the same engine and the
    /// second to commit would erase the first's changes.
    private var busy = false
    /// The local day the engine's "calls today" belong to; a command in a later day first
    /// starts a new one.
    private var day: Instant
    private var waiting: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextWaiter: UInt64 = 0
    /// How long a command waits for the gate before it is refused (503): the holder's database
    /// work has its own deadline, so this is only reached when commands pile up behind a slow
    /// or failing database, and a client then hears so instead of waiting for good.
    var gateTimeout: Duration { database.limits.operationTimeout }

    /// Takes the gate, waiting at most `timeout`; the wait also ends when the task is cancelled.
    private func acquire(timeout: Duration) async throws {
        guard busy else {
            busy = true
            return
        }
        nextWaiter += 1
        let id = nextWaiter
        let timer = Task { [weak self] in
            try await Task.sleep(for: timeout)
            await self?.expire(id, SwitchboardError(
                .unavailable, code: "busy", message: "Call handling is waiting for the database; nothing was changed. Try again shortly.", retryAfterSeconds: 5))
        }
        defer { timer.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { waiting.append((id, $0)) }
        } onCancel: { [weak self] in
            Task { await self?.expire(id, CancellationError()) }
        }
    }

    /// Fails a waiter still waiting for the gate; one that got it meanwhile keeps it.
    private func expire(_ id: UInt64, _ error: any Error) {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        waiting.remove(at: index).continuation.resume(throwing: error)
    }

    /// Hands the gate to the next waiter (it stays busy), or opens it.
    private func release() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().continuation.resume()
        }
    }

    /// Loads queues and agents from the database. Whatever was live before (a crash or a
    /// restart) is closed first: calls end as `systemRestart`, agents come back logged out.
    public init(database: Database, clock: @escaping @Sendable () -> Instant = { .now }) async throws {
        self.database = database
        self.clock = clock
        let now = clock()
        self.day = Self.startOfDay(now)
        self.engine = try await database.transaction { sql in
            try await CallLogRepository(sql).closeWhatWasLive(at: now)
            return try await Self.loadEngine(sql, day: Self.today(now))
        }
    }

    /// Brings queues, agents' skills and team-leader flags up to date after the organisation
    /// changed: new queues take calls and new agents join (logged out) at once, and changed
    /// settings apply to the calls already waiting.
    public func refreshOrganisation() async throws {
        // Read under the gate: two refreshes never apply their snapshots out of order.
        try await acquire(timeout: gateTimeout)
        do {
            let day = Self.today(clock())
            let configuration = try await database.read { sql in try await Self.loadConfiguration(sql, day: day) }
            // Adding queues and agents changes indexes only (nothing to store): it applies at once.
            for queue in configuration.queues { engine.add(queue) }
            engine.escalationQueue = configuration.escalationQueue
            for agent in configuration.agents { engine.add(agent) }
        } catch {
            release()
            throw error
        }
        release()
        // Agents who may now take waiting calls get them at once, not at the next event.
        try await submit(.rematch)
    }

    /// Local midnight (the server's time zone) of the day `now` falls in: where "today" starts
    /// for the real-time figures and for "calls today".
    public static func startOfDay(_ now: Instant) -> Instant {
        let date = Date(timeIntervalSince1970: Double(now.millisecondsSinceEpoch) / 1000)
        let start = Calendar.current.startOfDay(for: date)
        return Instant(millisecondsSinceEpoch: Int64(start.timeIntervalSince1970 * 1000))
    }

    /// Starts a new day in the engine copy when `now` is past the current one. The caller
    /// keeps the day (`day = today`) once the copy becomes the engine.
    private func turnDay(_ next: inout RoutingEngine, at now: Instant) -> (effects: [RoutingEffect], today: Instant) {
        let today = Self.startOfDay(now)
        guard today > day else { return ([], day) }
        return ((try? next.handle(.startNewDay, at: now)) ?? [], today)
    }

    /// Today's date in the center's time zone, as day moves are stored.
    public static func today(_ now: Instant) -> String {
        LocalDate(dayNumber: Int(ReportZone().day(of: now.millisecondsSinceEpoch))).description
    }

    /// The engine's configuration from the stored organisation, through the translator the
    /// simulator shares (`RoutingConfiguration`).
    public static func loadConfiguration(_ sql: SQLHandle, day: String) async throws -> RoutingConfiguration {
        let skills = Dictionary(try await SkillRepository(sql).list().map { ($0.name, SkillID($0.id)) }, uniquingKeysWith: { first, _ in first })
        let moves = try await DayQueueRepository(sql).moves(day: day).map { RoutingConfiguration.QueueMove(agent: $0.agentId, queue: $0.queueId, add: $0.mode == "add") }
        let agents = RoutingConfiguration.agentSetups(try await AgentRepository(sql).list(), teams: try await TeamRepository(sql).list(), moves: moves)
        return RoutingConfiguration(queues: try await QueueRepository(sql).list(), skills: skills, agents: agents)
    }

    static func loadEngine(_ sql: SQLHandle, day: String) async throws -> RoutingEngine {
        let configuration = try await loadConfiguration(sql, day: day)
        return RoutingEngine(
            queues: configuration.queues, agents: configuration.agents, escalationQueue: configuration.escalationQueue, localClock: LocalClocks.foundation)
    }

    /// A piece of work waiting for the next batch, and what became of it.
    private final class Pending {
        enum Work: Sendable {
            case command(RoutingCommand)
            case arrival(queue: QueueID, from: String, customerId: String?, priority: Int, idempotency: IdempotencyKey?, owner: String?)
        }

        let work: Work
        var result: Result<(effects: [RoutingEffect], call: CallID?), any Error>?

        init(_ work: Work) { self.work = work }
    }

    /// Commands waiting for the gate. Whoever holds it next applies all of them and stores
    /// their effects in one transaction (group commit): under load many commands share one
    /// fsync instead of each waiting for its own.
    private var pending: [Pending] = []

    /// A new call from `from` into a queue: stored, then routed. Returns its id. With an
    /// idempotency key, the answer a retry will get (`{"id":…,"state":…}`, 201) is stored in
    /// the same transaction as the call. With an `owner` (a token the owner chose), the call and
    /// its effects are also told on `ownedEvents`, the arrival first.
    public func callArrived(
        queue: QueueID, from: String, customerId: String?, priority: Int, idempotency: IdempotencyKey? = nil, owner: String? = nil
    ) async throws -> CallID {
        let outcome = try await run(
            .arrival(queue: queue, from: from, customerId: customerId, priority: priority, idempotency: idempotency, owner: owner))
        return outcome.call!
    }

    /// Applies a command and returns its effects, stored before they are returned.
    @discardableResult
    public func submit(_ command: RoutingCommand) async throws -> [RoutingEffect] {
        try await run(.command(command)).effects
    }

    private func run(_ work: Pending.Work) async throws -> (effects: [RoutingEffect], call: CallID?) {
        let item = Pending(work)
        pending.append(item)
        do {
            try await acquire(timeout: gateTimeout)
        } catch {
            // Still waiting for a batch: withdrawn, it never runs. Already taken into the batch
            // under way (bounded by the database's deadline): its answer is the truth, so
            // wait for it rather than report a failure for work that may yet be done.
            if let index = pending.firstIndex(where: { $0 === item }) {
                pending.remove(at: index)
                throw error
            }
            try await acquire(timeout: .seconds(3600))
        }
        defer { release() }
        if item.result == nil { await runBatch() }
        return try item.result!.get()
    }

    /// A command round trip for `/healthz`: the gate, the engine and a database transaction,
    /// as every call's command takes them (the timers that are due run, as they would anyway).
    public func healthCheck() async throws {
        try await submit(.timersDue)
    }

    /// Applies every pending command in order to a copy of the engine and stores all their
    /// effects in one transaction; only then is the copy the engine and each caller answered.
    /// A command the engine refuses fails alone; should the transaction fail (the database),
    /// none of the batch happened and each caller gets the error. Call with the gate held.
    private func runBatch() async {
        let batch = pending
        pending = []
        let works = batch.map(\.work)
        let now = clock()
        var next = engine
        let (dayEffects, today) = turnDay(&next, at: now)
        do {
            // The transaction has a deadline however its queries fare (`Database` runs it on a
            // task of its own): past it the callers hear 503 and the gate is free again.
            let (results, applied) = try await database.transaction { [works, dayEffects, engine = next] sql -> ([Result<(effects: [RoutingEffect], call: CallID?), any Error>], RoutingEngine) in
                var next = engine
                let log = CallLogBatch()
                try await Self.record(dayEffects, sql, now: now, batch: log)
                var results: [Result<(effects: [RoutingEffect], call: CallID?), any Error>] = []
                for work in works {
                    var call: CallID?
                    let command: RoutingCommand
                    switch work {
                    case .command(let given):
                        command = given
                    case .arrival(let queue, let from, let customerId, let priority, _, _):
                        // Refused before anything is written: a call row is only for a call.
                        guard next.statistics(of: queue) != nil else {
                            results.append(.failure(RoutingError(.unknownQueue, "No queue \(queue).")))
                            continue
                        }
                        let id = CallID(try await CallLogRepository(sql).insertCall(
                            queueId: queue.rawValue, from: from, customerId: customerId, priority: priority, at: now))
                        log.callInserted(id.rawValue)
                        call = id
                        command = .callArrived(id, queue: queue, priority: priority)
                    }
                    do {
                        let effects = try next.handle(command, at: now)
                        try await Self.record(effects, sql, now: now, batch: log)
                        if case .arrival(_, _, _, _, let key?, _) = work, let call {
                            let answer = #"{"id":\#(call.rawValue),"state":"\#(next.status(of: call) ?? "ended")"}"#
                            try await IdempotencyRepository(sql).remember(
                                userId: key.userId, key: key.key, .init(fingerprint: key.fingerprint, status: 201, body: answer), now: now)
                        }
                        results.append(.success((effects, call)))
                    } catch let refused as RoutingError {
                        // A refused command may still have run timers that were due: stored too.
                        try await Self.record(refused.timerEffects, sql, now: now, batch: log)
                        results.append(.failure(refused))
                    }
                }
                try await log.flush(sql)
                return (results, next)
            }
            next = applied
            engine = next
            let newDay = today > day
            day = today
            // Yesterday's moves between queues end with the day: agents are read again.
            if newDay { Task { try? await self.refreshOrganisation() } }
            // Each hub hears the whole batch at once, in order: one hop to it per batch, not
            // per command, while the gate is held.
            var published = dayEffects
            var owned = ownersTold(dayEffects)
            for (item, result) in zip(batch, results) {
                item.result = result
                switch result {
                case .success(let outcome):
                    published += outcome.effects
                    if case .arrival(_, _, _, _, _, let owner?) = item.work, let call = outcome.call {
                        owned += ownersTold(outcome.effects, arrived: (owner, call))
                    } else {
                        owned += ownersTold(outcome.effects)
                    }
                case .failure(let error):
                    let effects = (error as? RoutingError)?.timerEffects ?? []
                    published += effects
                    owned += ownersTold(effects)
                }
            }
            await events.publish(published)
            if !owned.isEmpty { await ownedEvents.publish(owned) }
        } catch {
            // A database that is gone or too slow is the client's 503 (try again), not a 500.
            let reported: any Error = Database.meansUnreachable(error) || error is CancellationError || error is TimeLimit.Exceeded
                ? SwitchboardError.databaseUnavailable(retryAfterSeconds: database.limits.retryAfterSeconds) : error
            for item in batch { item.result = .failure(reported) }
        }
    }

    /// What owners of calls are told of these effects: an arrival that became a call (owned
    /// from then on), then the effects on owned calls; a call that ended is no longer owned.
    private func ownersTold(_ effects: [RoutingEffect], arrived: (owner: String, call: CallID)? = nil) -> [CallOwnerEvent] {
        guard arrived != nil || !ownedCalls.isEmpty else { return [] }
        var told: [CallOwnerEvent] = []
        if let arrived {
            ownedCalls.insert(arrived.call)
            told.append(.arrived(owner: arrived.owner, call: arrived.call))
        }
        for effect in effects {
            guard let call = effect.callID, ownedCalls.contains(call) else { continue }
            told.append(.effect(effect))
            if case .callEnded = effect { ownedCalls.remove(call) }
        }
        return told
    }

    /// Runs the timers that are due; the timer loop calls this.
    public func tick() async throws {
        try await submit(.timersDue)
    }

    /// Sleeps until the next timer, runs it, and so on until cancelled.
    public func runTimers() async {
        while !Task.isCancelled {
            let wait: Duration
            if let deadline = engine.nextDeadline {
                wait = min(max(deadline - clock(), .milliseconds(1)), .seconds(1))
            } else {
                wait = .seconds(1)
            }
            try? await Task.sleep(for: wait)
            try? await tick()
        }
    }

    // MARK: - Reading

    public func state(of agent: AgentID) -> AgentState? { engine.state(of: agent) }
    public func stateSince(of agent: AgentID) -> Instant? { engine.stateSince(of: agent) }
    public func statistics(of queue: QueueID) -> QueueStatistics? { engine.statistics(of: queue) }
    public func agent(on call: CallID) -> AgentID? { engine.agent(on: call) }
    public func participants(of call: CallID) -> [AgentID] { engine.participants(of: call) }
    public func position(of call: CallID) -> Int? { engine.position(of: call) }
    public func status(of call: CallID) -> String? { engine.status(of: call) }
    public func oldestWaiting(in queue: QueueID) -> Instant? { engine.oldestWaiting(in: queue) }
    public func agentStates(serving queue: QueueID) -> [String: Int] { engine.agentStates(serving: queue) }
    public func callsOnHold(in queue: QueueID) -> Int { engine.callsOnHold(in: queue) }
    public func queuesServed(by agent: AgentID) -> [QueueID] { engine.queuesServed(by: agent) }
    public func answeredAt(of call: CallID) -> Instant? { engine.answeredAt(of: call) }
    public var agentStates: [(agent: AgentID, state: AgentState, since: Instant)] { engine.agentStates }
    public var now: Instant { clock() }
    /// When the engine's next timer is due (a shell on a virtual clock steps to it).
    public var nextDeadline: Instant? { engine.nextDeadline }

    // MARK: - Records

    /// Writes each effect: agent state intervals, the call's timeline and queue visits, and its
    /// final record. Timeline lines and state intervals go to `batch`, written in a few
    /// statements when the batch's transaction ends.
    static func record(_ effects: [RoutingEffect], _ sql: SQLHandle, now: Instant, batch: CallLogBatch) async throws {
        let log = CallLogRepository(sql)
        /// Closes the call's open visit; its report interval is marked with the batch's.
        func leave(_ call: Int64, _ outcome: String, at moment: Instant? = nil) async throws {
            for entered in try await log.closeVisit(call, outcome: outcome, at: moment ?? now) { batch.touch(from: entered) }
        }
        for effect in effects {
            switch effect {
            case .agentStateChanged(let agent, let state, let at):
                var reason: String?
                if case .notReady(let why) = state { reason = why }
                batch.changeAgentState(agent.rawValue, to: state.name, reason: reason, callId: state.subject?.rawValue, at: at)
            case .callEnteredQueue(let call, let queue):
                if !batch.entersFirstQueue(call.rawValue) {
                    try await log.moveToQueue(call.rawValue, queueId: queue.rawValue)
                    try await leave(call.rawValue, "left")
                }
                try await log.openVisit(call.rawValue, queueId: queue.rawValue, at: now)
            case .callQueued(let call, let queue, let waiting):
                batch.append(CallEvent(at: now, kind: "queued", queueId: queue.rawValue, detail: "waiting \(waiting)"), to: call.rawValue)
            case .callOffered(let call, let agent, _):
                batch.append(CallEvent(at: now, kind: "offered", agentId: agent.rawValue), to: call.rawValue)
            case .offerWithdrawn(let call, let agent, let reason):
                batch.append(CallEvent(at: now, kind: "offerWithdrawn", agentId: agent.rawValue, detail: reason.rawValue), to: call.rawValue)
            case .callAnswered(let call, let agent, _):
                try await log.markAnswered(call.rawValue, by: agent.rawValue, at: now)
                batch.append(CallEvent(at: now, kind: "answered", agentId: agent.rawValue), to: call.rawValue)
            case .callHeld(let call):
                try await log.count(.holds, of: call.rawValue)
                batch.append(CallEvent(at: now, kind: "held"), to: call.rawValue)
            case .callResumed(let call, let held):
                try await log.addHold(held, to: call.rawValue)
                batch.append(CallEvent(at: now, kind: "resumed"), to: call.rawValue)
            case .callTransferred(let call, let from, let queue, let agent):
                try await log.count(.transfers, of: call.rawValue)
                if queue != nil { try await leave(call.rawValue, "transferred") }
                batch.append(
                    CallEvent(at: now, kind: "transferred", agentId: from.rawValue, queueId: queue?.rawValue, detail: agent.map { "to agent \($0)" }),
                    to: call.rawValue)
            case .callEscalated(let call, let from, let queue):
                try await leave(call.rawValue, "escalated")
                batch.append(CallEvent(at: now, kind: "escalated", agentId: from.rawValue, queueId: queue.rawValue), to: call.rawValue)
            case .callTakenOver(let call, let from, let by):
                try await log.setAgent(call.rawValue, by.rawValue)
                batch.append(CallEvent(at: now, kind: "takenOver", agentId: by.rawValue, detail: "from agent \(from)"), to: call.rawValue)
            case .consultStarted(let call, let from, let to, _):
                try await log.count(.consultations, of: call.rawValue)
                batch.append(CallEvent(at: now, kind: "consultStarted", agentId: to.rawValue, detail: "from agent \(from)"), to: call.rawValue)
            case .consultAnswered(let call, let by):
                batch.append(CallEvent(at: now, kind: "consultAnswered", agentId: by.rawValue), to: call.rawValue)
            case .consultEnded(let call, let with, let reason):
                // A completed warm transfer: the colleague has the caller now.
                if reason == .completed { try await log.setAgent(call.rawValue, with.rawValue) }
                batch.append(CallEvent(at: now, kind: "consultEnded", agentId: with.rawValue, detail: reason.rawValue), to: call.rawValue)
            case .conferenceStarted(let call, let with):
                try await log.markConferenced(call.rawValue)
                batch.append(CallEvent(at: now, kind: "conferenceStarted", agentId: with.rawValue), to: call.rawValue)
            case .conferenceLeft(let call, let agent):
                batch.append(CallEvent(at: now, kind: "conferenceLeft", agentId: agent.rawValue), to: call.rawValue)
            case .callOverflowed(let call, let queue, let step, let action):
                if case .moveToQueue = action { try await leave(call.rawValue, "overflowed") }
                batch.append(CallEvent(at: now, kind: "overflowed", queueId: queue.rawValue, detail: "step \(step): \(action)"), to: call.rawValue)
            case .callEnded(let record):
                let outcome = Self.describe(record.outcome)
                batch.append(CallEvent(at: record.endedAt, kind: "ended", agentId: record.agent?.rawValue, detail: outcome), to: record.id.rawValue)
                if case .rejected = record.outcome {
                    try await log.recordRejection(record.id.rawValue, queueId: record.lastQueue.rawValue, outcome: outcome, at: record.endedAt)
                } else {
                    try await leave(record.id.rawValue, outcome, at: record.endedAt)
                }
                // The call's intervals, with every agent interval it closed: agent time on a
                // call counts for the queue it ended in.
                try await log.completeRecord(record, outcome: outcome)
                batch.touch(from: record.arrivedAt.millisecondsSinceEpoch, to: record.endedAt.millisecondsSinceEpoch)
            }
        }
    }

    /// The outcome as stored: `completed:caller`, `abandonedInQueue`, `rejected:closed`, …
    public static func describe(_ outcome: CallOutcome) -> String {
        switch outcome {
        case .completed(let party): "completed:\(party.rawValue)"
        case .abandonedInQueue: "abandonedInQueue"
        case .abandonedRinging: "abandonedRinging"
        case .rejected(let reason): "rejected:\(reason.rawValue)"
        case .overflowEnded(let reason): "overflowEnded:\(reason)"
        case .callbackOffered: "callbackOffered"
        }
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// Local time in a queue's time zone, from Foundation's calendar (the core has none).
public enum LocalClocks {
    public static let foundation: RoutingEngine.LocalClock = { instant, zoneName in
        let zone = TimeZone(identifier: zoneName) ?? TimeZone(secondsFromGMT: 0)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let date = Date(timeIntervalSince1970: Double(instant.millisecondsSinceEpoch) / 1000)
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
        // Foundation counts weekdays from Sunday = 1.
        let weekday = Weekday.allCases[((parts.weekday ?? 1) + 5) % 7]
        return LocalTime(
            date: LocalDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1), weekday: weekday,
            minuteOfDay: (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }
}
