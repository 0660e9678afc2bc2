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

/// Process-wide metrics: swift-metrics bootstrapped once with a Prometheus registry, which
/// `/metrics` renders.
public enum Observability {
    public static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped: Void = {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }()

    public static func bootstrap() { _ = bootstrapped }
}
