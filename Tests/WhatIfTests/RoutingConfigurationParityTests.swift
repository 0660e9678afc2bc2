import ContactCenter
import Demo
import Organisation
import Simulation
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing
import WhatIf

/// The what-if promise: `simulate --from-database` runs the center's own rules. The live shell
/// and the simulator each build the routing engine's configuration — through one translator —
/// and the two must agree on every setting that decides where a call goes.
@Suite("One routing configuration: the simulator configures the engine as the live center does")
struct RoutingConfigurationParityTests {
    /// A Friday; the demo's queues keep Amsterdam time.
    static let day = "2026-11-20"

    /// The demo organisation with one call per queue on `day` (a day must have calls to replay).
    static func withDemo(_ kind: TestDatabase, _ body: (Database, OrganisationService) async throws -> Void) async throws {
        try await kind.with { database in
            let service = OrganisationService.forTesting(database)
            try await DemoOrganisation.seedIfEmpty(service)
            try await body(database, service)
        }
    }

    static func callsOnTheDay(_ database: Database, _ service: OrganisationService) async throws {
        let noonUTC = Instant(millisecondsSinceEpoch: Int64(try LocalDate(parsing: day, field: "day").dayNumber) * 86_400_000 + 11 * 3_600_000)
        for queue in try await service.queues(by: .console) {
            _ = try await database.transaction { sql in
                try await CallLogRepository(sql).insertCall(queueId: queue.id, from: "+31201234567", customerId: nil, priority: 0, at: noonUTC)
            }
        }
    }

    /// Both configurations, the live shell's and the one `simulate --from-database` runs.
    static func both(_ database: Database, _ service: OrganisationService) async throws -> (live: Canonical, simulated: Canonical) {
        let live = try await database.read { sql in try await ContactCenter.loadConfiguration(sql, day: day) }
        let scenario = try await HistoryScenario.build(service, date: day, absent: 0, seed: 1)
        return (Canonical(live), Canonical(try scenario.routingConfiguration()))
    }

    @Test("the demo organisation: the same queues, overflow, hours, escalation and agents, field by field", arguments: TestDatabase.available)
    func demo(_ kind: TestDatabase) async throws {
        try await Self.withDemo(kind) { database, service in
            try await Self.callsOnTheDay(database, service)
            let (live, simulated) = try await Self.both(database, service)
            #expect(live.queues.count == (try await service.queues(by: .console)).count)
            #expect(live.agents.count == (try await service.agents(by: .console)).count)
            #expect(live.escalation == "Escalaties")
            Self.expectEqual(live, simulated)
        }
    }

    @Test(
        "a randomised organisation: every routing setting a queue and an agent can have reaches the simulator",
        arguments: TestDatabase.available, [1, 2, 3] as [UInt64])
    func randomised(_ kind: TestDatabase, seed: UInt64) async throws {
        try await Self.withDemo(kind) { database, service in
            var random = SeededGenerator(seed: seed)
            let skills = try await service.skills(by: .console).map(\.name)
            let queues = try await service.queues(by: .console)
            for (index, queue) in queues.enumerated() {
                try await service.updateQueue(queue.id, Self.randomSettings(index: index, queues: queues, skills: skills, &random), by: .console)
            }
            // The escalation queue moves to a random queue (at most one is the escalation queue).
            let current = try #require(queues.first { $0.settings.escalation })
            let escalation = queues.randomElement(using: &random)!
            if escalation.id != current.id {
                var off = QueueInput()
                off.escalation = false
                _ = try await service.updateQueue(current.id, off, by: .console)
                var on = QueueInput()
                on.escalation = true
                _ = try await service.updateQueue(escalation.id, on, by: .console)
            }
            // Agents change teams and skills, some move queues for the day.
            let teams = try await service.teams(by: .console)
            let agents = try await service.agents(by: .console)
            for agent in agents {
                let levels = skills.shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random))
                    .map { SkillLevel(skill: $0, proficiency: Int.random(in: 1...5, using: &random)) }
                let team = teams.randomElement(using: &random)?.id
                _ = try await service.updateAgent(agent.id, AgentInput(teamId: team.map { .value($0) } ?? .null, skills: levels), by: .console)
                if Bool.random(using: &random) {
                    let from = queues.randomElement(using: &random)!.id
                    let to = queues.filter { $0.id != from }.randomElement(using: &random)!.id
                    _ = try await Supervision(service).moveAgentForDay(agent.id, DayQueueMove(from: Bool.random(using: &random) ? from : nil, to: to), day: Self.day, by: .console)
                }
            }
            try await Self.callsOnTheDay(database, service)
            let (live, simulated) = try await Self.both(database, service)
            #expect(live.escalation == escalation.name)
            #expect(live.queues.values.contains { $0.overflow.contains { $0.contains("moveToQueue") } })
            #expect(live.queues.values.contains { $0.hours != nil })
            #expect(live.agents.contains { !$0.added.isEmpty })
            Self.expectEqual(live, simulated)
        }
    }

    /// Random, valid settings for every routing field (names of skills and queues in any case).
    static func randomSettings(index: Int, queues: [Queue], skills: [String], _ random: inout SeededGenerator) -> QueueInput {
        var input = QueueInput(
            priority: Int.random(in: 1...10, using: &random), maxWaitingCalls: Int.random(in: 1...500, using: &random),
            wrapUpSeconds: Int.random(in: 0...120, using: &random),
            requiredSkills: skills.shuffled(using: &random).prefix(Int.random(in: 0...2, using: &random))
                .map { SkillRequirement(skill: $0, minimumProficiency: Int.random(in: 1...5, using: &random)) })
        input.strategy = RoutingStrategy.allCases.randomElement(using: &random)
        input.weight = Int.random(in: 1...100, using: &random)
        input.ringTimeoutSeconds = Int.random(in: 5...300, using: &random)
        input.missedCallGoesNotReady = Bool.random(using: &random)
        input.maxWaitSeconds = Int.random(in: 10...86_400, using: &random)
        input.dispositionRequired = Bool.random(using: &random)
        var weekly: [Weekday: [OpeningInterval]] = [:]
        for day in Weekday.allCases where Bool.random(using: &random) {
            let opens = Int.random(in: 0...700, using: &random)
            weekly[day] = [OpeningInterval(opensAt: opens, closesAt: Int.random(in: (opens + 1)...1440, using: &random))]
        }
        input.hours = BusinessHours(
            timeZone: "Europe/Amsterdam", weekly: weekly,
            holidays: Bool.random(using: &random) ? [Holiday(date: LocalDate(year: 2026, month: 12, day: 25), name: "Christmas")] : [])
        let others = queues.enumerated().filter { $0.offset != index }.map(\.element.name)
        input.overflow = (0..<Int.random(in: 0...4, using: &random)).map { _ in
            let after = Int.random(in: 1...3600, using: &random)
            switch Int.random(in: 0...5, using: &random) {
            case 0: return OverflowRule(afterSeconds: after, action: .lowerMinimum, minimum: Int.random(in: 1...5, using: &random))
            case 1: return OverflowRule(afterSeconds: after, action: .addSkill, minimum: Int.random(in: 1...5, using: &random), skill: skills.randomElement(using: &random))
            case 2: return OverflowRule(afterSeconds: after, action: .addTeamLeaders)
            case 3:
                let target = others.randomElement(using: &random)!
                return OverflowRule(afterSeconds: after, action: .moveToQueue, queue: Bool.random(using: &random) ? target.uppercased() : target)
            case 4: return OverflowRule(afterSeconds: after, action: .offerCallback)
            default: return OverflowRule(afterSeconds: after, action: .end, reason: "closing")
            }
        }
        return input
    }

    static func expectEqual(_ live: Canonical, _ simulated: Canonical) {
        #expect(live.escalation == simulated.escalation)
        #expect(live.queues.keys.sorted() == simulated.queues.keys.sorted())
        for (name, queue) in live.queues {
            #expect(queue == simulated.queues[name], "queue \(name)")
        }
        #expect(live.agents.count == simulated.agents.count)
        for (index, (a, b)) in zip(live.agents, simulated.agents).enumerated() {
            #expect(a == b, "agent \(index)")
        }
    }
}

