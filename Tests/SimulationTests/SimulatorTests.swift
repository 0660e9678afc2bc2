import Foundation
import Simulation
import SwitchboardCore
import Testing

@Suite("The simulator: scenarios, determinism and bad input")
struct SimulatorTests {
    static let small = Scenario.singleQueue(
        agents: 5, callsPerMinute: 1, handleTime: .exponential(mean: 240), patience: .exponential(mean: 90), durationMinutes: 120)

    @Test("the same seed gives the same result; another seed another")
    func deterministic() async throws {
        let first = try await Simulator.run(Self.small, replications: 4, seed: 7)
        let again = try await Simulator.run(Self.small, replications: 4, seed: 7)
        let other = try await Simulator.run(Self.small, replications: 4, seed: 8)
        #expect(first == again)
        #expect(first != other)
    }

    @Test("a fixed seed gives the same day as before the effect sink: the benchmark's M/M/1000+M, seed 1, to the call")
    func sameDayAcrossVersions() async throws {
        // `switchboard simulate --agents 1000 --calls-per-minute 200 --aht 5m --patience 2m
        // --duration 24h --replications 1 --seed 1`: these counts came from the build before the
        // effect sink, and a change meant only to make the simulator faster must keep them.
        let day = Scenario.singleQueue(
            agents: 1000, callsPerMinute: 200, handleTime: .exponential(mean: 300), patience: .exponential(mean: 120), durationMinutes: 24 * 60)
        let result = try await Simulator.run(day, replications: 1, seed: 1)
        #expect(result.total.offered?.mean == 287_580)
        #expect(result.total.answered?.mean == 283_628)
        #expect(result.total.abandoned?.mean == 3_952)
    }

    @Test("every call is counted once: offered = answered + abandoned + otherwise, in total, per queue and per interval")
    func conservation() async throws {
        let result = try await Simulator.run(Self.small, replications: 1, seed: 3)
        func check(_ m: Measures, _ label: String) {
            let offered = m.offered?.mean ?? 0
            let sum = (m.answered?.mean ?? 0) + (m.abandoned?.mean ?? 0) + (m.otherwise?.mean ?? 0)
            #expect(offered == sum, "\(label): \(offered) offered, \(sum) accounted for")
        }
        check(result.total, "total")
        for queue in result.queues { check(queue.measures, queue.name) }
        for interval in result.intervals { check(interval.measures, "interval \(interval.startMinute)") }
        #expect(result.intervals.count == 4)
        #expect(result.intervals.map { $0.measures.offered?.mean ?? 0 }.reduce(0, +) == result.total.offered?.mean)
        // About 120 calls in two hours.
        #expect((80...160).contains(result.total.offered?.mean ?? 0))
    }

    @Test("shifts, skills and overflow: calls before the morning shift wait and give up; billing overflows to the general agents")
    func routingSettings() async throws {
        let scenario = Scenario(
            durationMinutes: 240, intervalMinutes: 60, thresholdSeconds: 20,
            queues: [
                .init(name: "General", requiredSkills: [.init(skill: "general", minimum: 1)], arrivals: .init(callsPerInterval: [30, 30, 30, 30]),
                      handleTime: .fixed(120), patience: .fixed(300)),
                .init(name: "Billing", priority: 8, requiredSkills: [.init(skill: "billing", minimum: 3)],
                      overflow: [.init(afterSeconds: 30, action: "addSkill", minimum: 1, skill: "general")],
                      arrivals: .init(callsPerHour: 20), handleTime: .lognormal(mean: 300, sd: 100), patience: .empirical([60, 600, 900])),
            ],
            agents: [
                .init(name: "general", count: 6, skills: ["general": 3], shift: .init(start: "01:00", end: "04:00")),
                .init(name: "billing", count: 1, skills: ["billing": 4]),
            ])
        let result = try await Simulator.run(scenario, replications: 2, seed: 11)
        // Nobody answers General in the first hour: its calls wait 5 minutes and give up.
        let firstHour = result.intervals[0].measures
        #expect((firstHour.answered?.mean ?? 0) < (firstHour.offered?.mean ?? 0))
        let general = try #require(result.queues.first { $0.name == "General" })
        #expect((general.measures.answered?.mean ?? 0) > 0)
        let billing = try #require(result.queues.first { $0.name == "Billing" })
        #expect((billing.measures.answered?.mean ?? 0) > 0)
        #expect(result.total.occupancy != nil)
    }

