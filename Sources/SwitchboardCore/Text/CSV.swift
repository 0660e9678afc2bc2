/// Reading CSV lines (RFC 4180 quoting) for the importers: forecasts, customers.
public enum CSV {
    /// The fields of one line, trimmed; a field in double quotes may hold commas, and `""`
    /// inside it stands for one quote.
    public static func fields(_ line: some StringProtocol) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { current.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    current.append(character)
                }
            } else if character == "\"", Validate.trim(current).isEmpty {
                quoted = true
                current = ""
            } else if character == "," {
                fields.append(Validate.trim(current))
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(Validate.trim(current))
        return fields
    }
}
