import HummingbirdBcrypt

/// Hashes and checks passwords with bcrypt. The cost is a setting so tests can run fast;
/// production uses 12 (about a quarter second per sign-in on one core).
public struct PasswordHasher: Sendable {
    public var cost: UInt8

    public init(cost: UInt8 = 12) {
        self.cost = cost
    }

    public func hash(_ password: String) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    public func verify(_ password: String, against hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }
}
