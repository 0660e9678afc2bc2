import Hummingbird
import Organisation
import SwitchboardCore

/// Per-request state: who is signed in (set by `AuthenticationMiddleware`) and from where.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user, when the request carried a valid token or session cookie.
    public var user: User?
    /// The session token the request authenticated with (for sign-out).
    public var token: String?
    /// Whether that token came in the session cookie (a browser) rather than a bearer header.
    public var authenticatedByCookie = false
    /// The request's `Idempotency-Key`, for a route that stores its answer with its record.
    public var idempotency: IdempotencyKey?
    /// The peer's IP address, for sign-in throttling and the audit log.
    public let clientAddress: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress
    }

    public var principal: Principal? { user.map(Principal.init) }

    /// The signed-in principal, or `401`.
    public func requirePrincipal() throws(SwitchboardError) -> Principal {
        guard let principal else { throw SwitchboardError.unauthenticated }
        return principal
    }
}
