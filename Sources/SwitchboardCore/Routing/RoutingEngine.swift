// Long because: the engine is one value type whose state and rules must sit together for the
// compiler to specialise and inline them into each shell (measured: routing-benchmark,
// Benchmarks/Simulation); its state types live in RoutingState.swift, its timers in Timers.swift.
/// The automatic call distributor: one value that decides which agent gets which call, with no
/// I/O and no clock of its own. Shells feed it commands with the time they happened and carry
/// out the effects; the live contact center and the simulator run the same engine.
///
/// Cost: a call arriving, an agent freeing up and every timer cost O(log n) in the number of
/// agents and calls (times the small number of queues an agent serves and overflow stages a
/// queue has). Available agents wait in a heap per queue and stage, ordered by the queue's
/// strategy; waiting calls in a heap per queue and stage, ordered by (priority, arrival).
/// Entries that went stale are skipped when they reach the top (lazy deletion by epoch).
///
/// Why everything here is `@inlinable` (and the internal types `@usableFromInline`): the engine
/// writes its effects into a sink (`RoutingEffectSink`), and a shell in another module — the
/// simulator — gets the engine compiled for its own sink only if the bodies are visible to it.
/// That turns each emitted effect into a direct call of the shell's reaction, where an array
/// would be filled, read back, switched over and destroyed: a quarter of a simulated call's cost.
/// Nothing else is exported; the engine's state stays internal to this module's source.
public struct RoutingEngine: Sendable {
    /// Converts an instant to local time in a time zone (for business hours).
    public typealias LocalClock = @Sendable (Instant, _ timeZone: String) -> LocalTime

    @usableFromInline var queues: [QueueRuntime] = []
    @usableFromInline var queueIndex: [QueueID: Int] = [:]
    @usableFromInline var agents: [AgentSlot] = []
    @usableFromInline var agentIndex: [AgentID: Int] = [:]
    @usableFromInline var calls = CallTable()
    /// Who is passed over for which waiting call (see `reofferDelay`); few calls have any.
    @usableFromInline var exclusions: [CallID: [Exclusion]] = [:]
    /// Calls whose disposition an agent's wrap-up waits for, with that agent.
    /// (Several agents can wrap up one call: a conference, a take-over, a warm transfer.)
    @usableFromInline var dispositionWaits: [CallID: Set<Int>] = [:]
    @usableFromInline var timers = Timers()
    @usableFromInline var sequence: Int64 = 0
    @usableFromInline var escalationIndex: Int?

    /// Where `escalate` sends calls; nil refuses escalation.
    public var escalationQueue: QueueID? {
        get { escalationIndex.map { queues[$0].config.id } }
        set { escalationIndex = newValue.flatMap { queueIndex[$0] } }
    }
    @usableFromInline let localClock: LocalClock
    /// How long an agent who declined or missed a call is passed over for it (while it waits in
    /// the same queue); after that the call may be offered to them again.
    public let reofferDelay: Duration

    /// - Parameters:
    ///   - escalationQueue: where `escalate` sends calls (its skills decide who takes them).
    ///   - localClock: local time for business hours; the default is UTC.
    ///   - reofferDelay: how long a declined or missed call skips the agent who let it go.
    public init(
        queues: [RoutingQueue], agents: [RoutingAgent], escalationQueue: QueueID? = nil,
        localClock: @escaping LocalClock = { instant, _ in LocalTime.utc(instant) },
        reofferDelay: Duration = .seconds(30)
    ) {
        self.reofferDelay = reofferDelay
        var index: [QueueID: Int] = [:]
        for queue in queues {
            index[queue.id] = self.queues.count
            self.queues.append(QueueRuntime(queue))
        }
        self.queueIndex = index
        self.escalationIndex = escalationQueue.flatMap { index[$0] }
        self.localClock = localClock
        for agent in agents { add(agent) }
    }

    /// Adds an agent (logged out), or replaces the skills of a known one.
    public mutating func add(_ agent: RoutingAgent) {
        let stages = queues.map { $0.minimumStage(for: agent) }
        if let index = agentIndex[agent.id] {
            agents[index].profile = agent
            agents[index].minimumStages = stages
            if agents[index].state.isAvailable {
                agents[index].epoch &+= 1
                indexAvailable(index)
            }
        } else {
            agentIndex[agent.id] = agents.count
            agents.append(AgentSlot(profile: agent, minimumStages: stages))
        }
    }

    /// Adds a queue, or replaces a known queue's settings while calls wait in it: its indexes
    /// are rebuilt from the agents available now and the calls waiting now (each keeps its
    /// place in line; an overflow stage beyond the new list is clamped).
    public mutating func add(_ queue: RoutingQueue) {
        guard let index = queueIndex[queue.id] else {
            queueIndex[queue.id] = queues.count
            queues.append(QueueRuntime(queue))
            for agent in agents.indices {
                agents[agent].minimumStages.append(queues[queues.count - 1].minimumStage(for: agents[agent].profile))
                if agents[agent].state.isAvailable, let stage = agents[agent].minimumStages.last!, let last = queues.indices.last {
                    queues[last].agentHeaps[stage].insert(AgentEntry(key: queues[last].key(for: agents[agent]), index: agent, epoch: agents[agent].epoch))
                }
            }
            return
        }
        var runtime = QueueRuntime(queue)
        runtime.statistics = queues[index].statistics
        queues[index] = runtime
        for agent in agents.indices {
            agents[agent].minimumStages[index] = runtime.minimumStage(for: agents[agent].profile)
            if agents[agent].state.isAvailable, let stage = agents[agent].minimumStages[index] {
                queues[index].agentHeaps[stage].insert(AgentEntry(key: runtime.key(for: agents[agent]), index: agent, epoch: agents[agent].epoch))
            }
        }
        for c in calls.positions where calls[at: c].queue == index {
            calls[at: c].stage = min(calls[at: c].stage, runtime.stages.count - 1)
            calls[at: c].nextOverflow = min(calls[at: c].nextOverflow, queue.overflow.count)
            // Timers of the old steps go stale; the next step of the new list is scheduled.
            calls[at: c].visit &+= 1
            switch calls[at: c].state {
            case .queued:
                scheduleOverflow(c)
                queues[index].callHeaps[calls[at: c].stage].insert(entry(for: c))
            case .ringing:
                scheduleOverflow(c)
            default:
                break
            }
        }
    }

    // MARK: - Reading

    /// The earliest timer (ring timeout, overflow step, wrap-up end). It may be early — a timer
    /// that no longer matters — but never late: waking then and sending `.timersDue` is enough.
    public var nextDeadline: Instant? { timers.first }

    public func state(of agent: AgentID) -> AgentState? {
        agentIndex[agent].map { agents[$0].state }
    }

    /// When the agent's current state began.
    public func stateSince(of agent: AgentID) -> Instant? {
        agentIndex[agent].map { agents[$0].since }
    }

    public func statistics(of queue: QueueID) -> QueueStatistics? {
        queueIndex[queue].map { queues[$0].statistics }
    }

    /// Calls that have not ended yet.
    public var liveCalls: Int { calls.count }

