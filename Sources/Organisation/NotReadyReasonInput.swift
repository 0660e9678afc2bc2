import SwitchboardCore

/// The body of `POST /not-ready-reasons` and `PATCH /not-ready-reasons/{code}` (label only).
public struct NotReadyReasonInput: Codable, Sendable, Equatable {
    public var code: String?
    public var label: String?

    public init(code: String? = nil, label: String? = nil) {
        self.code = code
        self.label = label
    }
}
