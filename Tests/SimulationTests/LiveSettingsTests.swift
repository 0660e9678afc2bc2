import Simulation
import SwitchboardCore
import Testing

/// The settings the live center routes by, honoured by the simulator too: opening hours and
/// holidays from the start date, the longest wait, a required disposition, day moves.
@Suite("The simulator runs the live center's routing settings")
struct LiveSettingsTests {
    /// Weekdays 09:00–17:00 in the queue's zone.
    static let officeHours = BusinessHours(
        timeZone: "Europe/Amsterdam", weekly: Dictionary(uniqueKeysWithValues: [Weekday.mon, .tue, .wed, .thu, .fri].map { ($0, [OpeningInterval(opensAt: 540, closesAt: 1020)]) }))

    static func day(startDate: String?, hours: BusinessHours?) -> Scenario {
        var queue = Scenario.Queue(name: "Service", arrivals: .init(callsPerHour: 60), handleTime: .fixed(60), patience: .fixed(600))
        queue.hours = hours
        return Scenario(startDate: startDate, durationMinutes: 1440, intervalMinutes: 60, queues: [queue], agents: [.init(count: 5)])
    }

    @Test("calls outside opening hours are refused as closed, read as local time from the start date")
    func openingHours() async throws {
        // 2027-01-04 is a Monday: open 09:00–17:00, a third of the day.
        let monday = try await Simulator.run(Self.day(startDate: "2027-01-04", hours: Self.officeHours), replications: 1, seed: 5)
        let offered = try #require(monday.total.offered?.mean)
        let answered = try #require(monday.total.answered?.mean)
        #expect(answered > offered / 4 && answered < offered / 2, "\(answered) of \(offered) answered on a Monday")
        for interval in monday.intervals {
            let hour = Int(interval.startMinute / 60)
            if hour < 9 || hour >= 17 {
                #expect(interval.measures.answered?.mean == 0, "hour \(hour) is closed")
            } else {
                #expect((interval.measures.answered?.mean ?? 0) > 0, "hour \(hour) is open")
            }
        }
        // The Saturday after: closed all day.
        let saturday = try await Simulator.run(Self.day(startDate: "2027-01-09", hours: Self.officeHours), replications: 1, seed: 5)
        #expect(saturday.total.answered?.mean == 0)
        #expect(saturday.total.otherwise?.mean == saturday.total.offered?.mean)
        // Always open: every call is answered.
        let open = try await Simulator.run(Self.day(startDate: "2027-01-09", hours: nil), replications: 1, seed: 5)
        #expect(open.total.answered?.mean == open.total.offered?.mean)
    }

    @Test("a holiday on the start date closes the queue all day")
    func holiday() async throws {
        var hours = Self.officeHours
        hours.holidays = [Holiday(date: LocalDate(year: 2027, month: 1, day: 4), name: "Closed")]
        let result = try await Simulator.run(Self.day(startDate: "2027-01-04", hours: hours), replications: 1, seed: 5)
        #expect(result.total.answered?.mean == 0)
        #expect((result.total.offered?.mean ?? 0) > 0)
    }

    @Test("the longest wait ends a call that has waited that long: no answered call waited longer")
    func longestWait() async throws {
        func run(_ maxWait: Int?) async throws -> SimulationResult {
            var queue = Scenario.Queue(name: "Busy", arrivals: .init(callsPerHour: 40), handleTime: .fixed(300))
            queue.maxWaitSeconds = maxWait
            return try await Simulator.run(
                Scenario(durationMinutes: 480, intervalMinutes: 60, queues: [queue], agents: [.init(count: 2)]), replications: 1, seed: 9)
        }
        let unlimited = try await run(nil)
        let limited = try await run(60)
        #expect(try #require(unlimited.total.asaSeconds?.mean) > 600)
        #expect(try #require(limited.total.asaSeconds?.mean) <= 60)
        #expect(try #require(limited.total.otherwise?.mean) > (unlimited.total.otherwise?.mean ?? 0))
    }