    /// A waiting call's place in its queue's line, 1 for the next to be offered (at its
    /// stage); nil when it is not waiting. A scan of the queue: for announcements, not routing.
    public func position(of id: CallID) -> Int? {
        guard let c = calls.position(of: id), case .queued = calls[at: c].state else { return nil }
        let mine = entry(for: c)
        let queue = calls[at: c].queue
        var ahead = 0
        for heap in queues[queue].callHeaps {
            for entry in heap.unordered where entry.id != id.rawValue && isCurrent(entry, queue: queue) && entry < mine { ahead += 1 }
        }
        return ahead + 1
    }

    /// Since when the longest-waiting call of a queue has waited (ringing calls are not waiting).
    /// A scan of the queue's waiting calls: for the wallboard, not for routing.
    public func oldestWaiting(in queue: QueueID) -> Instant? {
        guard let index = queueIndex[queue] else { return nil }
        var oldest: Int64?
        for stage in queues[index].callHeaps.indices {
            // The heap is ordered by priority first, so the oldest may sit anywhere: scan it.
            for entry in queues[index].callHeaps[stage].unordered where isCurrent(entry, queue: index) {
                oldest = min(oldest ?? entry.queuedAt, entry.queuedAt)
            }
        }
        return oldest.map(Instant.init(millisecondsSinceEpoch:))
    }

    /// How many of the agents who may take a queue's calls (at its first stage) are in each state.
    public func agentStates(serving queue: QueueID) -> [String: Int] {
        guard let index = queueIndex[queue] else { return [:] }
        var counts: [String: Int] = [:]
        for agent in agents where agent.minimumStages[index] == 0 {
            counts[agent.state.name, default: 0] += 1
        }
        return counts
    }

    /// The queues an agent serves now (qualifies for without any overflow step).
    public func queuesServed(by agent: AgentID) -> [QueueID] {
        guard let index = agentIndex[agent] else { return [] }
        return queues.indices.filter { agents[index].minimumStages[$0] == 0 }.map { queues[$0].config.id }
    }

    /// When a live call was answered (nil: not yet, or no such call).
    public func answeredAt(of call: CallID) -> Instant? {
        calls[call]?.answeredAt
    }

    /// Calls of a queue on hold now.
    public func callsOnHold(in queue: QueueID) -> Int {
        guard let index = queueIndex[queue] else { return 0 }
        return calls.values.reduce(0) { count, call in
            if call.queue == index, case .held = call.state { return count + 1 }
            return count
        }
    }

    /// Every agent the engine knows, with their state and since when.
    public var agentStates: [(agent: AgentID, state: AgentState, since: Instant)] {
        agents.map { ($0.profile.id, $0.state, $0.since) }
    }

    /// Where a live call is: `queued`, `ringing`, `talking`, `held`, `consulting` (the caller
    /// holds while the agent talks with a colleague) or `conference`; nil once it has ended.
    public func status(of call: CallID) -> String? {
        switch calls[call]?.partner?.phase {
        case .ringing, .consulting: return "consulting"
        case .conference: return "conference"
        case nil: break
        }
        return switch calls[call]?.state {
        case .queued: "queued"
        case .ringing: "ringing"
        case .talking: "talking"
        case .held: "held"
        case nil: nil
        }
    }

    /// The agent currently bound to a call (ringing, talking or holding), if any.
    public func agent(on call: CallID) -> AgentID? {
        calls[call]?.state.agent.map { agents[$0].profile.id }
    }

    /// Every agent on a call: its agent and a consulted or conferenced colleague.
    public func participants(of call: CallID) -> [AgentID] {
        guard let slot = calls[call] else { return [] }
        return ([slot.state.agent, slot.partner?.agent] as [Int?]).compactMap { $0.map { agents[$0].profile.id } }
    }

    // MARK: - Commands

    /// Applies `command` at `now` (after running every timer due by then) and returns what the
    /// shells must do. A refused command throws and changes nothing; the error carries the
    /// effects of the timers that ran first (`timerEffects`), which still happened.
    public mutating func handle(_ command: RoutingCommand, at now: Instant) throws(RoutingError) -> [RoutingEffect] {
        var effects: [RoutingEffect] = []
        // A command has a handful of effects; growing the array 1, 2, 4, 8 costs more than this.
        effects.reserveCapacity(8)
        try handle(command, at: now, effects: &effects)
        return effects
    }

    /// `handle(_:at:)` appending to the caller's array (one the caller may reuse). On a refusal
    /// the array holds the timers' effects (as `timerEffects` does) and nothing of the command.
    public mutating func handle(_ command: RoutingCommand, at now: Instant, effects: inout [RoutingEffect]) throws(RoutingError) {
        let start = effects.count
        runTimers(until: now, effects: &effects)
        let afterTimers = effects.count
        do {
            try apply(command, at: now, effects: &effects)
        } catch {
            var error = error
            // A refused command changes nothing and emits nothing: `handle(_:at:into:)`, which
            // cannot take back what a sink was given, relies on it. Every engine test comes this way.
            assert(effects.count == afterTimers, "A refused command emitted effects.")
            effects.removeSubrange(afterTimers...)
            error.timerEffects = Array(effects[start...])
            throw error
        }
        dropStaleTimers()
    }

    /// `handle(_:at:)` handing each effect to `sink` the moment it happens, in order: for the
    /// simulator, whose sink reacts at once instead of collecting effects to read back. The
    /// timers' effects reach the sink before the command is refused (they happened; the error's
    /// `timerEffects` stays empty); a refused command itself emits nothing, as it changes nothing.
    @inlinable public mutating func handle(_ command: RoutingCommand, at now: Instant, into sink: inout some RoutingEffectSink) throws(RoutingError) {
        runTimers(until: now, effects: &sink)
        try apply(command, at: now, effects: &sink)
        dropStaleTimers()
    }

    /// Drops timers at the front that can no longer do anything (a ring timeout of a call
    /// answered, a wrap-up cut short), so that `nextDeadline` does not wake a shell for
    /// nothing: every call sets a ring timer, and nearly all are answered before it runs out.
    @inlinable mutating func dropStaleTimers() {
        while let first = timers.firstTimer, isStale(first) { timers.removeFirst() }
    }

    /// Whether a timer would certainly do nothing when due (the checks of `runTimers`).
    @inlinable @inline(__always) func isStale(_ deadline: Deadline) -> Bool {
        switch deadline.kind {
        case .ring(let id, let epoch):
            guard let c = calls.position(of: id), calls[at: c].epoch == epoch, case .ringing = calls[at: c].state else { return true }
            return false
        case .wrapUp(let agent, let epoch):
            guard agents[agent].epoch == epoch, case .wrapUp = agents[agent].state else { return true }
            return false
        case .consultRing(let id, let epoch):
            guard let c = calls.position(of: id), calls[at: c].epoch == epoch, calls[at: c].partner?.phase == .ringing else { return true }
            return false
        case .reoffer(let id):
            return calls.position(of: id) == nil
        case .overflow(let id, let visit, let step):
            guard let c = calls.position(of: id), calls[at: c].visit == visit, calls[at: c].nextOverflow == step else { return true }
            return false
        }
    }

