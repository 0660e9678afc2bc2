#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SwitchboardCore

/// A figure over the replications: the mean and its 95 % confidence interval (Student's t);
/// no interval from a single replication.
public struct Estimate: Sendable, Equatable, Codable {
    public var mean: Double
    public var low: Double?
    public var high: Double?

    /// nil when no replication had the figure (for example no answered call, so no ASA).
    init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let n = Double(values.count)
        mean = values.reduce(0, +) / n
        guard values.count > 1 else { return }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let half = Self.t975(degrees: values.count - 1) * (variance / n).squareRoot()
        low = mean - half
        high = mean + half
    }

    public func contains(_ value: Double) -> Bool { (low ?? mean) <= value && value <= (high ?? mean) }

    /// The 97.5 % quantile of Student's t.
    static func t975(degrees: Int) -> Double {
        let table: [Double] = [
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
            2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
        ]
        if degrees <= table.count { return table[degrees - 1] }
        if degrees <= 60 { return 2.042 - (2.042 - 2.000) * Double(degrees - 30) / 30 }
        if degrees <= 120 { return 2.000 - (2.000 - 1.980) * Double(degrees - 60) / 60 }
        return 1.960
    }
}

/// What the center achieved, each figure over the replications.
public struct Measures: Sendable, Equatable, Codable {
    public struct ServiceLevels: Sendable, Equatable, Codable {
        public var ignored: Estimate?
        public var countedAgainst: Estimate?
        public var countedFor: Estimate?
    }

    public var offered: Estimate?
    public var answered: Estimate?
    public var abandoned: Estimate?
    /// Rejected, ended by overflow, offered a callback, or unfinished at the end.
    public var otherwise: Estimate?
    public var serviceLevel: ServiceLevels
    /// Abandoned ÷ (answered + abandoned), every abandon counted.
    public var abandonment: Estimate?
    public var asaSeconds: Estimate?
    /// The mean wait of every call that waited to the end: answered and abandoned.
    public var meanWaitSeconds: Estimate?
    public var ahtSeconds: Estimate?
    /// nil per queue: agents' time belongs to no single queue.
    public var occupancy: Estimate?

    init(_ tallies: [Tally], threshold: Int64, withOccupancy: Bool) {
        func estimate(_ value: (Tally) -> Double?) -> Estimate? { Estimate(tallies.compactMap(value)) }
        func counts(_ t: Tally) -> KPI.Counts {
            KPI.Counts(answered: t.answered, answeredWithinThreshold: t.answeredWithin, abandoned: t.abandoned, abandonedWithinThreshold: t.abandonedWithin)
        }
        offered = estimate { Double($0.offered) }
        answered = estimate { Double($0.answered) }
        abandoned = estimate { Double($0.abandoned) }
        otherwise = estimate { Double($0.otherwise) }
        serviceLevel = ServiceLevels(
            ignored: estimate { KPI.serviceLevel(counts($0), treatment: .ignored) },
            countedAgainst: estimate { KPI.serviceLevel(counts($0), treatment: .countedAgainst) },
            countedFor: estimate { KPI.serviceLevel(counts($0), treatment: .countedFor) })
        abandonment = estimate { KPI.abandonmentRate(counts($0)) }
        asaSeconds = estimate { t in
            KPI.averageSpeedOfAnswer(totalWait: .milliseconds(t.answeredWait), answered: t.answered).map { $0 / .seconds(1) }
        }
        meanWaitSeconds = estimate { t in
            t.answered + t.abandoned > 0 ? Double(t.allWait) / 1000 / Double(t.answered + t.abandoned) : nil
        }
        ahtSeconds = estimate { t in
            KPI.averageHandleTime(talk: .milliseconds(t.talk), hold: .zero, wrapUp: .milliseconds(t.wrapUp), handled: t.answered).map { $0 / .seconds(1) }
        }
        occupancy = withOccupancy ? estimate { KPI.occupancy(handling: .milliseconds($0.handling), available: .milliseconds($0.available)) } : nil
    }
}

/// The result of a simulation: in total, per queue and per interval.
public struct SimulationResult: Sendable, Equatable, Codable {
    public struct QueueResult: Sendable, Equatable, Codable {
        public var name: String
        public var measures: Measures
    }

    public struct IntervalResult: Sendable, Equatable, Codable {
        /// Minutes from the start of the run.
        public var startMinute: Double
        public var measures: Measures
    }

    public var replications: Int
    public var seed: UInt64
    public var thresholdSeconds: Double
    public var total: Measures
    public var queues: [QueueResult]
    public var intervals: [IntervalResult]
}

/// The discrete-event simulator: the production routing engine on a virtual clock.
public enum Simulator {
    /// Runs `replications` independent replications, side by side on the machine's cores; the
    /// same scenario and seed give the same result whatever the number of cores.
    public static func run(_ scenario: Scenario, replications: Int, seed: UInt64) async throws(SwitchboardError) -> SimulationResult {
        guard (1...10_000).contains(replications) else { throw .invalid("replications", "Replications must be between 1 and 10,000.") }
        let model = try Model(scenario)
        // Each replication is kept only as its counts: its engine and per-call tables go as soon
        // as it is done.
        let results = await withTaskGroup(of: (Int, Counts).self) { group in
            var results = [Counts?](repeating: nil, count: replications)
            var started = 0
            let parallel = max(1, min(replications, Self.cores))
            func start(_ index: Int) {
                group.addTask {
                    var replication = Replication(model: model, seed: Self.seed(seed, index))
                    replication.run()
                    return (index, Counts(total: replication.total, perQueue: replication.perQueue, perInterval: replication.perInterval))
                }
            }
            while started < parallel { start(started); started += 1 }
            for await (index, replication) in group {
                results[index] = replication
                if started < replications { start(started); started += 1 }
            }
            return results.map { $0! }
        }
        return summarize(results, model: model, seed: seed)
    }

    /// Every call of the first replication as the engine ended it, and the instant the run
    /// started: to compare the simulator with the live shell call by call.
    public static func callRecords(_ scenario: Scenario, seed: UInt64) throws(SwitchboardError) -> (start: Instant, records: [CallRecord]) {
        let model = try Model(scenario)
        var replication = Replication(model: model, seed: Self.seed(seed, 0))
        replication.captured = []
        replication.run()
        return (Instant(millisecondsSinceEpoch: model.epoch), replication.captured ?? [])
    }

    /// What a replication leaves behind.
    struct Counts: Sendable {
        var total: Tally
        var perQueue: [Tally]
        var perInterval: [Tally]
    }

    static func seed(_ seed: UInt64, _ index: Int) -> UInt64 {
        var mixer = SeededGenerator(seed: seed ^ 0x5EED_0F_5717_C4)
        var value = mixer.next()
        for _ in 0..<index { value = mixer.next() }
        return value
    }

    static var cores: Int {
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 1
        #endif
    }

    static func summarize(_ runs: [Counts], model: Model, seed: UInt64) -> SimulationResult {
        SimulationResult(
            replications: runs.count, seed: seed, thresholdSeconds: Double(model.threshold) / 1000,
            total: Measures(runs.map(\.total), threshold: model.threshold, withOccupancy: true),
            queues: model.queueNames.indices.map { q in
                .init(name: model.queueNames[q], measures: Measures(runs.map { $0.perQueue[q] }, threshold: model.threshold, withOccupancy: false))
            },
            intervals: (0..<model.intervalCount).map { k in
                .init(startMinute: Double(Int64(k) * model.interval) / 60_000,
                      measures: Measures(runs.map { $0.perInterval[k] }, threshold: model.threshold, withOccupancy: true))
            })
    }
}
