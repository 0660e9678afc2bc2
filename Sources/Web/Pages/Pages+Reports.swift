import Foundation
import Hummingbird
import Organisation
import SwitchboardCore

/// Reports in the browser (`/reports`): choose a period, a dimension and a split; a chart drawn
/// on the server as SVG (so it prints), the table, and the same report as CSV.
extension Pages {
    func registerReports(on router: Router<AppContext>) {
        router.get("reports") { request, context in
            guard let user = context.user, let principal = context.principal else { return HTML.redirect(to: "/sign-in") }
            let t = L10n(user.language)
            let query = request.uri.queryParameters
            // This month in the center's time zone, as the figures are.
            let today = Reports(service).reportsToday()
            let period = String(query["period"] ?? Substring(String(today.description.prefix(7))))
            let leader = principal.seesOnlyOwnTeam
            let by = String(query["by"] ?? (leader ? "agent" : "queue"))
            let per = String(query["per"] ?? "none")
            let option = { (value: String, label: String, chosen: String) in PageOption(value: value, label: label, selected: value == chosen) }
            var shown: ReportsPage.Shown?
            var error: String?
            var status: HTTPResponse.Status = .ok
            do {
                let report = try await Reports(service).report(period: period, by: by, per: per, by: principal)
                var csv = URLComponents()
                csv.path = "/api/v1/reports"
                csv.queryItems = [.init(name: "period", value: period), .init(name: "by", value: by), .init(name: "per", value: per), .init(name: "format", value: "csv")]
                shown = ReportsPage.Shown(from: report.from, to: report.to, csv: csv.string ?? "/api/v1/reports", chart: ReportChart(report), table: Self.table(report, t))
            } catch let failure as SwitchboardError {
                error = failure.message
                status = failure.kind == .forbidden ? .forbidden : .unprocessableContent
            }
            let view = ReportsPage(
                page: PageFrame(title: t["Reports"], language: user.language, signedInAs: user.displayName), period: period,
                byChoices: [option("queue", t["Queue"], by), option("team", t["Team"], by), option("agent", t["Agent"], by), option("center", t["Center"], by)],
                perChoices: [
                    option("none", t["Whole period"], per), option("interval", t["15 minutes"], per), option("day", t["Day"], per),
                    option("week", t["Week"], per), option("month", t["Month"], per),
                ],
                error: error, report: shown)
            return HTML.render("reports", view, status: status)
        }
    }

    /// The report's figures as a table: a row per queue, team or agent (and slot), then the total.
    static func table(_ report: Report, _ t: L10n) -> PageTable {
        func pct(_ v: Double?) -> String { v.map { String(format: "%.1f %%", $0 * 100) } ?? "–" }
        func clock(_ v: Double?) -> String { v.map { "\(Int($0) / 60):\(String(format: "%02d", Int($0) % 60))" } ?? "–" }
        func hours(_ v: Double?) -> String { v.map { String(format: "%.1f", $0 / 3600) } ?? "–" }
        let split = report.per != .none
        let head = (split ? ["Slot"] : []) + [report.by == "center" ? "Center" : report.by.capitalized, "Offered", "Answered", "Abandoned (short)",
            "Service level", "SL, abandons against", "SL, abandons for", "ASA", "AHT", "Talk h", "Hold h", "Wrap-up h", "Transfers", "Escalations",
            "Occupancy", "Logged in h", "Not ready h"]
        let rows = (report.rows + [report.total]).enumerated().map { index, row in
            let total = index == report.rows.count
            // The names the report gives its own rows are words to translate; the others are names.
            let name = total || ["Center", "No agent", "No team"].contains(row.name) ? t[row.name] : row.name
            let cells = (split ? [row.slot] : []) + [name, "\(row.offered)", "\(row.answered)", "\(row.abandoned) (\(row.shortAbandoned))",
                pct(row.serviceLevel), pct(row.serviceLevelAbandonsAgainst), pct(row.serviceLevelAbandonsFor), clock(row.asaSeconds), clock(row.ahtSeconds),
                hours(row.talkSeconds), hours(row.holdSeconds), hours(row.wrapUpSeconds), "\(row.transfers)", "\(row.escalations)", pct(row.occupancy),
                hours(row.loggedInSeconds), hours(row.notReadySeconds)]
            return PageTable.Row(
                cells: cells.enumerated().map { column, cell in PageTable.Cell(cell, cellClass: column == (split ? 1 : 0) ? "name" : nil) },
                rowClass: total ? "total" : nil)
        }
        return PageTable(id: "report-table", headers: head.map { t[$0] }, rows: rows)
    }
}