    @inlinable mutating func apply(_ command: RoutingCommand, at now: Instant, effects: inout some RoutingEffectSink) throws(RoutingError) {
        switch command {
        case .timersDue:
            break
        case .logIn(let id):
            let agent = try agentSlot(id)
            guard agents[agent].state == .loggedOut else { throw illegal(id, "log in") }
            setState(agent, .notReady(reason: "login"), at: now, effects: &effects)
        case .logOut(let id):
            let agent = try agentSlot(id)
            switch agents[agent].state {
            case .loggedOut: throw illegal(id, "log out")
            case .talking, .onHold: throw illegal(id, "log out during a call")
            case .ringing(let callID):
                if let c = calls.position(of: callID) {
                    if calls[at: c].partner?.agent == agent {
                        endConsult(c, because: .agentLoggedOut, at: now, effects: &effects)
                    } else {
                        withdrawOffer(c, because: .agentLoggedOut, at: now, effects: &effects)
                    }
                }
            default: break
            }
            agents[agent].pendingNotReady = nil
            setState(agent, .loggedOut, at: now, effects: &effects)
        case .goAvailable(let id):
            let agent = try agentSlot(id)
            switch agents[agent].state {
            case .loggedOut: throw illegal(id, "go available before logging in")
            case .available: break
            case .ringing, .talking, .onHold: agents[agent].pendingNotReady = nil
            case .notReady, .wrapUp:
                try requireDisposition(agent, id, "go available")
                agents[agent].pendingNotReady = nil
                makeAvailable(agent, at: now, effects: &effects)
            }
        case .goNotReady(let id, let reason):
            let agent = try agentSlot(id)
            switch agents[agent].state {
            case .loggedOut: throw illegal(id, "go not ready before logging in")
            case .ringing, .talking, .onHold: agents[agent].pendingNotReady = reason
            case .available, .notReady, .wrapUp:
                if agents[agent].awaitingDisposition != nil {
                    // The break starts once the disposition is chosen and the wrap-up ends.
                    agents[agent].pendingNotReady = reason
                } else {
                    setState(agent, .notReady(reason: reason), at: now, effects: &effects)
                }
            }
        case .finishWrapUp(let id):
            let agent = try agentSlot(id)
            guard case .wrapUp = agents[agent].state else { throw illegal(id, "finish wrap-up outside wrap-up") }
            try requireDisposition(agent, id, "finish wrap-up")
            agentReturns(agent, at: now, effects: &effects)
        case .dispositionRecorded(let id):
            if let c = calls.position(of: id) { calls[at: c].dispositionRecorded = true }
            for agent in (dispositionWaits.removeValue(forKey: id) ?? []).sorted() {
                agents[agent].awaitingDisposition = nil
                // The wrap-up time already ran out while it waited: it ends now.
                if case .wrapUp(id, let until) = agents[agent].state, (until ?? now) <= now { agentReturns(agent, at: now, effects: &effects) }
            }
        case .callArrived(let id, let queueID, let priority):
            guard calls.position(of: id) == nil else { throw RoutingError(.duplicateCall, "Call \(id) is already known.") }
            guard let queue = queuePosition(queueID) else { throw RoutingError(.unknownQueue, "No queue \(queueID).") }
            callArrived(id, queue: queue, priority: priority, at: now, effects: &effects)
        case .answer(let id, let agentID):
            let agent = try agentSlot(agentID)
            let c = try callPosition(id)
            if let partner = calls[at: c].partner, partner.agent == agent, partner.phase == .ringing {
                calls[at: c].partner!.phase = .consulting
                calls[at: c].epoch &+= 1
                setState(agent, .talking(id), at: now, effects: &effects)
                effects.append(.consultAnswered(id, by: agentID))
                return
            }
            guard case .ringing(let ringing, _) = calls[at: c].state, ringing == agent else { throw notYours(id, agentID, "answer") }
            answer(c, agent, at: now, effects: &effects)
        case .decline(let id, let agentID):
            let agent = try agentSlot(agentID)
            let c = try callPosition(id)
            if let partner = calls[at: c].partner, partner.agent == agent, partner.phase == .ringing {
                endConsult(c, because: .declined, at: now, effects: &effects)
                return
            }
            guard case .ringing(let ringing, _) = calls[at: c].state, ringing == agent else { throw notYours(id, agentID, "decline") }
            withdrawOffer(c, because: .declined, at: now, effects: &effects)
        case .hold(let id, let by):
            let c = try callPosition(id)
            let agent = try actingAgent(of: c, by: by, alone: true)
            guard case .talking = calls[at: c].state else { throw RoutingError(.illegalCallState, "Only a call in conversation can be held.") }
            calls[at: c].state = .held(agent, since: now)
            calls[at: c].holdCount += 1
            effects.append(.callHeld(id))
            setState(agent, .onHold(id), at: now, effects: &effects)
        case .resume(let id, let by):
            let c = try callPosition(id)
            let agent = try actingAgent(of: c, by: by, alone: true)
            guard case .held = calls[at: c].state else { throw RoutingError(.illegalCallState, "Only a held call can be resumed.") }
            takeOffHold(c, at: now, effects: &effects)
            setState(agent, .talking(id), at: now, effects: &effects)
        case .transferToQueue(let id, let queueID, let by):
            guard let target = queueIndex[queueID] else { throw RoutingError(.unknownQueue, "No queue \(queueID).") }
            let c = try callPosition(id)
            let agent = try actingAgent(of: c, by: by, alone: true)
            try checkAccepts(target, at: now)
            takeOffHold(c, at: now, effects: &effects)
            effects.append(.callTransferred(id, from: agents[agent].profile.id, toQueue: queueID, toAgent: nil))
            releaseAgent(of: c, at: now, effects: &effects)
            calls[at: c].transfers += 1
            enter(c, queue: target, at: now, effects: &effects)
        case .transferToAgent(let id, let targetID, let by):
            let target = try agentSlot(targetID)
            let c = try callPosition(id)
            let agent = try actingAgent(of: c, by: by, alone: true)
            guard agents[target].state.isAvailable, target != agent else {
                throw RoutingError(.agentNotAvailable, "Agent \(targetID) is not available to take a transfer.")
            }
            // The call starts a new visit of its queue, rung at the chosen agent: should they not
            // answer, it waits there as a new arrival, its overflow rules running from now.
            takeOffHold(c, at: now, effects: &effects)
            effects.append(.callTransferred(id, from: agents[agent].profile.id, toQueue: queues[calls[at: c].queue].config.id, toAgent: targetID))
            releaseAgent(of: c, at: now, effects: &effects)
            calls[at: c].transfers += 1
            startVisit(c, queue: calls[at: c].queue, at: now, effects: &effects)
            offer(c, to: target, at: now, effects: &effects)
        case .consult(let id, let targetID, let by):
            let target = try agentSlot(targetID)
            let c = try callPosition(id)
            let agent = try actingAgent(of: c, by: by, alone: true)
            guard agents[target].state.isAvailable, target != agent else {
                throw RoutingError(.agentNotAvailable, "Agent \(targetID) is not available for a consultation.")
            }
            if case .talking = calls[at: c].state {
                calls[at: c].state = .held(agent, since: now)
                calls[at: c].holdCount += 1
                effects.append(.callHeld(id))
                setState(agent, .onHold(id), at: now, effects: &effects)
            }
            let until = now + queues[calls[at: c].queue].config.ringTimeout
            calls[at: c].epoch &+= 1
            calls[at: c].consultations += 1
            calls[at: c].partner = .init(agent: target, phase: .ringing)
            schedule(.consultRing(id, epoch: calls[at: c].epoch), after: queues[calls[at: c].queue].ringTimeout, from: now)
            setState(target, .ringing(id), at: now, effects: &effects)
            effects.append(.consultStarted(id, from: agents[agent].profile.id, to: targetID, ringUntil: until))
        case .completeTransfer(let id, let by):
            let c = try callPosition(id)
            _ = try actingAgent(of: c, by: by, alone: false)
            guard let partner = calls[at: c].partner, partner.phase != .ringing else {
                throw RoutingError(.illegalCallState, "Call \(id) has no answered consultation to hand over.")
            }
            completeTransfer(c, at: now, effects: &effects)
        case .cancelConsult(let id, let by):
            let c = try callPosition(id)
            let agent = try actingAgent(of: c, by: by, alone: false)
            guard let partner = calls[at: c].partner else { throw RoutingError(.illegalCallState, "Call \(id) has no consultation to cancel.") }
            if partner.phase == .conference {
                dropFromConference(c, partner.agent, at: now, effects: &effects)
            } else {
                endConsult(c, because: .cancelled, at: now, effects: &effects)
                takeOffHold(c, at: now, effects: &effects)
                setState(agent, .talking(id), at: now, effects: &effects)
            }
        case .conference(let id, let by):
            let c = try callPosition(id)
            let agent = try actingAgent(of: c, by: by, alone: false)
            guard let partner = calls[at: c].partner, partner.phase == .consulting else {
                throw RoutingError(.illegalCallState, "Call \(id) has no answered consultation to join.")
            }
            takeOffHold(c, at: now, effects: &effects)
            calls[at: c].partner!.phase = .conference
            calls[at: c].conferenced = true
            calls[at: c].epoch &+= 1
            setState(agent, .talking(id), at: now, effects: &effects)
            effects.append(.consultEnded(id, with: agents[partner.agent].profile.id, because: .conferenced))
            effects.append(.conferenceStarted(id, with: agents[partner.agent].profile.id))
        case .escalate(let id, let by):
            let c = try callPosition(id)
            let agent = try actingAgent(of: c, by: by, alone: true)
            guard let target = escalationIndex else { throw RoutingError(.noEscalationQueue, "No escalation queue is configured.") }
            try checkAccepts(target, at: now)
            takeOffHold(c, at: now, effects: &effects)
            effects.append(.callEscalated(id, from: agents[agent].profile.id, to: queues[target].config.id))
            releaseAgent(of: c, at: now, effects: &effects)
            calls[at: c].escalated = true
            calls[at: c].priority += 10
            enter(c, queue: target, at: now, effects: &effects)
        case .takeOver(let id, let supervisorID, let withinTeam):
            let supervisor = try agentSlot(supervisorID)
            let c = try callPosition(id)
            let agent = try actingAgent(of: c, by: nil, alone: true)
            if withinTeam, agents[supervisor].profile.team == nil || agents[agent].profile.team != agents[supervisor].profile.team {
                throw RoutingError(.notYourCall, "Call \(id) is with an agent outside the team of agent \(supervisorID).")
            }
            switch agents[supervisor].state {
            case .available, .notReady, .wrapUp: break
            default: throw RoutingError(.agentNotAvailable, "Agent \(supervisorID) must be free of calls to take one over.")
            }
            guard supervisor != agent else { throw RoutingError(.illegalAgentState, "An agent cannot take over their own call.") }
            // Who still owes a call's disposition finishes that first.
            try requireDisposition(supervisor, supervisorID, "take over a call")
            effects.append(.callTakenOver(id, from: agents[agent].profile.id, by: supervisorID))
            // A held caller stays on hold, unbroken, now with the supervisor.
            let held: Bool
            switch calls[at: c].state {
            case .held(_, let since):
                held = true
                calls[at: c].state = .held(supervisor, since: since)
            default:
                held = false
                calls[at: c].state = .talking(supervisor)
            }
            startWrapUp(agent, after: c, at: now, effects: &effects)
            calls[at: c].agent = supervisor
            invalidateAvailability(supervisor)
            setState(supervisor, held ? .onHold(id) : .talking(id), at: now, effects: &effects)
        case .callerHungUp(let id):
            let c = try callPosition(id)
            let queue = calls[at: c].queue
            switch calls[at: c].state {
            case .queued:
                leaveQueue(c)
                queues[queue].statistics.abandoned += 1
                end(c, .abandonedInQueue, at: now, effects: &effects)
            case .ringing:
                withdrawOffer(c, because: .callerHungUp, at: now, requeue: false, effects: &effects)
                queues[queue].statistics.abandoned += 1
                end(c, .abandonedRinging, at: now, effects: &effects)
            case .talking, .held:
                if let partner = calls[at: c].partner {
                    if partner.phase == .conference {
                        effects.append(.conferenceLeft(id, agent: agents[partner.agent].profile.id))
                        calls[at: c].partner = nil
                        startWrapUp(partner.agent, after: c, at: now, effects: &effects)
                    } else {
                        endConsult(c, because: .callEnded, at: now, effects: &effects)
                    }
                }
                releaseAgent(of: c, at: now, effects: &effects)
                end(c, .completed(by: .caller), at: now, effects: &effects)
            }
        case .agentHungUp(let id, let by):
            let c = try callPosition(id)
            let partner = calls[at: c].partner
            if let partner, let by, partner.agent == agentIndex[by] {
                // The colleague leaves; the agent keeps the caller.
                switch partner.phase {
                case .ringing: endConsult(c, because: .declined, at: now, effects: &effects)
                case .consulting: endConsult(c, because: .colleagueHungUp, at: now, effects: &effects)
                case .conference: dropFromConference(c, partner.agent, at: now, effects: &effects)
                }
                return
            }
            _ = try actingAgent(of: c, by: by, alone: false)
            switch partner?.phase {
            case .consulting?, .conference?:
                // Hanging up on a connected colleague hands them the caller.
                completeTransfer(c, at: now, effects: &effects)
            case .ringing?:
                endConsult(c, because: .cancelled, at: now, effects: &effects)
                releaseAgent(of: c, at: now, effects: &effects)
                end(c, .completed(by: .agent), at: now, effects: &effects)
            case nil:
                releaseAgent(of: c, at: now, effects: &effects)
                end(c, .completed(by: .agent), at: now, effects: &effects)
            }
        case .startNewDay:
            for agent in agents.indices {
                agents[agent].callsToday = 0
                // Their place in a fewest-calls queue changed: index them again.
                if agents[agent].state.isAvailable {
                    agents[agent].epoch &+= 1
                    indexAvailable(agent)
                }
            }
        case .rematch:
            // Every waiting call is routed again, the most urgent first (queue priority, call
            // priority, arrival), each queue choosing among its agents by its own strategy.
            var waiting: [(rank: Int, queuedAt: Int64, id: Int64, position: Int)] = []
            for queue in queues.indices {
                for heap in queues[queue].callHeaps {
                    for entry in heap.unordered where isCurrent(entry, queue: queue) {
                        waiting.append((queues[queue].config.priority - entry.priority, entry.queuedAt, entry.id, Int(entry.position)))
                    }
                }
            }
            waiting.sort { ($0.rank, -$0.queuedAt, -$0.id) > ($1.rank, -$1.queuedAt, -$1.id) }
            for c in waiting.map(\.position) {
                guard let agent = bestAgent(queue: calls[at: c].queue, upTo: calls[at: c].stage, for: c, at: now) else { continue }
                leaveQueue(c)
                offer(c, to: agent, at: now, effects: &effects)
            }
        }
    }

