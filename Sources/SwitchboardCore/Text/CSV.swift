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

    /// The records of a whole file (RFC 4180): a quoted field may hold commas, quotes written
    /// `""` and line breaks, so a record can span lines. Each comes with the line it starts on
    /// (1-based, for error reports); blank lines are skipped; a leading byte-order mark is
    /// dropped. `unterminated` is the start line of a quoted field that never closes.
    public static func records(_ text: String) -> (records: [(line: Int, fields: [String])], unterminated: Int?) {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var current = ""
        var quoted = false
        var line = 1
        var start = 1
        var quoteLine = 1
        var characters = Substring(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        func endRecord() {
            fields.append(Validate.trim(current))
            current = ""
            if !(fields.count == 1 && fields[0].isEmpty) { records.append((start, fields)) }
            fields = []
        }
        while let character = characters.popFirst() {
            // "\r\n" is one Character in Swift; a lone "\r" ends a line too.
            let newline = character == "\n" || character == "\r\n" || character == "\r"
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { current.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    if newline { line += 1; current.append("\n") } else { current.append(character) }
                }
            } else if character == "\"", Validate.trim(current).isEmpty {
                quoted = true
                quoteLine = line
                current = ""
            } else if character == "," {
                fields.append(Validate.trim(current))
                current = ""
            } else if newline {
                endRecord()
                line += 1
                start = line
            } else {
                current.append(character)
            }
        }
        if quoted { return (records, quoteLine) }
        if !current.isEmpty || !fields.isEmpty { endRecord() }
        return (records, nil)
    }
}
