import Staffing
import SwitchboardCore
import Testing

@Suite("How many agents: the true minimum for a target")
struct StaffingTests {
    func solve(_ calls: Double, aht: Double = 180, interval: Double = 1800, goal: StaffingGoal, patience: Double? = nil,
               shrinkage: Double = 0, maxOccupancy: Double = 1) throws -> StaffingAnswer {
        let traffic = try Traffic(calls: calls, intervalSeconds: interval, handleSeconds: aht, patienceSeconds: patience)
        return try Staffing.solve(try StaffingRequest(traffic: traffic, goal: goal, shrinkage: shrinkage, maxOccupancy: maxOccupancy))
    }

    @Test("80 % in 20 s for 100 calls per 30 min at 180 s: 14 agents (13 reach 79.6 %); 30 % shrinkage makes 20 positions")
    func published() throws {
        let answer = try solve(100, goal: .serviceLevel(0.8, withinSeconds: 20), shrinkage: 0.3)
        #expect(answer.agents == 14)
        #expect(answer.positions == 20)
        #expect(abs(answer.offeredLoad - 10) < 1e-12)
    }

    @Test("a maximum occupancy can ask for more agents than the service level does")
    func occupancyCap() throws {
        // 100 Erlangs: the service level needs about 106 agents; 85 % occupancy needs 118.
        let free = try solve(1000, goal: .serviceLevel(0.8, withinSeconds: 20))
        let capped = try solve(1000, goal: .serviceLevel(0.8, withinSeconds: 20), maxOccupancy: 0.85)
        #expect(free.agents < 118)
        #expect(capped.agents == 118)
    }

    @Test("every answer is the true minimum: it meets the goal and one agent fewer does not", arguments: 0..<4)
    func minimality(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<60 {
            let load = Double.random(in: 0.2...400, using: &generator)
            let aht = Double.random(in: 60...900, using: &generator)
            let calls = load * 1800 / aht
            let patience: Double? = Bool.random(using: &generator) ? Double.random(in: 10...600, using: &generator) : nil
            let goals: [StaffingGoal] = [
                .serviceLevel(Double.random(in: 0.5...0.95, using: &generator), withinSeconds: Double.random(in: 5...60, using: &generator)),
                .serviceLevel(0.8, withinSeconds: 20, treatment: .countedAgainst),
                .averageSpeedOfAnswer(seconds: Double.random(in: 5...120, using: &generator)),
            ] + (patience == nil ? [] : [.abandonment(Double.random(in: 0.01...0.2, using: &generator))])
            for goal in goals {
                let traffic = try Traffic(calls: calls, intervalSeconds: 1800, handleSeconds: aht, patienceSeconds: patience)
                let request = try StaffingRequest(traffic: traffic, goal: goal, maxOccupancy: 0.9)
                let answer = try Staffing.solve(request)
                let at = Erlang.performance(traffic, agents: answer.agents, thresholdSeconds: request.thresholdSeconds)
                let below = Erlang.performance(traffic, agents: answer.agents - 1, thresholdSeconds: request.thresholdSeconds)
                #expect(Self.meets(at, goal, 0.9), "\(goal) at \(answer.agents) agents, load \(load), patience \(String(describing: patience))")
                #expect(!Self.meets(below, goal, 0.9), "\(goal) also met by \(answer.agents - 1) agents, load \(load), patience \(String(describing: patience))")
            }
        }
    }

    static func meets(_ p: Performance, _ goal: StaffingGoal, _ maxOccupancy: Double) -> Bool {
        guard p.occupancy <= maxOccupancy + 1e-12 else { return false }
        switch goal {
        case .serviceLevel(let fraction, _, let treatment): return p.serviceLevel[treatment] >= fraction
        case .averageSpeedOfAnswer(let seconds): return (p.asaSeconds ?? .infinity) <= seconds
        case .abandonment(let fraction): return (p.abandonment ?? 1) <= fraction
        }
    }

    @Test("no calls need no agents")
    func noCalls() throws {
        let answer = try solve(0, goal: .serviceLevel(0.8, withinSeconds: 20))
        #expect(answer.agents == 0 && answer.positions == 0)
    }

    @Test("negative calls, no handle time, no interval or a negative patience are refused with the field named")
    func badTraffic() {
        let cases: [(String, () throws -> Traffic)] = [
            ("calls", { try Traffic(calls: -1, intervalSeconds: 1800, handleSeconds: 180) }),
            ("aht", { try Traffic(calls: 10, intervalSeconds: 1800, handleSeconds: 0) }),
            ("interval", { try Traffic(calls: 10, intervalSeconds: 0, handleSeconds: 180) }),
            ("patience", { try Traffic(calls: 10, intervalSeconds: 1800, handleSeconds: 180, patienceSeconds: -5) }),
            ("calls", { try Traffic(calls: .nan, intervalSeconds: 1800, handleSeconds: 180) }),
            // Figures that once overflowed a conversion or made Erlang A sum forever.
            ("calls", { try Traffic(calls: 1e19, intervalSeconds: 1800, handleSeconds: 1800) }),
            ("interval", { try Traffic(calls: 10, intervalSeconds: 1e-300, handleSeconds: 180) }),
            ("calls", { try Traffic(calls: 1e9, intervalSeconds: 1, handleSeconds: 100) }),
            ("patience", { try Traffic(calls: 3600, intervalSeconds: 3600, handleSeconds: 100, patienceSeconds: 1e8) }),
            ("patience", { try Traffic(calls: 1e8, intervalSeconds: 3600, handleSeconds: 1, patienceSeconds: 86_400) }),
        ]
        for (field, make) in cases {
            #expect(throws: SwitchboardError.self) { _ = try make() }
            do { _ = try make() } catch let error as SwitchboardError { #expect(error.field == field, "\(error)") } catch {}
        }
    }

    @Test("a service level of 100 % or more, negative shrinkage, zero occupancy or an abandonment target without patience is refused")
    func badGoals() throws {
        let traffic = try Traffic(calls: 100, intervalSeconds: 1800, handleSeconds: 180)
        let cases: [(String, () throws -> StaffingRequest)] = [
            ("target", { try StaffingRequest(traffic: traffic, goal: .serviceLevel(1, withinSeconds: 20)) }),
            ("target", { try StaffingRequest(traffic: traffic, goal: .serviceLevel(1.2, withinSeconds: 20)) }),
            ("target", { try StaffingRequest(traffic: traffic, goal: .serviceLevel(0, withinSeconds: 20)) }),
            ("shrinkage", { try StaffingRequest(traffic: traffic, goal: .serviceLevel(0.8, withinSeconds: 20), shrinkage: -0.1) }),
            ("shrinkage", { try StaffingRequest(traffic: traffic, goal: .serviceLevel(0.8, withinSeconds: 20), shrinkage: 1) }),
            ("shrinkage", { try StaffingRequest(traffic: traffic, goal: .serviceLevel(0.8, withinSeconds: 20), shrinkage: 0.9999999999999999) }),
            ("maxOccupancy", { try StaffingRequest(traffic: traffic, goal: .serviceLevel(0.8, withinSeconds: 20), maxOccupancy: 0) }),
            ("patience", { try StaffingRequest(traffic: traffic, goal: .abandonment(0.05)) }),
            ("asa", { try StaffingRequest(traffic: traffic, goal: .averageSpeedOfAnswer(seconds: 0)) }),
        ]
        for (field, make) in cases {
            #expect(throws: SwitchboardError.self) { _ = try make() }
            do { _ = try make() } catch let error as SwitchboardError { #expect(error.field == field, "\(error)") } catch {}
        }
    }
}
