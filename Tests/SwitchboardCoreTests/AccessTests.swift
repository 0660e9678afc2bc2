import SwitchboardCore
import Testing

@Suite("Sign-in throttling")
struct SignInThrottleTests {
    let start = Instant(millisecondsSinceEpoch: 1_000_000)

    @Test("five failures lock the key for 30 s; each further failure doubles the lock")
    func lockout() {
        var throttle = SignInThrottle()
        for attempt in 0..<4 {
            throttle.recordFailure(["u"], at: start + .seconds(attempt))
            #expect(throttle.check(["u"], at: start + .seconds(attempt)) == .allowed)
        }
        throttle.recordFailure(["u"], at: start + .seconds(4))
        #expect(throttle.check(["u"], at: start + .seconds(4)) == .locked(retryAfter: .seconds(30)))
        #expect(throttle.check(["u"], at: start + .seconds(34)) == .allowed)
        throttle.recordFailure(["u"], at: start + .seconds(34))
        #expect(throttle.check(["u"], at: start + .seconds(34)) == .locked(retryAfter: .seconds(60)))
        #expect(throttle.check(["other"], at: start + .seconds(34)) == .allowed)
    }

    @Test("the lock never exceeds the maximum")
    func maximum() {
        var throttle = SignInThrottle(freeAttempts: 1, firstLockout: .seconds(30), maximumLockout: .seconds(120))
        for attempt in 0..<30 { throttle.recordFailure(["u"], at: start + .milliseconds(attempt)) }
        #expect(throttle.check(["u"], at: start + .milliseconds(29)) == .locked(retryAfter: .seconds(120)))
    }

    @Test("a success clears the key, and old failures fall out of the window")
    func clearing() {
        var throttle = SignInThrottle()
        for attempt in 0..<4 { throttle.recordFailure(["u"], at: start + .seconds(attempt)) }
        throttle.recordSuccess(["u"])
        throttle.recordFailure(["u"], at: start + .seconds(5))
        #expect(throttle.check(["u"], at: start + .seconds(5)) == .allowed)
        for attempt in 0..<3 { throttle.recordFailure(["u"], at: start + .seconds(6 + attempt)) }
        // Sixteen minutes later the window has passed: counting starts again.
        throttle.recordFailure(["u"], at: start + .seconds(16 * 60))
        #expect(throttle.check(["u"], at: start + .seconds(16 * 60)) == .allowed)
    }

    @Test("an attempt counted up front and then taken back leaves no failure and lifts the lock it caused")
    func takeBack() {
        var throttle = SignInThrottle()
        for attempt in 0..<4 { throttle.recordFailure(["u"], at: start + .seconds(attempt)) }
        // The fifth attempt is counted while the password is checked: it locks the key...
        throttle.recordFailure(["u"], at: start + .seconds(10))
        #expect(throttle.check(["u"], at: start + .seconds(10)) != .allowed)
        // ...and proves right: the count and its lock go, the four real failures stay.
        throttle.takeBack(["u"], countedAt: start + .seconds(10))
        #expect(throttle.check(["u"], at: start + .seconds(10)) == .allowed)
        #expect(throttle.failures("u", at: start + .seconds(10)) == 4)
        // Taking back what was never counted changes nothing.
        throttle.takeBack(["u", "other"], countedAt: start + .seconds(11))
        #expect(throttle.failures("u", at: start + .seconds(11)) == 4)
        #expect(throttle.trackedKeys == 1)
    }

    @Test("a thousand successes at a key with 99 failures never lock it: only failures count")
    func successesNeverAddUp() {
        var throttle = SignInThrottle(freeAttempts: 100)
        for attempt in 0..<99 { throttle.recordFailure(["address"], at: start + .milliseconds(attempt)) }
        for attempt in 0..<1000 {
            let at = start + .seconds(1) + .milliseconds(attempt)
            #expect(throttle.check(["address"], at: at) == .allowed)
            throttle.recordFailure(["address"], at: at)
            throttle.takeBack(["address"], countedAt: at)
        }
        #expect(throttle.failures("address", at: start + .seconds(2)) == 99)
        #expect(throttle.check(["address"], at: start + .seconds(2)) == .allowed)
    }

    @Test("once past the limit, a right attempt after the lock-out lifts the lock its own count set, and no other")
    func takeBackPastTheLimit() {
        var throttle = SignInThrottle()
        for attempt in 0..<5 { throttle.recordFailure(["u"], at: start + .seconds(attempt)) }
        // After the 30 s lock, a right attempt is counted (locking 60 s) and taken back.
        throttle.recordFailure(["u"], at: start + .seconds(40))
        throttle.takeBack(["u"], countedAt: start + .seconds(40))
        #expect(throttle.check(["u"], at: start + .seconds(40)) == .allowed)
        #expect(throttle.failures("u", at: start + .seconds(40)) == 5)
        // A slow attempt counted at 50 s; a failure at 111 s (after its lock) locks anew; the
        // slow attempt's take-back leaves that lock, which real failures earned.
        throttle.recordFailure(["u"], at: start + .seconds(50))
        throttle.recordFailure(["u"], at: start + .seconds(111))
        throttle.takeBack(["u"], countedAt: start + .seconds(50))
        #expect(throttle.check(["u"], at: start + .seconds(112)) != .allowed)
        #expect(throttle.failures("u", at: start + .seconds(112)) == 6)
    }

    @Test("each failure counts for the window after it happened, then ages out on its own")
    func slidingWindow() {
        var throttle = SignInThrottle()
        throttle.recordFailure(["u"], at: start)
        throttle.recordFailure(["u"], at: start + .seconds(600))
        #expect(throttle.failures("u", at: start + .seconds(900)) == 2)
        #expect(throttle.failures("u", at: start + .seconds(901)) == 1)
        #expect(throttle.failures("u", at: start + .seconds(1501)) == 0)
    }

    @Test("memory stays bounded under a flood of random usernames")
    func bounded() {
        var throttle = SignInThrottle(capacity: 100)
        for index in 0..<1000 { throttle.recordFailure(["user\(index)"], at: start + .milliseconds(index)) }
        #expect(throttle.trackedKeys <= 100)
    }
}

@Suite("The permission table")
struct PermissionTableTests {
    @Test("every resource has a rule for reading and writing")
    func complete() {
        for resource in Resource.allCases {
            #expect(Permissions.table[resource]?[.read] != nil)
            #expect(Permissions.table[resource]?[.write] != nil)
        }
    }

    @Test("a person with several roles may do what any of them may")
    func union() {
        #expect(!Permissions.allows([.agent], to: .write, .users))
        #expect(Permissions.allows([.agent, .admin], to: .write, .users))
    }

    @Test("a refusal names what was refused")
    func refusal() {
        let error = #expect(throws: SwitchboardError.self) { try Permissions.require([.agent], to: .write, .queues) }
        #expect(error?.kind == .forbidden)
        #expect(error?.message.contains("queues") == true)
    }
}