    // MARK: - Calls

    @inlinable mutating func callArrived(_ id: CallID, queue: Int, priority: Int, at now: Instant, effects: inout some RoutingEffectSink) {
        let c = calls.insert(CallSlot(id: id, queue: queue, priority: priority, arrivedAt: now))
        if let reason = refusal(queue, at: now) {
            queues[queue].statistics.rejected += 1
            end(c, .rejected(reason), at: now, effects: &effects)
            return
        }
        enter(c, queue: queue, at: now, effects: &effects)
    }

    /// Why the queue takes no call now: closed by its business hours, or full.
    @inlinable @inline(__always) func refusal(_ queue: Int, at now: Instant) -> RejectReason? {
        if let hours = queues[queue].config.hours {
            let local = localClock(now, hours.timeZone)
            if !hours.isOpen(on: local.date, weekday: local.weekday, minuteOfDay: local.minuteOfDay) { return .closed }
        }
        return queues[queue].waiting < queues[queue].config.maxWaiting ? nil : .queueFull
    }

    @inlinable func checkAccepts(_ queue: Int, at now: Instant) throws(RoutingError) {
        if let reason = refusal(queue, at: now) {
            throw RoutingError(.queueUnavailable, "Queue \(queues[queue].config.name) takes no calls now: \(reason.rawValue).")
        }
    }

