/// The one error type the domain raises: every case says what went wrong in the user's words,
/// and names the field when the user can fix it there. The web shell maps `kind` to an HTTP
/// status; the CLI prints `message` and exits non-zero.
public struct SwitchboardError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What sort of failure this is; decides the HTTP status.
    public enum Kind: String, Sendable, Equatable {
        /// The request body could not be read at all (not JSON, wrong encoding).
        case malformed
        /// A field is missing or its value breaks a rule.
        case invalid
        /// A unique name or number is already taken, or the change clashes with stored data.
        case conflict
        /// No such record.
        case notFound
        /// Not signed in, or the credentials are wrong.
        case unauthenticated
        /// Signed in, but the role does not allow this.
        case forbidden
        /// Too many failed attempts; try again later.
        case throttled
        /// A service this needs (the database) is not reachable now; try again after
        /// `retryAfterSeconds`. Nothing was done.
        case unavailable
    }

    public var kind: Kind
    /// A stable machine-readable code such as `invalid_field` or `username_taken`.
    public var code: String
    public var message: String
    /// The offending field, as named in the API (for example `serviceLevel.percent`).
    public var field: String?
    /// For `throttled` and `unavailable`: whole seconds until another attempt is worth making.
    public var retryAfterSeconds: Int?
    /// For a whole number out of its range: the range and the value given, so that a page can
    /// say it in the user's language.
    public var outOfRange: OutOfRange?

    public struct OutOfRange: Equatable, Sendable {
        public var lowest: Int
        public var highest: Int
        public var given: Int

        public init(lowest: Int, highest: Int, given: Int) {
            self.lowest = lowest
            self.highest = highest
            self.given = given
        }
    }

    public init(_ kind: Kind, code: String, message: String, field: String? = nil, retryAfterSeconds: Int? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.field = field
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String {
        field.map { "\(message) (field: \($0))" } ?? message
    }

    public static func invalid(_ field: String, _ message: String) -> Self {
        .init(.invalid, code: "invalid_field", message: message, field: field)
    }

    public static func missing(_ field: String) -> Self {
        .init(.invalid, code: "missing_field", message: "\(field) is required.", field: field)
    }

    public static func conflict(_ field: String, _ message: String, code: String = "conflict") -> Self {
        .init(.conflict, code: code, message: message, field: field)
    }

    /// The request is well formed but names a record that does not exist, or one that cannot play
    /// the part asked of it (a team leader without the role): it conflicts with what is stored,
    /// so HTTP 409 naming the field. 422 stays for values no stored state could make right.
    public static func unknownReference(_ field: String, _ message: String) -> Self {
        .init(.conflict, code: "unknown_reference", message: message, field: field)
    }

    public static func notFound(_ entity: String, id: Int64) -> Self {
        .init(.notFound, code: "not_found", message: "No \(entity) with id \(id).")
    }

    public static func notFound(_ entity: String, named name: String) -> Self {
        .init(.notFound, code: "not_found", message: "No \(entity) named '\(name)'.")
    }

    public static let unauthenticated = Self(
        .unauthenticated, code: "unauthenticated", message: "Sign in first: send a bearer token or the session cookie.")
    public static let badCredentials = Self(
        .unauthenticated, code: "bad_credentials", message: "Unknown username or wrong password.")

    /// The database has been unreachable for longer than the configured grace: answered at once
    /// (HTTP 503 with Retry-After) instead of making the client wait out the outage.
    public static func databaseUnavailable(retryAfterSeconds: Int) -> Self {
        .init(.unavailable, code: "database_unavailable", message: "The database cannot be reached just now; nothing was changed. Try again shortly.",
              retryAfterSeconds: retryAfterSeconds)
    }

    public static func forbidden(_ what: String) -> Self {
        .init(.forbidden, code: "forbidden", message: "Your roles do not allow you to \(what).")
    }
}
