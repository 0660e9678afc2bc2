import Calls
import ContactCenter
import Demo
import Organisation
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

/// The calls feature's use cases without HTTP, on SQLite and PostgreSQL: who may act on a
/// call, which queue a dialled string means, monitoring and a call's record.
@Suite("The call desk: who may act on a call, and which queue a dialled string means")
struct CallDeskTests {
    struct Floor {
        let desk: CallDesk
        let center: ContactCenter
        let service: OrganisationService
        let clock: TestClock

        func principal(_ username: String) async throws -> Principal {
            Principal(try #require(try await service.users(by: .console).first { $0.username == username }))
        }

        func agent(_ username: String) async throws -> AgentID {
            AgentID(try #require(try await service.agents(by: .console).first { $0.username == username }).id)
        }
    }

    static func withFloor(_ kind: TestDatabase, _ body: (Floor) async throws -> Void) async throws {
        try await kind.with { (database: Database) async throws in
            let clock = TestClock()
            let service = OrganisationService.forTesting(database, clock: clock)
            try await DemoOrganisation.seedIfEmpty(service)
            let center = try await ContactCenter(database: database, clock: { clock.now })
            try await body(Floor(desk: CallDesk(service: service, center: center), center: center, service: service, clock: clock))
        }
    }

    @Test("an agent reads and acts on their own call only; another agent learns nothing, not even that it exists", arguments: TestDatabase.available)
    func ownCallsOnly(_ kind: TestDatabase) async throws {
        try await Self.withFloor(kind) { floor in
            let supervisor = try await floor.principal("supervisor")
            let agent01 = try await floor.principal("agent01"), agent02 = try await floor.principal("agent02")
            _ = try await floor.desk.setState(of: try await floor.agent("agent01"), to: "available", reason: nil, because: nil, by: agent01)
            let call = try await floor.desk.placeCall(
                queue: .dialled("Klantenservice NL"), from: "+31201234567", customerId: nil, priority: nil, idempotency: nil, by: supervisor)
            #expect(call.state == "ringing")
            #expect(try await floor.desk.record(of: call.id, by: agent01).call.from == "+31201234567")
            let theirs = await #expect(throws: SwitchboardError.self) { try await floor.desk.record(of: call.id, by: agent02) }
            let missing = await #expect(throws: SwitchboardError.self) { try await floor.desk.record(of: 999_999, by: agent02) }
            #expect(theirs?.code == "forbidden" && missing?.code == "forbidden", "the same answer for another's call and no call")
            let acting = await #expect(throws: SwitchboardError.self) {
                try await floor.desk.perform("answer", on: CallID(call.id), .init(), by: agent02)
            }
            #expect(acting?.code == "forbidden")
            #expect(try await floor.desk.perform("answer", on: CallID(call.id), .init(), by: agent01).state == "talking")
            let record = try await floor.desk.record(of: call.id, by: supervisor)
            #expect(record.call.agentId == (try await floor.agent("agent01")).rawValue)
            #expect(record.timeline.map(\.kind).contains("answered"))
        }
    }

    @Test("agents may not place calls, monitor or direct a colleague; a team leader directs their own team only", arguments: TestDatabase.available)
    func permissions(_ kind: TestDatabase) async throws {
        try await Self.withFloor(kind) { floor in
            let agent01 = try await floor.principal("agent01")
            let placing = await #expect(throws: SwitchboardError.self) {
                try await floor.desk.placeCall(queue: .dialled("800"), from: "+31", customerId: nil, priority: nil, idempotency: nil, by: agent01)
            }
            #expect(placing?.code == "forbidden")
            let directing = await #expect(throws: SwitchboardError.self) {
                try await floor.desk.setState(of: try await floor.agent("agent02"), to: "available", reason: nil, because: nil, by: agent01)
            }
            #expect(directing?.code == "forbidden")
            // teamlead1 leads agent01 … agent13; agent27 is in another team.
            let leader = try await floor.principal("teamlead1")
            #expect(try await floor.desk.setState(of: try await floor.agent("agent02"), to: "notReady", reason: nil, because: "coaching", by: leader).state == "notReady")
            let otherTeam = await #expect(throws: SwitchboardError.self) {
                try await floor.desk.setState(of: try await floor.agent("agent27"), to: "available", reason: nil, because: nil, by: leader)
            }
            #expect(otherTeam?.code == "forbidden")
            let monitoring = await #expect(throws: SwitchboardError.self) { try await floor.desk.monitor(CallID(1), mode: "listen", by: agent01) }
            #expect(monitoring?.code == "forbidden")
        }
    }

    @Test("a dialled string means the same queue on the API as on a SIP phone", arguments: TestDatabase.available)
    func dialledQueues(_ kind: TestDatabase) async throws {
        try await Self.withFloor(kind) { floor in
            let phones = ContactCenterCallControl(center: floor.center, service: floor.service)
            let queues = try await floor.service.queues(by: .console)
            let billing = try #require(queues.first { $0.name == "Billing" })
            let dutch = try #require(queues.first { $0.name == "Klantenservice NL" })
            for (dialled, expected) in [
                (billing.settings.extensionNumber, billing.id), ("billing", billing.id), ("BILLING", billing.id),
                ("Klantenservice NL", dutch.id), ("klantenservicenl", dutch.id),
            ] {
                #expect(try await floor.desk.queueID(.dialled(dialled), field: "queue").rawValue == expected, "\(dialled)")
                #expect(await phones.queue(for: dialled)?.rawValue == expected, "\(dialled)")
            }
            for nothing in ["", "nope", "999999"] {
                let error = await #expect(throws: SwitchboardError.self) { try await floor.desk.queueID(.dialled(nothing), field: "queue") }
                #expect(error?.code == "unknown_reference" && error?.field == "queue", "\(nothing)")
                #expect(await phones.queue(for: nothing) == nil, "\(nothing)")
            }
            for bad in [QueueReference.number(1.5), .number(1e19), .number(-3), .other] {
                let error = await #expect(throws: SwitchboardError.self) { try await floor.desk.queueID(bad, field: "queue") }
                #expect(error?.code == "invalid_field", "\(bad)")
            }
        }
    }
}
