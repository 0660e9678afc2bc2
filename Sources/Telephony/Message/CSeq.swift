/// The `CSeq` header: a sequence number below 2^31 and the request's method.
public struct CSeq: Sendable, Equatable, CustomStringConvertible {
    public var number: UInt32
    public var method: String

    public init(_ number: UInt32, _ method: String) {
        self.number = number
        self.method = method
    }

    public static func parse(_ text: String) throws(SIPParseError) -> CSeq {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 2, parts[0].count <= 10, parts[0].allSatisfy(\.isASCII), let number = UInt32(parts[0]), number < 1 << 31,
            parts[1].utf8.allSatisfy(SIPParser.isTokenByte)
        else { throw .malformed("CSeq '\(text.prefix(60))'") }
        return CSeq(number, String(parts[1]))
    }

    public var description: String { "\(number) \(method)" }
}
