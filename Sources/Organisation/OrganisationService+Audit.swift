import Crypto
import Foundation
import NIOPosix
import Storage
import Synchronization
import SwitchboardCore

extension OrganisationService {
    public func auditLog(limit: Int = 100, beforeId: Int64? = nil, entity: String? = nil, by principal: Principal) async throws -> [AuditEntry] {
        try principal.require(.read, .audit)
        let limit = try Validate.integer(limit, field: "limit", in: 1...1000)
        return try await database.read { try await AuditRepository($0).list(limit: limit, beforeId: beforeId, entity: entity) }
    }
}
