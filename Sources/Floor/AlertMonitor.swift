import SwitchboardCore

/// Watches the floor once a second while someone listens, and tells them when an alert is
/// raised or cleared (the event stream's `alertRaised` / `alertCleared`).
public actor AlertMonitor {
    public enum Change: Sendable {
        case raised(Alert)
        case cleared(Alert)

        public var alert: Alert {
            switch self {
            case .raised(let alert), .cleared(let alert): alert
            }
        }
    }

    private let wallboard: Wallboard
    private var current: [String: Alert] = [:]
    private var subscribers: [Int: AsyncStream<Change>.Continuation] = [:]
    private var next = 0
    private var running = false

    public init(wallboard: Wallboard) {
        self.wallboard = wallboard
    }

    /// Every change from now on; the alerts already standing come first as `raised`.
    public func subscribe() -> AsyncStream<Change> {
        let (stream, continuation) = AsyncStream.makeStream(of: Change.self, bufferingPolicy: .bufferingNewest(500))
        let id = next
        next += 1
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.remove(id) } }
        for alert in current.values { continuation.yield(.raised(alert)) }
        if !running {
            running = true
            Task { await self.loop() }
        }
        return stream
    }

    private func remove(_ id: Int) {
        subscribers[id] = nil
    }

    private func loop() async {
        while !subscribers.isEmpty {
            await check()
            try? await Task.sleep(for: .seconds(1))
        }
        running = false
        current = [:]
    }

    /// One evaluation: publishes what changed since the last.
    public func check() async {
        guard let snapshot = try? await wallboard.snapshot(team: nil, queue: nil) else { return }
        var now: [String: Alert] = [:]
        for alert in snapshot.alerts { now[alert.key] = alert }
        var changes: [Change] = []
        for (key, alert) in now where current[key] == nil { changes.append(.raised(alert)) }
        for (key, alert) in current where now[key] == nil { changes.append(.cleared(alert)) }
        current = now
        for continuation in subscribers.values {
            for change in changes { continuation.yield(change) }
        }
    }
}
