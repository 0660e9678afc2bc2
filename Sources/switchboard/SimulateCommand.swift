import ArgumentParser
import Foundation
import Simulation
import Organisation
import Storage
import WhatIf
import SwitchboardCore

/// `switchboard simulate`: what-if runs of the routing engine on a virtual clock.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate queues and agents with the production routing engine; mean and 95 % interval over replications.",
        discussion: """
            Examples:
              switchboard simulate examples/simulation-two-queues.json --replications 20 --seed 1
              switchboard simulate --agents 50 --calls-per-minute 9 --aht 5m --patience 2m --duration 8h
              switchboard simulate --from-database --date 2026-11-20 --absent 5 --database sqlite://./switchboard.sqlite
            The scenario format is described in examples/README.md.
            """)

    @Argument(help: "A scenario file (JSON); or use the single-queue options below.") var scenario: String?
    @Option(help: "Independent replications.") var replications: Int = 10
    @Option(help: "Random seed: the same seed gives the same result.") var seed: UInt64 = 1
    @Option(help: "Single queue: the agents, all logged in throughout.") var agents: Int?
    @Option(help: "Single queue: calls per minute (Poisson arrivals).") var callsPerMinute: Double?
    @Option(help: "Single queue: mean handle time, exponential (5m, 300s).") var aht: String?
    @Option(help: "Single queue: callers' mean patience, exponential (2m); absent: nobody gives up.") var patience: String?
    @Option(help: "Single queue: how long to simulate (8h, 1d).") var duration: String = "8h"
    @Option(help: "Service-level threshold (20s).") var threshold: String?
    @Option(help: "Calls arriving in this first stretch are not counted (30m).") var warmUp: String?
    @Flag(help: "Replay a day of the real center (--date) against its organisation as it is now.") var fromDatabase = false
    @Option(help: "With --from-database: the day to replay, YYYY-MM-DD (in the queues' time zone).") var date: String?
    @Option(help: "With --from-database: this many of that day's agents call in sick (chosen by --seed).") var absent: Int = 0
    @Option(help: "Also write the scenario as run (JSON) to this file: edit it and run it again.") var saveScenario: String?
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Leave out the table per interval.") var noIntervals = false

    func run() async throws {
        do {
            try await simulate()
        } catch let error as SwitchboardError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }

    func load() async throws -> Scenario {
        if fromDatabase {
            guard scenario == nil, agents == nil, callsPerMinute == nil else {
                throw SwitchboardError.invalid("fromDatabase", "--from-database replays the real center; leave out the scenario file and the single-queue options.")
            }
            guard let date else { throw SwitchboardError.missing("date") }
            let logger = Console.bootstrapLogging()
            let db = try await Console.open(try database.url(), logger: logger)
            do {
                var built = try await HistoryScenario.build(OrganisationService(database: db), date: date, absent: absent, seed: seed)
                if let threshold { built.thresholdSeconds = try Quantities.seconds(threshold, field: "threshold") }
                await db.close()
                return built
            } catch {
                await db.close()
                throw error
            }
        }
        guard absent == 0, date == nil else { throw SwitchboardError.invalid("fromDatabase", "--date and --absent go with --from-database.") }
        return try quickOrFile()
    }

    func quickOrFile() throws(SwitchboardError) -> Scenario {
        let quick = agents != nil || callsPerMinute != nil || aht != nil || patience != nil
        if let scenario {
            guard !quick else { throw .invalid("scenario", "Give a scenario file or the single-queue options (--agents, …), not both.") }
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: scenario))
            } catch {
                throw .invalid("scenario", "Cannot read \(scenario): \(error.localizedDescription)")
            }
            var loaded: Scenario
            do {
                loaded = try JSONDecoder().decode(Scenario.self, from: data)
            } catch let error as DecodingError {
                throw .invalid("scenario", "\(scenario) is not a valid scenario: \(Self.describe(error))")
            } catch {
                throw .invalid("scenario", "\(scenario) is not a valid scenario: \(error)")
            }
            if let threshold { loaded.thresholdSeconds = try Quantities.seconds(threshold, field: "threshold") }
            if let warmUp { loaded.warmUpMinutes = try Quantities.seconds(warmUp, field: "warmUp") / 60 }
            return loaded
        }
        guard let agents else { throw .invalid("agents", "Give a scenario file, or --agents, --calls-per-minute and --aht for a single queue.") }
        guard let callsPerMinute else { throw .missing("callsPerMinute") }
        guard let aht else { throw .missing("aht") }
        let handle = try Quantities.seconds(aht, field: "aht")
        guard handle > 0 else { throw .invalid("aht", "The handle time must be longer than zero.") }
        let patienceSeconds = try patience.map { (text) throws(SwitchboardError) in try Quantities.seconds(text, field: "patience") }
        if let patienceSeconds, patienceSeconds <= 0 { throw .invalid("patience", "The patience must be longer than zero.") }
        guard agents >= 0 else { throw .invalid("agents", "The number of agents must be zero or more.") }
        guard callsPerMinute.isFinite, callsPerMinute >= 0 else { throw .invalid("callsPerMinute", "Calls per minute must be zero or more.") }
        return Scenario.singleQueue(
            agents: agents, callsPerMinute: callsPerMinute, handleTime: .exponential(mean: handle), patience: patienceSeconds.map { .exponential(mean: $0) },
            durationMinutes: try Quantities.seconds(duration, field: "duration") / 60,
            thresholdSeconds: try threshold.map { (text) throws(SwitchboardError) in try Quantities.seconds(text, field: "threshold") } ?? 20,
            warmUpMinutes: try warmUp.map { (text) throws(SwitchboardError) in try Quantities.seconds(text, field: "warmUp") / 60 } ?? 0)
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context.codingPath)) has the wrong type"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "not JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "unreadable"
        }
    }

    /// The result with how long the simulation took, for `--json`.
    struct Output: Encodable {
        var result: SimulationResult
        var elapsedSeconds: Double

        func encode(to encoder: any Encoder) throws {
            try result.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(elapsedSeconds, forKey: Key(stringValue: "elapsedSeconds"))
        }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }

    func simulate() async throws {
        let scenario = try await load()
        if let saveScenario {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            do {
                try encoder.encode(scenario).write(to: URL(fileURLWithPath: saveScenario))
            } catch {
                throw SwitchboardError.invalid("saveScenario", "Cannot write \(saveScenario): \(error.localizedDescription)")
            }
        }
        let clock = ContinuousClock()
        let started = clock.now
        let result = try await Simulator.run(scenario, replications: replications, seed: seed)
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(Output(result: result, elapsedSeconds: seconds)), as: UTF8.self))
            return
        }
        print("\(scenario.name ?? "Simulation"): \(result.replications) replications, seed \(result.seed), \(String(format: "%.2f", seconds)) s")
        print("Service level within \(Int(result.thresholdSeconds)) s; figures are means with their 95 % confidence interval.\n")
        printMeasures("Total", result.total)
        if result.queues.count > 1 {
            for queue in result.queues { printMeasures(queue.name, queue.measures) }
        }
        if !noIntervals {
            print("\nINTERVAL   OFFERED  ANSWERED  ABANDONED   SL(ignored)  SL(against)     ASA    OCC")
            for interval in result.intervals {
                let m = interval.measures
                let minute = Int(interval.startMinute)
                let start = String(format: "%02d:%02d", (minute / 60) % 24, minute % 60) + (minute >= 1440 ? " +\(minute / 1440)d" : "")
                print(start.padding(toLength: 9, withPad: " ", startingAt: 0)
                    + Self.pad(Self.number(m.offered), 9) + Self.pad(Self.number(m.answered), 10) + Self.pad(Self.number(m.abandoned), 11)
                    + Self.pad(Self.percent(m.serviceLevel.ignored), 14) + Self.pad(Self.percent(m.serviceLevel.countedAgainst), 13)
                    + Self.pad(m.asaSeconds.map { String(format: "%.1f s", $0.mean) } ?? "–", 8) + Self.pad(Self.percent(m.occupancy), 7))
            }
        }
    }

    func printMeasures(_ title: String, _ m: Measures) {
        print(title)
        let rows: [(String, String)] = [
            ("Offered", Self.interval(m.offered, format: "%.1f")),
            ("Answered", Self.interval(m.answered, format: "%.1f")),
            ("Abandoned", Self.interval(m.abandoned, format: "%.1f")),
            ("Otherwise ended", Self.interval(m.otherwise, format: "%.1f")),
            ("SL, abandons ignored", Self.interval(m.serviceLevel.ignored, percent: true)),
            ("SL, abandons against", Self.interval(m.serviceLevel.countedAgainst, percent: true)),
            ("SL, abandons for", Self.interval(m.serviceLevel.countedFor, percent: true)),
            ("Abandonment", Self.interval(m.abandonment, percent: true)),
            ("ASA", Self.interval(m.asaSeconds, format: "%.1f s")),
            ("Mean wait", Self.interval(m.meanWaitSeconds, format: "%.1f s")),
            ("AHT", Self.interval(m.ahtSeconds, format: "%.1f s")),
        ] + (m.occupancy.map { [("Occupancy", Self.interval($0, percent: true))] } ?? [])
        for (name, value) in rows { print("  " + name.padding(toLength: 22, withPad: " ", startingAt: 0) + value) }
    }

    static func interval(_ estimate: Estimate?, format: String = "%.1f", percent: Bool = false) -> String {
        guard let estimate else { return "–" }
        let show = { (value: Double) in percent ? String(format: "%.1f %%", value * 100) : String(format: format, value) }
        guard let low = estimate.low, let high = estimate.high else { return show(estimate.mean) }
        return "\(show(estimate.mean))  [\(show(low)) … \(show(high))]"
    }

    static func number(_ estimate: Estimate?) -> String { estimate.map { String(format: "%.1f", $0.mean) } ?? "–" }
    static func percent(_ estimate: Estimate?) -> String { estimate.map { String(format: "%.1f %%", $0.mean * 100) } ?? "–" }
    static func pad(_ text: String, _ width: Int) -> String { text.count >= width ? text : String(repeating: " ", count: width - text.count) + text }
}
