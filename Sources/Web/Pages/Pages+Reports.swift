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
            let option = { (value: String, label: String, chosen: String) in
                "<option value=\"\(HTML.escape(value))\"\(value == chosen ? " selected" : "")>\(HTML.escape(label))</option>"
            }
            var content: String
            var status: HTTPResponse.Status = .ok
            do {
                let report = try await Reports(service).report(period: period, by: by, per: per, by: principal)
                let csv = "/api/v1/reports?period=\(HTML.escape(period))&amp;by=\(HTML.escape(by))&amp;per=\(HTML.escape(per))&amp;format=csv"
                content = """
                    <p class="muted">\(HTML.escape(report.from)) – \(HTML.escape(report.to)) · <a href="\(csv)" id="csv-link" download>\(t["Download CSV"])</a>
                      · <button type="button" onclick="window.print()" id="print">\(t["Print"])</button></p>
                    \(Self.chart(report, t))
                    \(Self.table(report, t))
                    """
            } catch let error as SwitchboardError {
                content = "<p class=\"error\" role=\"alert\">\(HTML.escape(error.message))</p>"
                status = error.kind == .forbidden ? .forbidden : .unprocessableContent
            }
            let body = """
                <style>
                table.report{border-collapse:collapse;font-size:.85rem;width:100%} table.report th,table.report td{border-bottom:1px solid #dde1e6;padding:.2rem .4rem;text-align:right}
                table.report th:first-child,table.report td:first-child,table.report td.name{text-align:left} tr.total td{font-weight:700;border-top:2px solid #333}
                .muted{color:#667} svg.chart{max-width:100%;height:auto;background:#fff;border:1px solid #dde1e6}
                @media print{nav,form.report-form,#print,#csv-link{display:none} body{font-size:10pt} main{padding:0}}
                </style>
                <h1>\(t["Reports"])</h1>
                <form method="get" action="/reports" class="report-form row">
                  <label>\(t["Period"])<input name="period" id="period" value="\(HTML.escape(period))" aria-label="\(t["Period: 2026, 2026-10, 2026-W41 or 2026-10-05"])"></label>
                  <label>\(t["By"])<select name="by" id="by" aria-label="\(t["By"])">\(option("queue", t["Queue"], by))\(option("team", t["Team"], by))\(option("agent", t["Agent"], by))\(option("center", t["Center"], by))</select></label>
                  <label>\(t["Per"])<select name="per" id="per" aria-label="\(t["Per"])">\(option("none", t["Whole period"], per))\(option("interval", t["15 minutes"], per))\(option("day", t["Day"], per))\(option("week", t["Week"], per))\(option("month", t["Month"], per))</select></label>
                  <button type="submit">\(t["Show"])</button>
                </form>
                \(content)
                """
            return HTML.page(title: t["Reports"], language: user.language, signedInAs: user.displayName, body: body, status: status)
        }
    }

    /// Answered and abandoned calls per row as stacked bars, with the service level written
    /// above each bar; plain SVG with text, readable on paper.
    static func chart(_ report: Report, _ t: L10n) -> String {
        let rows = Array(report.rows.filter { $0.offered > 0 || $0.answered > 0 }.prefix(62))
        guard !rows.isEmpty else { return "<p class=\"muted\" id=\"no-data\">\(t["No calls in this period."])</p>" }
        let width = max(600, rows.count * 36 + 80), height = 260, top = 24, bottom = 60, left = 50
        let plot = Double(height - top - bottom)
        let maximum = Double(rows.map { $0.answered + $0.abandoned }.max() ?? 1)
        let barWidth = max(8, (width - left - 20) / rows.count - 6)
        var parts: [String] = []
        parts.append("<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - 10)\" y2=\"\(height - bottom)\" stroke=\"#333\"/>")
        parts.append("<text x=\"4\" y=\"\(top + 4)\" font-size=\"11\">\(Int(maximum))</text><text x=\"4\" y=\"\(height - bottom)\" font-size=\"11\">0</text>")
        for (index, row) in rows.enumerated() {
            let x = left + index * (barWidth + 6) + 3
            let answered = Double(row.answered) / maximum * plot, abandoned = Double(row.abandoned) / maximum * plot
            let yAnswered = Double(height - bottom) - answered
            parts.append("<rect x=\"\(x)\" y=\"\(Int(yAnswered))\" width=\"\(barWidth)\" height=\"\(Int(answered.rounded()))\" fill=\"#2f6fde\"><title>\(HTML.escape(row.slot.isEmpty ? row.name : row.slot)): \(row.answered) \(t["answered"])</title></rect>")
            parts.append("<rect x=\"\(x)\" y=\"\(Int(yAnswered - abandoned))\" width=\"\(barWidth)\" height=\"\(Int(abandoned.rounded()))\" fill=\"#b00020\"><title>\(row.abandoned) \(t["abandoned"])</title></rect>")
            if let level = row.serviceLevel {
                parts.append("<text x=\"\(x)\" y=\"\(Int(yAnswered - abandoned) - 3)\" font-size=\"9\">\(Int((level * 100).rounded()))%</text>")
            }
            let label = HTML.escape(String((row.slot.isEmpty ? row.name : row.slot).suffix(12)))
            parts.append("<text x=\"\(x)\" y=\"\(height - bottom + 12)\" font-size=\"9\" transform=\"rotate(40 \(x) \(height - bottom + 12))\">\(label)</text>")
        }
        parts.append("<rect x=\"\(width - 200)\" y=\"6\" width=\"10\" height=\"10\" fill=\"#2f6fde\"/><text x=\"\(width - 186)\" y=\"15\" font-size=\"11\">\(t["answered"])</text>")
        parts.append("<rect x=\"\(width - 110)\" y=\"6\" width=\"10\" height=\"10\" fill=\"#b00020\"/><text x=\"\(width - 96)\" y=\"15\" font-size=\"11\">\(t["abandoned"])</text>")
        return "<svg class=\"chart\" id=\"report-chart\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(t["Answered and abandoned calls"])\">\(parts.joined())</svg>"
    }

    static func table(_ report: Report, _ t: L10n) -> String {
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
            let cells = (split ? [HTML.escape(row.slot)] : []) + [HTML.escape(name), "\(row.offered)", "\(row.answered)", "\(row.abandoned) (\(row.shortAbandoned))",
                pct(row.serviceLevel), pct(row.serviceLevelAbandonsAgainst), pct(row.serviceLevelAbandonsFor), clock(row.asaSeconds), clock(row.ahtSeconds),
                hours(row.talkSeconds), hours(row.holdSeconds), hours(row.wrapUpSeconds), "\(row.transfers)", "\(row.escalations)", pct(row.occupancy),
                hours(row.loggedInSeconds), hours(row.notReadySeconds)]
            return "<tr\(total ? " class=\"total\"" : "")>" + cells.enumerated().map { column, cell in
                column == (split ? 1 : 0) ? "<td class=\"name\">\(cell)</td>" : "<td>\(cell)</td>"
            }.joined() + "</tr>"
        }
        return "<table class=\"report\" id=\"report-table\"><thead><tr>" + head.map { "<th scope=\"col\">\(t[$0])</th>" }.joined() + "</tr></thead><tbody>" + rows.joined() + "</tbody></table>"
    }
}
