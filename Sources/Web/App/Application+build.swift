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
        var text = Observability.registry.emitToBuffer()
        if let telephony { text += Array(sipMetrics(await telephony.status()).utf8) }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
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
    let wallboard = Wallboard(service: service, center: center)
    RealtimeAPI(service: service, center: center, alerts: AlertMonitor(wallboard: wallboard)).register(on: api)
    WallboardAPI(wallboard: wallboard, service: service).register(on: api)
    StaffingAPI().register(on: api)
    CustomersAPI(service: service).register(on: api)
    CallWorkAPI(service: service, center: center).register(on: api)
    KnowledgeAPI(service: service).register(on: api)
    ReportsAPI(service: service).register(on: api)
    GoalsAPI(service: service).register(on: api)
    Pages(service: service, demo: demo, organisationChanged: refresh).register(on: router)
    return router
}

/// Builds the application: the router on the configured address, with graceful shutdown.
public func buildApplication(
    service: OrganisationService, center: ContactCenter, configuration: ServerConfiguration, demo: Bool = false,
    telephony: (socket: SIPSocket, endpoint: SIPEndpoint)? = nil, logger: Logger
) -> some ApplicationProtocol {
    var services: [any Service] = [ContactCenterTimers(center: center), ReportAggregator(service: service)]
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

/// The SIP endpoint's counters and gauges in Prometheus text.
func sipMetrics(_ status: SIPEndpoint.Status) -> String {
    let c = status.counters
    let lines: [(String, String, String, Int)] = [
        ("switchboard_sip_datagrams_received_total", "counter", "Datagrams received on the SIP socket", c.received),
        ("switchboard_sip_datagrams_sent_total", "counter", "Datagrams sent", c.sent),
        ("switchboard_sip_malformed_total", "counter", "Datagrams that were no SIP message", c.malformed),
        ("switchboard_sip_refused_total", "counter", "Requests refused by the message checks", c.rejected),
        ("switchboard_sip_registrations_total", "counter", "Successful REGISTERs", c.registrations),
        ("switchboard_sip_authentication_failures_total", "counter", "REGISTERs with wrong credentials", c.authenticationFailures),
        ("switchboard_sip_calls_total", "counter", "INVITEs that became routed calls", c.calls),
        ("switchboard_sip_unreachable_agents_total", "counter", "Offers to agents with no phone registered", c.unreachableAgents),
        ("switchboard_sip_registered_contacts", "gauge", "Phone bindings registered now", status.registrations.count),
        ("switchboard_sip_server_transactions", "gauge", "Server transactions alive", status.serverTransactions),
        ("switchboard_sip_client_transactions", "gauge", "Client transactions alive", status.clientTransactions),
        ("switchboard_sip_calls", "gauge", "SIP calls in progress", status.dialogs),
    ]
    return lines.map { "# HELP \($0.0) \($0.2)\n# TYPE \($0.0) \($0.1)\n\($0.0) \($0.3)\n" }.joined()
}
