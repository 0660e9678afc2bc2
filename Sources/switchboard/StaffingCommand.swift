import ArgumentParser
import Foundation
import Staffing
import SwitchboardCore

/// `switchboard staffing`: how many agents an interval needs (Erlang C, or Erlang A with
/// `--patience`), for one interval or for every row of a forecast.
struct StaffingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staffing",
        abstract: "How many agents a queue needs for a service-level, speed-of-answer or abandonment target.",
        discussion: """
            Examples:
              switchboard staffing --calls 100 --interval 30m --aht 180s --target 80/20 --shrinkage 30%
              switchboard staffing --calls 600 --interval 1h --aht 5m --patience 2m --abandonment 5%
              switchboard staffing --forecast tomorrow.csv --interval 30m --target 80/20 --json
            A forecast is CSV with the header start,calls,aht (aht in seconds), one row per interval.
            Without --patience callers never give up (Erlang C); with it they do (Erlang A).
            """)

    @Option(help: "Calls offered in the interval.") var calls: Double?
    @Option(help: "The interval's length (30m, 1h, 900s).") var interval: String = "30m"
    @Option(help: "Average handle time: talk, hold and wrap-up (180s, 5m).") var aht: String?
    @Option(help: "Service-level target: percent within seconds, e.g. 80/20.") var target: String?
    @Option(help: "Target average speed of answer instead (30s).") var asa: String?
    @Option(help: "Target abandonment instead (5%); needs --patience.") var abandonment: String?
    @Option(help: "How a service level treats abandoned calls: ignored, countedAgainst or countedFor (default: countedAgainst with --patience, where abandons happen; else ignored).")
    var treatment: String?
    @Option(help: "Threshold for the service level printed when the target is not a service level.") var threshold: String = "20s"
    @Option(help: "Share of paid time off the phones (30%).") var shrinkage: String = "0%"
    @Option(help: "The highest occupancy allowed (85%).") var maxOccupancy: String = "100%"
    @Option(help: "Callers' mean patience (2m): use Erlang A, where callers give up.") var patience: String?
    @Option(help: "A forecast CSV (start,calls,aht): answer each interval.") var forecast: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        do {
            try answer()
        } catch let error as SwitchboardError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }

    func policy() throws(SwitchboardError) -> StaffingPolicy {
        let abandonTreatment: KPI.AbandonTreatment
        if let treatment {
            guard let chosen = KPI.AbandonTreatment(rawValue: treatment) else {
                throw .invalid("treatment", "'\(treatment)' is not a treatment; choose ignored, countedAgainst or countedFor.")
            }
            abandonTreatment = chosen
        } else {
            abandonTreatment = StaffingPolicy.defaultTreatment(withPatience: patience != nil)
        }
        let goals = [target, asa, abandonment].compactMap { $0 }
        guard goals.count == 1 else {
            throw .invalid("target", goals.isEmpty ? "Give a target: --target 80/20, --asa 30s or --abandonment 5%." : "Give one target, not \(goals.count).")
        }
        let goal: StaffingGoal
        if let target {
            let (fraction, seconds) = try Quantities.serviceLevel(target)
            goal = .serviceLevel(fraction, withinSeconds: seconds, treatment: abandonTreatment)
        } else if let asa {
            goal = .averageSpeedOfAnswer(seconds: try Quantities.seconds(asa, field: "asa"))
        } else {
            goal = .abandonment(try Quantities.fraction(abandonment!, field: "abandonment"))
        }
        return StaffingPolicy(
            intervalSeconds: try Quantities.seconds(interval, field: "interval"), goal: goal,
            thresholdSeconds: try Quantities.seconds(threshold, field: "threshold"),
            shrinkage: try Quantities.fraction(shrinkage, field: "shrinkage"),
            maxOccupancy: try Quantities.fraction(maxOccupancy, field: "maxOccupancy"),
            patienceSeconds: try patience.map { (text) throws(SwitchboardError) in try Quantities.seconds(text, field: "patience") })
    }

    func answer() throws {
        let policy = try policy()
        if let forecast {
            guard calls == nil, aht == nil else { throw SwitchboardError.invalid("forecast", "Give --forecast or --calls and --aht, not both.") }
            let text: String
            do {
                text = try String(contentsOfFile: forecast, encoding: .utf8)
            } catch {
                throw SwitchboardError.invalid("forecast", "Cannot read \(forecast): \(error.localizedDescription)")
            }
            let clock = ContinuousClock()
            let started = clock.now
            let rows = try Forecast.parse(text)
            let figures = try policy.plan(rows, rowName: { "line \($0 + 2)" })
            let elapsed = clock.now - started
            if json {
                print(try Self.encode(Plan(intervals: figures, computeSeconds: Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))))
            } else {
                printTable(figures, policy: policy)
                print("Computed \(figures.count) intervals in \(elapsed.formatted(.units(allowed: [.milliseconds], fractionalPart: .show(length: 1)))).")
            }
            return
        }
        guard let calls else { throw SwitchboardError.missing("calls") }
        guard let aht else { throw SwitchboardError.missing("aht") }
        let figures = try policy.solve(calls: calls, ahtSeconds: try Quantities.seconds(aht, field: "aht"))
        if json {
            print(try Self.encode(figures))
        } else {
            printOne(figures, policy: policy)
        }
    }

    /// A forecast's answers, and how long reading and solving them took (not printing).
    struct Plan: Encodable {
        var intervals: [StaffingFigures]
        var computeSeconds: Double
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func percent(_ fraction: Double) -> String { String(format: "%.1f %%", fraction * 100) }
    static func seconds(_ value: Double?) -> String { value.map { String(format: "%.1f s", $0) } ?? "unbounded" }

    func printOne(_ f: StaffingFigures, policy: StaffingPolicy) {
        let model = policy.patienceSeconds == nil ? "Erlang C" : "Erlang A"
        print("Offered load       \(String(format: "%.2f", f.offeredLoad)) Erlangs (\(model))")
        print("Agents (raw)       \(f.agents)")
        print("Positions          \(f.positions)" + (policy.shrinkage > 0 ? " (after \(Self.percent(policy.shrinkage)) shrinkage)" : ""))
        print("Service level      \(Self.percent(f.serviceLevel)) within \(String(format: "%.0f", f.thresholdSeconds)) s")
        print("P(wait)            \(Self.percent(f.probabilityOfWaiting))")
        print("ASA                \(Self.seconds(f.asaSeconds))")
        print("Occupancy          \(Self.percent(f.occupancy))")
        if let abandonment = f.abandonment { print("Abandonment        \(Self.percent(abandonment))") }
    }

    func printTable(_ figures: [StaffingFigures], policy: StaffingPolicy) {
        let abandon = policy.patienceSeconds != nil
        let width = max(5, figures.map { ($0.start ?? "").count }.max() ?? 0)
        func pad(_ text: String, _ n: Int) -> String { text.count >= n ? text : String(repeating: " ", count: n - text.count) + text }
        print("START".padding(toLength: width, withPad: " ", startingAt: 0) + pad("CALLS", 9) + pad("AHT", 7) + pad("LOAD", 9) + pad("AGENTS", 8)
            + pad("POSITIONS", 11) + pad("SL", 9) + pad("P(WAIT)", 9) + pad("ASA", 10) + pad("OCC", 9) + (abandon ? pad("ABANDON", 9) : ""))
        for f in figures {
            print((f.start ?? "").padding(toLength: width, withPad: " ", startingAt: 0) + pad(String(format: "%.1f", f.calls), 9)
                + pad(String(format: "%.0f", f.ahtSeconds), 7) + pad(String(format: "%.2f", f.offeredLoad), 9) + pad("\(f.agents)", 8)
                + pad("\(f.positions)", 11) + pad(Self.percent(f.serviceLevel), 9) + pad(Self.percent(f.probabilityOfWaiting), 9)
                + pad(Self.seconds(f.asaSeconds), 10) + pad(Self.percent(f.occupancy), 9)
                + (abandon ? pad(Self.percent(f.abandonment ?? 0), 9) : ""))
        }
        let peak = figures.max { $0.agents < $1.agents }
        if let peak { print("Peak: \(peak.agents) agents, \(peak.positions) positions at \(peak.start ?? "")") }
    }
}
