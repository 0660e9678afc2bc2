import Crypto
import Foundation
import NIOPosix
import Storage
import Synchronization
import SwitchboardCore

extension OrganisationService {
    /// The reasons an agent can give for not ready, in order. Everyone may read them; those
    /// who set up queues (administrators, supervisors) change them.
    public func notReadyReasons(by principal: Principal) async throws -> [NotReadyReason] {
        try principal.require(.read, .queues)
        return try await database.read { try await NotReadyReasonRepository($0).list() }
    }

    public func createNotReadyReason(_ input: NotReadyReasonInput, by principal: Principal) async throws -> NotReadyReason {
        try principal.require(.write, .queues)
        guard let code = input.code else { throw SwitchboardError.missing("code") }
        guard let label = input.label else { throw SwitchboardError.missing("label") }
        let reason = NotReadyReason(code: try NotReadyReason.validatedCode(code), label: try NotReadyReason.validatedLabel(label))
        let now = clock()
        return try await writing(conflictField: "code") { sql in
            let reasons = NotReadyReasonRepository(sql)
            guard try await !reasons.list().contains(where: { $0.code.lowercased() == reason.code.lowercased() }) else {
                throw SwitchboardError.conflict("code", "A not-ready reason '\(reason.code)' exists already.", code: "duplicate")
            }
            try await reasons.insert(reason)
            try await audit(sql, principal, "notReadyReason.create", "notReadyReason", nil, before: NotReadyReason?.none, after: reason, at: now)
            return reason
        }
    }

    public func updateNotReadyReason(_ code: String, _ input: NotReadyReasonInput, by principal: Principal) async throws -> NotReadyReason {
        try principal.require(.write, .queues)
        if let newCode = input.code, newCode != code { throw SwitchboardError.invalid("code", "A reason's code cannot change (records carry it); add a new reason instead.") }
        guard let label = input.label else { throw SwitchboardError.missing("label") }
        let validLabel = try NotReadyReason.validatedLabel(label)
        let now = clock()
        return try await writing(conflictField: "code") { sql in
            let reasons = NotReadyReasonRepository(sql)
            guard let before = try await reasons.find(code: code) else { throw SwitchboardError.notFound("not-ready reason", named: code) }
            var after = before
            after.label = validLabel
            try await reasons.update(code: code, label: validLabel)
            try await audit(sql, principal, "notReadyReason.update", "notReadyReason", nil, before: before, after: after, at: now)
            return after
        }
    }

    /// Removes a reason from the list; the records that carry it keep it.
    public func deleteNotReadyReason(_ code: String, by principal: Principal) async throws {
        try principal.require(.write, .queues)
        let now = clock()
        try await writing(conflictField: "code") { sql in
            let reasons = NotReadyReasonRepository(sql)
            guard let before = try await reasons.find(code: code) else { throw SwitchboardError.notFound("not-ready reason", named: code) }
            guard !before.system else {
                throw SwitchboardError.conflict("code", "\(code) is set by routing when a call rings out and cannot be removed.", code: "system_reason")
            }
            guard try await reasons.list().count > 2 else {
                throw SwitchboardError.conflict("code", "Agents need at least one reason of their own to choose.", code: "last_reason")
            }
            try await reasons.delete(code: code)
            try await audit(sql, principal, "notReadyReason.delete", "notReadyReason", nil, before: before, after: NotReadyReason?.none, at: now)
        }
    }
}
