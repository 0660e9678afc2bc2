/// Rules for free text and identifiers shared by every organisation record, so that a name
/// means the same thing in the API, the CLI and the web forms.
public enum Validate {
    /// A human-readable name: trimmed, not empty, at most `maxLength` characters, no control
    /// characters (they break CSV exports and terminal output).
    public static func name(_ value: String, field: String, maxLength: Int = 100) throws(SwitchboardError) -> String {
        let trimmed = trim(value)
        guard !trimmed.isEmpty else { throw .invalid(field, "\(field) must not be empty.") }
        guard trimmed.count <= maxLength else {
            throw .invalid(field, "\(field) is \(trimmed.count) characters long; the maximum is \(maxLength).")
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalid(field, "\(field) must not contain control characters.")
        }
        return trimmed
    }

    /// A sign-in name: 2–32 characters of lowercase letters, digits, dot, dash and underscore,
    /// starting with a letter or digit. Lowercase only, so that `Agent01` and `agent01` cannot
    /// both exist.
    public static func username(_ value: String, field: String = "username") throws(SwitchboardError) -> String {
        let text = trim(value)
        guard !text.isEmpty else { throw .invalid(field, "\(field) must not be empty.") }
        guard text.count >= 2, text.count <= 32 else {
            throw .invalid(field, "\(field) must be 2 to 32 characters long.")
        }
        let allowed = text.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "." || scalar == "-" || scalar == "_"
        }
        guard allowed, let first = text.unicodeScalars.first, first != ".", first != "-", first != "_" else {
            throw .invalid(field, "\(field) may hold lowercase letters, digits, '.', '-' and '_', and starts with a letter or digit.")
        }
        return text
    }

    /// A password for a new account or a change: 8 to 72 bytes (bcrypt ignores anything past 72).
    public static func password(_ value: String, field: String = "password") throws(SwitchboardError) -> String {
        guard value.count >= 8 else { throw .invalid(field, "\(field) must be at least 8 characters long.") }
        guard value.utf8.count <= 72 else { throw .invalid(field, "\(field) must be at most 72 bytes long.") }
        return value
    }

    /// An integer inside a closed range.
    public static func integer(_ value: Int, field: String, in range: ClosedRange<Int>) throws(SwitchboardError) -> Int {
        guard range.contains(value) else {
            var error = SwitchboardError.invalid(field, "\(field) must be between \(range.lowerBound) and \(range.upperBound); got \(value).")
            error.outOfRange = .init(lowest: range.lowerBound, highest: range.upperBound, given: value)
            throw error
        }
        return value
    }

    public static func trim(_ value: String) -> String {
        var scalars = Substring(value)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
