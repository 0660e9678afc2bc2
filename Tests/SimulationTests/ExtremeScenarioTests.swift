import Simulation
import SwitchboardCore
import Testing

/// Issue 14: a scenario file (or the quick form's flags) gives durations, rates and counts
/// from people; each is checked against its range before the model turns it into
/// milliseconds, so no figure reaches a conversion or a sum that could trap.
@Suite("Scenarios with extreme figures")
struct ExtremeScenarioTests {
    static let plain = Scenario.Queue(name: "Q", arrivals: .init(callsPerHour: 10), handleTime: .exponential(mean: 60))

    static func queue(
        priority: Int? = nil, weight: Int? = nil, requiredSkills: [Scenario.Requirement]? = nil, wrapUpSeconds: Double? = nil, maxWaiting: Int? = nil,
        overflow: [Scenario.Overflow]? = nil, arrivals: Scenario.Arrivals = .init(callsPerHour: 10), handleTime: Distribution = .exponential(mean: 60),
        patience: Distribution? = nil
    ) -> Scenario {
        Scenario(durationMinutes: 60, queues: [Scenario.Queue(
            name: "Q", priority: priority, weight: weight, requiredSkills: requiredSkills, wrapUpSeconds: wrapUpSeconds, maxWaiting: maxWaiting,
            overflow: overflow, arrivals: arrivals, handleTime: handleTime, patience: patience)], agents: [])
    }

    static func agents(_ groups: [Scenario.AgentGroup]) -> Scenario {
        Scenario(durationMinutes: 60, queues: [plain], agents: groups)
    }

    func refuses(_ scenario: Scenario, _ field: String) async {
        do {
            _ = try await Simulator.run(scenario, replications: 1, seed: 1)
            Issue.record("accepted a scenario with \(field) out of range")
        } catch {
            #expect(error.field == field, "\(error)")
        }
    }

    @Test("agent groups whose counts add up past Int.max are refused naming the group (the sum used to overflow and trap)")
    func agentCounts() async {
        await refuses(Self.agents([.init(count: 1), .init(count: .max)]), "agents[1].count")
        await refuses(Self.agents([.init(count: 200_000), .init(count: .max)]), "agents[1].count")
        await refuses(Self.agents([.init(count: 199_999), .init(count: 2)]), "agents[1].count")
        await refuses(Self.agents([.init(count: .max)]), "agents[0].count")
        await refuses(Self.agents([.init(count: .min)]), "agents[0].count")
    }

    @Test("durations, intervals, thresholds and warm-ups at the ends of Double are refused naming the field", arguments: [
        1e19, -1e19, 9.223372036854775808e18, 1e308, -1e308, Double.nan, Double.infinity, -Double.infinity,
    ])
    func scenarioFigures(value: Double) async {
        await refuses(Scenario(durationMinutes: value, queues: [Self.plain], agents: []), "durationMinutes")
        await refuses(Scenario(durationMinutes: 60, intervalMinutes: value, queues: [Self.plain], agents: []), "intervalMinutes")
        await refuses(Scenario(durationMinutes: 60, thresholdSeconds: value, queues: [Self.plain], agents: []), "thresholdSeconds")
        await refuses(Scenario(durationMinutes: 60, warmUpMinutes: value, queues: [Self.plain], agents: []), "warmUpMinutes")
        await refuses(Self.queue(wrapUpSeconds: value), "queues[0].wrapUpSeconds")
        await refuses(Self.queue(overflow: [.init(afterSeconds: value, action: "end")]), "queues[0].overflow[0].afterSeconds")
        await refuses(Self.queue(arrivals: .init(callsPerHour: value)), "queues[0].arrivals")
        await refuses(Self.queue(arrivals: .init(callsPerInterval: [10, value])), "queues[0].arrivals")
        await refuses(Self.queue(handleTime: .exponential(mean: value)), "queues[0].handleTime.meanSeconds")
        await refuses(Self.queue(handleTime: .lognormal(mean: 60, sd: value)), "queues[0].handleTime.sdSeconds")
        await refuses(Self.queue(handleTime: .empirical([60, value])), "queues[0].handleTime.seconds")
        await refuses(Self.queue(patience: .fixed(value)), "queues[0].patience.seconds")
    }

    @Test("priorities, weights, queue lengths, proficiencies and shifts at the ends of Int are refused naming the field")
    func integers() async {
        await refuses(Self.queue(priority: .min), "queues[0].priority")
        await refuses(Self.queue(weight: .max), "queues[0].weight")
        await refuses(Self.queue(maxWaiting: .min), "queues[0].maxWaiting")
        await refuses(Self.queue(requiredSkills: [.init(skill: "billing", minimum: .max)]), "queues[0].requiredSkills[0].minimum")
        await refuses(Self.queue(overflow: [.init(afterSeconds: 30, action: "lowerMinimum", minimum: .min)]), "queues[0].overflow[0].minimum")
        await refuses(Self.agents([.init(count: 1, skills: ["billing": .max])]), "agents[0].skills.billing")
        for (start, end, field) in [
            ("9223372036854775807:00", "08:00", "agents[0].shift.start"), ("99999999999999999999:00", "08:00", "agents[0].shift.start"),
            ("-9223372036854775808:00", "08:00", "agents[0].shift.start"), ("08:00", "00:9223372036854775807", "agents[0].shift.end"),
            ("08:00", "24:01", "agents[0].shift.end"), ("NaN", "08:00", "agents[0].shift.start"),
        ] {
            await refuses(Self.agents([.init(count: 1, shift: .init(start: start, end: end))]), field)
        }
    }
}
