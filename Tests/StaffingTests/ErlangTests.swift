import Foundation
import Staffing
import SwitchboardCore
import Testing

@Suite("Erlang B, C and A")
struct ErlangTests {
    /// 100 calls in 30 minutes, 180 s handle time: 10 Erlangs.
    static let published = try! Traffic(calls: 100, intervalSeconds: 1800, handleSeconds: 180)

    @Test("Erlang C reproduces the published figures: 14 agents give SL 0.8883500 and P(wait) 0.1741319, 13 give SL 0.7955948")
    func publishedErlangC() throws {
        let fourteen = Erlang.performance(Self.published, agents: 14, thresholdSeconds: 20)
        #expect(abs(fourteen.serviceLevel.ignored - 0.8883500) < 5e-8)
        #expect(abs(fourteen.probabilityOfWaiting - 0.1741319) < 5e-8)
        #expect(fourteen.serviceLevel.countedAgainst == fourteen.serviceLevel.ignored, "no abandonment: the treatments agree")
        #expect(abs(fourteen.occupancy - 10.0 / 14) < 1e-12)
        // ASA = C·AHT/(N − A)
        #expect(abs(try #require(fourteen.asaSeconds) - 0.1741319 * 180 / 4) < 1e-4)
        let thirteen = Erlang.performance(Self.published, agents: 13, thresholdSeconds: 20)
        #expect(abs(thirteen.serviceLevel.ignored - 0.7955948) < 5e-8)
    }

    @Test("Erlang B matches the table: 10 lines at 5 Erlangs block 1.8385 %, 1 line at 1 Erlang 50 %")
    func erlangB() {
        #expect(abs(Erlang.b(agents: 10, load: 5) - 0.018384570) < 1e-8)
        #expect(abs(Erlang.b(agents: 1, load: 1) - 0.5) < 1e-15)
        #expect(Erlang.b(agents: 0, load: 3) == 1)
    }

    @Test("no overflow or loss of precision from 1 to 50,000 agents", arguments: [1, 10, 100, 1_000, 10_000, 50_000])
    func stableAtScale(agents: Int) throws {
        // Load just under the agents (a busy queue) and far under them (an idle one).
        for load in [Double(agents) * 0.97, Double(agents) * 0.5, Double(agents) + 5] {
            let b = Erlang.b(agents: agents, load: load)
            let c = Erlang.c(agents: agents, load: load)
            #expect(b.isFinite && b >= 0 && b <= 1, "B(\(agents), \(load)) = \(b)")
            #expect(c.isFinite && c >= b && c <= 1, "C(\(agents), \(load)) = \(c)")
            let traffic = try Traffic(calls: load, intervalSeconds: 300, handleSeconds: 300, patienceSeconds: 120)
            let a = Erlang.performance(traffic, agents: agents, thresholdSeconds: 20)
            for value in [a.probabilityOfWaiting, a.abandonment!, a.serviceLevel.ignored, a.serviceLevel.countedAgainst, a.serviceLevel.countedFor, a.occupancy] {
                #expect(value.isFinite && value >= 0 && value <= 1, "Erlang A at \(agents) agents, \(load) Erlangs: \(a)")
            }
        }
    }

    @Test("Erlang A's two computations of the wait agree: the birth–death sum and the incomplete gamma")
    func erlangAIsConsistent() throws {
        for (calls, interval, aht, patience, agents) in [
            (100.0, 1800.0, 180.0, 120.0, 12), (600, 3600, 300, 60, 50), (12_000, 3600, 240, 180, 800), (300, 1800, 180, 90, 20),
            (5, 3600, 600, 30, 3), (40_000, 3600, 300, 200, 3_300),
        ] {
            let traffic = try Traffic(calls: calls, intervalSeconds: interval, handleSeconds: aht, patienceSeconds: patience)
            let performance = Erlang.performance(traffic, agents: agents, thresholdSeconds: 1e9)
            // With an endless threshold every answered call is within it: SL = 1 − P(abandon).
            #expect(abs(performance.serviceLevel.countedAgainst - (1 - performance.abandonment!)) < 1e-9, "\(calls) calls, \(agents) agents")
            #expect(abs(performance.serviceLevel.countedFor - 1) < 1e-9)
        }
    }

    @Test("Erlang A with callers who almost never give up is Erlang C")
    func patientCallersAreErlangC() throws {
        // A day's patience against 8 s average waits: hardly anyone gives up.
        let patient = try Traffic(calls: 100, intervalSeconds: 1800, handleSeconds: 180, patienceSeconds: 86_400)
        let a = Erlang.performance(patient, agents: 14, thresholdSeconds: 20)
        #expect(abs(a.serviceLevel.countedAgainst - 0.8883500) < 1e-3)
        #expect(abs(a.probabilityOfWaiting - 0.1741319) < 1e-3)
        #expect(a.abandonment! < 1e-3)
    }

    @Test("Erlang A stays finite and sensible when the queue is short of agents: callers give up instead")
    func overloadedErlangA() throws {
        let traffic = try Traffic(calls: 300, intervalSeconds: 1800, handleSeconds: 180, patienceSeconds: 90)  // 30 Erlangs
        let performance = Erlang.performance(traffic, agents: 20, thresholdSeconds: 20)
        #expect(performance.probabilityOfWaiting > 0.9)
        // At most 20 agents' worth of calls can be answered: at least a third give up.
        #expect(try #require(performance.abandonment) >= 1 - 20.0 / 30 - 1e-9)
        #expect(performance.occupancy <= 1)
        #expect(performance.asaSeconds != nil)
    }
}
