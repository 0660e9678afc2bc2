import SwitchboardCore

/// The one publish/subscribe hub of the center: fans events out to every subscriber — the
/// routing engine's effects (`ContactCenter.events`: Server-Sent Events streams), what owners
/// of calls are told (`ContactCenter.ownedEvents`: the SIP side), the floor's alerts
/// (`AlertMonitor`). A slow subscriber loses its oldest events rather
/// than holding the others up.
public actor EventHub<Event: Sendable> {
    private var subscribers: [Int: AsyncStream<Event>.Continuation] = [:]
    private var next = 0

    public init() {}

    /// A stream of every event from now on, after `replaying` (what a newcomer must know
    /// first); it ends when the subscriber stops iterating, or after `lifetime` if given.
    public func subscribe(buffer: Int = 1000, lifetime: Duration? = nil, replaying first: [Event] = []) -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(buffer))
        let id = next
        next += 1
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.remove(id) } }
        for event in first { continuation.yield(event) }
        if let lifetime {
            Task {
                try? await Task.sleep(for: lifetime)
                continuation.finish()
            }
        }
        return stream
    }

    public func publish(_ events: [Event]) {
        guard !events.isEmpty else { return }
        for continuation in subscribers.values {
            for event in events { continuation.yield(event) }
        }
    }

    public var subscriberCount: Int { subscribers.count }

    private func remove(_ id: Int) {
        subscribers[id] = nil
    }
}
