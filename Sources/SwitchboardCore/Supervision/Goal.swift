/// A goal for an agent or a team (R-SUP-1): a metric, a target, which way is better, and the
/// period it is measured over ("this month").
public struct Goal: Codable, Equatable, Sendable {
    public enum Scope: String, Codable, CaseIterable, Sendable { case agent, team }

    public enum Metric: String, Codable, CaseIterable, Sendable {
        /// Calls answered.
        case callsHandled
        /// Average handle time in seconds.
        case aht
        /// Share of the calls they answered within the queue's threshold (0…1).
        case serviceLevel
        /// Holds per answered call.
        case holdRate
        /// Sales referrals recorded.
        case referrals
        /// Not-ready time as a share of logged-in time (0…1).
        case notReadyShare

        /// Which way is better when none is given.
        public var naturalDirection: Direction {
            switch self {
            case .callsHandled, .serviceLevel, .referrals: .atLeast
            case .aht, .holdRate, .notReadyShare: .atMost
            }
        }
    }

    public enum Direction: String, Codable, CaseIterable, Sendable { case atLeast, atMost }
    public enum Period: String, Codable, CaseIterable, Sendable { case day, week, month, quarter, year }

    public var id: Int64
    public var scope: Scope
    public var scopeId: Int64
    public var metric: Metric
    public var target: Double
    public var direction: Direction
    public var period: Period

    public init(id: Int64, scope: Scope, scopeId: Int64, metric: Metric, target: Double, direction: Direction, period: Period) {
        self.id = id
        self.scope = scope
        self.scopeId = scopeId
        self.metric = metric
        self.target = target
        self.direction = direction
        self.period = period
    }

    /// Whether `value` meets the goal (nil: nothing to measure yet).
    public func isMet(by value: Double?) -> Bool? {
        guard let value else { return nil }
        return direction == .atLeast ? value >= target : value <= target
    }

    /// How far along, 0…1, for a progress bar: towards the target for "at least" goals; for
    /// "at most" goals 1 while within it, falling as the value goes beyond.
    public func progress(of value: Double?) -> Double? {
        guard let value else { return nil }
        switch direction {
        case .atLeast: return target <= 0 ? 1 : min(1, max(0, value / target))
        case .atMost: return value <= target ? 1 : max(0, target / value)
        }
    }
}

/// A goal as written by a supervisor or team leader.
public struct GoalDraft: Codable, Equatable, Sendable {
    public var agentId: Int64?
    public var teamId: Int64?
    public var metric: Goal.Metric
    public var target: Double
    public var direction: Goal.Direction?
    public var period: Goal.Period?

    public init(agentId: Int64? = nil, teamId: Int64? = nil, metric: Goal.Metric, target: Double, direction: Goal.Direction? = nil, period: Goal.Period? = nil) {
        self.agentId = agentId
        self.teamId = teamId
        self.metric = metric
        self.target = target
        self.direction = direction
        self.period = period
    }

    /// Exactly one of agent and team; targets in range for the metric.
    public func validated() throws(SwitchboardError) -> GoalDraft {
        guard (agentId == nil) != (teamId == nil) else { throw .invalid("agentId", "A goal is for one agent (agentId) or one team (teamId).") }
        guard target.isFinite, target >= 0 else { throw .invalid("target", "The target is a number of 0 or more.") }
        switch metric {
        case .serviceLevel, .notReadyShare, .holdRate:
            guard target <= 1 else { throw .invalid("target", "\(metric.rawValue) is a share from 0 to 1 (0.8 is 80 %).") }
        case .callsHandled, .referrals:
            guard target <= 1_000_000, target == Double(Int(target)) else { throw .invalid("target", "\(metric.rawValue) is a whole number.") }
        case .aht:
            guard target > 0, target <= 86_400 else { throw .invalid("target", "An AHT target is 1 to 86,400 seconds.") }
        }
        var copy = self
        copy.direction = direction ?? metric.naturalDirection
        copy.period = period ?? .month
        return copy
    }
}

extension GoalDraft {
    /// The goal this (validated) draft becomes once stored under `id`: an agent's when it names
    /// one, else its team's; which way is better and the period as given or their defaults.
    public func goal(id: Int64) -> Goal {
        Goal(id: id, scope: agentId != nil ? .agent : .team, scopeId: agentId ?? teamId ?? 0, metric: metric, target: target,
             direction: direction ?? metric.naturalDirection, period: period ?? .month)
    }
}

/// A goal with where it stands in its current period.
public struct GoalProgress: Codable, Equatable, Sendable {
    public var goal: Goal
    /// The current period ("2026-11", "2026-W48", …).
    public var period: String
    public var value: Double?
    public var met: Bool?
    public var progress: Double?

    public init(goal: Goal, period: String, value: Double?) {
        self.goal = goal
        self.period = period
        self.value = value
        met = goal.isMet(by: value)
        progress = goal.progress(of: value)
    }
}
