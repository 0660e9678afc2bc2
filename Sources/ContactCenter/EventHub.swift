import SwitchboardCore

/// Fans the contact center's effects out to every subscriber (Server-Sent Events streams, the
/// wallboard). A slow subscriber loses its oldest events rather than holding the others up.
public actor EventHub {
    private var subscribers: [Int: AsyncStream<RoutingEffect>.Continuation] = [:]
    private var next = 0

    public init() {}

    /// A stream of every effect from now on; it ends when the subscriber stops iterating, or
    /// after `lifetime` if given.
    public func subscribe(buffer: Int = 1000, lifetime: Duration? = nil) -> AsyncStream<RoutingEffect> {
        let (stream, continuation) = AsyncStream.makeStream(of: RoutingEffect.self, bufferingPolicy: .bufferingNewest(buffer))
        let id = next
        next += 1
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.remove(id) } }
        if let lifetime {
            Task {
                try? await Task.sleep(for: lifetime)
                continuation.finish()
            }
        }
        return stream
    }

    public func publish(_ effects: [RoutingEffect]) {
        guard !effects.isEmpty else { return }
        for continuation in subscribers.values {
            for effect in effects { continuation.yield(effect) }
        }
    }

    public var subscriberCount: Int { subscribers.count }

    private func remove(_ id: Int) {
        subscribers[id] = nil
    }
}
