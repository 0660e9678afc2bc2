/// Runs work that must answer in time even when what it waits for does not (a health check of
/// a database that hangs): the work runs on a task of its own, and the caller gets its result
/// or, at the deadline, `TimeLimit.Exceeded` — the work is then cancelled and left to end.
/// Cancelling the caller ends the wait the same way (with `CancellationError`).
public enum TimeLimit {
    public struct Exceeded: Error, Equatable, CustomStringConvertible {
        public let timeout: Duration
        public var description: String { "No answer within \(timeout)." }
    }

    public static func run<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let race = Race<T>()
        let work = Task {
            do {
                await race.finish(.success(try await operation()))
            } catch {
                await race.finish(.failure(error))
            }
        }
        let timer = Task {
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            await race.finish(.failure(Exceeded(timeout: timeout)))
            work.cancel()
        }
        defer { timer.cancel() }
        // A caller that is cancelled (a server shutting down) stops waiting at once too.
        return try await withTaskCancellationHandler {
            try await race.value()
        } onCancel: {
            work.cancel()
            Task { await race.finish(.failure(CancellationError())) }
        }
    }

    /// The first of the work and the timer to finish wins.
    private actor Race<T: Sendable> {
        private var result: Result<T, any Error>?
        private var waiter: CheckedContinuation<T, any Error>?

        func finish(_ outcome: Result<T, any Error>) {
            guard result == nil else { return }
            result = outcome
            waiter?.resume(with: outcome)
            waiter = nil
        }

        func value() async throws -> T {
            if let result { return try result.get() }
            return try await withCheckedThrowingContinuation { waiter = $0 }
        }
    }
}
