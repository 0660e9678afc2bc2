#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SwitchboardCore

/// A queue's traffic in one interval: the three rates of the M/M/N(+M) model.
public struct Traffic: Sendable, Equatable {
    /// Arrivals per second (λ).
    public let callsPerSecond: Double
    /// Average handle time in seconds (1/μ): talk, hold and wrap-up.
    public let handleSeconds: Double
    /// Mean patience in seconds (1/θ), exponential; nil when callers never give up (Erlang C).
    public let patienceSeconds: Double?

    /// Checks every figure: a clear error names the field that is wrong.
    public init(calls: Double, intervalSeconds: Double, handleSeconds: Double, patienceSeconds: Double? = nil) throws(SwitchboardError) {
        guard calls.isFinite, calls >= 0, calls <= 1e9 else {
            throw .invalid("calls", "The number of calls must be between 0 and 1,000,000,000 (got \(calls)).")
        }
        guard intervalSeconds.isFinite, intervalSeconds >= 1, intervalSeconds <= 31_622_400 else {
            throw .invalid("interval", "The interval must be between a second and a year.")
        }
        guard handleSeconds.isFinite, handleSeconds > 0, handleSeconds <= 1_000_000 else {
            throw .invalid("aht", "The average handle time must be longer than zero and at most 1,000,000 seconds.")
        }
        if let patienceSeconds {
            guard patienceSeconds.isFinite, patienceSeconds > 0, patienceSeconds <= 86_400 else {
                throw .invalid("patience", "The mean patience must be longer than zero and at most a day.")
            }
            // Erlang A sums over the callers who could be waiting: about the calls of one mean
            // patience. Past ten million the model says nothing a real queue would.
            guard calls / intervalSeconds * patienceSeconds <= 10_000_000 else {
                throw .invalid("patience", "Over ten million calls arrive within one mean patience; shorten the patience or the traffic.")
            }
        }
        let load = calls / intervalSeconds * handleSeconds
        guard load <= 1_000_000 else {
            throw .invalid("calls", "The offered load is over 1,000,000 Erlangs (calls × handle time ÷ interval); at most 1,000,000 is supported.")
        }
        self.callsPerSecond = calls / intervalSeconds
        self.handleSeconds = handleSeconds
        self.patienceSeconds = patienceSeconds
    }

    /// Offered load in Erlangs (λ/μ): the agents that would be busy if nobody waited or gave up.
    public var offeredLoad: Double { callsPerSecond * handleSeconds }
}

/// Service level under each of the three abandon treatments (see `KPI.AbandonTreatment`).
public struct ServiceLevels: Sendable, Equatable, Codable {
    public var ignored: Double
    public var countedAgainst: Double
    public var countedFor: Double

    public init(ignored: Double, countedAgainst: Double, countedFor: Double) {
        self.ignored = ignored
        self.countedAgainst = countedAgainst
        self.countedFor = countedFor
    }

    public init(all value: Double) { self.init(ignored: value, countedAgainst: value, countedFor: value) }

    public subscript(treatment: KPI.AbandonTreatment) -> Double {
        switch treatment {
        case .ignored: ignored
        case .countedAgainst: countedAgainst
        case .countedFor: countedFor
        }
    }
}

/// What a number of agents achieves on some traffic, in the steady state.
public struct Performance: Sendable, Equatable, Codable {
    public var agents: Int
    /// Service level within the threshold it was computed for.
    public var serviceLevel: ServiceLevels
    /// Probability that a caller has to wait (all agents busy on arrival).
    public var probabilityOfWaiting: Double
    /// Average speed of answer of answered calls, seconds; nil when the queue grows without end.
    public var asaSeconds: Double?
    /// Share of agents' time spent handling calls.
    public var occupancy: Double
    /// Probability that a caller gives up (Erlang A only).
    public var abandonment: Double?
}

/// Erlang B, C and A, computed stably from 1 to well past 50,000 agents: recursions and
/// logarithms, never a factorial or a power that could overflow.
public enum Erlang {
    /// Erlang B: the probability that a call finds all `agents` busy and is lost, by the
    /// recursion B(n) = a·B(n−1) / (n + a·B(n−1)): every step a ratio of positive numbers, so
    /// nothing overflows; far more agents than load make it underflow to 0, which it then is.
    public static func b(agents: Int, load: Double) -> Double {
        guard agents > 0 else { return 1 }
        if Double(agents) <= load + 1 {
            // Up to the load 1/B stays below about √load: its recursion 1/B(n) = 1 + (n/a)/B(n−1)
            // multiplies instead of dividing, several times faster in a staffing search.
            let perErlang = 1 / load
            var inverse = 1.0
            for n in 1...agents { inverse = 1 + inverse * (Double(n) * perErlang) }
            return 1 / inverse
        }
        var b = 1.0
        for n in 1...agents { b = load * b / (Double(n) + load * b) }
        return b
    }

    /// Erlang C: the probability that a call waits, when nobody gives up.
    public static func c(agents: Int, load: Double) -> Double {
        cFromB(agents: agents, load: load, b: b(agents: agents, load: load))
    }

    static func cFromB(agents: Int, load: Double, b: Double) -> Double {
        let n = Double(agents)
        guard n > load else { return 1 }
        return n * b / (n - load * (1 - b))
    }

    /// The performance of `agents` on `traffic`, with the service level within
    /// `thresholdSeconds`: Erlang C when callers are patient, Erlang A when they give up.
    public static func performance(_ traffic: Traffic, agents: Int, thresholdSeconds: Double) -> Performance {
        if traffic.offeredLoad == 0 {
            return Performance(agents: agents, serviceLevel: .init(all: 1), probabilityOfWaiting: 0, asaSeconds: 0, occupancy: 0,
                               abandonment: traffic.patienceSeconds == nil ? nil : 0)
        }
        if traffic.patienceSeconds != nil { return ErlangA.performance(traffic, agents: agents, thresholdSeconds: thresholdSeconds) }
        return erlangC(traffic, agents: agents, b: b(agents: agents, load: traffic.offeredLoad), thresholdSeconds: thresholdSeconds)
    }

    static func erlangC(_ traffic: Traffic, agents: Int, b: Double, thresholdSeconds: Double) -> Performance {
        let load = traffic.offeredLoad
        let n = Double(agents)
        guard n > load else {
            return Performance(agents: agents, serviceLevel: .init(all: 0), probabilityOfWaiting: 1, asaSeconds: nil,
                               occupancy: agents == 0 ? 1 : 1, abandonment: nil)
        }
        let waiting = cFromB(agents: agents, load: load, b: b)
        let serviceLevel = max(0, 1 - waiting * exp(-(n - load) * thresholdSeconds / traffic.handleSeconds))
        return Performance(agents: agents, serviceLevel: .init(all: serviceLevel), probabilityOfWaiting: waiting,
                           asaSeconds: waiting * traffic.handleSeconds / (n - load), occupancy: load / n, abandonment: nil)
    }
}
