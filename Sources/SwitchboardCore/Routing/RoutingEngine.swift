import HeapModule

/// The automatic call distributor: one value that decides which agent gets which call, with no
/// I/O and no clock of its own. Shells feed it commands with the time they happened and carry
/// out the effects; the live contact center and the simulator run the same engine.
///
/// Cost: a call arriving, an agent freeing up and every timer cost O(log n) in the number of
/// agents and calls (times the small number of queues an agent serves and overflow stages a
/// queue has). Available agents wait in a heap per queue and stage, ordered by the queue's
/// strategy; waiting calls in a heap per queue and stage, ordered by (priority, arrival).
/// Entries that went stale are skipped when they reach the top (lazy deletion by epoch).
public struct RoutingEngine: Sendable {
    /// Converts an instant to local time in a time zone (for business hours).
    public typealias LocalClock = @Sendable (Instant, _ timeZone: String) -> LocalTime

    var queues: [QueueRuntime] = []
    var queueIndex: [QueueID: Int] = [:]
    var agents: [AgentSlot] = []
    var agentIndex: [AgentID: Int] = [:]
    var calls = CallTable()
    /// Who is passed over for which waiting call (see `reofferDelay`); few calls have any.
    var exclusions: [CallID: [Exclusion]] = [:]
    /// Calls whose disposition an agent's wrap-up waits for, with that agent.
    /// (Several agents can wrap up one call: a conference, a take-over, a warm transfer.)
    var dispositionWaits: [CallID: Set<Int>] = [:]
    var deadlines = Heap<Deadline>()
    var sequence: Int64 = 0
    var escalationIndex: Int?

    /// Where `escalate` sends calls; nil refuses escalation.
    public var escalationQueue: QueueID? {
        get { escalationIndex.map { queues[$0].config.id } }
        set { escalationIndex = newValue.flatMap { queueIndex[$0] } }
    }
    let localClock: LocalClock
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
            if agents[index].state == .available {
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
                if agents[agent].state == .available, let stage = agents[agent].minimumStages.last!, let last = queues.indices.last {
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
            if agents[agent].state == .available, let stage = agents[agent].minimumStages[index] {
                queues[index].agentHeaps[stage].insert(AgentEntry(key: runtime.key(for: agents[agent]), index: agent, epoch: agents[agent].epoch))
            }
        }
        for id in Array(calls.ids) where calls[id]!.queue == index {
            calls[id]!.stage = min(calls[id]!.stage, runtime.stages.count - 1)
            calls[id]!.nextOverflow = min(calls[id]!.nextOverflow, queue.overflow.count)
            // Timers of the old steps go stale; the next step of the new list is scheduled.
            calls[id]!.visit &+= 1
            if case .queued = calls[id]!.state { scheduleOverflow(id) }
            if case .ringing = calls[id]!.state { scheduleOverflow(id) }
            if case .queued = calls[id]!.state {
                let call = calls[id]!
                queues[index].callHeaps[call.stage].insert(
                    CallEntry(
                        priority: -call.priority, queuedAt: call.queuedAt.millisecondsSinceEpoch, id: id.rawValue, epoch: call.epoch,
                        excluding: call.excluding))
            }
        }
    }

    // MARK: - Reading

    /// The earliest timer (ring timeout, overflow step, wrap-up end). It may be early — a timer
    /// that no longer matters — but never late: waking then and sending `.timersDue` is enough.
    public var nextDeadline: Instant? { deadlines.min?.at }

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
        guard let call = calls[id], case .queued = call.state else { return nil }
        let mine = CallEntry(priority: -call.priority, queuedAt: call.queuedAt.millisecondsSinceEpoch, id: id.rawValue, epoch: call.epoch)
        var ahead = 0
        for heap in queues[call.queue].callHeaps {
            for entry in heap.unordered where entry.id != id.rawValue && isCurrent(entry, queue: call.queue) && entry < mine { ahead += 1 }
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
        runTimers(until: now, effects: &effects)
        do {
            try apply(command, at: now, effects: &effects)
        } catch {
            var error = error
            error.timerEffects = effects
            throw error
        }
        return effects
    }

