import SwitchboardCore

/// What the call-work feature keeps about calls the live shell stored: notes, dispositions and
/// referrals, and the call records it reads to decide who may work on a call.
/// `DatabaseCallWorkStore` keeps them in the database, `InMemoryCallWorkStore` in memory (the
/// fake for tests of the rules in `CallWork`).
public protocol CallWorkStore: Sendable {
    /// A stored call with its queue visits (who answered it where); nil when there is none.
    func call(_ id: Int64) async throws -> (call: StoredCall, visits: [QueueVisit])?
    func note(of callId: Int64) async throws -> CallNote?
    /// Stores the call's note, replacing the one it had.
    func saveNote(_ note: CallNote) async throws
    /// The dispositions an agent chooses from, in the order they are shown.
    func dispositionCodes() async throws -> [DispositionCode]
    func disposition(of callId: Int64) async throws -> CallDisposition?
    /// Stores the call's disposition, replacing the one it had.
    func saveDisposition(_ disposition: CallDisposition) async throws
    /// Keeps a referral, in one transaction with the checks that the customer exists and that the
    /// agent has not recorded this product (in any case) for this customer on this call before.
    func recordReferral(customerId: Int64, product: String, agentId: Int64, callId: Int64?, at now: Instant) async throws -> ReferralRecording
    /// An agent's referrals in [from, to), oldest first.
    func referrals(agentId: Int64, from: Instant, to: Instant) async throws -> [Referral]
}

/// What became of a referral the store was asked to keep; the use case turns a refusal into
/// its error.
public enum ReferralRecording: Sendable {
    case recorded(Referral)
    /// No customer with that id: nothing kept.
    case unknownCustomer
    /// The same referral is already recorded: nothing kept.
    case duplicate
}
