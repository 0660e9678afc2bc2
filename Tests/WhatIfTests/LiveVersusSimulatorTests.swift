import ContactCenter
import Organisation
import Simulation
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

/// The two shells run one engine: fed the same arrivals, handle times and patience, the live
/// center (on a virtual clock, every command stored) and the simulator must end every call the
/// same way at the same moment, answered by the same agent.
@Suite("The live shell and the simulator, call by call")
struct LiveVersusSimulatorTests {
    static let agents = 3
    static let handle: Int64 = 150_000
    static let patience: Int64 = 60_000

    /// One queue, three robots; more calls than they can take, so some callers give up.
    static var scenario: Scenario {
        var queue = Scenario.Queue(
            name: "Service", wrapUpSeconds: 5, arrivals: .init(callsPerHour: 90), handleTime: .fixed(Double(handle) / 1000),
            patience: .fixed(Double(patience) / 1000))
        queue.maxWaitSeconds = 1800
        queue.maxWaiting = 50
        queue.ringTimeoutSeconds = 20
        return Scenario(durationMinutes: 120, queues: [queue], agents: [.init(count: agents)])
    }

    @Test("the same calls give the same outcomes, waits, durations and agents", arguments: TestDatabase.available)
    func sameOutcomes(_ kind: TestDatabase) async throws {
        let (start, simulated) = try Simulator.callRecords(Self.scenario, seed: 11)
        #expect(simulated.count > 100)
        #expect(simulated.contains { $0.outcome == .abandonedInQueue }, "the scenario has callers who give up")
        let arrivals = simulated.sorted { $0.id.rawValue < $1.id.rawValue }.map(\.arrivedAt)

        try await kind.with { database in
            let clock = TestClock()
            clock.advance(by: start - clock.now)
            let service = OrganisationService.forTesting(database, clock: clock)
            var input = QueueInput(name: "Service", extensionNumber: "500", wrapUpSeconds: 5)
            input.maxWaitSeconds = 1800
            input.ringTimeoutSeconds = 20
            input.missedCallGoesNotReady = false
            let queue = QueueID(try await service.createQueue(input, by: .console).id)
            var agentIds: [AgentID] = []
            for index in 1...Self.agents {
                let user = try await service.createUser(
                    UserInput(username: "robot\(index)", displayName: "Robot \(index)", language: "en", roles: ["agent"], password: "robot-password-1"), by: .console)
                agentIds.append(AgentID(try await service.createAgent(AgentInput(userId: user.id, skills: []), by: .console).id))
            }
            let center = try await ContactCenter(database: database, clock: { clock.now })
            var driver = Driver(center: center, clock: clock)
            for agent in agentIds {
                try await driver.run(.logIn(agent))
                try await driver.run(.goAvailable(agent))
            }
            var next = 0
            while next < arrivals.count || !driver.pending.isEmpty {
                let deadline = await center.nextDeadline
                var moment = [arrivals.indices.contains(next) ? arrivals[next] : nil, driver.pending.min { $0.at < $1.at }?.at, deadline].compactMap { $0 }.min()!
                if moment < clock.now { moment = clock.now }
                clock.advance(by: moment - clock.now)
                if let deadline, deadline <= moment { try await driver.run(.timersDue) }
                // The robots' own events at this moment: hang-ups, then callers who give up.
                for event in driver.pending.filter({ $0.at <= moment }).sorted(by: { ($0.at, $0.order) < ($1.at, $1.order) }) {
                    driver.pending.removeAll { $0.order == event.order }
                    if !driver.ended.keys.contains(event.call) { try await driver.run(.callerHungUp(event.call)) }
                }
                if arrivals.indices.contains(next), arrivals[next] <= moment {
                    let call = try await center.callArrived(queue: queue, from: "+31201234567", customerId: nil, priority: 0)
                    driver.arrived(call, at: moment)
                    // The arrival's effects go to the event hub: a robot whose phone rings answers.
                    for agent in agentIds where await center.state(of: agent) == .ringing(call) {
                        try await driver.run(.answer(call, by: agent))
                    }
                    next += 1
                }
            }
            #expect(driver.ended.count == simulated.count)
            let liveByOrder = Dictionary(driver.ended.values.map { (driver.order[$0.id] ?? -1, $0) }, uniquingKeysWith: { a, _ in a })
            for (index, record) in simulated.sorted(by: { $0.id.rawValue < $1.id.rawValue }).enumerated() {
                let live = try #require(liveByOrder[index], "call \(index) ended in the live shell")
                #expect(live.arrivedAt == record.arrivedAt, "call \(index)")
                #expect(live.outcome == record.outcome, "call \(index)")
                #expect(live.answeredAt == record.answeredAt, "call \(index)")
                #expect(live.endedAt == record.endedAt, "call \(index)")
                #expect(live.agent.flatMap { agentIds.firstIndex(of: $0) } == record.agent.map { Int($0.rawValue) - 1 }, "call \(index)")
            }
        }
    }

    /// Plays the robots against the live center: answers every offer at once, hangs up after
    /// the handle time, gives up after the patience.
    struct Driver {
        let center: ContactCenter
        let clock: TestClock
        struct Event { var at: Instant; var call: CallID; var order: Int }
        var pending: [Event] = []
        var ended: [CallID: CallRecord] = [:]
        var order: [CallID: Int] = [:]
        var sequence = 0

        mutating func arrived(_ call: CallID, at moment: Instant) {
            order[call] = order.count
            schedule(call, at: moment + .milliseconds(LiveVersusSimulatorTests.patience))
        }

        mutating func schedule(_ call: CallID, at moment: Instant) {
            sequence += 1
            pending.append(Event(at: moment, call: call, order: sequence))
        }

        mutating func run(_ command: RoutingCommand) async throws {
            var work = [command]
            while !work.isEmpty {
                let effects = try await center.submit(work.removeFirst())
                for effect in effects {
                    switch effect {
                    case .callOffered(let call, let agent, _): work.append(.answer(call, by: agent))
                    case .callAnswered(let call, _, _):
                        // Answered: the patience no longer counts; the robot talks for the handle time.
                        pending.removeAll { $0.call == call }
                        schedule(call, at: clock.now + .milliseconds(LiveVersusSimulatorTests.handle))
                    case .callEnded(let record):
                        ended[record.id] = record
                        pending.removeAll { $0.call == record.id }
                    default: break
                    }
                }
            }
        }
    }
}
