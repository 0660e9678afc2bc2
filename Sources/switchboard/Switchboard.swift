import ArgumentParser
import ContactCenter
import Foundation
import Hummingbird
import Logging
import Organisation
import ServiceLifecycle
import UnixSignals
import Storage
import SwitchboardCore
import Web

/// The `switchboard` executable: one binary for the server, the demo and administration.
@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Switchboard, the open-source contact center.",
        discussion: """
            Configuration also comes from the environment: SWITCHBOARD_DATABASE_URL (default \(DatabaseURL.defaultURL)),
            SWITCHBOARD_HTTP (default 127.0.0.1:8080) and SWITCHBOARD_LOG_LEVEL (trace, debug, info, notice, warning, error).
            """,
        subcommands: [Serve.self, Demo.self, Migrate.self, UserCommand.self])
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

    /// Runs a command body, turning domain errors into a clear message and exit status 1.
    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as SwitchboardError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Opens and migrates the database.
    static func open(_ url: DatabaseURL, logger: Logger) async throws -> Database {
        let database = try await Database.open(url, logger: logger)
        do {
            let applied = try await Migrator().migrate(database)
            if !applied.isEmpty { logger.info("applied migrations \(applied.map(String.init).joined(separator: ", ")) to \(url)") }
        } catch {
            await database.close()
            throw error
        }
        return database
    }

    /// Serves until SIGINT or SIGTERM, then closes the database.
    static func serve(_ service: OrganisationService, _ configuration: ServerConfiguration, demo: Bool = false, logger: Logger) async throws {
        let center: ContactCenter
        do {
            center = try await ContactCenter(database: service.database)
        } catch {
            await service.database.close()
            throw error
        }
        let app = buildApplication(service: service, center: center, configuration: configuration, demo: demo, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            await service.database.close()
            throw error
        }
        await service.database.close()
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Migrate the database and serve the web pages and the API.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var http: HTTPOptions

    func run() async throws {
        try await Console.run {
            let logger = Console.bootstrapLogging()
            let configuration = try http.configuration()
            let db = try await Console.open(try database.url(), logger: logger)
            logger.info("Switchboard serving on http://\(configuration.host):\(configuration.port) with \(db.url)")
            try await Console.serve(OrganisationService(database: db), configuration, logger: logger)
        }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run Switchboard with an embedded database and a demo organisation: the newcomer's command.")

    @Option(name: .long, help: "Where the demo keeps its database (DIR/switchboard.sqlite).")
    var dataDir: String = "./.switchboard-demo"
    @OptionGroup var http: HTTPOptions

    func run() async throws {
        try await Console.run {
            let logger = Console.bootstrapLogging()
            let configuration = try http.configuration()
            let path = URL(fileURLWithPath: dataDir).appendingPathComponent("switchboard.sqlite").path
            let db = try await Console.open(.sqlite(path: path), logger: logger)
            let service = OrganisationService(database: db)
            let seeded: Bool
            do {
                seeded = try await DemoOrganisation.seedIfEmpty(service)
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

                Queues (name → extension):
                \(DemoOrganisation.queueDirectory.map { "  \($0.name) → \($0.extensionNumber)" }.joined(separator: "\n"))

                Press Ctrl-C to stop.

                """.utf8))
            try await Console.serve(service, configuration, demo: true, logger: logger)
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
