import Storage
import SwitchboardCore

/// What an agent records about a call: the note, the disposition, referrals — and who may
/// record them on which call. The records are kept by a `CallWorkStore`; who the person is
/// comes from the `OrganisationDirectory`.
public struct CallWork: Sendable {
    let store: any CallWorkStore
    let directory: any OrganisationDirectory
    let clock: @Sendable () -> Instant

    public init(store: any CallWorkStore, directory: any OrganisationDirectory, clock: @escaping @Sendable () -> Instant) {
        self.store = store
        self.directory = directory
        self.clock = clock
    }

    /// The organisation's call work in its database.
    public init(_ organisation: OrganisationService) {
        self.init(store: DatabaseCallWorkStore(database: organisation.database), directory: organisation, clock: organisation.clock)
    }

    public static let monthlyReferralGoal = 5

    /// The call, when the principal may work on it: an agent who answered it, the agent it
    /// rings for or who has it now (`onCallNow`, from the live engine), or a role that manages
    /// calls (reading: a role that reads them). An agent who only let it ring has no say.
    func workableCall(_ callId: Int64, by principal: Principal, writing: Bool, onCallNow: Bool) async throws -> (call: StoredCall, agentId: Int64?) {
        let stored = try await store.call(callId)
        let agentId = try await directory.profile(of: principal).agentId
        let handled = stored.map { found in
            agentId != nil && (onCallNow || found.call.agentId == agentId || found.visits.contains { $0.agentId == agentId && $0.answeredAt != nil })
        } ?? false
        let role = Permissions.allows(principal.roles, to: writing ? .write : .read, .calls)
        guard handled || role else { throw SwitchboardError.forbidden(writing ? "write on this call" : "read this call") }
        guard let stored else { throw SwitchboardError.notFound("call", id: callId) }
        return (stored.call, agentId)
    }

    public func callNote(_ callId: Int64, by principal: Principal, onCallNow: Bool = false) async throws -> CallNote? {
        _ = try await workableCall(callId, by: principal, writing: false, onCallNow: onCallNow)
        return try await store.note(of: callId)
    }

    /// Saves the note (the whole text each time, as the page saves while typing).
    public func saveCallNote(_ callId: Int64, text: String, by principal: Principal, onCallNow: Bool = false) async throws -> CallNote {
        guard text.count <= CallNote.maximumLength else { throw SwitchboardError.invalid("text", "A note is at most \(CallNote.maximumLength) characters.") }
        let (_, agentId) = try await workableCall(callId, by: principal, writing: true, onCallNow: onCallNow)
        let note = CallNote(callId: callId, text: text, agentId: agentId, updatedAt: clock())
        try await store.saveNote(note)
        return note
    }

    public func dispositionCodes(by principal: Principal) async throws -> [DispositionCode] {
        try principal.require(.read, .profile)
        return try await store.dispositionCodes()
    }

    public func callDisposition(_ callId: Int64, by principal: Principal, onCallNow: Bool = false) async throws -> CallDisposition? {
        _ = try await workableCall(callId, by: principal, writing: false, onCallNow: onCallNow)
        return try await store.disposition(of: callId)
    }

    public func setCallDisposition(_ callId: Int64, _ input: DispositionInput, by principal: Principal, onCallNow: Bool = false) async throws -> CallDisposition {
        let (_, agentId) = try await workableCall(callId, by: principal, writing: true, onCallNow: onCallNow)
        let codes = try await store.dispositionCodes()
        guard codes.contains(where: { $0.code == input.code }) else {
            throw SwitchboardError.invalid("code", "'\(input.code)' is not a disposition; choose one of \(codes.map(\.code).joined(separator: ", ")).")
        }
        let reason = input.reason.map(Validate.trim).flatMap { $0.isEmpty ? nil : $0 }
        if let reason, reason.count > 500 { throw SwitchboardError.invalid("reason", "The reason is at most 500 characters.") }
        var due: String?
        if let text = input.followUpDue.map(Validate.trim), !text.isEmpty {
            due = try LocalDate(parsing: text, field: "followUpDue").description
        }
        let followUp = input.followUpText.map(Validate.trim).flatMap { $0.isEmpty ? nil : $0 }
        if let followUp, followUp.count > 2_000 { throw SwitchboardError.invalid("followUpText", "The follow-up is at most 2,000 characters.") }
        if input.code == "followUp", due == nil { throw SwitchboardError.invalid("followUpDue", "A follow-up needs the date it is due.") }
        let disposition = CallDisposition(
            callId: callId, code: input.code, reason: reason, followUpDue: due, followUpText: followUp, agentId: agentId, updatedAt: clock())
        try await store.saveDisposition(disposition)
        return disposition
    }

    /// Records a referral by the signed-in agent.
    public func recordReferral(_ input: ReferralInput, by principal: Principal, onCallNow: Bool = false) async throws -> Referral {
        guard let agentId = try await directory.profile(of: principal).agentId else {
            throw SwitchboardError.forbidden("record referrals without an agent record")
        }
        let product = Validate.trim(input.product)
        guard !product.isEmpty, product.count <= 100 else { throw SwitchboardError.invalid("product", "A product of 1 to 100 characters is required.") }
        if let callId = input.callId { _ = try await workableCall(callId, by: principal, writing: true, onCallNow: onCallNow) }
        let now = clock()
        switch try await store.recordReferral(customerId: input.customerId, product: product, agentId: agentId, callId: input.callId, at: now) {
        case .recorded(let referral):
            return referral
        case .unknownCustomer:
            throw SwitchboardError.unknownReference("customerId", "No customer with id \(input.customerId).")
        case .duplicate:
            // The goal counts referrals, not clicks: the same one twice is refused.
            throw SwitchboardError.conflict("product", "This referral is already recorded.", code: "referral_exists")
        }
    }

    /// An agent's referrals in a calendar month ("2026-11", UTC), for the agent or who reads calls.
    public func referrals(agentId: Int64, month: String?, by principal: Principal) async throws -> ReferralMonth {
        let mine = try await directory.profile(of: principal).agentId
        guard mine == agentId || Permissions.allows(principal.roles, to: .read, .calls) else {
            throw SwitchboardError.forbidden("read another agent's referrals")
        }
        let today = LocalTime.utc(clock()).date
        let text = month ?? String(today.description.prefix(7))
        let first = try LocalDate(parsing: text + "-01", field: "month")
        let next = first.month == 12 ? LocalDate(year: first.year + 1, month: 1, day: 1) : LocalDate(year: first.year, month: first.month + 1, day: 1)
        let from = Instant(millisecondsSinceEpoch: Int64(first.dayNumber) * 86_400_000)
        let to = Instant(millisecondsSinceEpoch: Int64(next.dayNumber) * 86_400_000)
        let list = try await store.referrals(agentId: agentId, from: from, to: to)
        return ReferralMonth(agentId: agentId, month: text, count: list.count, goal: Self.monthlyReferralGoal, referrals: list)
    }
}