    /// The call joins `queue` as a new arrival there: stage 0, overflow timers from now.
    @inlinable mutating func enter(_ c: Int, queue: Int, at now: Instant, effects: inout some RoutingEffectSink) {
        startVisit(c, queue: queue, at: now, effects: &effects)
        route(c, at: now, effects: &effects)
    }

    /// A new visit of `queue` begins: counted as offered there, its place in line and overflow
    /// clock from now, nobody passed over yet.
    @inlinable mutating func startVisit(_ c: Int, queue: Int, at now: Instant, effects: inout some RoutingEffectSink) {
        calls[at: c].queue = queue
        calls[at: c].queuedAt = now
        calls[at: c].stage = 0
        calls[at: c].visit &+= 1
        calls[at: c].nextOverflow = 0
        calls[at: c].answeredHere = false
        if calls[at: c].excluding {
            calls[at: c].excluding = false
            exclusions[calls[at: c].id] = nil
        }
        queues[queue].statistics.offered += 1
        effects.append(.callEnteredQueue(calls[at: c].id, queues[queue].config.id))
        scheduleOverflow(c)
    }

    /// The heap entry of a waiting call, as it is now.
    @inlinable @inline(__always) func entry(for c: Int) -> CallEntry {
        CallEntry(
            priority: -calls[at: c].priority, queuedAt: calls[at: c].queuedAt.millisecondsSinceEpoch, id: calls[at: c].id.rawValue,
            position: Int32(c), epoch: calls[at: c].epoch, excluding: calls[at: c].excluding)
    }

    /// Offers the call to the best available agent, or lets it wait.
    @inlinable mutating func route(_ c: Int, at now: Instant, effects: inout some RoutingEffectSink) {
        let queue = calls[at: c].queue
        if let agent = bestAgent(queue: queue, upTo: calls[at: c].stage, for: c, at: now) {
            offer(c, to: agent, at: now, effects: &effects)
            return
        }
        calls[at: c].epoch &+= 1
        calls[at: c].state = .queued
        queues[queue].callHeaps[calls[at: c].stage].insert(entry(for: c))
        queues[queue].waiting += 1
        effects.append(.callQueued(calls[at: c].id, queues[queue].config.id, waiting: queues[queue].waiting))
    }

    @inlinable mutating func offer(_ c: Int, to agent: Int, at now: Instant, effects: inout some RoutingEffectSink) {
        let id = calls[at: c].id
        invalidateAvailability(agent)
        sequence += 1
        agents[agent].lastOffer = sequence
        if agents[agent].profile.autoAnswer {
            // Offered and answered in one go: no ringing state, no ring timer.
            effects.append(.callOffered(id, to: agents[agent].profile.id, ringUntil: now))
            answer(c, agent, at: now, effects: &effects)
            return
        }
        let until = Instant(millisecondsSinceEpoch: now.millisecondsSinceEpoch + queues[calls[at: c].queue].ringTimeout)
        calls[at: c].epoch &+= 1
        calls[at: c].state = .ringing(agent, until: until)
        schedule(.ring(id, epoch: calls[at: c].epoch), after: queues[calls[at: c].queue].ringTimeout, from: now)
        setState(agent, .ringing(id), at: now, effects: &effects)
        effects.append(.callOffered(id, to: agents[agent].profile.id, ringUntil: until))
    }

    @inlinable mutating func answer(_ c: Int, _ agent: Int, at now: Instant, effects: inout some RoutingEffectSink) {
        let id = calls[at: c].id
        calls[at: c].epoch &+= 1
        calls[at: c].state = .talking(agent)
        calls[at: c].agent = agent
        if calls[at: c].answeredAt == nil { calls[at: c].answeredAt = now }
        if !calls[at: c].answeredHere {
            calls[at: c].answeredHere = true
            queues[calls[at: c].queue].statistics.answered += 1
        }
        agents[agent].callsToday += 1
        setState(agent, .talking(id), at: now, effects: &effects)
        effects.append(.callAnswered(id, by: agents[agent].profile.id, waited: now - calls[at: c].queuedAt))
    }

    /// Ends a ringing offer; the call goes back to waiting (unless `requeue` is false) and the
    /// agent to not ready (a missed call, if the queue says so) or available.
    @inlinable mutating func withdrawOffer(
        _ c: Int, because reason: RoutingEffect.OfferEnd, at now: Instant, requeue: Bool = true, effects: inout some RoutingEffectSink
    ) {
        guard case .ringing(let agent, _) = calls[at: c].state else { return }
        let id = calls[at: c].id
        effects.append(.offerWithdrawn(id, from: agents[agent].profile.id, because: reason))
        // The call is in no heap until it is routed again below, so the freed agent cannot be
        // handed the same call back before every other agent has had the chance.
        calls[at: c].epoch &+= 1
        calls[at: c].state = .queued
        if reason == .declined || reason == .ringTimeout {
            let until = now + reofferDelay
            exclusions[id, default: []].removeAll { $0.until <= now || $0.agent == agent }
            exclusions[id]!.append(Exclusion(agent: agent, until: until))
            calls[at: c].excluding = true
            schedule(.reoffer(id), after: reofferDelay.wholeMilliseconds, from: now)
        }
        switch reason {
        case .ringTimeout where queues[calls[at: c].queue].config.missedCallGoesNotReady:
            agents[agent].pendingNotReady = nil
            setState(agent, .notReady(reason: "missedCall"), at: now, effects: &effects)
        case .agentLoggedOut:
            break
        default:
            agentReturns(agent, at: now, effects: &effects)
        }
        if requeue { route(c, at: now, effects: &effects) }
    }

