import ContactCenter
import SwitchboardCore

/// Live demo traffic: callers ring the real contact center in real time (Poisson arrivals),
/// and robot agents answer after a ring, talk for a draw of the handle time, sometimes put the
/// caller on hold or transfer, hang up, wrap up and take breaks. Everything goes through the
/// same commands as people and phones use, so records, wallboards and reports fill up.
///
/// A robot lets go of its agent for good once a person takes over: signing in as the agent
/// (`claim`), or a phone registered for it (`hasPhone`). The person starts not ready.
public actor LiveTraffic {
    public struct Settings: Sendable {
        public var callsPerHour: Double
        /// Queues callers dial, with how often (relative weights).
        public var queues: [(QueueID, Double)]
        /// The agents robots play at the start.
        public var agents: [AgentID]
        public var handleTime: Distribution
        public var patience: Distribution
        /// Known customers' numbers: most callers ring from one (their screen pops up).
        public var callerNumbers: [String]
        public var seed: UInt64

        public init(callsPerHour: Double, queues: [(QueueID, Double)], agents: [AgentID], handleTime: Distribution = .lognormal(mean: 150, sd: 90),
                    patience: Distribution = .exponential(mean: 90), callerNumbers: [String] = [], seed: UInt64 = 1) {
            self.callerNumbers = callerNumbers
            self.callsPerHour = callsPerHour
            self.queues = queues
            self.agents = agents
            self.handleTime = handleTime
            self.patience = patience
            self.seed = seed
        }
    }

    let center: ContactCenter
    let settings: Settings
    let hasPhone: @Sendable (AgentID) async -> Bool
    var random: SeededGenerator
    var robots: Set<AgentID>
    /// Calls the robots' callers are waiting on: they hang up when patience runs out.
    var unanswered: Set<CallID> = []
    public private(set) var callsPlaced = 0
    /// Set when `run` ends: the robots' pending steps (rings, talks, breaks) then do nothing.
    var stopped = false

    public init(center: ContactCenter, settings: Settings, hasPhone: @escaping @Sendable (AgentID) async -> Bool = { _ in false }) {
        self.center = center
        self.settings = settings
        self.hasPhone = hasPhone
        self.random = SeededGenerator(seed: settings.seed)
        self.robots = Set(settings.agents)
    }

    /// A person signed in as this agent: the robot stops and leaves the agent not ready; a call
    /// the agent is on is the person's now (not ready follows it and its wrap-up).
    public func claim(_ agent: AgentID) async {
        guard robots.remove(agent) != nil else { return }
        _ = try? await center.submit(.goNotReady(agent, reason: "login"))
    }

    public func isRobot(_ agent: AgentID) -> Bool { robots.contains(agent) }

    /// Runs until cancelled.
    public func run() async {
        let effects = await center.events.subscribe(buffer: 100_000)
        defer { stopped = true }
        for agent in settings.agents {
            // A phone registered for the agent: a person has it.
            if await hasPhone(agent) {
                robots.remove(agent)
                continue
            }
            _ = try? await center.submit(.logIn(agent))
            if robots.contains(agent) { _ = try? await center.submit(.goAvailable(agent)) }
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.callers() }
            group.addTask { await self.breaks() }
            group.addTask {
                for await effect in effects {
                    if Task.isCancelled { break }
                    await self.react(to: effect)
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    func draw(_ distribution: Distribution) -> Double { distribution.sample(&random) }

    /// Sleeps for a drawn number of seconds (at most a day, so any rate is safe).
    nonisolated func pause(_ seconds: Double) async {
        let capped = seconds.isFinite ? min(max(seconds, 0), 86_400) : 86_400
        try? await Task.sleep(for: .milliseconds(Int64(capped * 1000)))
    }

    /// Whether a robot still plays the agent (checked again after every wait: a person may have
    /// signed in meanwhile).
    func plays(_ agent: AgentID) -> Bool { !stopped && robots.contains(agent) }

    func uniform(_ range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &random) }

    /// Callers arriving at the configured rate into the weighted queues.
    func callers() async {
        guard settings.callsPerHour > 0, !settings.queues.isEmpty else {
            // No callers: the robots still answer calls from the API and phones.
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
            return
        }
        let gap = Distribution.exponential(mean: 3600 / settings.callsPerHour)
        let totalWeight = settings.queues.reduce(0) { $0 + $1.1 }
        while !Task.isCancelled {
            await pause(draw(gap))
            if Task.isCancelled || stopped { return }
            var pick = uniform(0...totalWeight)
            var queue = settings.queues[0].0
            for (id, weight) in settings.queues {
                pick -= weight
                if pick <= 0 { queue = id; break }
            }
            let known = !settings.callerNumbers.isEmpty && uniform(0...1) < 0.7
            let number = known ? settings.callerNumbers.randomElement(using: &random)! : "+316" + String(Int(uniform(10_000_000...99_999_999)))
            guard let call = try? await center.callArrived(queue: queue, from: number, customerId: nil, priority: 0) else { continue }
            callsPlaced += 1
            unanswered.insert(call)
            let patience = draw(settings.patience)
            if patience.isFinite {
                Task {
                    await self.pause(patience)
                    await self.giveUp(call)
                }
            }
        }
    }

    func giveUp(_ call: CallID) async {
        guard !stopped, unanswered.remove(call) != nil else { return }
        _ = try? await center.submit(.callerHungUp(call))
    }

    /// Now and then an available robot takes a break of a few minutes.
    func breaks() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(20))
            guard let agent = robots.randomElement(using: &random), uniform(0...1) < 0.15,
                await center.state(of: agent) == .available, plays(agent), await !hasPhone(agent), plays(agent)
            else { continue }
            let reason = ["break", "coaching", "meeting"].randomElement(using: &random)!
            _ = try? await center.submit(.goNotReady(agent, reason: reason))
            let minutes = uniform(2...6)
            Task {
                await self.pause(minutes * 60)
                await self.backToWork(agent)
            }
        }
    }

    func backToWork(_ agent: AgentID) async {
        guard plays(agent), case .notReady = await center.state(of: agent), await !hasPhone(agent), plays(agent) else { return }
        _ = try? await center.submit(.goAvailable(agent))
    }

    func react(to effect: RoutingEffect) async {
        switch effect {
        case .callOffered(let call, let agent, _):
            guard robots.contains(agent) else { return }
            if await hasPhone(agent) {
                // A phone registered for this agent: a person has it now.
                robots.remove(agent)
                return
            }
            let ring = uniform(1.5...5)
            Task {
                await self.pause(ring)
                await self.answer(call, agent)
            }
        case .callAnswered(let call, let agent, _):
            unanswered.remove(call)
            guard robots.contains(agent) else { return }
            let talk = max(5, draw(settings.handleTime))
            let hold = uniform(0...1) < 0.15
            let transfer = uniform(0...1) < 0.04
            let callerEnds = uniform(0...1) < 0.5
            Task { await self.converse(call, agent, talk: talk, hold: hold, transfer: transfer, callerEnds: callerEnds) }
        case .agentStateChanged(let agent, .notReady("missedCall"), _):
            guard robots.contains(agent) else { return }
            Task {
                await self.pause(10)
                await self.backToWork(agent)
            }
        case .callEnded(let record):
            unanswered.remove(record.id)
        default:
            return
        }
    }

    func answer(_ call: CallID, _ agent: AgentID) async {
        guard plays(agent), await center.state(of: agent) == .ringing(call), plays(agent) else { return }
        _ = try? await center.submit(.answer(call, by: agent))
    }

    /// The conversation: talk, perhaps a hold in the middle, then a transfer or a goodbye.
    func converse(_ call: CallID, _ agent: AgentID, talk: Double, hold: Bool, transfer: Bool, callerEnds: Bool) async {
        // A person who signed in as the agent meanwhile carries on with the call.
        func stillOn() async -> Bool { plays(agent) ? await center.agent(on: call) == agent && plays(agent) : false }
        if hold {
            await pause(talk / 2)
            guard await stillOn() else { return }
            _ = try? await center.submit(.hold(call, by: agent))
            await pause(uniform(5...25))
            guard await stillOn() else { return }
            _ = try? await center.submit(.resume(call, by: agent))
            await pause(talk / 2)
        } else {
            await pause(talk)
        }
        guard await stillOn() else { return }
        if transfer, let other = settings.queues.map(\.0).filter({ _ in true }).randomElement(using: &random) {
            if (try? await center.submit(.transferToQueue(call, other, by: agent))) != nil { return }
        }
        _ = try? await center.submit(callerEnds ? .callerHungUp(call) : .agentHungUp(call, by: agent))
    }
}
