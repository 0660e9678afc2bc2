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

    public var imported: Int
    public var rejected: [Rejection]
    /// Rows for customers already on record (or earlier in the file): skipped, not an error.
    public var duplicates: [Rejection]
}