    /// The agent in conversation on a call (talking or holding), checked against the agent who
    /// acts (`by`, when given). `alone`: the command needs the call without a consultation or conference.
    @inlinable func actingAgent(of c: Int, by: AgentID?, alone: Bool) throws(RoutingError) -> Int {
        let agent: Int
        switch calls[at: c].state {
        case .talking(let bound), .held(let bound, _): agent = bound
        default: throw RoutingError(.illegalCallState, "Call \(calls[at: c].id) is not in conversation.")
        }
        if let by, agents[agent].profile.id != by {
            throw RoutingError(.notYourCall, "Call \(calls[at: c].id) is not with agent \(by).")
        }
        if alone, calls[at: c].partner != nil {
            throw RoutingError(.illegalCallState, "Call \(calls[at: c].id) has a consultation or conference; complete or cancel it first.")
        }
        return agent
    }

    /// The caller comes off hold (if held); the hold time is counted.
    @inlinable mutating func takeOffHold(_ c: Int, at now: Instant, effects: inout some RoutingEffectSink) {
        guard case .held(let agent, let since) = calls[at: c].state else { return }
        calls[at: c].state = .talking(agent)
        calls[at: c].holdMilliseconds += now.millisecondsSinceEpoch - since.millisecondsSinceEpoch
        effects.append(.callResumed(calls[at: c].id, heldFor: now - since))
    }

    /// Ends a consultation that has not become a conference: the colleague goes back to work
    /// (no wrap-up; they never spoke to the caller), the caller stays with the agent.
    @inlinable mutating func endConsult(_ c: Int, because reason: RoutingEffect.ConsultEnd, at now: Instant, effects: inout some RoutingEffectSink) {
        guard let partner = calls[at: c].partner else { return }
        calls[at: c].partner = nil
        calls[at: c].epoch &+= 1
        effects.append(.consultEnded(calls[at: c].id, with: agents[partner.agent].profile.id, because: reason))
        if reason != .agentLoggedOut { agentReturns(partner.agent, at: now, effects: &effects) }
    }

    /// One agent of a conference leaves (into wrap-up); the caller stays with the other.
    @inlinable mutating func dropFromConference(_ c: Int, _ leaving: Int, at now: Instant, effects: inout some RoutingEffectSink) {
        guard let partner = calls[at: c].partner, partner.phase == .conference, case .talking(let agent) = calls[at: c].state else { return }
        calls[at: c].partner = nil
        calls[at: c].epoch &+= 1
        effects.append(.conferenceLeft(calls[at: c].id, agent: agents[leaving].profile.id))
        if leaving == agent {
            calls[at: c].state = .talking(partner.agent)
            calls[at: c].agent = partner.agent
            agents[partner.agent].callsToday += 1
        }
        startWrapUp(leaving, after: c, at: now, effects: &effects)
    }

    /// The consulted colleague keeps the caller; the agent leaves into wrap-up.
    @inlinable mutating func completeTransfer(_ c: Int, at now: Instant, effects: inout some RoutingEffectSink) {
        guard let partner = calls[at: c].partner, let agent = calls[at: c].state.agent else { return }
        let id = calls[at: c].id
        let from = agents[agent].profile.id, to = agents[partner.agent].profile.id
        if partner.phase == .conference {
            dropFromConference(c, agent, at: now, effects: &effects)
        } else {
            takeOffHold(c, at: now, effects: &effects)
            calls[at: c].partner = nil
            calls[at: c].epoch &+= 1
            calls[at: c].state = .talking(partner.agent)
            calls[at: c].agent = partner.agent
            agents[partner.agent].callsToday += 1
            effects.append(.consultEnded(id, with: to, because: .completed))
            startWrapUp(agent, after: c, at: now, effects: &effects)
        }
        calls[at: c].transfers += 1
        effects.append(.callTransferred(id, from: from, toQueue: nil, toAgent: to))
    }

    /// Frees the agent of a call in conversation (into wrap-up); the call keeps its hold time.
    @inlinable mutating func releaseAgent(of c: Int, at now: Instant, effects: inout some RoutingEffectSink) {
        let agent: Int
        switch calls[at: c].state {
        case .talking(let bound):
            agent = bound
        case .held(let bound, let since):
            agent = bound
            calls[at: c].holdMilliseconds += now.millisecondsSinceEpoch - since.millisecondsSinceEpoch
            calls[at: c].state = .held(bound, since: now)
        default:
            return
        }
        startWrapUp(agent, after: c, at: now, effects: &effects)
    }

    /// The queue's wrap-up after the agent's part in a call, or straight back to work.
    /// A queue that requires a disposition holds the wrap-up until the call has one.
    @inlinable mutating func startWrapUp(_ agent: Int, after c: Int, at now: Instant, effects: inout some RoutingEffectSink) {
        let id = calls[at: c].id
        let queue = calls[at: c].queue
        let wrapUp = queues[queue].wrapUp
        let hasWrapUp = queues[queue].hasWrapUp
        let waits = queues[queue].config.dispositionRequired && !calls[at: c].dispositionRecorded
        if waits {
            if let earlier = agents[agent].awaitingDisposition { stopWaiting(agent, for: earlier) }
            agents[agent].awaitingDisposition = id
            dispositionWaits[id, default: []].insert(agent)
        }
        if hasWrapUp || waits {
            agents[agent].epoch &+= 1
            let until = Instant(millisecondsSinceEpoch: now.millisecondsSinceEpoch + wrapUp)
            setState(agent, .wrapUp(id, until: until), at: now, effects: &effects)
            if hasWrapUp { schedule(.wrapUp(agent, epoch: agents[agent].epoch), after: wrapUp, from: now) }
        } else {
            agentReturns(agent, at: now, effects: &effects)
        }
    }

    @inlinable mutating func leaveQueue(_ c: Int) {
        guard case .queued = calls[at: c].state else { return }
        calls[at: c].epoch &+= 1
        queues[calls[at: c].queue].waiting -= 1
    }

    @inlinable mutating func end(_ c: Int, _ outcome: CallOutcome, at now: Instant, effects: inout some RoutingEffectSink) {
        // Read in place: the slot is not copied out.
        let id = calls[at: c].id
        if calls[at: c].excluding { exclusions[id] = nil }
        var hold = calls[at: c].holdMilliseconds
        if case .held(_, let since) = calls[at: c].state { hold += now.millisecondsSinceEpoch - since.millisecondsSinceEpoch }
        let record = CallRecord(
            id: id, firstQueue: queues[calls[at: c].firstQueue].config.id, lastQueue: queues[calls[at: c].queue].config.id,
            arrivedAt: calls[at: c].arrivedAt, answeredAt: calls[at: c].answeredAt, agent: calls[at: c].agent.map { agents[$0].profile.id },
            endedAt: now, outcome: outcome, holdCount: calls[at: c].holdCount, holdTime: .milliseconds(hold), transfers: calls[at: c].transfers,
            escalated: calls[at: c].escalated, consultations: calls[at: c].consultations, conferenced: calls[at: c].conferenced)
        calls.remove(at: c)
        effects.append(.callEnded(record))
    }

