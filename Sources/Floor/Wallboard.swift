import ContactCenter
import Organisation
import Storage
import SwitchboardCore

/// The wallboard's picture of the floor in one read (`GET /realtime/wallboard`): every queue
/// with today's figures, its last hour in 5-minute slots and its service level against target;
/// every agent with state, current call and today's figures; and the alerts now. A team leader
/// sees their own team's agents; filters narrow to a team or a queue.
public struct Wallboard: Sendable {
    /// People, agents, teams and queues (`OrganisationService`, or a fake in tests).
    let directory: any OrganisationDirectory
    public let center: ContactCenter

    public init(service: any OrganisationDirectory, center: ContactCenter) {
        self.directory = service
        self.center = center
    }

    /// Every queue's tile now (`GET /realtime/queues`), for those who read calls.
    public func queues(by principal: Principal) async throws -> [QueueTile] {
        try principal.require(.read, .calls)
        return try await queueTiles(at: await center.now).tiles
    }

    /// Every agent's state now (`GET /realtime/agents`); a team leader sees their own team.
    public func agents(by principal: Principal) async throws -> [AgentRealtime] {
        try principal.require(.read, .calls)
        let now = await center.now
        let team = try await directory.teamScope(of: principal)
        let views = Dictionary(uniqueKeysWithValues: try await directory.agents(by: principal).filter { team == nil || $0.teamId == team }.map { ($0.id, $0) })
        var list: [AgentRealtime] = []
        for (agent, state, since) in await center.agentStates {
            guard let view = views[agent.rawValue] else { continue }
            var reason: String?
            if case .notReady(let why) = state { reason = why }
            list.append(AgentRealtime(
                agentId: agent.rawValue, username: view.username, displayName: view.displayName, teamId: view.teamId,
                state: state.name, reason: reason, callId: state.subject?.rawValue,
                secondsInState: state == .loggedOut ? nil : (now - since).secondsToTheMillisecond))
        }
        return list.sorted { $0.username < $1.username }
    }

    /// The wallboard (`GET /realtime/wallboard`), narrowed to a team or a queue; a team leader
    /// sees only their own team, and asking for another is refused.
    public func snapshot(team: Int64?, queue: Int64?, by principal: Principal) async throws -> Snapshot {
        try principal.require(.read, .calls)
        var team = team
        if let own = try await directory.teamScope(of: principal) {
            if let team, team != own { throw SwitchboardError.forbidden("see another team") }
            team = own
        }
        return try await snapshot(team: team, queue: queue)
    }


    public struct Snapshot: Encodable, Sendable {
        var at: String
        var queues: [QueueTile]
        var agents: [AgentRow]
        var teams: [TeamRef]
        var alerts: [Alert]
    }

    public struct QueueTile: Encodable, Sendable {
        var queueId: Int64
        var name: String
        var waiting: Int
        var longestWaitSeconds: Double
        var onHold: Int
        var agents: [String: Int]
        var today: QueueToday
        /// good (at or above target), warning (within 5 points), bad, or none (too few calls).
        var serviceLevelStatus: String
        /// The last hour in 5-minute slots, oldest first.
        var lastHour: [Slot]
    }

    public struct Slot: Encodable, Sendable {
        var start: String
        var offered: Int
        var answered: Int
        var abandoned: Int
    }

    public struct AgentRow: Encodable, Sendable {
        var agentId: Int64
        var displayName: String
        var teamId: Int64?
        var state: String
        var reason: String?
        var secondsInState: Double?
        var callId: Int64?
        var callSeconds: Double?
        var handled: Int
        var ahtSeconds: Double?
        var holds: Int
        var queues: [Int64]
    }

    public struct TeamRef: Encodable, Sendable {
        var id: Int64
        var name: String
    }

