import Foundation
import Hummingbird
import Logging
import Metrics
import ContactCenter
import Organisation
import ServiceLifecycle
import Prometheus
import Storage
import SwitchboardCore
import Telephony

/// What the server needs to start: where to listen and the organisation service (which holds
/// the database).
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var logLevel: Logger.Level

    public init(host: String = "127.0.0.1", port: Int = 8080, logLevel: Logger.Level = .info) {
        self.host = host
        self.port = port
        self.logLevel = logLevel
    }

    /// Parses `HOST:PORT` (`[::1]:8080` for IPv6).
    public init(parsingAddress text: String, logLevel: Logger.Level = .info) throws(SwitchboardError) {
        let invalid = SwitchboardError.invalid("http", "The listen address '\(text)' must be HOST:PORT, such as 127.0.0.1:8080.")
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw invalid
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw invalid }
        self.init(host: host, port: port, logLevel: logLevel)
    }
}

/// Process-wide metrics: swift-metrics bootstrapped once with a Prometheus registry, which
/// `/metrics` renders.
public enum Observability {
    public static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped: Void = {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }()

    public static func bootstrap() { _ = bootstrapped }
}

/// Builds the router: API, pages, health and metrics, with the middleware every request passes.
public func buildRouter(service: OrganisationService, center: ContactCenter, demo: Bool = false, telephony: SIPEndpoint? = nil) -> Router<AppContext> {
    Observability.bootstrap()
    let router = Router(context: AppContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: AuthenticationMiddleware(service: service))

    router.get("healthz") { _, _ -> Response in
        do {
            try await service.database.ping()
            return JSONResponse.make(["status": "ok", "database": "ok"])
        } catch {
            return JSONResponse.make(["status": "unavailable", "database": "unreachable"], status: .serviceUnavailable)
        }
    }
    router.get("metrics") { _, _ -> Response in
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: Observability.registry.emitToBuffer())))
    }
    let api = router.group("api/v1")
    api.get("openapi.json") { _, _ in JSONResponse.make(OpenAPIDocument.document) }
    let sipAccountsChanged: @Sendable () async throws -> Void = {
        if let telephony { try await TelephonyAPI.load(service, into: telephony) }
    }
    let refresh: @Sendable () async throws -> Void = {
        try await center.refreshOrganisation()
        try await sipAccountsChanged()
    }
    OrganisationAPI(service: service, organisationChanged: refresh).register(on: api)
    TelephonyAPI(service: service, endpoint: telephony, accountsChanged: sipAccountsChanged).register(on: api)
    CallsAPI(service: service, center: center).register(on: api)
    RealtimeAPI(service: service, center: center).register(on: api)
    Pages(service: service, demo: demo, organisationChanged: refresh).register(on: router)
    return router
}

/// Builds the application: the router on the configured address, with graceful shutdown.
public func buildApplication(
    service: OrganisationService, center: ContactCenter, configuration: ServerConfiguration, demo: Bool = false,
    telephony: (socket: SIPSocket, endpoint: SIPEndpoint)? = nil, logger: Logger
) -> some ApplicationProtocol {
    var services: [any Service] = [ContactCenterTimers(center: center)]
    if let telephony { services.append(TelephonyService(socket: telephony.socket, endpoint: telephony.endpoint)) }
    return Application(
        router: buildRouter(service: service, center: center, demo: demo, telephony: telephony?.endpoint),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Switchboard"),
        services: services,
        logger: logger)
}

/// Runs the contact center's timers (ring timeouts, overflow, wrap-up) until shutdown.
struct ContactCenterTimers: Service {
    let center: ContactCenter

    func run() async throws {
        await cancelWhenGracefulShutdown { await center.runTimers() }
    }
}