    // MARK: - Agents

    /// After a call (and wrap-up): not ready if the agent asked during the call, else available.
    @inlinable mutating func agentReturns(_ agent: Int, at now: Instant, effects: inout some RoutingEffectSink) {
        if let reason = agents[agent].pendingNotReady {
            agents[agent].pendingNotReady = nil
            setState(agent, .notReady(reason: reason), at: now, effects: &effects)
        } else {
            makeAvailable(agent, at: now, effects: &effects)
        }
    }

    /// The agent is free: offered the best waiting call across their queues, or indexed as available.
    @inlinable mutating func makeAvailable(_ agent: Int, at now: Instant, effects: inout some RoutingEffectSink) {
        setState(agent, .available, at: now, effects: &effects)
        agents[agent].idleSince = now
        if let c = bestCall(for: agent, at: now) {
            leaveQueue(c)
            offer(c, to: agent, at: now, effects: &effects)
        } else {
            indexAvailable(agent)
        }
    }

    @inlinable mutating func indexAvailable(_ agent: Int) {
        for queue in agents[agent].minimumStages.indices {
            guard let stage = agents[agent].minimumStages[queue] else { continue }
            let key = queues[queue].key(for: agents[agent])
            queues[queue].agentHeaps[stage].insert(AgentEntry(key: key, index: agent, epoch: agents[agent].epoch))
        }
    }

    /// Marks every heap entry of the agent stale: they are no longer available.
    @inlinable mutating func invalidateAvailability(_ agent: Int) {
        agents[agent].epoch &+= 1
    }

    @inlinable mutating func setState(_ agent: Int, _ state: AgentState, at now: Instant, effects: inout some RoutingEffectSink) {
        if agents[agent].state.isAvailable, !state.isAvailable { invalidateAvailability(agent) }
        // Leaving wrap-up (a log-out included) ends any wait for a disposition.
        if let waited = agents[agent].awaitingDisposition, state.subject != waited || state.call != nil {
            agents[agent].awaitingDisposition = nil
            stopWaiting(agent, for: waited)
        }
        agents[agent].state = state
        agents[agent].since = now
        effects.append(.agentStateChanged(agents[agent].profile.id, state, at: now))
    }

    // MARK: - Selection

    /// The best available agent for a call at `stage` of `queue`: the top of the agent heaps of
    /// stages 0…stage, by the queue's strategy, passing over agents the call excludes (they are
    /// set aside and put back, so the cost grows with the few exclusions, not with the agents).
    @inlinable mutating func bestAgent(queue: Int, upTo stage: Int, for c: Int, at now: Instant) -> Int? {
        var best: AgentEntry?
        var bestStage = 0
        var skipped: [(stage: Int, entry: AgentEntry)] = []
        let excluded = calls[at: c].excluding ? exclusions[calls[at: c].id] ?? [] : []
        for s in 0...stage {
            while let top = queues[queue].agentHeaps[s].min {
                if !isCurrent(top) {
                    queues[queue].agentHeaps[s].removeMin()
                } else if !excluded.isEmpty, excluded.contains(where: { $0.agent == top.index && $0.until > now }) {
                    skipped.append((s, queues[queue].agentHeaps[s].removeMin()))
                } else {
                    break
                }
            }
            if let top = queues[queue].agentHeaps[s].min, best.map({ top < $0 }) ?? true {
                best = top
                bestStage = s
            }
        }
        // The best is the top of its heap only while the skipped entries are out of it.
        if best != nil { queues[queue].agentHeaps[bestStage].removeMin() }
        for (s, entry) in skipped { queues[queue].agentHeaps[s].insert(entry) }
        return best?.index
    }

    @inlinable @inline(__always) func isCurrent(_ entry: AgentEntry) -> Bool {
        agents[entry.index].epoch == entry.epoch && agents[entry.index].state.isAvailable
    }

    /// The call a freed agent should get (its position): across every queue they serve and every
    /// stage they qualify for, the highest (queue + call) priority, then the longest weighted wait.
    @inlinable mutating func bestCall(for agent: Int, at now: Instant) -> Int? {
        var best: (rank: Int, weightedWait: Int64, queuedAt: Int64, id: Int64, queue: Int, stage: Int, position: Int32)?
        var skipped: [(queue: Int, stage: Int, entry: CallEntry)] = []
        defer { for (queue, stage, entry) in skipped { queues[queue].callHeaps[stage].insert(entry) } }
        for queue in agents[agent].minimumStages.indices {
            guard let minimum = agents[agent].minimumStages[queue] else { continue }
            for stage in minimum..<queues[queue].callHeaps.count {
                while let top = queues[queue].callHeaps[stage].min {
                    if !isCurrent(top, queue: queue) {
                        queues[queue].callHeaps[stage].removeMin()
                    } else if top.excluding, exclusions[CallID(top.id)]?.contains(where: { $0.agent == agent && $0.until > now }) == true {
                        skipped.append((queue, stage, queues[queue].callHeaps[stage].removeMin()))
                    } else {
                        break
                    }
                }
                guard let top = queues[queue].callHeaps[stage].min else { continue }
                let rank = queues[queue].config.priority - top.priority
                let weightedWait = (now.millisecondsSinceEpoch - top.queuedAt) * Int64(queues[queue].config.weight)
                let candidate = (rank, weightedWait, top.queuedAt, top.id, queue, stage, top.position)
                if let current = best {
                    if (candidate.0, candidate.1, -candidate.2, -candidate.3) > (current.rank, current.weightedWait, -current.queuedAt, -current.id) {
                        best = candidate
                    }
                } else {
                    best = candidate
                }
            }
        }
        guard let best else { return nil }
        queues[best.queue].callHeaps[best.stage].removeMin()
        return Int(best.position)
    }

    /// Whether a call heap entry still stands for a call waiting in `queue` as it was queued.
    @inlinable @inline(__always) func isCurrent(_ entry: CallEntry, queue: Int) -> Bool {
        let c = Int(entry.position)
        guard calls.holds(c, entry.id), calls[at: c].epoch == entry.epoch, calls[at: c].queue == queue, case .queued = calls[at: c].state else {
            return false
        }
        return true
    }

    // MARK: - Timers

    @inlinable mutating func nextSequence() -> Int64 {
        sequence += 1
        return sequence
    }

    @inlinable mutating func schedule(_ deadline: Deadline) {
        timers.insert(deadline)
    }

    /// Sets a timer `delay` milliseconds from now: such timers come due in the order they are set.
    @inlinable mutating func schedule(_ kind: Deadline.Kind, after delay: Int64, from now: Instant) {
        timers.insert(Deadline(at: Instant(millisecondsSinceEpoch: now.millisecondsSinceEpoch + delay), sequence: nextSequence(), kind: kind), after: delay)
    }

