import Organisation
import Storage
import SwitchboardCore
import SwitchboardTestSupport
import Testing

/// The call-work feature's rules without HTTP — who may write a call's note, disposition and
/// referrals, validation, and the month's referral count — in memory and on each database.
/// Calls are made by the live shell: the test stores them as it does (`CallLogRepository` on a
/// database, `InMemoryCallWorkStore.addCall` in memory).
@Suite("Call work: notes, dispositions and referrals, by who handled the call")
struct CallWorkTests {
    /// The use case on the backend, with a queue for the test's calls.
    struct Setup: Sendable {
        let world: World
        let work: CallWork
        let store: InMemoryCallWorkStore?
        let queue: Int64

        /// A call in the queue, answered by the person's agent (nil: still ringing); its id.
        func call(answeredBy principal: Principal?) async throws -> Int64 {
            var answerer: Int64?
            if let principal { answerer = try await world.agentId(of: principal) }
            let agentId = answerer, queue = self.queue, now = world.clock.now
            if let store { return await store.addCall(queueId: queue, at: now, answeredBy: agentId) }
            let database = try #require(world.database)
            return try await database.transaction { sql in
                let log = CallLogRepository(sql)
                let id = try await log.insertCall(queueId: queue, from: "+31201234567", customerId: nil, priority: 5, at: now)
                try await log.openVisit(id, queueId: queue, at: now)
                if let agentId { try await log.markAnswered(id, by: agentId, at: now) }
                return id
            }
        }

        /// The call passes to the person's agent (a take-over or a warm transfer).
        func transfer(_ callId: Int64, to principal: Principal) async throws {
            let agentId = try await world.agentId(of: principal)
            if let store {
                await store.setAgent(callId, agentId)
                return
            }
            try await #require(world.database).transaction { try await CallLogRepository($0).setAgent(callId, agentId) }
        }

        /// A customer referrals may name; its id.
        func customer() async throws -> Int64 {
            if let store { return await store.addCustomer() }
            let draft = try CustomerDraft(firstName: "Anna", lastName: "de Vries", phones: []).validated()
            let now = world.clock.now
            return try await #require(world.database).transaction { try await CustomerRepository($0).insert(draft, at: now).id }
        }
    }

    static func with(_ backend: Backend, _ body: (Setup) async throws -> Void) async throws {
        try await backend.with { world in
            let queue: Int64
            if let service = world.service {
                queue = try await service.createQueue(QueueInput(name: "Service", extensionNumber: "800"), by: .console).id
            } else {
                queue = 900
                try await #require(world.memory).addQueue(Queue(id: queue, settings: QueueSettings(name: "Service", extensionNumber: "800")))
            }
            if let service = world.service {
                try await body(Setup(world: world, work: CallWork(service), store: nil, queue: queue))
            } else {
                let store = InMemoryCallWorkStore()
                try await body(Setup(world: world, work: CallWork(store: store, directory: world.directory, clock: world.now), store: store, queue: queue))
            }
        }
    }