/// A configuration with ids replaced by names: the live center numbers queues and skills as
/// stored, the simulator in order of mention. Left out on purpose: an agent's team (it bounds
/// a team leader's commands, not routing) and auto-answer (the simulator's agents are robots).
struct Canonical: Equatable {
    struct QueueSettings: Equatable {
        var priority: Int
        var weight: Int
        var strategy: RoutingStrategy
        var requirements: [String: Int]
        var wrapUp: Duration
        var maxWaiting: Int
        var ringTimeout: Duration
        var missedCallGoesNotReady: Bool
        var overflow: [String]
        var hours: BusinessHours?
        var dispositionRequired: Bool
    }

    struct AgentSettings: Equatable {
        var skills: [String: Int]
        var isTeamLeader: Bool
        var added: Set<String>
        var removed: Set<String>
    }

    var queues: [String: QueueSettings] = [:]
    var agents: [AgentSettings] = []
    var escalation: String?

    init(_ configuration: RoutingConfiguration) {
        let skill = Dictionary(configuration.skills.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        let queue = Dictionary(configuration.queues.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func name(_ id: SkillID) -> String { skill[id] ?? "skill #\(id.rawValue)" }
        for q in configuration.queues {
            queues[q.name] = QueueSettings(
                priority: q.priority, weight: q.weight, strategy: q.strategy,
                requirements: Dictionary(q.requirements.map { (name($0.skill), $0.minimum) }, uniquingKeysWith: max),
                wrapUp: q.wrapUp, maxWaiting: q.maxWaiting, ringTimeout: q.ringTimeout, missedCallGoesNotReady: q.missedCallGoesNotReady,
                overflow: q.overflow.map { step in
                    let action: String
                    switch step.action {
                    case .lowerMinimum(let to): action = "lowerMinimum \(to)"
                    case .addSkill(let need): action = "addSkill \(name(need.skill)) \(need.minimum)"
                    case .addTeamLeaders: action = "addTeamLeaders"
                    case .moveToQueue(let id): action = "moveToQueue \(queue[id] ?? "#\(id.rawValue)")"
                    case .offerCallback: action = "offerCallback"
                    case .end(let reason): action = "end \(reason)"
                    }
                    return "\(step.after) \(action)"
                },
                hours: q.hours, dispositionRequired: q.dispositionRequired)
        }
        agents = configuration.agents.map { agent in
            AgentSettings(
                skills: Dictionary(agent.skills.map { (name($0.key), $0.value) }, uniquingKeysWith: max), isTeamLeader: agent.isTeamLeader,
                added: Set(agent.addedQueues.map { queue[$0] ?? "#\($0.rawValue)" }), removed: Set(agent.removedQueues.map { queue[$0] ?? "#\($0.rawValue)" }))
        }
        escalation = configuration.escalationQueue.flatMap { queue[$0] }
    }
}
