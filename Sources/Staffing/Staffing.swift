#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SwitchboardCore

/// What the planner wants the queue to achieve.
public enum StaffingGoal: Sendable, Equatable {
    /// At least `fraction` of calls answered within `withinSeconds` (under the treatment).
    case serviceLevel(Double, withinSeconds: Double, treatment: KPI.AbandonTreatment = .ignored)
    /// Average speed of answer at most this many seconds.
    case averageSpeedOfAnswer(seconds: Double)
    /// At most this share of callers gives up (needs a patience).
    case abandonment(Double)
}

/// One staffing question: traffic, goal and the planner's limits.
public struct StaffingRequest: Sendable, Equatable {
    public var traffic: Traffic
    public var goal: StaffingGoal
    /// The service level is reported within this threshold (the goal's, when it names one).
    public var thresholdSeconds: Double
    /// Share of paid time not on the phones (breaks, training, absence), 0…<1.
    public var shrinkage: Double
    /// The highest occupancy allowed, 0<…1: above it agents burn out.
    public var maxOccupancy: Double

    public init(traffic: Traffic, goal: StaffingGoal, thresholdSeconds: Double = 20, shrinkage: Double = 0, maxOccupancy: Double = 1) throws(SwitchboardError) {
        switch goal {
        case .serviceLevel(let fraction, let within, _):
            guard fraction.isFinite, fraction > 0, fraction < 1 else {
                throw .invalid("target", "The service level must be above 0 % and below 100 % (got \(Self.percent(fraction))).")
            }
            guard within.isFinite, within >= 0, within <= 86_400 else {
                throw .invalid("target", "The service-level threshold must be between 0 and 86,400 seconds.")
            }
        case .averageSpeedOfAnswer(let seconds):
            guard seconds.isFinite, seconds > 0 else { throw .invalid("asa", "The average speed of answer must be longer than zero.") }
        case .abandonment(let fraction):
            guard fraction.isFinite, fraction > 0, fraction < 1 else {
                throw .invalid("abandonment", "The abandonment target must be above 0 % and below 100 % (got \(Self.percent(fraction))).")
            }
            guard traffic.patienceSeconds != nil else {
                throw .invalid("patience", "An abandonment target needs the callers' mean patience.")
            }
        }
        // A day at most, as for a service-level goal: `switchboard staffing` prints it as whole
        // seconds, and 1e19 s would not fit in an Int.
        guard thresholdSeconds.isFinite, thresholdSeconds >= 0, thresholdSeconds <= 86_400 else {
            throw .invalid("threshold", "The threshold must be between 0 and 86,400 seconds.")
        }
        guard shrinkage.isFinite, shrinkage >= 0, shrinkage <= 0.99 else {
            throw .invalid("shrinkage", "Shrinkage must be between 0 % and 99 % (got \(Self.percent(shrinkage))).")
        }
        guard maxOccupancy.isFinite, maxOccupancy > 0, maxOccupancy <= 1 else {
            throw .invalid("maxOccupancy", "The maximum occupancy must be above 0 % and at most 100 % (got \(Self.percent(maxOccupancy))).")
        }
        self.traffic = traffic
        self.goal = goal
        if case .serviceLevel(_, let within, _) = goal { self.thresholdSeconds = within } else { self.thresholdSeconds = thresholdSeconds }
        self.shrinkage = shrinkage
        self.maxOccupancy = maxOccupancy
    }

    static func percent(_ fraction: Double) -> String { "\((fraction * 1000).rounded() / 10) %" }
}

/// The answer: the fewest agents that meet the goal, and what they achieve.
public struct StaffingAnswer: Sendable, Equatable {
    /// Agents on the phones (raw, before shrinkage).
    public var agents: Int
    /// People to schedule: agents ÷ (1 − shrinkage), rounded up.
    public var positions: Int
    public var offeredLoad: Double
    public var performance: Performance
}

public enum Staffing {
    /// The most agents searched; far beyond any single queue.
    public static let agentLimit = 2_000_000

    /// The true minimum number of agents meeting the request: every smaller number fails it.
    public static func solve(_ request: StaffingRequest) throws(SwitchboardError) -> StaffingAnswer {
        let traffic = request.traffic
        let load = traffic.offeredLoad
        guard load > 0 else {
            return StaffingAnswer(agents: 0, positions: 0, offeredLoad: 0,
                                  performance: Erlang.performance(traffic, agents: 0, thresholdSeconds: request.thresholdSeconds))
        }
        let performance = traffic.patienceSeconds == nil ? try erlangC(request) : try erlangA(request)
        let positions = Int((Double(performance.agents) / (1 - request.shrinkage) - 1e-9).rounded(.up))
        return StaffingAnswer(agents: performance.agents, positions: max(positions, performance.agents), offeredLoad: load, performance: performance)
    }

    static func meets(_ performance: Performance, _ request: StaffingRequest) -> Bool {
        guard performance.occupancy <= request.maxOccupancy + 1e-12 else { return false }
        switch request.goal {
        case .serviceLevel(let fraction, _, let treatment):
            return performance.serviceLevel[treatment] >= fraction
        case .averageSpeedOfAnswer(let seconds):
            return performance.asaSeconds.map { $0 <= seconds } ?? false
        case .abandonment(let fraction):
            return (performance.abandonment ?? 1) <= fraction
        }
    }

    /// Erlang C: start at the first stable count (more agents than Erlangs) and step up, each
    /// step O(1) on Erlang B's recursion — O(load) in all, no search that starts too high.
    static func erlangC(_ request: StaffingRequest) throws(SwitchboardError) -> Performance {
        let load = request.traffic.offeredLoad
        var agents = Int(load.rounded(.down)) + 1
        var b = Erlang.b(agents: agents, load: load)
        while agents <= agentLimit {
            let performance = Erlang.erlangC(request.traffic, agents: agents, b: b, thresholdSeconds: request.thresholdSeconds)
            if meets(performance, request) { return performance }
            agents += 1
            b = load * b / (Double(agents) + load * b)
        }
        throw .invalid("target", "The target cannot be met with up to \(agentLimit) agents.")
    }

    /// Erlang A: callers who give up keep even a short-staffed queue stable, so the answer may
    /// lie below the load. Every measure improves with each agent, so bisect between a count
    /// that fails and one that meets the goal.
    static func erlangA(_ request: StaffingRequest) throws(SwitchboardError) -> Performance {
        func evaluate(_ agents: Int) -> Performance {
            ErlangA.performance(request.traffic, agents: agents, thresholdSeconds: request.thresholdSeconds)
        }
        var failing = 0  // zero agents never meet a goal (validation keeps targets above 0)
        var high = max(1, Int(request.traffic.offeredLoad.rounded(.up)))
        var best = evaluate(high)
        while !meets(best, request) {
            guard high < agentLimit else { throw .invalid("target", "The target cannot be met with up to \(agentLimit) agents.") }
            failing = high
            high = min(agentLimit, high * 2)
            best = evaluate(high)
        }
        while high - failing > 1 {
            let middle = failing + (high - failing) / 2
            let performance = evaluate(middle)
            if meets(performance, request) {
                high = middle
                best = performance
            } else {
                failing = middle
            }
        }
        return best
    }
}
