import Calls
import ContactCenter
import Floor
import Foundation
import Hummingbird
import Logging
import Metrics
import Organisation
import Prometheus
import ServiceLifecycle
import SwitchboardCore

/// The HTTP server: the router (API, pages, health, metrics, with the middleware every request
/// passes) and the application that serves it with the live shell's background services.
public enum Server {
    /// Builds the router: API, pages, health and metrics, with the middleware every request passes.
    public static func router(service: OrganisationService, center: ContactCenter, demo: Bool = false, phones: (any PhoneSystem)? = nil) -> Router<AppContext> {
        Observability.bootstrap()
        // HEAD on any GET route answers as GET would, without the body (RFC 9110 §9.3.2).
        let router = Router(context: AppContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: FormQueryMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: LogRequestsMiddleware(.debug))
        router.add(middleware: ErrorMiddleware())
        // The pages' scripts, styles and icon. Their addresses carry a content version
        // (`PageTemplates`), so browsers keep them a year and never run a stale one.
        router.add(
            middleware: FileMiddleware(
                PageTemplates.publicDirectory.path, urlBasePath: PageTemplates.assetsPath,
                cacheControl: CacheControl([(MediaType(type: .any), [.public, .maxAge(365 * 24 * 3600), .immutable])])))
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
            if let phones { text += Array(await phones.metrics().utf8) }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        }
        let api = router.group("api/v1")
        api.get("openapi.json") { _, _ in JSONResponse.make(OpenAPIDocument.document) }
        let sipAccountsChanged: @Sendable () async throws -> Void = {
            if let phones { try await phones.reloadAccounts() }
        }
        let refresh: @Sendable () async throws -> Void = {
            try await center.refreshOrganisation()
            try await sipAccountsChanged()
        }
        OrganisationAPI(service: service, organisationChanged: refresh).register(on: api)
        TelephonyAPI(service: service, phones: phones, accountsChanged: sipAccountsChanged).register(on: api)
        CallsAPI(desk: CallDesk(service: service, center: center)).register(on: api)
        let wallboard = Wallboard(service: service, center: center)
        RealtimeAPI(service: service, center: center, wallboard: wallboard, alerts: AlertMonitor(wallboard: wallboard)).register(on: api)
        WallboardAPI(wallboard: wallboard).register(on: api)
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
    private static func outcome(_ check: () async throws -> Void) async -> String {
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
    public static func application(
        service: OrganisationService, center: ContactCenter, configuration: ServerConfiguration, demo: Bool = false,
        phones: (any PhoneSystem)? = nil, services more: [any Service] = [], logger: Logger
    ) -> some ApplicationProtocol {
        let services: [any Service] = [ContactCenterTimers(center: center), ReportAggregator(service: service)] + more
        return Application(
            router: router(service: service, center: center, demo: demo, phones: phones),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Switchboard"),
            services: services,
            logger: logger)
    }
}
