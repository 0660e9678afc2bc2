import SwitchboardCore

/// A field in a partial update: absent (leave it), `null` (clear it) or a value.
/// JSON cannot otherwise tell "leave the team leader" from "remove the team leader".
public enum Patch<Value: Codable & Sendable & Equatable>: Sendable, Equatable {
    case absent
    case null
    case value(Value)

    func resolved(keeping current: Value?) -> Value? {
        switch self {
        case .absent: current
        case .null: nil
        case .value(let value): value
        }
    }
}
