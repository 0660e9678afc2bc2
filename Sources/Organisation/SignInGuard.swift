import SwitchboardCore

/// Holds the sign-in throttles: per username (5 free failures) and per client address (a call
/// center's agents often share one address, so 100; IPv6 clients by their /64, which one
/// household or attacker controls as a whole).
actor SignInGuard {
    private var byUsername = SignInThrottle(freeAttempts: 5)
    private var byAddress = SignInThrottle(freeAttempts: 100)

    /// Decides and, when allowed, counts the attempt as a failure at once (one actor step, so
    /// concurrent attempts see each other); `recordSuccess` or `takeBack` undoes that count.
    func admit(username: String, address: String?, at now: Instant) -> SignInThrottle.Decision {
        let addressKey = address.map(Self.addressKey)
        var decision = byUsername.check([username], at: now)
        if let addressKey, case .locked(let byAddr) = byAddress.check([addressKey], at: now) {
            if case .locked(let byUser) = decision { decision = .locked(retryAfter: max(byUser, byAddr)) } else { decision = .locked(retryAfter: byAddr) }
        }
        guard decision == .allowed else { return decision }
        byUsername.recordFailure([username], at: now)
        if let addressKey { byAddress.recordFailure([addressKey], at: now) }
        return .allowed
    }

    /// The password was right: the username's failures are forgotten, and the address loses
    /// only this attempt's count (others at the same address may still be guessing).
    func recordSuccess(username: String, address: String?, admittedAt: Instant) {
        byUsername.recordSuccess([username])
        if let address { byAddress.takeBack([Self.addressKey(address)], countedAt: admittedAt) }
    }

    /// The attempt ended without a verdict on the password: its counts are taken back.
    func takeBack(username: String, address: String?, admittedAt: Instant) {
        byUsername.takeBack([username], countedAt: admittedAt)
        if let address { byAddress.takeBack([Self.addressKey(address)], countedAt: admittedAt) }
    }

    static func addressKey(_ address: String) -> String {
        guard address.contains(":") else { return address }
        return address.split(separator: ":", omittingEmptySubsequences: false).prefix(4).joined(separator: ":") + "::/64"
    }
}
