import ContactCenter
import SwitchboardCore

/// Watches the floor once a second while someone listens, and tells them when an alert is
/// raised or cleared (the event stream's `alertRaised` / `alertCleared`), through the center's
/// one kind of hub (`EventHub`).
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
    private let hub = EventHub<Change>()
    private var running = false

    public init(wallboard: Wallboard) {
        self.wallboard = wallboard
    }

    /// Every change from now on; the alerts already standing come first as `raised`.
    public func subscribe() async -> AsyncStream<Change> {
        let stream = await hub.subscribe(buffer: 500, replaying: current.values.map(Change.raised))
        if !running {
            running = true
            Task { await self.loop() }
        }
        return stream
    }

    private func loop() async {
        while await hub.subscriberCount > 0 {
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
        await hub.publish(changes)
    }
}
