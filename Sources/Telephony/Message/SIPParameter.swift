/// A `;name=value` parameter of a URI or a header (the value is nil for `;lr`).
public struct SIPParameter: Sendable, Equatable {
    public var name: String
    public var value: String?

    public init(_ name: String, _ value: String? = nil) {
        self.name = name
        self.value = value
    }
}

extension [SIPParameter] {
    /// The value of a parameter; names compare without regard to case.
    public subscript(_ name: String) -> String?? {
        first { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    var text: String { map { ";\($0.name)" + ($0.value.map { "=\($0)" } ?? "") }.joined() }

    /// Parses `;a=b ; c ;d = "e f"` (white space allowed around `;` and `=`).
    static func parse(_ text: Substring) throws(SIPParseError) -> [SIPParameter] {
        var parameters: [SIPParameter] = []
        var rest = text.trimmingWhitespace()[...]
        while !rest.isEmpty {
            guard rest.first == ";" else { throw .malformed("parameters must start with ';': \(rest.prefix(40))") }
            rest = rest.dropFirst().trimmingWhitespace()[...]
            // The parameter runs to the next ';' outside quotes.
            var end = rest.startIndex
            var quoted = false
            while end < rest.endIndex {
                let character = rest[end]
                if character == "\"" { quoted.toggle() }
                if character == "\\", quoted, rest.index(after: end) < rest.endIndex { end = rest.index(after: end) }
                if character == ";", !quoted { break }
                end = rest.index(after: end)
            }
            guard !quoted else { throw .malformed("unbalanced quotes in parameters") }
            let parameter = rest[..<end]
            rest = rest[end...]
            let name: String
            var value: String?
            if let equals = parameter.firstIndex(of: "=") {
                name = parameter[..<equals].trimmingWhitespace()
                value = parameter[parameter.index(after: equals)...].trimmingWhitespace()
                guard !(value ?? "").isEmpty else { throw .malformed("parameter \(name) has no value after '='") }
            } else {
                name = parameter.trimmingWhitespace()
            }
            guard !name.isEmpty, name.utf8.allSatisfy(SIPParser.isTokenByte) else { throw .malformed("parameter name '\(name.prefix(40))'") }
            parameters.append(SIPParameter(name, value))
        }
        return parameters
    }
}