    @inlinable mutating func scheduleOverflow(_ c: Int) {
        let step = calls[at: c].nextOverflow
        let queue = calls[at: c].queue
        guard step < queues[queue].config.overflow.count else { return }
        schedule(Deadline(
            at: calls[at: c].queuedAt + queues[queue].config.overflow[step].after, sequence: nextSequence(),
            kind: .overflow(calls[at: c].id, visit: calls[at: c].visit, step: step)))
    }

    /// Runs every timer due by `now`, each at its own time, in order.
    @inlinable mutating func runTimers(until now: Instant, effects: inout some RoutingEffectSink) {
        while let next = timers.popFirst(dueBy: now) {
            switch next.kind {
            case .ring(let id, let epoch):
                guard let c = calls.position(of: id), calls[at: c].epoch == epoch, case .ringing = calls[at: c].state else { continue }
                withdrawOffer(c, because: .ringTimeout, at: next.at, effects: &effects)
            case .wrapUp(let agent, let epoch):
                guard agents[agent].epoch == epoch, case .wrapUp = agents[agent].state, agents[agent].awaitingDisposition == nil else { continue }
                agentReturns(agent, at: next.at, effects: &effects)
            case .consultRing(let id, let epoch):
                guard let c = calls.position(of: id), calls[at: c].epoch == epoch, calls[at: c].partner?.phase == .ringing else { continue }
                endConsult(c, because: .ringTimeout, at: next.at, effects: &effects)
            case .reoffer(let id):
                // Only when an exclusion ran out: a new visit or a queue change kept nothing to try.
                guard let c = calls.position(of: id), case .queued = calls[at: c].state,
                    exclusions[id]?.contains(where: { $0.until <= next.at }) == true
                else { continue }
                exclusions[id]!.removeAll { $0.until <= next.at }
                if exclusions[id]!.isEmpty {
                    exclusions[id] = nil
                    calls[at: c].excluding = false
                }
                leaveQueue(c)
                route(c, at: next.at, effects: &effects)
            case .overflow(let id, let visit, let step):
                guard let c = calls.position(of: id), calls[at: c].visit == visit, calls[at: c].nextOverflow == step,
                    step < queues[calls[at: c].queue].config.overflow.count
                else { continue }
                overflow(c, step: step, at: next.at, effects: &effects)
            }
        }
    }

    @inlinable mutating func overflow(_ c: Int, step: Int, at now: Instant, effects: inout some RoutingEffectSink) {
        let id = calls[at: c].id
        let queue = calls[at: c].queue
        let action = queues[queue].config.overflow[step]
        switch calls[at: c].state {
        case .talking, .held:
            return  // answered: overflow no longer applies
        case .ringing(_, let until) where !action.widens:
            // Let the ringing phone decide first; look again when it stops.
            schedule(Deadline(at: until, sequence: nextSequence(), kind: .overflow(id, visit: calls[at: c].visit, step: step)))
            return
        default:
            break
        }
        let queued: Bool
        if case .queued = calls[at: c].state { queued = true } else { queued = false }
        calls[at: c].nextOverflow = step + 1
        effects.append(.callOverflowed(id, queues[queue].config.id, step: step, action.action))
        switch action.action {
        case .lowerMinimum, .addSkill, .addTeamLeaders:
            calls[at: c].stage = queues[queue].stageAfterStep[step]
            if queued {
                leaveQueue(c)
                route(c, at: now, effects: &effects)
            }
            scheduleOverflow(c)
        case .moveToQueue(let targetID):
            leaveQueue(c)
            queues[queue].statistics.overflowedOut += 1
            guard let target = queueIndex[targetID], refusal(target, at: now) == nil else {
                end(c, .overflowEnded(reason: "overflowTargetUnavailable"), at: now, effects: &effects)
                return
            }
            enter(c, queue: target, at: now, effects: &effects)
        case .offerCallback:
            leaveQueue(c)
            queues[queue].statistics.overflowedOut += 1
            end(c, .callbackOffered, at: now, effects: &effects)
        case .end(let reason):
            leaveQueue(c)
            queues[queue].statistics.overflowedOut += 1
            end(c, .overflowEnded(reason: reason), at: now, effects: &effects)
        }
    }

    // MARK: - Lookups

    @inlinable @inline(__always) func agentSlot(_ id: AgentID) throws(RoutingError) -> Int {
        // Ids numbered 1, 2, … in the order agents were added (the simulator's, and a center
        // that never removed anyone) sit at id − 1: no hashing.
        let guess = Int(truncatingIfNeeded: id.rawValue &- 1)
        if guess >= 0, guess < agents.count, agents[guess].profile.id == id { return guess }
        guard let index = agentIndex[id] else { throw RoutingError(.unknownAgent, "No agent \(id).") }
        return index
    }

    /// Where queue `id` is, or nil (a guess at id − 1 first, as for agents).
    @inlinable @inline(__always) func queuePosition(_ id: QueueID) -> Int? {
        let guess = Int(truncatingIfNeeded: id.rawValue &- 1)
        if guess >= 0, guess < queues.count, queues[guess].config.id == id { return guess }
        return queueIndex[id]
    }

    /// Where the live call is in `calls`, or an error.
    @inlinable @inline(__always) func callPosition(_ id: CallID) throws(RoutingError) -> Int {
        guard let c = calls.position(of: id) else { throw RoutingError(.unknownCall, "No live call \(id).") }
        return c
    }

    /// This agent no longer waits for the call's disposition; others on it still do.
    @inlinable mutating func stopWaiting(_ agent: Int, for call: CallID) {
        dispositionWaits[call]?.remove(agent)
        if dispositionWaits[call]?.isEmpty == true { dispositionWaits[call] = nil }
    }

    /// Refuses leaving a wrap-up that waits for the call's disposition.
    @inlinable func requireDisposition(_ agent: Int, _ id: AgentID, _ what: String) throws(RoutingError) {
        guard let call = agents[agent].awaitingDisposition else { return }
        throw RoutingError(.dispositionRequired, "Agent \(id) cannot \(what) before choosing a disposition for call \(call).")
    }

    @inlinable func illegal(_ agent: AgentID, _ what: String) -> RoutingError {
        RoutingError(.illegalAgentState, "Agent \(agent) cannot \(what) while \(state(of: agent)?.description ?? "unknown").")
    }

    @inlinable func notYours(_ call: CallID, _ agent: AgentID, _ what: String) -> RoutingError {
        RoutingError(.notYourCall, "Call \(call) is not ringing for agent \(agent), who cannot \(what) it.")
    }
}

/// Counters of one queue since the engine started, as the engine sees them.
public struct QueueStatistics: Sendable, Equatable {
    /// Calls that entered the queue (arrivals, transfers and overflow in).
    public var offered = 0
    public var answered = 0
    public var abandoned = 0
    /// Refused at the door: full or closed.
    public var rejected = 0
    /// Left by an overflow step: moved on, offered a callback, or ended.
    public var overflowedOut = 0
    /// Waiting now.
    public var waiting = 0
}
