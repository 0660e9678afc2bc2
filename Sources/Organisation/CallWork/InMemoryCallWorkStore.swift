import SwitchboardCore

/// Call work in memory: the fake behind `CallWork` in tests of its rules. Calls are made by the
/// live shell, not by this feature, so a test puts them in (`addCall`, `setAgent`), as it puts
/// in the customers referrals may name (`addCustomer`).
public actor InMemoryCallWorkStore: CallWorkStore {
    private var calls: [Int64: (call: StoredCall, visits: [QueueVisit])] = [:]
    public private(set) var notes: [Int64: CallNote] = [:]
    public private(set) var dispositions: [Int64: CallDisposition] = [:]
    public private(set) var referralList: [Referral] = []
    private var customers: Set<Int64> = []
    private var nextCallId: Int64 = 1
    private var nextCustomerId: Int64 = 1
    private var nextReferralId: Int64 = 1

    /// The dispositions a new database starts with.
    public static let seededCodes = [
        DispositionCode(code: "resolved", label: "Resolved"), DispositionCode(code: "followUp", label: "Follow-up needed"),
        DispositionCode(code: "information", label: "Information given"), DispositionCode(code: "complaint", label: "Complaint"),
        DispositionCode(code: "sale", label: "Sale"), DispositionCode(code: "wrongNumber", label: "Wrong number"),
    ]

    public init() {}

    /// A call as the live shell stores it: arrived in a queue at `at` and, with `answeredBy`,
    /// answered there by that agent (the call's agent and the visit's); its id.
    @discardableResult
    public func addCall(queueId: Int64, at: Instant, answeredBy agentId: Int64? = nil) -> Int64 {
        let id = nextCallId
        nextCallId += 1
        let call = StoredCall(
            id: id, firstQueueId: queueId, lastQueueId: queueId, from: "+31201234567", priority: 0, arrivedAt: at,
            answeredAt: agentId == nil ? nil : at, agentId: agentId, holdCount: 0, holdMilliseconds: 0, transfers: 0, escalated: false,
            consultations: 0, conferenced: false)
        let visit = QueueVisit(queueId: queueId, enteredAt: at, answeredAt: agentId == nil ? nil : at, agentId: agentId)
        calls[id] = (call: call, visits: [visit])
        return id
    }

    /// The agent who has the call now (a take-over or a completed warm transfer); who answered
    /// each queue visit stays as it was.
    public func setAgent(_ callId: Int64, _ agentId: Int64) {
        calls[callId]?.call.agentId = agentId
    }

    /// A customer referrals may name; its id.
    public func addCustomer() -> Int64 {
        let id = nextCustomerId
        nextCustomerId += 1
        customers.insert(id)
        return id
    }

    public func call(_ id: Int64) async throws -> (call: StoredCall, visits: [QueueVisit])? { calls[id] }

    public func note(of callId: Int64) async throws -> CallNote? { notes[callId] }

    public func saveNote(_ note: CallNote) async throws { notes[note.callId] = note }

    public func dispositionCodes() async throws -> [DispositionCode] { Self.seededCodes }

    public func disposition(of callId: Int64) async throws -> CallDisposition? { dispositions[callId] }

    public func saveDisposition(_ disposition: CallDisposition) async throws { dispositions[disposition.callId] = disposition }

    public func recordReferral(customerId: Int64, product: String, agentId: Int64, callId: Int64?, at now: Instant) async throws -> ReferralRecording {
        guard customers.contains(customerId) else { return .unknownCustomer }
        let duplicate = referralList.contains {
            $0.customerId == customerId && $0.product.lowercased() == product.lowercased() && $0.agentId == agentId && $0.callId == callId
        }
        guard !duplicate else { return .duplicate }
        let referral = Referral(id: nextReferralId, customerId: customerId, product: product, agentId: agentId, callId: callId, at: now)
        nextReferralId += 1
        referralList.append(referral)
        return .recorded(referral)
    }

    public func referrals(agentId: Int64, from: Instant, to: Instant) async throws -> [Referral] {
        referralList.filter { $0.agentId == agentId && $0.at >= from && $0.at < to }
            .sorted { ($0.at.millisecondsSinceEpoch, $0.id) < ($1.at.millisecondsSinceEpoch, $1.id) }
    }
}
