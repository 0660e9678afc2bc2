import Dispatch
import Foundation
import Logging

/// Ends the process a fixed time after the first SIGTERM or SIGINT if graceful shutdown has
/// not finished by then (issue 14, D3: after a PostgreSQL outage, SIGTERM was ignored for
/// minutes). Graceful shutdown itself is first escalated to cancellation by the service
/// group; this is the last resort for work that ignores cancellation.
final class ShutdownWatchdog {
    private let sources: [any DispatchSourceSignal]

    init(deadline: Duration, logger: Logger) {
        let queue = DispatchQueue(label: "switchboard.shutdown-watchdog")
        let seconds = Double(deadline.components.seconds)
        sources = [SIGTERM, SIGINT].map { signalNumber in
            // The service group ignores these signals to receive them from a dispatch source
            // too; a second source gets each delivery as well.
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            // (Each signal sets a timer; the first one ends it. No one-shot flag: a semaphore
            // left below its start value crashes libdispatch when it is freed.)
            source.setEventHandler {
                queue.asyncAfter(deadline: .now() + seconds) {
                    logger.error("graceful shutdown did not finish within \(Int(seconds)) s; exiting now (acknowledged work is stored)")
                    exit(1)
                }
            }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
