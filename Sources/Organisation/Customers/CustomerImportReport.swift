import Foundation
import Storage
import SwitchboardCore

/// What an import did: how many customers were stored, and every row refused with why.
public struct CustomerImportReport: Codable, Equatable, Sendable {
    public struct Rejection: Codable, Equatable, Sendable {
        public var line: Int
        public var field: String?
        public var message: String
    }

    /// What a `CustomerStore` did with one good row of an import.
    public enum Outcome: Equatable, Sendable {
        /// Stored as a new customer with this id.
        case imported(Int64)
        /// Skipped: already this customer (`CustomerIdentities`), known by `field` ("email" or "phone").
        case duplicate(of: Int64, field: String)

        var isImported: Bool {
            if case .imported = self { return true }
            return false
        }
    }

    public var imported: Int
    public var rejected: [Rejection]
    /// Rows for customers already on record (or earlier in the file): skipped, not an error.
    public var duplicates: [Rejection]
}
