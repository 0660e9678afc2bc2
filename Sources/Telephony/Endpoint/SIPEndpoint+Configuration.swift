import SwitchboardCore

extension SIPEndpoint {
    /// What the endpoint lets each peer do (issue 14: D7, D8). The defaults suit phones and
    /// callers that reach the center directly, each from its own address. A carrier's trunk or
    /// a session border controller, from which every caller comes, belongs in
    /// `trustedSources`, or the INVITE limits would refuse the center's own traffic.
    public struct Configuration: Sendable, Equatable {
        /// New INVITEs an address may send at once (its token bucket's depth) …
        public var inviteBurst = 10
        /// … and per second after that (the bucket's refill). Over it: 503 with Retry-After.
        public var invitesPerSecond = 2.0
        /// Calls from one address in progress at once (being stored, queued, ringing or
        /// talking). Over it: 503 with Retry-After.
        public var maximumCallsPerSource = 20
        /// Addresses (as datagrams come from them) the INVITE limits do not apply to.
        public var trustedSources: Set<String> = []
        /// Addresses the INVITE rate limit tracks at most.
        public var rateLimitCapacity = 10_000
        /// A caller waiting for an agent (INVITE not yet answered) is sent an OPTIONS in its
        /// early dialog this often; any answer means they are still there, none within the
        /// transaction's timeout (64 × T1, 32 s) ends the call as if they had hung up. nil:
        /// callers are not checked.
        public var callerProbeInterval: Duration? = .seconds(30)
        /// Failed digest authentications per account (digest username) before it locks; its
        /// lock-outs double from 30 s up to 15 min.
        public var accountLockout = AuthenticationThrottle.Policy(freeAttempts: 5)
        /// The same per address: more attempts, as a center may register every phone from
        /// behind one NAT.
        public var sourceLockout = AuthenticationThrottle.Policy(freeAttempts: 30)
        /// Accounts, and addresses, the lock-outs track at most (each).
        public var lockoutCapacity = 10_000
        /// Nonces whose count (`nc`) is remembered at most (they expire with their lifetime).
        public var nonceCapacity = 50_000

        public init() {}
    }
}
