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
