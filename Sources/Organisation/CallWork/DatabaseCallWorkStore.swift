import Storage
import SwitchboardCore

/// Call work in the database (`call_notes`, `call_dispositions`, `referrals`), beside the call
/// records the live shell writes.
public struct DatabaseCallWorkStore: CallWorkStore {
    let database: Database

    public init(database: Database) { self.database = database }

    public func call(_ id: Int64) async throws -> (call: StoredCall, visits: [QueueVisit])? {
        try await database.read { sql in
            guard let call = try await CallLogRepository(sql).call(id) else { return nil }
            let visits = try await CallLogRepository(sql).visits(of: id)
            return (call: call, visits: visits)
        }
    }

    public func note(of callId: Int64) async throws -> CallNote? {
        try await database.read { try await CallWorkRepository($0).note(of: callId) }
    }

    public func saveNote(_ note: CallNote) async throws {
        try await database.transaction { try await CallWorkRepository($0).saveNote(note) }
    }

    public func dispositionCodes() async throws -> [DispositionCode] {
        try await database.read { try await CallWorkRepository($0).dispositionCodes() }
    }

    public func disposition(of callId: Int64) async throws -> CallDisposition? {
        try await database.read { try await CallWorkRepository($0).disposition(of: callId) }
    }

    public func saveDisposition(_ disposition: CallDisposition) async throws {
        try await database.transaction { try await CallWorkRepository($0).saveDisposition(disposition) }
    }

    public func recordReferral(customerId: Int64, product: String, agentId: Int64, callId: Int64?, at now: Instant) async throws -> ReferralRecording {
        try await database.transaction { sql in
            guard try await CustomerRepository(sql).find(id: customerId) != nil else { return .unknownCustomer }
            let repository = CallWorkRepository(sql)
            guard try await !repository.hasReferral(customerId: customerId, product: product, agentId: agentId, callId: callId) else { return .duplicate }
            return .recorded(try await repository.insertReferral(customerId: customerId, product: product, agentId: agentId, callId: callId, at: now))
        }
    }

    public func referrals(agentId: Int64, from: Instant, to: Instant) async throws -> [Referral] {
        try await database.read { try await CallWorkRepository($0).referrals(agentId: agentId, from: from, to: to) }
    }
}
