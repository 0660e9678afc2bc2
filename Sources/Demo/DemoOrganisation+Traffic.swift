import ContactCenter
import Organisation
import Storage
import SwitchboardCore

extension DemoOrganisation {
    /// How the demo's callers spread over its queues: most dial the two queues open day and
    /// night; the day-time queues turn callers away when closed, as they would.
    static let trafficShare: [String: Double] = [
        "Klantenservice NL": 40, "Customer Service EN": 22, "Billing": 10, "Technical Support": 10, "Member Services": 9, "Sales": 9,
    ]

    /// The demo's live traffic: robots play agent01 … agent39 (team leaders and the supervisor
    /// are left to people), callers spread over the queues. A robot lets go of an agent for
    /// whom `hasPhone` says a real phone is registered.
    public static func liveTraffic(
        _ service: OrganisationService, center: ContactCenter, callsPerHour: Double, hasPhone: @escaping @Sendable (AgentID) async -> Bool
    ) async throws -> LiveTraffic {
        let robots = Set((1...agentCount).map(agentUsername))
        let agents = try await service.agents(by: .console).filter { robots.contains($0.username) }.map { AgentID($0.id) }
        let queues = try await service.queues(by: .console).compactMap { queue in
            trafficShare[queue.name].map { (QueueID(queue.id), $0) }
        }
        var seed = SystemRandomNumberGenerator()
        let numbers = try await service.database.read { try await CustomerRepository($0).firstNumbers(limit: 2_000) }
        return LiveTraffic(
            center: center, settings: .init(callsPerHour: callsPerHour, queues: queues, agents: agents, callerNumbers: numbers, seed: seed.next()),
            hasPhone: hasPhone)
    }
}