    @Test("a queue that requires a disposition does not hold the robots in wrap-up: they choose one as they hang up")
    func dispositionRequired() async throws {
        func run(_ required: Bool) async throws -> SimulationResult {
            var queue = Scenario.Queue(name: "Sales", wrapUpSeconds: 10, arrivals: .init(callsPerHour: 100), handleTime: .exponential(mean: 120))
            queue.dispositionRequired = required
            return try await Simulator.run(
                Scenario(durationMinutes: 240, intervalMinutes: 60, queues: [queue], agents: [.init(count: 6)]), replications: 1, seed: 2)
        }
        let free = try await run(false)
        let required = try await run(true)
        #expect((required.total.answered?.mean ?? 0) > 300)
        #expect(required.total == free.total)
    }

    @Test("agents moved into a queue for the day take its calls whatever their skills; moved out, they do not")
    func dayMoves() async throws {
        func run(added: [String]?, removed: [String]?) async throws -> SimulationResult {
            var group = Scenario.AgentGroup(count: 3, skills: ["sales": 3])
            group.addedQueues = added
            group.removedQueues = removed
            return try await Simulator.run(
                Scenario(
                    durationMinutes: 120, intervalMinutes: 60,
                    queues: [
                        .init(name: "Sales", requiredSkills: [.init(skill: "sales", minimum: 1)], arrivals: .init(callsPerHour: 20), handleTime: .fixed(60), patience: .fixed(120)),
                        .init(name: "Billing", requiredSkills: [.init(skill: "billing", minimum: 1)], arrivals: .init(callsPerHour: 20), handleTime: .fixed(60), patience: .fixed(120)),
                    ],
                    agents: [group]),
                replications: 1, seed: 4)
        }
        let plain = try await run(added: nil, removed: nil)
        #expect(plain.queues[1].measures.answered?.mean == 0)
        let moved = try await run(added: ["Billing"], removed: ["Sales"])
        #expect((moved.queues[1].measures.answered?.mean ?? 0) > 0)
        #expect(moved.queues[0].measures.answered?.mean == 0)
    }

    @Test("fractions of a second stay exact, and overflow targets match a queue's name in any case, as in the live center")
    func exactAndCaseBlind() throws {
        let scenario = Scenario(
            durationMinutes: 60,
            queues: [
                .init(name: "Sales", wrapUpSeconds: 7.5, overflow: [
                    .init(afterSeconds: 1.4, action: "moveToQueue", queue: "billing"), .init(afterSeconds: 0.6, action: "addTeamLeaders"),
                ], arrivals: .init(callsPerHour: 1), handleTime: .fixed(60)),
                .init(name: "Billing", arrivals: .init(callsPerHour: 1), handleTime: .fixed(60)),
            ],
            agents: [.init(count: 1)])
        let configuration = try scenario.routingConfiguration()
        let sales = configuration.queues[0]
        #expect(sales.wrapUp == .milliseconds(7500))
        #expect(sales.overflow == [OverflowStep(after: .milliseconds(600), .addTeamLeaders), OverflowStep(after: .milliseconds(1400), .moveToQueue(configuration.queues[1].id))])
    }

    @Test("bad live settings are refused naming the field")
    func badInput() async throws {
        func field(_ change: (inout Scenario) -> Void) async -> String? {
            var scenario = Self.day(startDate: nil, hours: nil)
            change(&scenario)
            do {
                _ = try await Simulator.run(scenario, replications: 1, seed: 1)
                return nil
            } catch {
                return error.field
            }
        }
        #expect(await field { $0.startDate = "2027-02-30" } == "startDate")
        #expect(await field { $0.startDate = "99999-01-01" } == "startDate")
        #expect(await field { $0.queues[0].ringTimeoutSeconds = 1 } == "queues[0].ringTimeoutSeconds")
        #expect(await field { $0.queues[0].maxWaitSeconds = 0 } == "queues[0].maxWaitSeconds")
        #expect(await field { $0.queues[0].maxWaitSeconds = Int.max } == "queues[0].maxWaitSeconds")
        #expect(await field { $0.agents[0].addedQueues = ["Nowhere"] } == "agents[0].addedQueues[0]")
        #expect(await field {
            $0.queues[0].hours = BusinessHours(timeZone: "UTC", weekly: [.mon: [OpeningInterval(opensAt: 60, closesAt: 120), OpeningInterval(opensAt: 90, closesAt: 200)]])
        } == "queues[0].hours.weekly.mon")
        #expect(await field { $0.queues.append(.init(name: "SERVICE", arrivals: .init(callsPerHour: 1), handleTime: .fixed(1))) } == "queues[1].name")
    }
}
