/// The first answer to a request sent with an `Idempotency-Key`: what a retry gets again.
public struct IdempotentAnswer: Sendable, Equatable {
    /// The fingerprint of the request (method, path, body) the answer belongs to.
    public var fingerprint: String
    public var status: Int
    public var body: String

    /// How long an answer is remembered.
    public static let lifetime: Duration = .seconds(24 * 3600)

    public init(fingerprint: String, status: Int, body: String) {
        self.fingerprint = fingerprint
        self.status = status
        self.body = body
    }
}
