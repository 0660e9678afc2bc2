/// When the wallboard warns, set per queue: service level below target, the longest wait over
/// a limit, many calls on hold, agents not ready too long. Nil turns a check off.
public struct AlertThresholds: Codable, Equatable, Sendable {
    /// Warn when today's service level is below the queue's target (once enough calls count).
    public var serviceLevel: Bool
    public var longestWaitSeconds: Int?
    public var callsOnHold: Int?
    /// For agents who serve this queue; an agent in several queues gets the strictest.
    public var notReadySeconds: Int?

    public init(serviceLevel: Bool = true, longestWaitSeconds: Int? = nil, callsOnHold: Int? = nil, notReadySeconds: Int? = nil) {
        self.serviceLevel = serviceLevel
        self.longestWaitSeconds = longestWaitSeconds
        self.callsOnHold = callsOnHold
        self.notReadySeconds = notReadySeconds
    }

    enum CodingKeys: String, CodingKey { case serviceLevel, longestWaitSeconds, callsOnHold, notReadySeconds }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        serviceLevel = try container.decodeIfPresent(Bool.self, forKey: .serviceLevel) ?? true
        longestWaitSeconds = try container.decodeIfPresent(Int.self, forKey: .longestWaitSeconds)
        callsOnHold = try container.decodeIfPresent(Int.self, forKey: .callsOnHold)
        notReadySeconds = try container.decodeIfPresent(Int.self, forKey: .notReadySeconds)
    }

    public func validated(field: String = "alerts") throws(SwitchboardError) -> AlertThresholds {
        if let value = longestWaitSeconds { _ = try Validate.integer(value, field: "\(field).longestWaitSeconds", in: 1...86_400) }
        if let value = callsOnHold { _ = try Validate.integer(value, field: "\(field).callsOnHold", in: 1...10_000) }
        if let value = notReadySeconds { _ = try Validate.integer(value, field: "\(field).notReadySeconds", in: 1...86_400) }
        return self
    }
}

/// A condition on the floor a supervisor should see now.
public struct Alert: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable { case serviceLevel, longestWait, callsOnHold, agentNotReady }

    public var kind: Kind
    public var queueId: Int64?
    public var agentId: Int64?
    /// What was measured and the limit it crossed (service level as a fraction, else seconds or calls).
    public var value: Double
    public var threshold: Double
    public var message: String

    public init(kind: Kind, queueId: Int64?, agentId: Int64?, value: Double, threshold: Double, message: String) {
        self.kind = kind
        self.queueId = queueId
        self.agentId = agentId
        self.value = value
        self.threshold = threshold
        self.message = message
    }

    /// Which alert this is, whatever its current value: raised once, cleared once.
    public var key: String { "\(kind.rawValue):\(queueId.map(String.init) ?? "-"):\(agentId.map(String.init) ?? "-")" }
}

/// The alert rules, over a snapshot of the floor (pure: the wallboard and the event stream
/// evaluate the same snapshot).
public enum Alerts {
    public struct QueueLive: Sendable {
        public var id: Int64
        public var name: String
        public var thresholds: AlertThresholds
        public var target: ServiceLevelTarget
        /// Today's service level (abandons ignored) and how many calls it counts.
        public var serviceLevel: Double?
        public var countedCalls: Int
        public var longestWaitSeconds: Double
        public var onHold: Int

        public init(id: Int64, name: String, thresholds: AlertThresholds, target: ServiceLevelTarget, serviceLevel: Double?, countedCalls: Int,
                    longestWaitSeconds: Double, onHold: Int) {
            self.id = id
            self.name = name
            self.thresholds = thresholds
            self.target = target
            self.serviceLevel = serviceLevel
            self.countedCalls = countedCalls
            self.longestWaitSeconds = longestWaitSeconds
            self.onHold = onHold
        }
    }

    public struct AgentLive: Sendable {
        public var id: Int64
        public var name: String
        /// Seconds not ready so far (nil: not in not-ready).
        public var notReadySeconds: Double?
        public var reason: String?
        /// The queues the agent serves (their thresholds apply).
        public var queues: [Int64]

        public init(id: Int64, name: String, notReadySeconds: Double?, reason: String?, queues: [Int64]) {
            self.id = id
            self.name = name
            self.notReadySeconds = notReadySeconds
            self.reason = reason
            self.queues = queues
        }
    }

    /// A service level over fewer calls says little: one early abandon would be 0 %.
    public static let minimumCallsForServiceLevel = 5

    public static func evaluate(queues: [QueueLive], agents: [AgentLive]) -> [Alert] {
        var alerts: [Alert] = []
        var notReadyLimit: [Int64: Int] = [:]
        for queue in queues {
            let t = queue.thresholds
            let target = Double(queue.target.percent) / 100
            if t.serviceLevel, let level = queue.serviceLevel, queue.countedCalls >= minimumCallsForServiceLevel, level < target {
                alerts.append(Alert(
                    kind: .serviceLevel, queueId: queue.id, agentId: nil, value: level, threshold: target,
                    message: "\(queue.name): service level \(percent(level)) is below the target of \(queue.target.percent) % in \(queue.target.seconds) s."))
            }
            if let limit = t.longestWaitSeconds, queue.longestWaitSeconds > Double(limit) {
                alerts.append(Alert(
                    kind: .longestWait, queueId: queue.id, agentId: nil, value: queue.longestWaitSeconds, threshold: Double(limit),
                    message: "\(queue.name): a caller has waited \(wholeSecondsUp(queue.longestWaitSeconds)) s (limit \(limit) s)."))
            }
            if let limit = t.callsOnHold, queue.onHold >= limit {
                alerts.append(Alert(
                    kind: .callsOnHold, queueId: queue.id, agentId: nil, value: Double(queue.onHold), threshold: Double(limit),
                    message: "\(queue.name): \(queue.onHold) calls on hold (limit \(limit))."))
            }
            if let limit = t.notReadySeconds { notReadyLimit[queue.id] = limit }
        }
        for agent in agents {
            guard let seconds = agent.notReadySeconds,
                  let limit = agent.queues.compactMap({ notReadyLimit[$0] }).min(), seconds > Double(limit) else { continue }
            alerts.append(Alert(
                kind: .agentNotReady, queueId: nil, agentId: agent.id, value: seconds, threshold: Double(limit),
                message: "\(agent.name) has been not ready\(agent.reason.map { " (\($0))" } ?? "") for \(Int(seconds) / 60) min \(Int(seconds) % 60) s (limit \(limit) s)."))
        }
        return alerts
    }

    /// Over the limit reads as more than the limit: 2.3 s is "3 s", never "2 s (limit 2 s)".
    static func wholeSecondsUp(_ seconds: Double) -> Int {
        let whole = Int(seconds)
        return Double(whole) < seconds ? whole + 1 : whole
    }

    static func percent(_ fraction: Double) -> String {
        let tenths = Int(fraction * 1000 + 0.5)  // (no Foundation here: rounding by hand)
        return "\(tenths / 10).\(tenths % 10) %"
    }
}
