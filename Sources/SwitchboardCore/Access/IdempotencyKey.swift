/// A request's `Idempotency-Key`, whose user sent it, and the fingerprint of the request.
public struct IdempotencyKey: Sendable, Equatable {
    public var userId: Int64
    public var key: String
    public var fingerprint: String

    public init(userId: Int64, key: String, fingerprint: String) {
        self.userId = userId
        self.key = key
        self.fingerprint = fingerprint
    }
}
