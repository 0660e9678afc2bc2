/// A code from the center's list of call outcomes ("resolved", "followUp", …).
public struct DispositionCode: Codable, Equatable, Sendable {
    public var code: String
    public var label: String

    public init(code: String, label: String) {
        self.code = code
        self.label = label
    }
}