    /// Every queue's tile, and what the alert rules need of each.
    func queueTiles(at now: Instant) async throws -> (tiles: [QueueTile], live: [Alerts.QueueLive]) {
        let midnight = ContactCenter.startOfDay(now)
        let hourAgo = Instant(millisecondsSinceEpoch: (now.millisecondsSinceEpoch / 300_000 - 11) * 300_000)
        let (totals, slots) = try await center.database.read { sql in
            (try await CallLogRepository(sql).queueTotals(since: midnight, now: now), try await CallLogRepository(sql).queueSlots(since: hourAgo, slot: .seconds(300)))
        }
        let allQueues = try await directory.queues(by: .console)
        var tiles: [QueueTile] = []
        var live: [Alerts.QueueLive] = []
        for stored in allQueues {
            let id = QueueID(stored.id)
            let t = totals[stored.id] ?? QueueTotals()
            let counts = KPI.Counts(
                answered: t.answered, answeredWithinThreshold: t.answeredWithinTarget, abandoned: t.abandoned,
                abandonedWithinThreshold: t.abandonedWithinTarget, shortAbandoned: t.shortAbandoned)
            let level = KPI.serviceLevel(counts, treatment: .ignored)
            let oldest = await center.oldestWaiting(in: id)
            let longest = oldest.map { (now - $0).secondsToTheMillisecond } ?? 0
            let onHold = await center.callsOnHold(in: id)
            let counted = t.answered + t.abandoned - t.shortAbandoned
            live.append(Alerts.QueueLive(
                id: stored.id, name: stored.name, thresholds: stored.settings.alerts, target: stored.settings.serviceLevel, serviceLevel: level,
                countedCalls: counted, longestWaitSeconds: longest, onHold: onHold))
            let target = Double(stored.settings.serviceLevel.percent) / 100
            let status = level.map { $0 >= target ? "good" : $0 >= target - 0.05 ? "warning" : "bad" } ?? "none"
            let queueSlots = slots[stored.id] ?? [:]
            tiles.append(QueueTile(
                queueId: stored.id, name: stored.name, waiting: await center.statistics(of: id)?.waiting ?? 0, longestWaitSeconds: longest,
                onHold: onHold, agents: await center.agentStates(serving: id),
                today: QueueToday(
                    offered: t.offered, answered: t.answered, abandoned: t.abandoned, rejected: t.rejected, serviceLevel: level,
                    serviceLevelByTreatment: Dictionary(uniqueKeysWithValues: KPI.AbandonTreatment.allCases.map { ($0.rawValue, KPI.serviceLevel(counts, treatment: $0)) }),
                    serviceLevelTarget: stored.settings.serviceLevel,
                    asaSeconds: KPI.averageSpeedOfAnswer(totalWait: .milliseconds(t.waitMilliseconds), answered: t.answered).map(\.secondsToTheMillisecond),
                    ahtSeconds: KPI.averageHandleTime(
                        talk: .milliseconds(t.talkAndHoldMilliseconds), hold: .zero, wrapUp: .milliseconds(t.wrapUpMilliseconds), handled: t.handled
                    ).map(\.secondsToTheMillisecond),
                    abandonmentRate: KPI.abandonmentRate(counts), shortAbandoned: t.shortAbandoned),
                serviceLevelStatus: status,
                lastHour: (0..<12).map { index in
                    let slot = queueSlots[index]
                    return Slot(start: ISO8601.format(hourAgo + .seconds(Int64(index) * 300)), offered: slot?.offered ?? 0,
                                answered: slot?.answered ?? 0, abandoned: slot?.abandoned ?? 0)
                }))
        }
        return (tiles, live)
    }

    /// The whole floor (`team`/`queue` nil) or a part of it.
    func snapshot(team: Int64?, queue: Int64?) async throws -> Snapshot {
        let now = await center.now
        let midnight = ContactCenter.startOfDay(now)
        let agentTotals = try await center.database.read { try await CallLogRepository($0).agentTotals(since: midnight, now: now) }
        var (tiles, live) = try await queueTiles(at: now)
        if let queue { tiles = tiles.filter { $0.queueId == queue } }
        let views = Dictionary(uniqueKeysWithValues: try await directory.agents(by: .console).map { ($0.id, $0) })
        var rows: [AgentRow] = []
        var agentsLive: [Alerts.AgentLive] = []
        for (agent, state, since) in await center.agentStates {
            guard let view = views[agent.rawValue] else { continue }
            var reason: String?
            if case .notReady(let why) = state { reason = why }
            let served = await center.queuesServed(by: agent).map(\.rawValue)
            let inState = state == .loggedOut ? nil : (now - since).secondsToTheMillisecond
            agentsLive.append(Alerts.AgentLive(
                id: agent.rawValue, name: view.displayName, notReadySeconds: reason == nil ? nil : inState, reason: reason, queues: served))
            guard team == nil || view.teamId == team, queue == nil || served.contains(queue!) else { continue }
            let t = agentTotals[agent.rawValue] ?? AgentTotals()
            var callSeconds: Double?
            if let call = state.call, let answered = await center.answeredAt(of: call) { callSeconds = (now - answered).secondsToTheMillisecond }
            rows.append(AgentRow(
                agentId: agent.rawValue, displayName: view.displayName, teamId: view.teamId, state: state.name, reason: reason,
                secondsInState: inState, callId: state.subject?.rawValue, callSeconds: callSeconds, handled: t.handled,
                ahtSeconds: KPI.averageHandleTime(
                    talk: .milliseconds(t.talkMilliseconds), hold: .zero, wrapUp: .milliseconds(t.wrapUpMilliseconds), handled: t.handled
                ).map(\.secondsToTheMillisecond),
                holds: t.holds, queues: served))
        }
        let visibleAgents = Set(rows.map(\.agentId))
        let alerts = Alerts.evaluate(queues: live, agents: agentsLive).filter { alert in
            if let agent = alert.agentId { return visibleAgents.contains(agent) }
            return queue == nil || alert.queueId == queue
        }
        let teams = try await directory.teams(by: .console).filter { team == nil || $0.id == team }.map { TeamRef(id: $0.id, name: $0.name) }
        return Snapshot(at: ISO8601.format(now), queues: tiles, agents: rows.sorted { $0.displayName < $1.displayName }, teams: teams, alerts: alerts)
    }
}
