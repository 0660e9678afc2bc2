import ArgumentParser
import Calls
import ContactCenter
import Demo
import Foundation
import Hummingbird
import Logging
import Organisation
import ServiceLifecycle
import UnixSignals
import Storage
import SwitchboardCore
import Telephony
import Web

/// The `switchboard` executable: one binary for the server, the demo and administration.
@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Switchboard, the open-source contact center.",
        discussion: """
            Configuration also comes from the environment: SWITCHBOARD_DATABASE_URL (default \(DatabaseURL.defaultURL)),
            SWITCHBOARD_HTTP (default 127.0.0.1:8080), SWITCHBOARD_SIP (default 127.0.0.1:5060, or off) and
            SWITCHBOARD_LOG_LEVEL (trace, debug, info, notice, warning, error).
            """,
        subcommands: [Serve.self, Demo.self, Migrate.self, UserCommand.self, SIPCommand.self, StaffingCommand.self, SimulateCommand.self, ImportCommand.self, ReportCommand.self])
}

/// Options shared by the commands that open the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "sqlite://PATH or postgres://user:password@host:port/database (env SWITCHBOARD_DATABASE_URL).")
    var database: String?

    func url() throws -> DatabaseURL {
        let text = database ?? ProcessInfo.processInfo.environment["SWITCHBOARD_DATABASE_URL"] ?? DatabaseURL.defaultURL
        return try DatabaseURL(parsing: text)
    }
}

struct HTTPOptions: ParsableArguments {
    @Option(name: .long, help: "The address to serve HTTP on, HOST:PORT (env SWITCHBOARD_HTTP).")
    var http: String?

    func configuration() throws -> ServerConfiguration {
        try ServerConfiguration(
            parsingAddress: http ?? ProcessInfo.processInfo.environment["SWITCHBOARD_HTTP"] ?? "127.0.0.1:8080", logLevel: Console.logLevel)
    }
}

struct SIPOptions: ParsableArguments {
    @Option(name: .long, help: "The UDP address to serve SIP on, HOST:PORT, or off (env SWITCHBOARD_SIP; default 127.0.0.1:5060).")
    var sip: String?
    @Option(name: .long, help: "The host phones and callers reach SIP at, when listening on 0.0.0.0 or :: (env SWITCHBOARD_SIP_PUBLIC).")
    var sipPublic: String?

    /// Where to listen and what to advertise, or nil when SIP is off.
    func address() throws -> (bind: SIPAddress, advertise: String?)? {
        let text = sip ?? ProcessInfo.processInfo.environment["SWITCHBOARD_SIP"] ?? "127.0.0.1:5060"
        if text.lowercased() == "off" { return nil }
        let parsed = try ServerConfiguration(parsingAddress: text)
        let advertise = sipPublic ?? ProcessInfo.processInfo.environment["SWITCHBOARD_SIP_PUBLIC"]
        if ["0.0.0.0", "::"].contains(parsed.host), advertise == nil {
            throw SwitchboardError.invalid(
                "sip-public", "Listening for SIP on \(parsed.host) needs --sip-public HOST: the address phones reach this server at (it goes in Contact and Via).")
        }
        return (SIPAddress(host: parsed.host, port: parsed.port), advertise)
    }
}

enum Console {
    static var logLevel: Logger.Level {
        ProcessInfo.processInfo.environment["SWITCHBOARD_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
    }

    static func bootstrapLogging() -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        return Logger(label: "switchboard")
    }

