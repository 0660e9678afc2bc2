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
    // HEAD on any GET route answers as GET would, without the body (RFC 9110 §9.3.2).
    let router = Router(context: AppContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: FormQueryMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: AuthenticationMiddleware(service: service))
    router.add(middleware: IdempotencyMiddleware(answers: service.idempotentAnswers))

    // Healthy means a command can be taken: the database answers a read, and a command gets
    // through the live shell's gate, the engine and a transaction (a read alone said 200 while
    // every command hung). Each part answers within its deadline, whatever hangs.
    router.get("healthz") { _, _ -> Response in
        let database = await outcome { try await TimeLimit.run(.seconds(3)) { try await service.pingDatabase(timeout: .seconds(3)) } }
        let commands = await outcome { try await TimeLimit.run(.seconds(3)) { try await center.healthCheck() } }
        let healthy = database == "ok" && commands == "ok"
        return JSONResponse.make(
            ["status": healthy ? "ok" : "unavailable", "database": database, "commands": commands], status: healthy ? .ok : .serviceUnavailable)
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
    // Last, so it knows every route: a method a routed path lacks (TRACE, say) is 405, not 404.
    router.add(middleware: MethodNotAllowedMiddleware<AppContext>(routes: router.routes))
    return router
}

/// "ok", or what went wrong in a word, for `/healthz`.
private func outcome(_ check: () async throws -> Void) async -> String {
    do {
        try await check()
        return "ok"
    } catch is TimeLimit.Exceeded {
        return "timeout"
    } catch {
        return OrganisationService.meansDatabaseUnreachable(error) ? "unreachable" : "failing"
    }
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
        ("switchboard_sip_authentication_lockouts_total", "counter", "REGISTERs refused while locked out, credentials not checked", c.authenticationLockouts),
        ("switchboard_sip_replayed_credentials_total", "counter", "Authorizations refused as replays (nonce count not above the last)", c.replayedCredentials),
        ("switchboard_sip_invites_rate_limited_total", "counter", "INVITEs refused by the per-source rate limit", c.invitesRateLimited),
        ("switchboard_sip_invites_over_source_limit_total", "counter", "INVITEs refused by the per-source cap on calls in progress", c.invitesOverSourceLimit),
        ("switchboard_sip_caller_probes_total", "counter", "OPTIONS sent to check a waiting caller is still there", c.callerProbes),
        ("switchboard_sip_callers_gone_total", "counter", "Waiting callers ended because they no longer answered", c.callersGone),
        ("switchboard_sip_registered_contacts", "gauge", "Phone bindings registered now", status.registrations.count),
        ("switchboard_sip_server_transactions", "gauge", "Server transactions alive", status.serverTransactions),
        ("switchboard_sip_client_transactions", "gauge", "Client transactions alive", status.clientTransactions),
        ("switchboard_sip_calls", "gauge", "SIP calls in progress", status.dialogs),
    ]
    return lines.map { "# HELP \($0.0) \($0.2)\n# TYPE \($0.0) \($0.1)\n\($0.0) \($0.3)\n" }.joined()
}
