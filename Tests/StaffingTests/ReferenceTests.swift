import Foundation
@testable import Staffing
import Testing

/// Values computed independently by `Benchmarks/Staffing/erlang_reference.py`: a truncated
/// birth–death chain and, per arriving state, the tagged caller's absorbing chain solved with a
/// matrix exponential — no incomplete gamma, which is how the Swift code gets the service level.
@Suite("Erlang A and C against independently computed values")
struct ReferenceTests {
    /// (agents, service level within 20 s, P(wait), ASA s, occupancy) for 100 calls / 30 min, AHT 180 s.
    static let erlangC: [(Int, Double, Double, Double, Double)] = [
        (11, 0.389613811729, 0.682118204689, 122.781276844, 0.909090909091),
        (12, 0.640158040374, 0.449388224298, 40.4449401868, 0.833333333333),
        (13, 0.795594788418, 0.285270453036, 17.1162271822, 0.769230769231),
        (14, 0.888350019179, 0.174131933595, 7.83593701178, 0.714285714286),
        (15, 0.941452842869, 0.102042367008, 3.67352521229, 0.666666666667),
        (16, 0.970560492503, 0.0573403309034, 1.7202099271, 0.625),
    ]

    /// (calls, interval s, AHT s, patience s, agents, threshold s, P(wait), P(abandon),
    ///  SL countedAgainst, SL countedFor, SL ignored, ASA s, occupancy)
    static let erlangA: [(Double, Double, Double, Double, Int, Double, Double, Double, Double, Double, Double, Double, Double)] = [
        (100, 1800, 180, 120, 10, 20, 0.49685274763, 0.137463826276, 0.639941307036, 0.70498234443, 0.684459246481, 14.5542296554, 0.862536173724),
        (100, 1800, 180, 120, 12, 20, 0.279807018645, 0.0615973770037, 0.825582644362, 0.859587294496, 0.854644532685, 6.33477417282, 0.78200218583),
        (100, 1800, 180, 120, 14, 20, 0.12697634008, 0.0228392865318, 0.932729580698, 0.946986615507, 0.946219870326, 2.34537523415, 0.697971938192),
        (600, 3600, 300, 60, 45, 30, 0.525073668015, 0.141123270092, 0.796196799212, 0.92382632739, 0.912681968189, 7.65818109059, 0.954307477675),
        (600, 3600, 300, 60, 50, 30, 0.336501258189, 0.077664623124, 0.894166473336, 0.966680932598, 0.964075917156, 4.06097112455, 0.922335376876),
        (600, 3600, 300, 60, 55, 30, 0.172347719172, 0.0344786211749, 0.95569866286, 0.988623661738, 0.988236343357, 1.77036684741, 0.877746708023),
        (12000, 3600, 240, 180, 780, 20, 0.717709757173, 0.0309349816761, 0.950937778807, 0.981586036266, 0.981003836971, 5.56323639439, 0.993912839307),
        (12000, 3600, 240, 180, 800, 20, 0.469149441794, 0.0151155932739, 0.981666489908, 0.99673974244, 0.996689847678, 2.69189948416, 0.984884406726),
        (12000, 3600, 240, 180, 820, 20, 0.228820220992, 0.00565082048782, 0.99396723535, 0.999613777901, 0.999611584698, 1.00166554071, 0.9700967605),
        (50, 1800, 600, 300, 15, 60, 0.593483795596, 0.170878719283, 0.580181339299, 0.671001047955, 0.63813673132, 46.8914169321, 0.921245867463),
        (50, 1800, 600, 300, 18, 60, 0.345136999696, 0.0778187312824, 0.797354603867, 0.845531737727, 0.837713226097, 20.3565183855, 0.853871545109),
        (300, 1800, 180, 90, 20, 20, 0.921456955074, 0.339256739316, 0.228863163119, 0.398256819073, 0.275537460988, 33.4186617042, 0.991114891027),
    ]

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance * max(1, abs(b)) }

    @Test("Erlang C at 11 to 16 agents")
    func erlangCTable() throws {
        let traffic = try Traffic(calls: 100, intervalSeconds: 1800, handleSeconds: 180)
        for (agents, serviceLevel, waiting, asa, occupancy) in Self.erlangC {
            let p = Erlang.performance(traffic, agents: agents, thresholdSeconds: 20)
            #expect(Self.close(p.serviceLevel.ignored, serviceLevel), "\(agents): SL \(p.serviceLevel.ignored)")
            #expect(Self.close(p.probabilityOfWaiting, waiting), "\(agents): P(wait) \(p.probabilityOfWaiting)")
            #expect(Self.close(try #require(p.asaSeconds), asa), "\(agents): ASA \(String(describing: p.asaSeconds))")
            #expect(Self.close(p.occupancy, occupancy))
        }
    }

    @Test("Erlang A: waiting, abandonment, the three service levels, ASA and occupancy")
    func erlangATable() throws {
        for row in Self.erlangA {
            let (calls, interval, aht, patience, agents, threshold, waiting, abandonment, against, counted, ignored, asa, occupancy) = row
            let traffic = try Traffic(calls: calls, intervalSeconds: interval, handleSeconds: aht, patienceSeconds: patience)
            let p = Erlang.performance(traffic, agents: agents, thresholdSeconds: threshold)
            let label = "\(calls) calls, \(agents) agents"
            #expect(Self.close(p.probabilityOfWaiting, waiting), "\(label): P(wait) \(p.probabilityOfWaiting)")
            #expect(Self.close(try #require(p.abandonment), abandonment), "\(label): P(abandon) \(String(describing: p.abandonment))")
            #expect(Self.close(p.serviceLevel.countedAgainst, against), "\(label): SL against \(p.serviceLevel.countedAgainst)")
            #expect(Self.close(p.serviceLevel.countedFor, counted), "\(label): SL for \(p.serviceLevel.countedFor)")
            #expect(Self.close(p.serviceLevel.ignored, ignored), "\(label): SL ignored \(p.serviceLevel.ignored)")
            #expect(Self.close(try #require(p.asaSeconds), asa), "\(label): ASA \(String(describing: p.asaSeconds))")
            #expect(Self.close(p.occupancy, occupancy), "\(label): occupancy \(p.occupancy)")
        }
    }

    @Test("the wait's normaliser λJ is the same by the incomplete gamma and by the birth–death sum")
    func twoWaysToTheWait() throws {
        for row in Self.erlangA {
            let traffic = try Traffic(calls: row.0, intervalSeconds: row.1, handleSeconds: row.2, patienceSeconds: row.3)
            let p = Erlang.performance(traffic, agents: row.4, thresholdSeconds: 0)
            // P(wait) = Z/(1+Z) with Z = B(N−1, A)·λJ: recover λJ from P(wait) and compare.
            let logB = log(Erlang.b(agents: row.4 - 1, load: traffic.offeredLoad))
            let fromChain = log(p.probabilityOfWaiting / (1 - p.probabilityOfWaiting)) - logB
            #expect(Self.close(ErlangA.logLambdaJ(traffic, agents: row.4), fromChain, 1e-9), "\(row.0) calls, \(row.4) agents")
        }
    }
}
