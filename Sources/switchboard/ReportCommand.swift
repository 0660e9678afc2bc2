import ArgumentParser
import Foundation
import Organisation
import Storage
import SwitchboardCore

/// `switchboard report --period 2026-10 --by agent --format csv|json|table`.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print a report per queue, team or agent for a day, week, month or year (CSV, JSON or a table).",
        discussion: """
            Periods: 2026 (a year), 2026-10 (a month), 2026-W41 (an ISO week), 2026-10-05 (a day), in the server's time zone.
            --per splits the period into rows per interval (15 minutes; a day or week only), day, week or month.
            CSV is RFC 4180, UTF-8 with a byte-order mark so that Excel opens it; its columns are named in words.
            """)

    @Option(help: "The period: 2026, 2026-10, 2026-W41 or 2026-10-05.") var period: String
    @Option(help: "queue, team, agent or center.") var by = "queue"
    @Option(help: "none, interval, day, week or month.") var per = "none"
    @Option(help: "csv, json or table.") var format = "table"
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Print how long the report took to read and compute (to standard error).") var timing = false

    func run() async throws {
        try await Console.run {
            guard ["csv", "json", "table"].contains(format) else { throw SwitchboardError.invalid("format", "format is csv, json or table.") }
            let logger = Console.bootstrapLogging()
            let db = try await Console.open(try database.url(), logger: logger)
            let report: Report
            let started = ContinuousClock.now
            do {
                report = try await Reports(OrganisationService(database: db)).report(period: period, by: by, per: per, by: .console)
            } catch {
                await db.close()
                throw error
            }
            let took = ContinuousClock.now - started
            await db.close()
            switch format {
            case "csv": FileHandle.standardOutput.write(Data(report.csv().utf8))
            case "json":
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            default: print(Self.table(report))
            }
            if timing {
                FileHandle.standardError.write(Data("report: \(report.rows.count) rows in \(took.components.seconds * 1000 + took.components.attoseconds / 1_000_000_000_000_000) ms\n".utf8))
            }
        }
    }

    static func table(_ report: Report) -> String {
        func pct(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "–" }
        func secs(_ v: Double?) -> String { v.map { String(format: "%.0f", $0) } ?? "–" }
        var lines = ["\(report.by) report \(report.period) (\(report.from) – \(report.to))\(report.per == .none ? "" : ", per \(report.per.rawValue)")"]
        let header = [report.per == .none ? nil : "slot", report.by, "offered", "answered", "abandoned", "SL", "ASA s", "AHT s", "hold", "transfers", "occupancy"]
            .compactMap { $0 }
        var rows: [[String]] = [header]
        for row in report.rows + [report.total] {
            var fields = [row.name, String(row.offered), String(row.answered), "\(row.abandoned) (\(row.shortAbandoned) short)", pct(row.serviceLevel),
                          secs(row.asaSeconds), secs(row.ahtSeconds), String(row.holdCount), String(row.transfers), pct(row.occupancy)]
            if report.per != .none { fields.insert(row.slot, at: 0) }
            rows.append(fields)
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            lines.append(row.enumerated().map { index, field in
                index <= (report.per == .none ? 0 : 1) ? field.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - field.count) + field
            }.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }
}
