import SwitchboardCore

/// The CLI's way of writing durations and percentages: `30m`, `180s`, `1h30m`, `2.5m`, `90`
/// (seconds); `30%` or `30` (percent).
enum Quantities {
    /// Seconds in a duration such as `30m`, `180s`, `1h30m` or `90` (seconds).
    static func seconds(_ text: String, field: String) throws(SwitchboardError) -> Double {
        let trimmed = Validate.trim(text).lowercased()
        if let plain = Double(trimmed), plain.isFinite { return try nonNegative(plain, field, text) }
        var total = 0.0
        var number = ""
        var sawUnit = false
        for character in trimmed {
            if character.isNumber || character == "." {
                number.append(character)
                continue
            }
            let scale: Double
            switch character {
            case "h": scale = 3600
            case "m": scale = 60
            case "s": scale = 1
            case "d": scale = 86_400
            default: throw .invalid(field, "'\(text)' is not a duration; write for example 30m, 180s, 1h30m or 90.")
            }
            guard let value = Double(number) else { throw .invalid(field, "'\(text)' is not a duration; write for example 30m, 180s, 1h30m or 90.") }
            total += value * scale
            number = ""
            sawUnit = true
        }
        guard sawUnit, number.isEmpty else { throw .invalid(field, "'\(text)' is not a duration; write for example 30m, 180s, 1h30m or 90.") }
        return try nonNegative(total, field, text)
    }

    /// A fraction from a percentage such as `30%` or `30`.
    static func fraction(_ text: String, field: String) throws(SwitchboardError) -> Double {
        var trimmed = Validate.trim(text)
        if trimmed.hasSuffix("%") { trimmed.removeLast() }
        guard let percent = Double(Validate.trim(trimmed)), percent.isFinite else {
            throw .invalid(field, "'\(text)' is not a percentage; write for example 30% or 30.")
        }
        return percent / 100
    }

    /// `80/20`: 80 % within 20 s (also `80%/20s`).
    static func serviceLevel(_ text: String) throws(SwitchboardError) -> (fraction: Double, seconds: Double) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .invalid("target", "'\(text)' is not a service-level target; write for example 80/20 (80 % within 20 s).") }
        return (try fraction(String(parts[0]), field: "target"), try seconds(String(parts[1]), field: "target"))
    }

    static func nonNegative(_ value: Double, _ field: String, _ text: String) throws(SwitchboardError) -> Double {
        guard value >= 0 else { throw .invalid(field, "'\(text)' is negative.") }
        // Hundreds of digits read as infinity: no duration (each command checks its own range).
        guard value.isFinite else { throw .invalid(field, "'\(text)' is too long a duration.") }
        return value
    }
}
