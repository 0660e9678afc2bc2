import Foundation
import Hummingbird
import Logging
import Metrics
import Calls
import Floor
import ContactCenter
import Organisation
import ServiceLifecycle
import Prometheus
import SwitchboardCore

/// Runs the contact center's timers (ring timeouts, overflow, wrap-up) until shutdown.
struct ContactCenterTimers: Service {
    let center: ContactCenter

    func run() async throws {
        await cancelWhenGracefulShutdown { await center.runTimers() }
    }
}
