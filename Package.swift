// swift-tools-version:6.2
import PackageDescription

/// Compiler settings shared by every target: Swift 6 language mode (strict concurrency)
/// plus the upcoming features that keep dependencies explicit.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Switchboard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
        .library(name: "SwitchboardCore", targets: ["SwitchboardCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // Already in the graph through PostgresNIO; named here for SHA-256 of session tokens.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // The domain: values and rules of the call center. Imports no framework.
        .target(
            name: "SwitchboardCore",
            swiftSettings: strict
        ),
        // Schema, migrations and repositories over SQLKit, one code path for SQLite and PostgreSQL.
        .target(
            name: "Storage",
            dependencies: [
                "SwitchboardCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Use cases of the organisation: users, teams, skills, agents, queues, sign-in, audit.
        // Shared by the HTTP API, the web pages and the CLI, so each rule is written once.
        .target(
            name: "Organisation",
            dependencies: [
                "SwitchboardCore", "Storage",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The live shell: the routing engine on the real clock, durable call records, events.
        .target(
            name: "ContactCenter",
            dependencies: ["SwitchboardCore", "Storage", .product(name: "SQLKit", package: "sql-kit")],
            swiftSettings: strict
        ),
        // The demo: its organisation, customers, knowledge (JSON resources) and the robots and
        // callers of its live traffic. Only `switchboard demo` and tests use it.
        .target(
            name: "Demo",
            dependencies: ["SwitchboardCore", "Storage", "Organisation", "ContactCenter"],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        // SIP on SwiftNIO: messages, transactions, registrar and the back-to-back user agent
        // that brings real calls to the routing engine.
        .target(
            name: "Telephony",
            dependencies: [
                "SwitchboardCore",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Calls: who may act on a call, which queue a dialled string means, monitoring, a
        // call's record, and the bridge from SIP calls to the live shell.
        .target(
            name: "Calls",
            dependencies: ["SwitchboardCore", "Storage", "Organisation", "ContactCenter", "Telephony"],
            swiftSettings: strict
        ),
        // The floor: the wallboard's picture, alerts as they rise and clear, and who sees
        // which events.
        .target(
            name: "Floor",
            dependencies: ["SwitchboardCore", "Storage", "Organisation", "ContactCenter"],
            swiftSettings: strict
        ),
        // Erlang B, C and A and the staffing search: pure math on the domain's KPI definitions.
        .target(name: "Staffing", dependencies: ["SwitchboardCore"], swiftSettings: strict),
        // The discrete-event simulator: the same routing engine on a virtual clock.
        .target(
            name: "Simulation",
            dependencies: ["SwitchboardCore"],
            swiftSettings: strict
        ),
        // What-ifs from the real center: a stored day replayed by the simulator against the
        // organisation's real routing settings.
        .target(name: "WhatIf", dependencies: ["SwitchboardCore", "Storage", "Organisation", "Simulation"], swiftSettings: strict),
        // HTTP API, HTML pages, sign-in and permissions.
        .target(
            name: "Web",
            dependencies: [
                "Staffing", "Calls", "Floor",
                "SwitchboardCore", "Storage", "Organisation", "ContactCenter",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        // The command-line executable: serve, demo, migrate, user administration.
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "Telephony", "Staffing", "Simulation", "WhatIf", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                "SwitchboardCore", "Storage", "Organisation", "ContactCenter", "Web", "Demo", "Calls",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // `swift run -c release routing-benchmark`: engine throughput and scaling (see README).
        .executableTarget(
            name: "routing-benchmark",
            dependencies: ["SwitchboardCore"],
            path: "Benchmarks/RoutingBenchmark",
            swiftSettings: strict
        ),
        // Shared by the test targets: databases for tests (SQLite, and PostgreSQL when configured).
        .target(
            name: "SwitchboardTestSupport",
            dependencies: [
                "SwitchboardCore", "Storage", "Organisation",
                .product(name: "Logging", package: "swift-log"), .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Tests/Support",
            swiftSettings: strict
        ),
        .testTarget(name: "SwitchboardCoreTests", dependencies: ["SwitchboardCore"], swiftSettings: strict),
        .testTarget(name: "StaffingTests", dependencies: ["Staffing", "SwitchboardCore"], swiftSettings: strict),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Staffing", "SwitchboardCore"], swiftSettings: strict),
        .testTarget(
            name: "StorageTests",
            dependencies: [
                "SwitchboardCore", "Storage", "Organisation", "SwitchboardTestSupport", .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ContactCenterTests",
            dependencies: [
                "SwitchboardCore", "Storage", "Organisation", "ContactCenter", "Demo", "SwitchboardTestSupport", .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: strict
        ),
        // The use cases without HTTP, on SQLite and PostgreSQL (and their in-memory fakes).
        .testTarget(
            name: "OrganisationTests",
            dependencies: ["SwitchboardCore", "Storage", "Organisation", "SwitchboardTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CallsTests",
            dependencies: ["SwitchboardCore", "Storage", "Organisation", "ContactCenter", "Demo", "Calls", "SwitchboardTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FloorTests",
            dependencies: ["SwitchboardCore", "Storage", "Organisation", "ContactCenter", "Demo", "Floor", "SwitchboardTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DemoTests",
            dependencies: [
                "SwitchboardCore", "Storage", "Organisation", "ContactCenter", "Demo", "SwitchboardTestSupport", .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WhatIfTests",
            dependencies: [
                "SwitchboardCore", "Storage", "Organisation", "ContactCenter", "Demo", "Simulation", "WhatIf", "SwitchboardTestSupport",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TelephonyTests",
            dependencies: ["SwitchboardCore", "Telephony", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Torture"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WebTests",
            dependencies: [
                "SwitchboardCore", "Storage", "Organisation", "ContactCenter", "Demo", "Web", "Calls", "Floor", "SwitchboardTestSupport", "Telephony",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
