/// Why an agent is not ready (R-AGENT-1): a code the records and reports carry, and a label
/// people read. The list is the center's own; `missedCall` is the system's (routing sets it
/// when a call rings out) and cannot be removed.
public struct NotReadyReason: Codable, Equatable, Sendable {
    public var code: String
    public var label: String
    /// Set by the system, not removable (`missedCall`).
    public var system: Bool

    public init(code: String, label: String, system: Bool = false) {
        self.code = code
        self.label = label
        self.system = system
    }

    /// The reason routing gives an agent whose phone rang out.
    public static let missedCall = "missedCall"

    /// A code: a letter, then letters, digits, `_` or `-`, at most 32 characters.
    public static func validatedCode(_ value: String) throws(SwitchboardError) -> String {
        let code = Validate.trim(value)
        let scalars = Array(code.unicodeScalars)
        let isLetter: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        guard (1...32).contains(scalars.count), isLetter(scalars[0]),
            scalars.allSatisfy({ isLetter($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" })
        else {
            throw .invalid("code", "code is 1 to 32 letters, digits, '_' or '-', starting with a letter (for example break or backOffice).")
        }
        // The engine's own state names would read ambiguously in records.
        guard code != "login" else { throw .invalid("code", "login is reserved for the moment an agent signs in.") }
        return code
    }

    public static func validatedLabel(_ value: String) throws(SwitchboardError) -> String {
        let label = Validate.trim(value)
        guard (1...64).contains(label.count) else { throw .invalid("label", "label is 1 to 64 characters.") }
        return label
    }
}