    @Test("a wide lognormal and shifts over several days and past midnight run to the end")
    func extremes() async throws {
        let scenario = Scenario(
            durationMinutes: 3 * 1440, intervalMinutes: 60,
            queues: [.init(name: "Q", arrivals: .init(callsPerHour: 30), handleTime: .lognormal(mean: 1, sd: 10_000_000), patience: .exponential(mean: 600))],
            agents: [
                .init(count: 3, shift: .init(start: "22:00", end: "06:00")), .init(count: 3, shift: .init(start: "06:00", end: "22:00")),
                .init(count: 1, shift: .init(start: "00:00", end: "00:00")),
            ])
        let result = try await Simulator.run(scenario, replications: 2, seed: 5)
        #expect((result.total.offered?.mean ?? 0) > 1500)
        #expect(result.intervals.count == 72)
        // Someone works every hour of the three days.
        for interval in result.intervals { #expect((interval.measures.occupancy?.mean ?? -1) >= 0, "\(interval.startMinute)") }
    }

    @Test("a scenario file is read from JSON, and the examples in examples/ run")
    func examples() async throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("simulation") && $0.hasSuffix(".json") }
        #expect(files.count >= 2)
        for file in files {
            let scenario = try JSONDecoder().decode(Scenario.self, from: Data(contentsOf: folder.appendingPathComponent(file)))
            let result = try await Simulator.run(scenario, replications: 2, seed: 1)
            #expect((result.total.offered?.mean ?? 0) > 0, "\(file)")
        }
    }

    @Test("bad scenarios are refused with the field named")
    func badInput() async {
        let queue = Scenario.Queue(name: "Q", arrivals: .init(callsPerHour: 10), handleTime: .exponential(mean: 60))
        let cases: [(Scenario, String)] = [
            (Scenario(durationMinutes: 0, queues: [queue], agents: []), "durationMinutes"),
            (Scenario(durationMinutes: 60, queues: [], agents: []), "queues"),
            (Scenario(durationMinutes: 60, queues: [.init(name: "Q", arrivals: .init(), handleTime: .exponential(mean: 60))], agents: []), "queues[0].arrivals"),
            (Scenario(durationMinutes: 60, queues: [.init(name: "Q", arrivals: .init(callsPerHour: -1), handleTime: .exponential(mean: 60))], agents: []),
             "queues[0].arrivals"),
            (Scenario(durationMinutes: 60, queues: [.init(name: "Q", arrivals: .init(callsPerHour: 1), handleTime: .exponential(mean: 0))], agents: []),
             "queues[0].handleTime.meanSeconds"),
            (Scenario(durationMinutes: 60, queues: [.init(name: "Q", arrivals: .init(callsPerHour: 1), handleTime: .never)], agents: []),
             "queues[0].handleTime.distribution"),
            (Scenario(durationMinutes: 60, queues: [queue, queue], agents: []), "queues[1].name"),
            (Scenario(durationMinutes: 60, queues: [queue], agents: [.init(count: -1)]), "agents[0].count"),
            (Scenario(durationMinutes: 60, queues: [queue], agents: [.init(count: 1, shift: .init(start: "25:00", end: "08:00"))]), "agents[0].shift.start"),
            (Scenario(durationMinutes: 60, queues: [queue], agents: [.init(count: 1, skills: ["x": 9])]), "agents[0].skills.x"),
            (Scenario(durationMinutes: 60, queues: [.init(name: "Q", overflow: [.init(afterSeconds: 5, action: "teleport")], arrivals: .init(callsPerHour: 1),
                                                      handleTime: .fixed(1))], agents: []), "queues[0].overflow[0].action"),
            // A queue moving calls to itself, or two queues to each other at once, would never let time pass.
            (Scenario(durationMinutes: 60, queues: [.init(name: "Q", overflow: [.init(afterSeconds: 0, action: "moveToQueue", queue: "Q")],
                                                      arrivals: .init(callsPerHour: 1), handleTime: .fixed(1))], agents: []), "queues[0].overflow[0].queue"),
            (Scenario(durationMinutes: 60, queues: [
                .init(name: "A", overflow: [.init(afterSeconds: 0, action: "moveToQueue", queue: "B")], arrivals: .init(callsPerHour: 1), handleTime: .fixed(1)),
                .init(name: "B", overflow: [.init(afterSeconds: 0, action: "moveToQueue", queue: "A")], arrivals: .init(callsPerHour: 1), handleTime: .fixed(1)),
            ], agents: []), "queues[0].overflow[0].afterSeconds"),
            // Durations past any clock.
            (Scenario(durationMinutes: 60, queues: [.init(name: "Q", arrivals: .init(callsPerHour: 1), handleTime: .fixed(1e16))], agents: []),
             "queues[0].handleTime.seconds"),
            (Scenario(durationMinutes: 60, queues: [.init(name: "Q", arrivals: .init(callsPerHour: 1), handleTime: .lognormal(mean: 60, sd: 1e155))], agents: []),
             "queues[0].handleTime.sdSeconds"),
            (Scenario(durationMinutes: 60, thresholdSeconds: 1e17, queues: [queue], agents: []), "thresholdSeconds"),
        ]
        for (scenario, field) in cases {
            do {
                _ = try await Simulator.run(scenario, replications: 1, seed: 1)
                Issue.record("accepted a scenario with a bad \(field)")
            } catch {
                #expect(error.field == field, "\(error)")
            }
        }
        do {
            _ = try await Simulator.run(Self.small, replications: 0, seed: 1)
            Issue.record("accepted 0 replications")
        } catch {
            #expect(error.field == "replications")
        }
    }
}