    /// The server's database limits from the environment, each checked (a whole number of
    /// seconds in range) and named when wrong.
    static func databaseLimits(_ environment: [String: String]) throws(SwitchboardError) -> DatabaseLimits {
        func seconds(_ name: String, _ range: ClosedRange<Int>, default fallback: Int) throws(SwitchboardError) -> Int {
            guard let text = environment[name] else { return fallback }
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                throw SwitchboardError.invalid(name, "\(name) is a whole number of seconds from \(range.lowerBound) to \(range.upperBound); got '\(text)'.")
            }
            return value
        }
        let timeout = try seconds("SWITCHBOARD_DATABASE_TIMEOUT", 1...3600, default: 10)
        let failFast = try seconds("SWITCHBOARD_DATABASE_FAIL_FAST", 0...3600, default: 2)
        return DatabaseLimits(operationTimeout: .seconds(timeout), failFastAfter: .seconds(failFast))
    }

    /// Runs a command body, turning domain errors into a clear message and exit status 1.
    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as SwitchboardError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Opens and migrates the database. A server (`serving`) gives each operation the
    /// deadline and fail-fast grace of `SWITCHBOARD_DATABASE_TIMEOUT` and
    /// `SWITCHBOARD_DATABASE_FAIL_FAST` (seconds); a one-off command may read for an hour.
    static func open(_ url: DatabaseURL, serving: Bool = false, logger: Logger) async throws -> Database {
        let limits = serving ? try databaseLimits(ProcessInfo.processInfo.environment) : DatabaseLimits(operationTimeout: .seconds(3600))
        let database = try await Database.open(url, limits: limits, logger: logger)
        do {
            let applied = try await Migrator().migrate(database)
            if !applied.isEmpty { logger.info("applied migrations \(applied.map(String.init).joined(separator: ", ")) to \(url)") }
        } catch {
            await database.close()
            throw error
        }
        return database
    }

    /// The SIP endpoint's limits; `SWITCHBOARD_SIP_TRUSTED` lists addresses (a carrier trunk, a
    /// session border controller) exempt from the per-source INVITE limits, comma-separated.
    static func sipConfiguration(_ environment: [String: String]) throws(SwitchboardError) -> SIPEndpoint.Configuration {
        var configuration = SIPEndpoint.Configuration()
        for item in (environment["SWITCHBOARD_SIP_TRUSTED"] ?? "").split(separator: ",") {
            let address = item.trimmingCharacters(in: .whitespaces)
            guard !address.isEmpty, address.count <= 64, address.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" }) else {
                throw SwitchboardError.invalid("SWITCHBOARD_SIP_TRUSTED", "SWITCHBOARD_SIP_TRUSTED lists IP addresses separated by commas; '\(address)' is none.")
            }
            configuration.trustedSources.insert(address)
        }
        return configuration
    }

    /// Binds the SIP socket and makes the endpoint, with the accounts loaded.
    static func telephony(
        _ sip: (bind: SIPAddress, advertise: String?), _ service: OrganisationService, _ center: ContactCenter
    ) async throws -> (socket: SIPSocket, endpoint: SIPEndpoint) {
        let address = sip.bind
        let socket: SIPSocket
        do {
            socket = try await SIPSocket.bind(host: address.host, port: address.port, advertise: sip.advertise)
        } catch {
            throw SwitchboardError.invalid("sip", "Cannot listen for SIP on \(address): \(error). Choose another with --sip HOST:PORT, or --sip off.")
        }
        var secret = [UInt8](repeating: 0, count: 32)
        for index in secret.indices { secret[index] = UInt8.random(in: 0...255) }
        let endpoint = SIPEndpoint(
            local: socket.localAddress, secret: secret, realm: OrganisationService.sipRealm,
            configuration: try sipConfiguration(ProcessInfo.processInfo.environment), clock: { .now })
        await endpoint.setAccounts(try await service.sipAccountsForTelephony().map { SIPAccount(agentId: $0.agentId, username: $0.username, ha1: $0.ha1) })
        await endpoint.attach(ContactCenterCallControl(center: center, service: service))
        return (socket, endpoint)
    }

    /// Serves until SIGINT or SIGTERM, then closes the database.
    static func serve(
        _ service: OrganisationService, _ configuration: ServerConfiguration, sip: (bind: SIPAddress, advertise: String?)?, demo: Bool = false,
        callsPerHour: Double = 0, logger: Logger
    ) async throws {
        var service = service
        let center: ContactCenter
        let telephony: (socket: SIPSocket, endpoint: SIPEndpoint)?
        var traffic: LiveTraffic?
        do {
            center = try await ContactCenter(database: service.database)
            telephony = try await sip.asyncMap { try await Self.telephony($0, service, center) }
            if demo, callsPerHour > 0 {
                let live = try await DemoOrganisation.liveTraffic(
                    service, center: center, callsPerHour: callsPerHour,
                    hasPhone: { [endpoint = telephony?.endpoint] agent in await endpoint?.hasPhone(agent: agent.rawValue) ?? false })
                service.signedIn = { profile in
                    if let agent = profile.agentId { await live.claim(AgentID(agent)) }
                }
                traffic = live
            }
        } catch {
            await service.database.close()
            throw error
        }
        if let telephony { logger.info("SIP on udp \(telephony.socket.localAddress)") }
        let app = Server.application(
            service: service, center: center, configuration: configuration, demo: demo,
            phones: telephony.map { SIPPhoneSystem(endpoint: $0.endpoint, service: service) },
            services: telephony.map { [TelephonyService(socket: $0.socket, endpoint: $0.endpoint)] } ?? [], logger: logger)
        var services: [any Service] = [app]
        if let traffic { services.append(LiveTrafficService(traffic: traffic)) }
        var groupConfiguration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // Requests still running after this are cancelled (a database that went away must not
        // keep the server from stopping) …
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(5)
        let group = ServiceGroup(configuration: groupConfiguration)
        // … and should anything still hang, the process ends anyway: every acknowledged write
        // is already durable, so this loses nothing a crash would not.
        let watchdog = ShutdownWatchdog(deadline: .seconds(8), logger: logger)
        // The watchdog lives until the server has stopped, on either path.
        defer { withExtendedLifetime(watchdog) {} }
        do {
            try await group.run()
        } catch {
            await Self.close(service.database, logger: logger)
            throw error
        }
        await Self.close(service.database, logger: logger)
    }

    /// Closes the database, giving up after a few seconds (a server that is gone cannot
    /// acknowledge a close).
    static func close(_ database: Database, logger: Logger) async {
        do {
            try await TimeLimit.run(.seconds(3)) { await database.close() }
        } catch {
            logger.warning("the database did not close within 3 s; exiting without waiting")
        }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Migrate the database and serve the web pages and the API.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var http: HTTPOptions
    @OptionGroup var sip: SIPOptions

    func run() async throws {
        try await Console.run {
            let logger = Console.bootstrapLogging()
            let configuration = try http.configuration()
            let sipAddress = try sip.address()
            let db = try await Console.open(try database.url(), serving: true, logger: logger)
            logger.info("Switchboard serving on http://\(configuration.host):\(configuration.port) with \(db.url)")
            try await Console.serve(OrganisationService(database: db), configuration, sip: sipAddress, logger: logger)
        }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run Switchboard with an embedded database and a demo organisation: the newcomer's command.")

    @Option(name: .long, help: "Where the demo keeps its database (DIR/switchboard.sqlite).")
    var dataDir: String = "./.switchboard-demo"
    @Option(help: "Live demo traffic: callers per hour, answered by robot agents (default 300, or SWITCHBOARD_DEMO_CALLS_PER_HOUR).")
    var callsPerHour: Double?
    @Flag(help: "No live traffic: calls come only from the API and SIP.")
    var noTraffic = false
    @OptionGroup var http: HTTPOptions
    @OptionGroup var sip: SIPOptions

    func run() async throws {
        try await Console.run {
            let logger = Console.bootstrapLogging()
            let configuration = try http.configuration()
            let sipAddress = try sip.address()
            let rate = noTraffic ? 0 : try callsPerHour ?? ProcessInfo.processInfo.environment["SWITCHBOARD_DEMO_CALLS_PER_HOUR"].map { text in
                guard let value = Double(text), value.isFinite, value >= 0 else {
                    throw SwitchboardError.invalid("SWITCHBOARD_DEMO_CALLS_PER_HOUR", "'\(text)' is not a number of calls per hour.")
                }
                return value
            } ?? 300
            guard rate.isFinite, rate >= 0, rate <= 100_000 else {
                throw SwitchboardError.invalid("callsPerHour", "Calls per hour must be between 0 and 100,000.")
            }
            let path = URL(fileURLWithPath: dataDir).appendingPathComponent("switchboard.sqlite").path
            let db = try await Console.open(.sqlite(path: path), serving: true, logger: logger)
            let service = OrganisationService(database: db)
            let seeded: Bool
            do {
                seeded = try await DemoOrganisation.seedIfEmpty(service)
                try await DemoOrganisation.ensureSIPAccounts(service)
                try await DemoCustomers.seedIfEmpty(service)
                try await DemoKnowledge.seedIfEmpty(service)
            } catch {
                await db.close()
                throw error
            }
            let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
            // Written straight to the file descriptor: a pipe would otherwise buffer it until exit.
            FileHandle.standardOutput.write(Data("""
                Switchboard demo — \(seeded ? "seeded a new demo organisation in" : "using") \(path)

                  Web:      http://\(host):\(configuration.port)/
                  Health:   http://\(host):\(configuration.port)/healthz
                  API:      http://\(host):\(configuration.port)/api/v1/openapi.json

                Sign in with password "\(DemoOrganisation.password)" as:
                  admin, supervisor, qa, planner, recruiter, teamlead1 … teamlead3, agent01 … \(DemoOrganisation.agentUsername(DemoOrganisation.agentCount))

                Customers: \(DemoCustomers.count) with invoices, orders and warranties; +31205550000 … +31205550009 each belong to one
                (POST /api/v1/calls {"queue":"800","from":"+31205550001"} pops that customer).

                Queues (name → extension):
                \(DemoOrganisation.queueDirectory.map { "  \($0.name) → \($0.extensionNumber)" }.joined(separator: "\n"))

                \(sipAddress.map { address in """
                SIP (UDP): sip:\(address.advertise.map { "\($0):\(address.bind.port)" } ?? address.bind.description) — agents' phones register as agent01 … \(DemoOrganisation.agentUsername(DemoOrganisation.agentCount)) (and the team
                leaders and supervisor as themselves), password "\(DemoOrganisation.password)", realm \(OrganisationService.sipRealm).
                """ } ?? "SIP: off")

                \(rate > 0 ? "Live traffic: about \(Int(rate)) calls an hour, answered by robot agents; sign in as an agent (or register their phone) to take over from the robot. --no-traffic to stop it." : "Live traffic: off.")

                Press Ctrl-C to stop.

                """.utf8))
            try await Console.serve(service, configuration, sip: sipAddress, demo: true, callsPerHour: rate, logger: logger)
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database schema up to date, or show its migrations.")

    @OptionGroup var database: DatabaseOptions
    @Flag(name: .long, help: "Only list the migrations applied so far.")
    var status = false

    func run() async throws {
        try await Console.run {
            let logger = Console.bootstrapLogging()
            let db = try await Database.open(try database.url(), logger: logger)
            let migrator = Migrator()
            do {
                if !status {
                    let applied = try await migrator.migrate(db)
                    print(applied.isEmpty ? "The schema is up to date." : "Applied migrations: \(applied.map(String.init).joined(separator: ", ")).")
                }
                for migration in try await migrator.status(db) {
                    print("\(migration.version)\t\(migration.name)\t\(migration.checksum)")
                }
            } catch {
                await db.close()
                throw error
            }
            await db.close()
        }
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage user accounts from the server's console.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user; the password is read from standard input (one line).",
            discussion: "Example: echo 's3cret-pass' | switchboard user add --username jdoe --display-name 'Jan Doe' --role agent --role teamLeader")

        @Option(help: "The sign-in name (lowercase letters, digits, '.', '-', '_').") var username: String
        @Option(help: "The name shown to colleagues; defaults to the username.") var displayName: String?
        @Option(help: "nl or en.") var language: String = "en"
        @Option(name: .customLong("role"), help: "A role, repeatable: agent, teamLeader, supervisor, qa, workforce, recruiter, admin.")
        var roles: [String] = []
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await Console.run {
                guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                    throw SwitchboardError.invalid("password", "Give the password on standard input, for example: echo 'pass phrase' | switchboard user add …")
                }
                let logger = Console.bootstrapLogging()
                let db = try await Console.open(try database.url(), logger: logger)
                do {
                    let user = try await OrganisationService(database: db).createUser(
                        UserInput(username: username, displayName: displayName ?? username, language: language, roles: roles, password: password),
                        by: .console)
                    print("Created user \(user.username) (id \(user.id)) with roles \(user.roles.map(\.rawValue).joined(separator: ", ")).")
                } catch {
                    await db.close()
                    throw error
                }
                await db.close()
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every user.")

        @Flag(help: "Print JSON instead of a table.") var json = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await Console.run {
                let logger = Console.bootstrapLogging()
                let db = try await Console.open(try database.url(), logger: logger)
                let users: [User]
                do {
                    users = try await OrganisationService(database: db).users(by: .console)
                } catch {
                    await db.close()
                    throw error
                }
                await db.close()
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    print(String(decoding: try encoder.encode(users), as: UTF8.self))
                    return
                }
                let width = max(8, users.map(\.username.count).max() ?? 0)
                print("ID".padding(toLength: 6, withPad: " ", startingAt: 0) + "USERNAME".padding(toLength: width + 2, withPad: " ", startingAt: 0)
                    + "ACTIVE  LANG  ROLES  NAME")
                for user in users {
                    print(String(user.id).padding(toLength: 6, withPad: " ", startingAt: 0) + user.username.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                        + (user.active ? "yes     " : "no      ") + user.language.rawValue + "    " + user.roles.map(\.rawValue).joined(separator: ",")
                        + "  " + user.displayName)
                }
            }
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

struct SIPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sip", abstract: "Agents' phone accounts and the SIP endpoint's status.", subcommands: [Account.self, Status.self])

    struct Account: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or replace an agent's SIP account; the password is read from standard input (one line).",
            discussion: "Example: echo 'phone-pass-1' | switchboard sip account agent01 --sip-username agent01")

        @Argument(help: "The agent's sign-in username.") var agent: String
        @Option(help: "The user name the phone registers as; defaults to the sign-in username.") var sipUsername: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await Console.run {
                guard let password = readLine(strippingNewline: true), !password.isEmpty else {
                    throw SwitchboardError.invalid("password", "Give the phone password on standard input, for example: echo 'phone-pass-1' | switchboard sip account agent01")
                }
                let logger = Console.bootstrapLogging()
                let db = try await Console.open(try database.url(), logger: logger)
                do {
                    let service = OrganisationService(database: db)
                    guard let record = try await service.agents(by: .console).first(where: { $0.username == agent }) else {
                        throw SwitchboardError.invalid("agent", "No agent signs in as '\(agent)'.")
                    }
                    let account = try await service.setSIPAccount(
                        agentId: record.id, SIPAccountInput(username: sipUsername ?? agent, password: password), by: .console)
                    print("SIP account \(account.username) (realm \(account.realm)) set for agent \(agent). A running server picks it up at its next restart or account change through the API.")
                } catch {
                    await db.close()
                    throw error
                }
                await db.close()
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a running server's registrations, transactions and SIP counters.",
            discussion: "Signs in with SWITCHBOARD_TOKEN (a bearer token from POST /api/v1/sessions of a supervisor or administrator).")

        @Option(help: "The server's base URL.") var url: String = "http://127.0.0.1:8080"
        @Flag(help: "Print the JSON as the server sends it.") var json = false

        func run() async throws {
            try await Console.run {
                guard let token = ProcessInfo.processInfo.environment["SWITCHBOARD_TOKEN"], !token.isEmpty else {
                    throw SwitchboardError.invalid("SWITCHBOARD_TOKEN", "Set SWITCHBOARD_TOKEN to a supervisor's or administrator's bearer token.")
                }
                guard let endpoint = URL(string: url.hasSuffix("/") ? url + "api/v1/sip/status" : url + "/api/v1/sip/status") else {
                    throw SwitchboardError.invalid("url", "'\(url)' is not a URL.")
                }
                let data: Data
                do {
                    data = try await HTTPClient.get(endpoint, headers: ["Authorization": "Bearer \(token)"])
                } catch {
                    throw SwitchboardError.invalid("url", "Cannot read \(endpoint): \(error)")
                }
                if json {
                    print(String(decoding: data, as: UTF8.self))
                    return
                }
                let status = try JSONDecoder().decode(SIPEndpoint.Status.self, from: data)
                print("Listening: udp \(status.listening)")
                print("Transactions: \(status.serverTransactions) server, \(status.clientTransactions) client; dialogs: \(status.dialogs)")
                let c = status.counters
                print("Datagrams: \(c.received) received, \(c.sent) sent, \(c.malformed) malformed, \(c.rejected) refused; \(c.registrations) registrations, \(c.authenticationFailures) failed authentications")
                print("Registrations (\(status.registrations.count)):")
                for registration in status.registrations {
                    print("  \(registration.account)\t\(registration.contact)\tfrom \(registration.address)\texpires in \(registration.expiresInSeconds) s")
                }
            }
        }
    }
}

/// Runs the demo's live traffic until shutdown.
struct LiveTrafficService: Service {
    let traffic: LiveTraffic

    func run() async throws {
        await cancelWhenGracefulShutdown { await traffic.run() }
    }
}