    mutating func apply(_ command: RoutingCommand, at now: Instant, effects: inout [RoutingEffect]) throws(RoutingError) {
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
            case .ringing(let callID) where calls[callID]?.partner?.agent == agent:
                endConsult(callID, because: .agentLoggedOut, at: now, effects: &effects)
            case .ringing(let callID):
                withdrawOffer(callID, because: .agentLoggedOut, at: now, effects: &effects)
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
            if calls[id] != nil { calls[id]!.dispositionRecorded = true }
            for agent in (dispositionWaits.removeValue(forKey: id) ?? []).sorted() {
                agents[agent].awaitingDisposition = nil
                // The wrap-up time already ran out while it waited: it ends now.
                if case .wrapUp(id, let until) = agents[agent].state, (until ?? now) <= now { agentReturns(agent, at: now, effects: &effects) }
            }
        case .callArrived(let id, let queueID, let priority):
            guard calls[id] == nil else { throw RoutingError(.duplicateCall, "Call \(id) is already known.") }
            guard let queue = queueIndex[queueID] else { throw RoutingError(.unknownQueue, "No queue \(queueID).") }
            callArrived(id, queue: queue, priority: priority, at: now, effects: &effects)
        case .answer(let id, let agentID):
            let agent = try agentSlot(agentID)
            let call = try callSlot(id)
            if let partner = call.partner, partner.agent == agent, partner.phase == .ringing {
                calls[id]!.partner!.phase = .consulting
                calls[id]!.epoch &+= 1
                setState(agent, .talking(id), at: now, effects: &effects)
                effects.append(.consultAnswered(id, by: agentID))
                return
            }
            guard case .ringing(let ringing, _) = call.state, ringing == agent else { throw notYours(id, agentID, "answer") }
            answer(id, agent, at: now, effects: &effects)
        case .decline(let id, let agentID):
            let agent = try agentSlot(agentID)
            let call = try callSlot(id)
            if let partner = call.partner, partner.agent == agent, partner.phase == .ringing {
                endConsult(id, because: .declined, at: now, effects: &effects)
                return
            }
            guard case .ringing(let ringing, _) = call.state, ringing == agent else { throw notYours(id, agentID, "decline") }
            withdrawOffer(id, because: .declined, at: now, effects: &effects)
        case .hold(let id, let by):
            let agent = try actingAgent(of: id, by: by, alone: true)
            guard case .talking = calls[id]!.state else { throw RoutingError(.illegalCallState, "Only a call in conversation can be held.") }
            calls[id]!.state = .held(agent, since: now)
            calls[id]!.holdCount += 1
            effects.append(.callHeld(id))
            setState(agent, .onHold(id), at: now, effects: &effects)
        case .resume(let id, let by):
            let agent = try actingAgent(of: id, by: by, alone: true)
            guard case .held = calls[id]!.state else { throw RoutingError(.illegalCallState, "Only a held call can be resumed.") }
            takeOffHold(id, at: now, effects: &effects)
            setState(agent, .talking(id), at: now, effects: &effects)
        case .transferToQueue(let id, let queueID, let by):
            guard let target = queueIndex[queueID] else { throw RoutingError(.unknownQueue, "No queue \(queueID).") }
            let agent = try actingAgent(of: id, by: by, alone: true)
            try checkAccepts(target, at: now)
            takeOffHold(id, at: now, effects: &effects)
            effects.append(.callTransferred(id, from: agents[agent].profile.id, toQueue: queueID, toAgent: nil))
            releaseAgent(of: id, at: now, effects: &effects)
            calls[id]!.transfers += 1
            enter(id, queue: target, at: now, effects: &effects)
        case .transferToAgent(let id, let targetID, let by):
            let target = try agentSlot(targetID)
            let agent = try actingAgent(of: id, by: by, alone: true)
            guard agents[target].state == .available, target != agent else {
                throw RoutingError(.agentNotAvailable, "Agent \(targetID) is not available to take a transfer.")
            }
            // The call starts a new visit of its queue, rung at the chosen agent: should they not
            // answer, it waits there as a new arrival, its overflow rules running from now.
            takeOffHold(id, at: now, effects: &effects)
            effects.append(.callTransferred(id, from: agents[agent].profile.id, toQueue: queues[calls[id]!.queue].config.id, toAgent: targetID))
            releaseAgent(of: id, at: now, effects: &effects)
            calls[id]!.transfers += 1
            startVisit(id, queue: calls[id]!.queue, at: now, effects: &effects)
            offer(id, to: target, at: now, effects: &effects)
        case .consult(let id, let targetID, let by):
            let target = try agentSlot(targetID)
            let agent = try actingAgent(of: id, by: by, alone: true)
            guard agents[target].state == .available, target != agent else {
                throw RoutingError(.agentNotAvailable, "Agent \(targetID) is not available for a consultation.")
            }
            if case .talking = calls[id]!.state {
                calls[id]!.state = .held(agent, since: now)
                calls[id]!.holdCount += 1
                effects.append(.callHeld(id))
                setState(agent, .onHold(id), at: now, effects: &effects)
            }
            let until = now + queues[calls[id]!.queue].config.ringTimeout
            calls[id]!.epoch &+= 1
            calls[id]!.consultations += 1
            calls[id]!.partner = .init(agent: target, phase: .ringing)
            schedule(Deadline(at: until, sequence: nextSequence(), kind: .consultRing(id, epoch: calls[id]!.epoch)))
            setState(target, .ringing(id), at: now, effects: &effects)
            effects.append(.consultStarted(id, from: agents[agent].profile.id, to: targetID, ringUntil: until))
        case .completeTransfer(let id, let by):
            _ = try actingAgent(of: id, by: by, alone: false)
            guard let partner = calls[id]!.partner, partner.phase != .ringing else {
                throw RoutingError(.illegalCallState, "Call \(id) has no answered consultation to hand over.")
            }
            completeTransfer(id, at: now, effects: &effects)
        case .cancelConsult(let id, let by):
            let agent = try actingAgent(of: id, by: by, alone: false)
            guard let partner = calls[id]!.partner else { throw RoutingError(.illegalCallState, "Call \(id) has no consultation to cancel.") }
            if partner.phase == .conference {
                dropFromConference(id, partner.agent, at: now, effects: &effects)
            } else {
                endConsult(id, because: .cancelled, at: now, effects: &effects)
                takeOffHold(id, at: now, effects: &effects)
                setState(agent, .talking(id), at: now, effects: &effects)
            }
        case .conference(let id, let by):
            let agent = try actingAgent(of: id, by: by, alone: false)
            guard let partner = calls[id]!.partner, partner.phase == .consulting else {
                throw RoutingError(.illegalCallState, "Call \(id) has no answered consultation to join.")
            }
            takeOffHold(id, at: now, effects: &effects)
            calls[id]!.partner!.phase = .conference
            calls[id]!.conferenced = true
            calls[id]!.epoch &+= 1
            setState(agent, .talking(id), at: now, effects: &effects)
            effects.append(.consultEnded(id, with: agents[partner.agent].profile.id, because: .conferenced))
            effects.append(.conferenceStarted(id, with: agents[partner.agent].profile.id))
        case .escalate(let id, let by):
            let agent = try actingAgent(of: id, by: by, alone: true)
            guard let target = escalationIndex else { throw RoutingError(.noEscalationQueue, "No escalation queue is configured.") }
            try checkAccepts(target, at: now)
            takeOffHold(id, at: now, effects: &effects)
            effects.append(.callEscalated(id, from: agents[agent].profile.id, to: queues[target].config.id))
            releaseAgent(of: id, at: now, effects: &effects)
            calls[id]!.escalated = true
            calls[id]!.priority += 10
            enter(id, queue: target, at: now, effects: &effects)
        case .takeOver(let id, let supervisorID, let withinTeam):
            let supervisor = try agentSlot(supervisorID)
            let agent = try actingAgent(of: id, by: nil, alone: true)
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
            switch calls[id]!.state {
            case .held(_, let since):
                held = true
                calls[id]!.state = .held(supervisor, since: since)
            default:
                held = false
                calls[id]!.state = .talking(supervisor)
            }
            startWrapUp(agent, after: id, at: now, effects: &effects)
            calls[id]!.agent = supervisor
            invalidateAvailability(supervisor)
            setState(supervisor, held ? .onHold(id) : .talking(id), at: now, effects: &effects)
        case .callerHungUp(let id):
            let call = try callSlot(id)
            switch call.state {
            case .queued:
                leaveQueue(id)
                queues[call.queue].statistics.abandoned += 1
                end(id, .abandonedInQueue, at: now, effects: &effects)
            case .ringing:
                withdrawOffer(id, because: .callerHungUp, at: now, requeue: false, effects: &effects)
                queues[call.queue].statistics.abandoned += 1
                end(id, .abandonedRinging, at: now, effects: &effects)
            case .talking, .held:
                if let partner = call.partner {
                    if partner.phase == .conference {
                        effects.append(.conferenceLeft(id, agent: agents[partner.agent].profile.id))
                        calls[id]!.partner = nil
                        startWrapUp(partner.agent, after: id, at: now, effects: &effects)
                    } else {
                        endConsult(id, because: .callEnded, at: now, effects: &effects)
                    }
                }
                releaseAgent(of: id, at: now, effects: &effects)
                end(id, .completed(by: .caller), at: now, effects: &effects)
            }
        case .agentHungUp(let id, let by):
            let call = try callSlot(id)
            if let partner = call.partner, let by, partner.agent == agentIndex[by] {
                // The colleague leaves; the agent keeps the caller.
                switch partner.phase {
                case .ringing: endConsult(id, because: .declined, at: now, effects: &effects)
                case .consulting: endConsult(id, because: .colleagueHungUp, at: now, effects: &effects)
                case .conference: dropFromConference(id, partner.agent, at: now, effects: &effects)
                }
                return
            }
            _ = try actingAgent(of: id, by: by, alone: false)
            switch call.partner?.phase {
            case .consulting?, .conference?:
                // Hanging up on a connected colleague hands them the caller.
                completeTransfer(id, at: now, effects: &effects)
            case .ringing?:
                endConsult(id, because: .cancelled, at: now, effects: &effects)
                releaseAgent(of: id, at: now, effects: &effects)
                end(id, .completed(by: .agent), at: now, effects: &effects)
            case nil:
                releaseAgent(of: id, at: now, effects: &effects)
                end(id, .completed(by: .agent), at: now, effects: &effects)
            }
        case .startNewDay:
            for agent in agents.indices {
                agents[agent].callsToday = 0
                // Their place in a fewest-calls queue changed: index them again.
                if agents[agent].state == .available {
                    agents[agent].epoch &+= 1
                    indexAvailable(agent)
                }
            }
        case .rematch:
            // Every waiting call is routed again, the most urgent first (queue priority, call
            // priority, arrival), each queue choosing among its agents by its own strategy.
            var waiting: [(rank: Int, queuedAt: Int64, id: CallID)] = []
            for queue in queues.indices {
                for heap in queues[queue].callHeaps {
                    for entry in heap.unordered where isCurrent(entry, queue: queue) {
                        waiting.append((queues[queue].config.priority - entry.priority, entry.queuedAt, CallID(entry.id)))
                    }
                }
            }
            waiting.sort { ($0.rank, -$0.queuedAt, -$0.id.rawValue) > ($1.rank, -$1.queuedAt, -$1.id.rawValue) }
            for id in waiting.map(\.id) {
                let call = calls[id]!
                guard let agent = bestAgent(queue: call.queue, upTo: call.stage, for: call, at: now) else { continue }
                leaveQueue(id)
                offer(id, to: agent, at: now, effects: &effects)
            }
        }
    }

    // MARK: - Calls

    mutating func callArrived(_ id: CallID, queue: Int, priority: Int, at now: Instant, effects: inout [RoutingEffect]) {
        let call = CallSlot(id: id, queue: queue, priority: priority, arrivedAt: now)
        calls[id] = call
        if let reason = refusal(queue, at: now) {
            queues[queue].statistics.rejected += 1
            end(id, .rejected(reason), at: now, effects: &effects)
            return
        }
        enter(id, queue: queue, at: now, effects: &effects)
    }

    /// Why the queue takes no call now: closed by its business hours, or full.
    func refusal(_ queue: Int, at now: Instant) -> RejectReason? {
        let config = queues[queue].config
        if let hours = config.hours {
            let local = localClock(now, hours.timeZone)
            if !hours.isOpen(on: local.date, weekday: local.weekday, minuteOfDay: local.minuteOfDay) { return .closed }
        }
        return queues[queue].waiting < config.maxWaiting ? nil : .queueFull
    }

    func checkAccepts(_ queue: Int, at now: Instant) throws(RoutingError) {
        if let reason = refusal(queue, at: now) {
            throw RoutingError(.queueUnavailable, "Queue \(queues[queue].config.name) takes no calls now: \(reason.rawValue).")
        }
    }

    /// The call joins `queue` as a new arrival there: stage 0, overflow timers from now.
    mutating func enter(_ id: CallID, queue: Int, at now: Instant, effects: inout [RoutingEffect]) {
        startVisit(id, queue: queue, at: now, effects: &effects)
        route(id, at: now, effects: &effects)
    }

    /// A new visit of `queue` begins: counted as offered there, its place in line and overflow
    /// clock from now, nobody passed over yet.
    mutating func startVisit(_ id: CallID, queue: Int, at now: Instant, effects: inout [RoutingEffect]) {
        calls[id]!.queue = queue
        calls[id]!.queuedAt = now
        calls[id]!.stage = 0
        calls[id]!.visit &+= 1
        calls[id]!.nextOverflow = 0
        calls[id]!.answeredHere = false
        if calls[id]!.excluding {
            calls[id]!.excluding = false
            exclusions[id] = nil
        }
        queues[queue].statistics.offered += 1
        effects.append(.callEnteredQueue(id, queues[queue].config.id))
        scheduleOverflow(id)
    }

    /// Offers the call to the best available agent, or lets it wait.
    mutating func route(_ id: CallID, at now: Instant, effects: inout [RoutingEffect]) {
        let call = calls[id]!
        if let agent = bestAgent(queue: call.queue, upTo: call.stage, for: call, at: now) {
            offer(id, to: agent, at: now, effects: &effects)
            return
        }
        calls[id]!.epoch &+= 1
        calls[id]!.state = .queued
        let entry = CallEntry(
            priority: -(call.priority), queuedAt: call.queuedAt.millisecondsSinceEpoch, id: id.rawValue, epoch: calls[id]!.epoch,
            excluding: call.excluding)
        queues[call.queue].callHeaps[call.stage].insert(entry)
        queues[call.queue].waiting += 1
        effects.append(.callQueued(id, queues[call.queue].config.id, waiting: queues[call.queue].waiting))
    }

    mutating func offer(_ id: CallID, to agent: Int, at now: Instant, effects: inout [RoutingEffect]) {
        let until = now + queues[calls[id]!.queue].config.ringTimeout
        invalidateAvailability(agent)
        sequence += 1
        agents[agent].lastOffer = sequence
        calls[id]!.epoch &+= 1
        calls[id]!.state = .ringing(agent, until: until)
        schedule(Deadline(at: until, sequence: nextSequence(), kind: .ring(id, epoch: calls[id]!.epoch)))
        setState(agent, .ringing(id), at: now, effects: &effects)
        effects.append(.callOffered(id, to: agents[agent].profile.id, ringUntil: until))
    }

    mutating func answer(_ id: CallID, _ agent: Int, at now: Instant, effects: inout [RoutingEffect]) {
        let queue = calls[id]!.queue
        calls[id]!.epoch &+= 1
        calls[id]!.state = .talking(agent)
        calls[id]!.agent = agent
        if calls[id]!.answeredAt == nil { calls[id]!.answeredAt = now }
        if !calls[id]!.answeredHere {
            calls[id]!.answeredHere = true
            queues[queue].statistics.answered += 1
        }
        agents[agent].callsToday += 1
        setState(agent, .talking(id), at: now, effects: &effects)
        effects.append(.callAnswered(id, by: agents[agent].profile.id, waited: now - calls[id]!.queuedAt))
    }

    /// Ends a ringing offer; the call goes back to waiting (unless `requeue` is false) and the
    /// agent to not ready (a missed call, if the queue says so) or available.
    mutating func withdrawOffer(
        _ id: CallID, because reason: RoutingEffect.OfferEnd, at now: Instant, requeue: Bool = true, effects: inout [RoutingEffect]
    ) {
        guard case .ringing(let agent, _) = calls[id]!.state else { return }
        effects.append(.offerWithdrawn(id, from: agents[agent].profile.id, because: reason))
        // The call is in no heap until it is routed again below, so the freed agent cannot be
        // handed the same call back before every other agent has had the chance.
        calls[id]!.epoch &+= 1
        calls[id]!.state = .queued
        if reason == .declined || reason == .ringTimeout {
            let until = now + reofferDelay
            exclusions[id, default: []].removeAll { $0.until <= now || $0.agent == agent }
            exclusions[id]!.append(Exclusion(agent: agent, until: until))
            calls[id]!.excluding = true
            schedule(Deadline(at: until, sequence: nextSequence(), kind: .reoffer(id)))
        }
        switch reason {
        case .ringTimeout where queues[calls[id]!.queue].config.missedCallGoesNotReady:
            agents[agent].pendingNotReady = nil
            setState(agent, .notReady(reason: "missedCall"), at: now, effects: &effects)
        case .agentLoggedOut:
            break
        default:
            agentReturns(agent, at: now, effects: &effects)
        }
        if requeue { route(id, at: now, effects: &effects) }
    }

    /// The agent bound to a call in conversation (talking or holding), or an error.
    func connectedAgent(of id: CallID) throws(RoutingError) -> Int {
        guard let call = calls[id] else { throw RoutingError(.unknownCall, "No live call \(id).") }
        switch call.state {
        case .talking(let agent), .held(let agent, _): return agent
        default: throw RoutingError(.illegalCallState, "Call \(id) is not in conversation.")
        }
    }

    /// The agent in conversation on a call, checked against the agent who acts (`by`, when
    /// given). `alone`: the command needs the call without a consultation or conference.
    func actingAgent(of id: CallID, by: AgentID?, alone: Bool) throws(RoutingError) -> Int {
        let agent = try connectedAgent(of: id)
        if let by, agents[agent].profile.id != by {
            throw RoutingError(.notYourCall, "Call \(id) is not with agent \(by).")
        }
        if alone, calls[id]!.partner != nil {
            throw RoutingError(.illegalCallState, "Call \(id) has a consultation or conference; complete or cancel it first.")
        }
        return agent
    }

    /// The caller comes off hold (if held); the hold time is counted.
    mutating func takeOffHold(_ id: CallID, at now: Instant, effects: inout [RoutingEffect]) {
        guard case .held(let agent, let since) = calls[id]!.state else { return }
        calls[id]!.state = .talking(agent)
        calls[id]!.holdTime += now - since
        effects.append(.callResumed(id, heldFor: now - since))
    }

    /// Ends a consultation that has not become a conference: the colleague goes back to work
    /// (no wrap-up; they never spoke to the caller), the caller stays with the agent.
    mutating func endConsult(_ id: CallID, because reason: RoutingEffect.ConsultEnd, at now: Instant, effects: inout [RoutingEffect]) {
        guard let partner = calls[id]!.partner else { return }
        calls[id]!.partner = nil
        calls[id]!.epoch &+= 1
        effects.append(.consultEnded(id, with: agents[partner.agent].profile.id, because: reason))
        if reason != .agentLoggedOut { agentReturns(partner.agent, at: now, effects: &effects) }
    }

    /// One agent of a conference leaves (into wrap-up); the caller stays with the other.
    mutating func dropFromConference(_ id: CallID, _ leaving: Int, at now: Instant, effects: inout [RoutingEffect]) {
        guard let partner = calls[id]!.partner, partner.phase == .conference, case .talking(let agent) = calls[id]!.state else { return }
        calls[id]!.partner = nil
        calls[id]!.epoch &+= 1
        effects.append(.conferenceLeft(id, agent: agents[leaving].profile.id))
        if leaving == agent {
            calls[id]!.state = .talking(partner.agent)
            calls[id]!.agent = partner.agent
            agents[partner.agent].callsToday += 1
        }
        startWrapUp(leaving, after: id, at: now, effects: &effects)
    }

    /// The consulted colleague keeps the caller; the agent leaves into wrap-up.
    mutating func completeTransfer(_ id: CallID, at now: Instant, effects: inout [RoutingEffect]) {
        guard let partner = calls[id]!.partner, let agent = calls[id]!.state.agent else { return }
        let from = agents[agent].profile.id, to = agents[partner.agent].profile.id
        if partner.phase == .conference {
            dropFromConference(id, agent, at: now, effects: &effects)
        } else {
            takeOffHold(id, at: now, effects: &effects)
            calls[id]!.partner = nil
            calls[id]!.epoch &+= 1
            calls[id]!.state = .talking(partner.agent)
            calls[id]!.agent = partner.agent
            agents[partner.agent].callsToday += 1
            effects.append(.consultEnded(id, with: to, because: .completed))
            startWrapUp(agent, after: id, at: now, effects: &effects)
        }
        calls[id]!.transfers += 1
        effects.append(.callTransferred(id, from: from, toQueue: nil, toAgent: to))
    }

    /// Frees the agent of a call in conversation (into wrap-up); the call keeps its hold time.
    mutating func releaseAgent(of id: CallID, at now: Instant, effects: inout [RoutingEffect]) {
        let agent: Int
        switch calls[id]!.state {
        case .talking(let bound):
            agent = bound
        case .held(let bound, let since):
            agent = bound
            calls[id]!.holdTime += now - since
            calls[id]!.state = .held(bound, since: now)
        default:
            return
        }
        startWrapUp(agent, after: id, at: now, effects: &effects)
    }

    /// The queue's wrap-up after the agent's part in a call, or straight back to work.
    /// A queue that requires a disposition holds the wrap-up until the call has one.
    mutating func startWrapUp(_ agent: Int, after id: CallID, at now: Instant, effects: inout [RoutingEffect]) {
        let config = queues[calls[id]!.queue].config
        let wrapUp = config.wrapUp
        let waits = config.dispositionRequired && !calls[id]!.dispositionRecorded
        if waits {
            if let earlier = agents[agent].awaitingDisposition { stopWaiting(agent, for: earlier) }
            agents[agent].awaitingDisposition = id
            dispositionWaits[id, default: []].insert(agent)
        }
        if wrapUp > .zero || waits {
            agents[agent].epoch &+= 1
            let until = now + wrapUp
            setState(agent, .wrapUp(id, until: until), at: now, effects: &effects)
            if wrapUp > .zero { schedule(Deadline(at: until, sequence: nextSequence(), kind: .wrapUp(agent, epoch: agents[agent].epoch))) }
        } else {
            agentReturns(agent, at: now, effects: &effects)
        }
    }

    mutating func leaveQueue(_ id: CallID) {
        guard case .queued = calls[id]!.state else { return }
        calls[id]!.epoch &+= 1
        queues[calls[id]!.queue].waiting -= 1
    }

    mutating func end(_ id: CallID, _ outcome: CallOutcome, at now: Instant, effects: inout [RoutingEffect]) {
        guard let call = calls.removeValue(forKey: id) else { return }
        if call.excluding { exclusions[id] = nil }
        var holdTime = call.holdTime
        if case .held(_, let since) = call.state { holdTime += now - since }
        let record = CallRecord(
            id: id, firstQueue: queues[call.firstQueue].config.id, lastQueue: queues[call.queue].config.id, arrivedAt: call.arrivedAt,
            answeredAt: call.answeredAt, agent: call.agent.map { agents[$0].profile.id }, endedAt: now, outcome: outcome,
            holdCount: call.holdCount, holdTime: holdTime, transfers: call.transfers, escalated: call.escalated,
            consultations: call.consultations, conferenced: call.conferenced)
        effects.append(.callEnded(record))
    }

    // MARK: - Agents

    /// After a call (and wrap-up): not ready if the agent asked during the call, else available.
    mutating func agentReturns(_ agent: Int, at now: Instant, effects: inout [RoutingEffect]) {
        if let reason = agents[agent].pendingNotReady {
            agents[agent].pendingNotReady = nil
            setState(agent, .notReady(reason: reason), at: now, effects: &effects)
        } else {
            makeAvailable(agent, at: now, effects: &effects)
        }
    }

    /// The agent is free: offered the best waiting call across their queues, or indexed as available.
    mutating func makeAvailable(_ agent: Int, at now: Instant, effects: inout [RoutingEffect]) {
        setState(agent, .available, at: now, effects: &effects)
        agents[agent].idleSince = now
        if let call = bestCall(for: agent, at: now) {
            leaveQueue(call)
            offer(call, to: agent, at: now, effects: &effects)
        } else {
            indexAvailable(agent)
        }
    }

    mutating func indexAvailable(_ agent: Int) {
        let slot = agents[agent]
        for (queue, stage) in slot.minimumStages.enumerated() {
            guard let stage else { continue }
            queues[queue].agentHeaps[stage].insert(AgentEntry(key: queues[queue].key(for: slot), index: agent, epoch: slot.epoch))
        }
    }

    /// Marks every heap entry of the agent stale: they are no longer available.
    mutating func invalidateAvailability(_ agent: Int) {
        agents[agent].epoch &+= 1
    }

    mutating func setState(_ agent: Int, _ state: AgentState, at now: Instant, effects: inout [RoutingEffect]) {
        if agents[agent].state == .available, state != .available { invalidateAvailability(agent) }
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
    mutating func bestAgent(queue: Int, upTo stage: Int, for call: CallSlot, at now: Instant) -> Int? {
        var best: AgentEntry?
        var bestStage = 0
        var skipped: [(stage: Int, entry: AgentEntry)] = []
        let excluded = call.excluding ? exclusions[call.id] ?? [] : []
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

    func isCurrent(_ entry: AgentEntry) -> Bool {
        agents[entry.index].epoch == entry.epoch && agents[entry.index].state == .available
    }

    /// The call a freed agent should get: across every queue they serve and every stage they
    /// qualify for, the highest (queue + call) priority, then the longest weighted wait.
    mutating func bestCall(for agent: Int, at now: Instant) -> CallID? {
        var best: (rank: Int, weightedWait: Int64, queuedAt: Int64, id: Int64, queue: Int, stage: Int)?
        var skipped: [(queue: Int, stage: Int, entry: CallEntry)] = []
        defer { for (queue, stage, entry) in skipped { queues[queue].callHeaps[stage].insert(entry) } }
        for (queue, minimum) in agents[agent].minimumStages.enumerated() {
            guard let minimum else { continue }
            let config = queues[queue].config
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
                let rank = config.priority - top.priority
                let weightedWait = (now.millisecondsSinceEpoch - top.queuedAt) * Int64(config.weight)
                let candidate = (rank, weightedWait, top.queuedAt, top.id, queue, stage)
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
        return CallID(best.id)
    }

    func isCurrent(_ entry: CallEntry, queue: Int) -> Bool {
        guard let call = calls[CallID(entry.id)], call.epoch == entry.epoch, call.queue == queue, case .queued = call.state else { return false }
        return true
    }

    // MARK: - Timers

    mutating func nextSequence() -> Int64 {
        sequence += 1
        return sequence
    }

    mutating func schedule(_ deadline: Deadline) {
        deadlines.insert(deadline)
    }

    mutating func scheduleOverflow(_ id: CallID) {
        let call = calls[id]!
        let steps = queues[call.queue].config.overflow
        guard call.nextOverflow < steps.count else { return }
        schedule(Deadline(
            at: call.queuedAt + steps[call.nextOverflow].after, sequence: nextSequence(),
            kind: .overflow(id, visit: call.visit, step: call.nextOverflow)))
    }

    /// Runs every timer due by `now`, each at its own time, in order.
    mutating func runTimers(until now: Instant, effects: inout [RoutingEffect]) {
        while let next = deadlines.min, next.at <= now {
            deadlines.removeMin()
            switch next.kind {
            case .ring(let id, let epoch):
                guard let call = calls[id], call.epoch == epoch, case .ringing = call.state else { continue }
                withdrawOffer(id, because: .ringTimeout, at: next.at, effects: &effects)
            case .wrapUp(let agent, let epoch):
                guard agents[agent].epoch == epoch, case .wrapUp = agents[agent].state, agents[agent].awaitingDisposition == nil else { continue }
                agentReturns(agent, at: next.at, effects: &effects)
            case .consultRing(let id, let epoch):
                guard let call = calls[id], call.epoch == epoch, call.partner?.phase == .ringing else { continue }
                endConsult(id, because: .ringTimeout, at: next.at, effects: &effects)
            case .reoffer(let id):
                // Only when an exclusion ran out: a new visit or a queue change kept nothing to try.
                guard let call = calls[id], case .queued = call.state, exclusions[id]?.contains(where: { $0.until <= next.at }) == true else { continue }
                exclusions[id]!.removeAll { $0.until <= next.at }
                if exclusions[id]!.isEmpty {
                    exclusions[id] = nil
                    calls[id]!.excluding = false
                }
                leaveQueue(id)
                route(id, at: next.at, effects: &effects)
            case .overflow(let id, let visit, let step):
                guard let call = calls[id], call.visit == visit, call.nextOverflow == step, step < queues[call.queue].config.overflow.count else { continue }
                overflow(id, step: step, at: next.at, effects: &effects)
            }
        }
    }

    mutating func overflow(_ id: CallID, step: Int, at now: Instant, effects: inout [RoutingEffect]) {
        let call = calls[id]!
        let queue = call.queue
        let action = queues[queue].config.overflow[step]
        switch call.state {
        case .talking, .held:
            return  // answered: overflow no longer applies
        case .ringing(_, let until) where !action.widens:
            // Let the ringing phone decide first; look again when it stops.
            schedule(Deadline(at: until, sequence: nextSequence(), kind: .overflow(id, visit: call.visit, step: step)))
            return
        default:
            break
        }
        calls[id]!.nextOverflow = step + 1
        effects.append(.callOverflowed(id, queues[queue].config.id, step: step, action.action))
        switch action.action {
        case .lowerMinimum, .addSkill, .addTeamLeaders:
            calls[id]!.stage = queues[queue].stageAfterStep[step]
            if case .queued = call.state {
                leaveQueue(id)
                route(id, at: now, effects: &effects)
            }
            scheduleOverflow(id)
        case .moveToQueue(let targetID):
            leaveQueue(id)
            queues[queue].statistics.overflowedOut += 1
            guard let target = queueIndex[targetID], refusal(target, at: now) == nil else {
                end(id, .overflowEnded(reason: "overflowTargetUnavailable"), at: now, effects: &effects)
                return
            }
            enter(id, queue: target, at: now, effects: &effects)
        case .offerCallback:
            leaveQueue(id)
            queues[queue].statistics.overflowedOut += 1
            end(id, .callbackOffered, at: now, effects: &effects)
        case .end(let reason):
            leaveQueue(id)
            queues[queue].statistics.overflowedOut += 1
            end(id, .overflowEnded(reason: reason), at: now, effects: &effects)
        }
    }

    // MARK: - Lookups

    func agentSlot(_ id: AgentID) throws(RoutingError) -> Int {
        guard let index = agentIndex[id] else { throw RoutingError(.unknownAgent, "No agent \(id).") }
        return index
    }

    func callSlot(_ id: CallID) throws(RoutingError) -> CallSlot {
        guard let call = calls[id] else { throw RoutingError(.unknownCall, "No live call \(id).") }
        return call
    }

    /// This agent no longer waits for the call's disposition; others on it still do.
    mutating func stopWaiting(_ agent: Int, for call: CallID) {
        dispositionWaits[call]?.remove(agent)
        if dispositionWaits[call]?.isEmpty == true { dispositionWaits[call] = nil }
    }

    /// Refuses leaving a wrap-up that waits for the call's disposition.
    func requireDisposition(_ agent: Int, _ id: AgentID, _ what: String) throws(RoutingError) {
        guard let call = agents[agent].awaitingDisposition else { return }
        throw RoutingError(.dispositionRequired, "Agent \(id) cannot \(what) before choosing a disposition for call \(call).")
    }

    func illegal(_ agent: AgentID, _ what: String) -> RoutingError {
        RoutingError(.illegalAgentState, "Agent \(agent) cannot \(what) while \(state(of: agent)?.description ?? "unknown").")
    }

    func notYours(_ call: CallID, _ agent: AgentID, _ what: String) -> RoutingError {
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
