import SwitchboardCore

/// Answered and abandoned calls per report row as stacked bars, the service level above each
/// bar; laid out here, drawn as SVG by `reports.mustache` (plain SVG with text: it prints).
struct ReportChart {
    let width: Int
    let height: Int
    let left: Int
    let axisY: Int
    let axisEnd: Int
    let topLabelY: Int
    let maximum: Int
    let barWidth: Int
    let bars: [Bar]
    let legendAnswered: Int
    let legendAnsweredText: Int
    let legendAbandoned: Int
    let legendAbandonedText: Int

    struct Bar {
        let x: Int
        let name: String
        let answered: Int
        let abandoned: Int
        let answeredY: Int
        let answeredHeight: Int
        let abandonedY: Int
        let abandonedHeight: Int
        /// "87%" when the row has a service level.
        let level: String?
        let levelY: Int
        let label: String
        let labelY: Int
    }

    /// At most 62 bars (a month of days); nil when no row has calls.
    init?(_ report: Report) {
        let rows = Array(report.rows.filter { $0.offered > 0 || $0.answered > 0 }.prefix(62))
        guard !rows.isEmpty else { return nil }
        let width = max(600, rows.count * 36 + 80), height = 260, top = 24, bottom = 60, left = 50
        let plot = Double(height - top - bottom)
        let maximum = Double(rows.map { $0.answered + $0.abandoned }.max() ?? 1)
        let barWidth = max(8, (width - left - 20) / rows.count - 6)
        self.width = width
        self.height = height
        self.left = left
        self.axisY = height - bottom
        self.axisEnd = width - 10
        self.topLabelY = top + 4
        self.maximum = Int(maximum)
        self.barWidth = barWidth
        self.bars = rows.enumerated().map { index, row in
            let x = left + index * (barWidth + 6) + 3
            let answered = Double(row.answered) / maximum * plot, abandoned = Double(row.abandoned) / maximum * plot
            let yAnswered = Double(height - bottom) - answered
            let name = row.slot.isEmpty ? row.name : row.slot
            return Bar(
                x: x, name: name, answered: row.answered, abandoned: row.abandoned, answeredY: Int(yAnswered), answeredHeight: Int(answered.rounded()),
                abandonedY: Int(yAnswered - abandoned), abandonedHeight: Int(abandoned.rounded()),
                level: row.serviceLevel.map { "\(Int(($0 * 100).rounded()))%" }, levelY: Int(yAnswered - abandoned) - 3,
                label: String(name.suffix(12)), labelY: height - bottom + 12)
        }
        self.legendAnswered = width - 200
        self.legendAnsweredText = width - 186
        self.legendAbandoned = width - 110
        self.legendAbandonedText = width - 96
    }
}
