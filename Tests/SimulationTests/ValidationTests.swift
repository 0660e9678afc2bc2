import Simulation
import Staffing
import SwitchboardCore
import Testing

/// The simulator drives the production routing engine; on the textbook models its results must
/// agree with the formulas: M/M/N+M with Erlang A, M/M/N with Erlang C.
///
/// "Agree" is a 99.9 % check: the formula's value lies within 3.29 standard errors of the mean
/// over 60 replications (1.645 times the 95 % half-width of t with 59 degrees of freedom). A
/// 95 % interval misses the truth one seed in twenty by design; this check, on three measures,
/// about one in a thousand — while a biased simulator still fails it (the intervals must also
/// be narrow).
@Suite("The simulator against queueing theory")
struct ValidationTests {
    static let replications = 60

    func agrees(_ estimate: Estimate, _ value: Double) -> Bool {
        guard let high = estimate.high else { return false }
        return abs(estimate.mean - value) <= 1.645 * (high - estimate.mean)
    }

    @Test("M/M/N+M: 11 agents, 2 calls a minute, 5 min handle time, 2 min patience — agrees with Erlang A (99.9 %)")
    func erlangA() async throws {
        let scenario = Scenario.singleQueue(
            agents: 11, callsPerMinute: 2, handleTime: .exponential(mean: 300), patience: .exponential(mean: 120), durationMinutes: 8 * 60,
            thresholdSeconds: 20, warmUpMinutes: 30)
        let result = try await Simulator.run(scenario, replications: Self.replications, seed: 1)
        let theory = Erlang.performance(
            try Traffic(calls: 2, intervalSeconds: 60, handleSeconds: 300, patienceSeconds: 120), agents: 11, thresholdSeconds: 20)
        let total = result.total
        let serviceLevel = try #require(total.serviceLevel.countedAgainst)
        #expect(agrees(serviceLevel, theory.serviceLevel.countedAgainst), "SL \(serviceLevel) vs Erlang A \(theory.serviceLevel.countedAgainst)")
        let abandonment = try #require(total.abandonment)
        #expect(agrees(abandonment, try #require(theory.abandonment)), "abandonment \(abandonment) vs Erlang A \(String(describing: theory.abandonment))")
        let asa = try #require(total.asaSeconds)
        #expect(agrees(asa, try #require(theory.asaSeconds)), "ASA \(asa) vs Erlang A \(String(describing: theory.asaSeconds))")
        // The intervals are about the mean: they must be narrow enough to mean something.
        #expect(try #require(serviceLevel.high) - (serviceLevel.low ?? 0) < 0.05)
    }

    @Test("M/M/N: 12 agents, 2 calls a minute, 5 min handle time, callers who never give up — agrees with Erlang C (99.9 %)")
    func erlangC() async throws {
        let scenario = Scenario.singleQueue(
            agents: 12, callsPerMinute: 2, handleTime: .exponential(mean: 300), patience: nil, durationMinutes: 8 * 60,
            thresholdSeconds: 20, warmUpMinutes: 30)
        let result = try await Simulator.run(scenario, replications: Self.replications, seed: 2)
        let theory = Erlang.performance(try Traffic(calls: 2, intervalSeconds: 60, handleSeconds: 300), agents: 12, thresholdSeconds: 20)
        let serviceLevel = try #require(result.total.serviceLevel.ignored)
        #expect(agrees(serviceLevel, theory.serviceLevel.ignored), "SL \(serviceLevel) vs Erlang C \(theory.serviceLevel.ignored)")
        let asa = try #require(result.total.asaSeconds)
        #expect(agrees(asa, try #require(theory.asaSeconds)), "ASA \(asa) vs Erlang C \(String(describing: theory.asaSeconds))")
        let occupancy = try #require(result.total.occupancy)
        #expect(agrees(occupancy, theory.occupancy), "occupancy \(occupancy) vs \(theory.occupancy)")
        #expect(result.total.abandoned?.mean == 0)
    }
}
