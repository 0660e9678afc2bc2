import SQLKit

/// Short, typed column reads shared by the repositories.
extension SQLRow {
    func int64(_ column: String) throws -> Int64 { try decode(column: column, as: Int64.self) }
    func int(_ column: String) throws -> Int { Int(try decode(column: column, as: Int64.self)) }
    func string(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    func optionalInt64(_ column: String) throws -> Int64? { try decode(column: column, as: Int64?.self) }
    func optionalString(_ column: String) throws -> String? { try decode(column: column, as: String?.self) }
}