    @Test("the agent who answered a call writes its note, and so does the agent it passes to; a colleague neither reads nor writes it", arguments: Backend.all)
    func notesBelongToWhoHandledTheCall(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world
            let north = try await world.team("North")
            let ann = try await world.person("ann", [.agent], agent: true, team: north)
            let bob = try await world.person("bob", [.agent], agent: true, team: north)
            let annId = try await world.agentId(of: ann)
            let call = try await setup.call(answeredBy: ann)

            #expect(try await setup.work.callNote(call, by: ann) == nil)
            let note = try await setup.work.saveCallNote(call, text: "Customer asks about invoice INV-1", by: ann)
            #expect(note.agentId == annId)
            let write = await #expect(throws: SwitchboardError.self) { try await setup.work.saveCallNote(call, text: "not mine", by: bob) }
            #expect(write?.code == "forbidden")
            let read = await #expect(throws: SwitchboardError.self) { try await setup.work.callNote(call, by: bob) }
            #expect(read?.code == "forbidden")

            // Passed to Bob: he has it now, and Ann answered it, so both may write.
            try await setup.transfer(call, to: bob)
            _ = try await setup.work.saveCallNote(call, text: "Bob took over", by: bob)
            _ = try await setup.work.saveCallNote(call, text: "Payment plan agreed", by: ann)
            #expect(try await setup.work.callNote(call, by: bob)?.text == "Payment plan agreed", "a save replaces the whole note")
        }
    }

    @Test("an agent it only rings for works on the call while it rings, not after; a team leader reads calls but writes on none; a supervisor writes on any", arguments: Backend.all)
    func rolesAndRinging(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world
            let north = try await world.team("North")
            let leader = try await world.person("leader", [.teamLeader])
            try await world.lead(north, by: leader)
            let cat = try await world.person("cat", [.agent], agent: true, team: north)
            let supervisor = try await world.person("sup", [.supervisor])
            let ringing = try await setup.call(answeredBy: nil)

            _ = try await setup.work.saveCallNote(ringing, text: "Calls about a loan", by: cat, onCallNow: true)
            let afterwards = await #expect(throws: SwitchboardError.self) { try await setup.work.saveCallNote(ringing, text: "", by: cat) }
            #expect(afterwards?.code == "forbidden", "an agent who only let the call ring has no say")

            #expect(try await setup.work.callNote(ringing, by: leader)?.text == "Calls about a loan")
            let leaderWrites = await #expect(throws: SwitchboardError.self) {
                try await setup.work.setCallDisposition(ringing, DispositionInput(code: "resolved"), by: leader)
            }
            #expect(leaderWrites?.code == "forbidden")
            let bySupervisor = try await setup.work.saveCallNote(ringing, text: "Checked by the supervisor", by: supervisor)
            #expect(bySupervisor.agentId == nil, "the supervisor has no agent record")
            let disposition = try await setup.work.setCallDisposition(ringing, DispositionInput(code: "resolved"), by: supervisor)
            #expect(try await setup.work.callDisposition(ringing, by: leader) == disposition)

            // A call that is not there: not found for who may manage calls, refused for an agent.
            let missing = await #expect(throws: SwitchboardError.self) { try await setup.work.callNote(9_999, by: supervisor) }
            #expect(missing?.code == "not_found")
            let guess = await #expect(throws: SwitchboardError.self) { try await setup.work.callNote(9_999, by: cat) }
            #expect(guess?.code == "forbidden")
        }
    }

    @Test("a disposition is one of the list, a follow-up needs its due date; each error names its field", arguments: Backend.all)
    func dispositionValidation(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world
            let ann = try await world.person("ann", [.agent], agent: true)
            let annId = try await world.agentId(of: ann)
            let call = try await setup.call(answeredBy: ann)
            #expect(try await setup.work.dispositionCodes(by: ann).map(\.code) == ["resolved", "followUp", "information", "complaint", "sale", "wrongNumber"])

            let long = String(repeating: "x", count: 501)
            let cases: [(DispositionInput, String)] = [
                (DispositionInput(code: "magic"), "code"),
                (DispositionInput(code: "followUp"), "followUpDue"),
                (DispositionInput(code: "followUp", followUpDue: "2026-13-01"), "followUpDue"),
                (DispositionInput(code: "complaint", reason: long), "reason"),
                (DispositionInput(code: "followUp", followUpDue: "2026-12-01", followUpText: String(repeating: "y", count: 2_001)), "followUpText"),
            ]
            for (input, field) in cases {
                let error = await #expect(throws: SwitchboardError.self, "\(input)") { try await setup.work.setCallDisposition(call, input, by: ann) }
                #expect(error?.field == field, "\(input)")
            }
            let tooLong = await #expect(throws: SwitchboardError.self) {
                try await setup.work.saveCallNote(call, text: String(repeating: "n", count: CallNote.maximumLength + 1), by: ann)
            }
            #expect(tooLong?.field == "text")
            #expect(try await setup.work.callDisposition(call, by: ann) == nil, "a refused disposition keeps nothing")

            let set = try await setup.work.setCallDisposition(
                call, DispositionInput(code: "followUp", reason: "  ", followUpDue: " 2026-12-01 ", followUpText: " Call back "), by: ann)
            #expect(set.reason == nil && set.followUpDue == "2026-12-01" && set.followUpText == "Call back")
            #expect(set.agentId == annId)
            _ = try await setup.work.setCallDisposition(call, DispositionInput(code: "resolved"), by: ann)
            let stored = try await setup.work.callDisposition(call, by: ann)
            #expect(stored?.code == "resolved" && stored?.followUpDue == nil, "a new disposition replaces the old one")
        }
    }

    @Test("a referral is the agent's, names a customer and a product, on a call of theirs; the same one twice is refused", arguments: Backend.all)
    func referrals(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world
            let ann = try await world.person("ann", [.agent], agent: true)
            let bob = try await world.person("bob", [.agent], agent: true)
            let supervisor = try await world.person("sup", [.supervisor])
            let annId = try await world.agentId(of: ann)
            let customer = try await setup.customer()
            let call = try await setup.call(answeredBy: ann)

            let noAgent = await #expect(throws: SwitchboardError.self) {
                try await setup.work.recordReferral(ReferralInput(customerId: customer, product: "Loan"), by: supervisor)
            }
            #expect(noAgent?.code == "forbidden")
            let blank = await #expect(throws: SwitchboardError.self) { try await setup.work.recordReferral(ReferralInput(customerId: customer, product: " "), by: ann) }
            #expect(blank?.field == "product")
            let ghost = await #expect(throws: SwitchboardError.self) { try await setup.work.recordReferral(ReferralInput(customerId: 999_999, product: "Loan"), by: ann) }
            #expect(ghost?.code == "unknown_reference" && ghost?.field == "customerId")
            let notHers = await #expect(throws: SwitchboardError.self) {
                try await setup.work.recordReferral(ReferralInput(customerId: customer, product: "Loan", callId: call), by: bob)
            }
            #expect(notHers?.code == "forbidden")

            let first = try await setup.work.recordReferral(ReferralInput(customerId: customer, product: " Extended warranty ", callId: call), by: ann)
            #expect(first.product == "Extended warranty" && first.callId == call && first.agentId == annId)
            let again = await #expect(throws: SwitchboardError.self) {
                try await setup.work.recordReferral(ReferralInput(customerId: customer, product: "extended WARRANTY", callId: call), by: ann)
            }
            #expect(again?.code == "referral_exists" && again?.field == "product", "the goal counts referrals, not clicks")
            _ = try await setup.work.recordReferral(ReferralInput(customerId: customer, product: "Extended warranty"), by: ann)
            _ = try await setup.work.recordReferral(ReferralInput(customerId: customer, product: "Extended warranty", callId: call), by: bob, onCallNow: true)
        }
    }

    @Test("a month's referrals are the agent's own in that UTC month, oldest first, against the goal; another agent may not look", arguments: Backend.all)
    func referralMonth(_ backend: Backend) async throws {
        try await Self.with(backend) { setup in
            let world = setup.world
            let north = try await world.team("North")
            let leader = try await world.person("leader", [.teamLeader])
            try await world.lead(north, by: leader)
            let ann = try await world.person("ann", [.agent], agent: true, team: north)
            let bob = try await world.person("bob", [.agent], agent: true, team: north)
            let annId = try await world.agentId(of: ann), bobId = try await world.agentId(of: bob)
            let customer = try await setup.customer()
            let month = { String(LocalTime.utc(world.clock.now).date.description.prefix(7)) }

            let earlier = month()
            let loan = try await setup.work.recordReferral(ReferralInput(customerId: customer, product: "Loan"), by: ann)
            world.clock.advance(by: .seconds(60))
            let card = try await setup.work.recordReferral(ReferralInput(customerId: customer, product: "Credit card"), by: ann)
            _ = try await setup.work.recordReferral(ReferralInput(customerId: customer, product: "Savings"), by: bob)
            world.clock.advance(by: .seconds(40 * 86_400))
            _ = try await setup.work.recordReferral(ReferralInput(customerId: customer, product: "Insurance"), by: ann)
            #expect(month() != earlier)

            let then = try await setup.work.referrals(agentId: annId, month: earlier, by: ann)
            #expect(then.count == 2 && then.goal == CallWork.monthlyReferralGoal && then.month == earlier)
            #expect(then.referrals.map(\.id) == [loan.id, card.id], "oldest first")
            let now = try await setup.work.referrals(agentId: annId, month: nil, by: leader)
            #expect(now.count == 1 && now.month == month(), "without a month: this month; a team leader reads calls")

            let peek = await #expect(throws: SwitchboardError.self) { try await setup.work.referrals(agentId: annId, month: nil, by: bob) }
            #expect(peek?.code == "forbidden")
            #expect(try await setup.work.referrals(agentId: bobId, month: earlier, by: bob).count == 1)
            let bad = await #expect(throws: SwitchboardError.self) { try await setup.work.referrals(agentId: annId, month: "2026-13", by: ann) }
            #expect(bad?.field == "month")
        }
    }
}
