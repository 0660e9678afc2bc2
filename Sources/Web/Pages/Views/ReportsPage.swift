/// Reports in the browser (`reports.mustache`): the period, dimension and split chosen; the
/// chart, the table and the CSV link, or why there is no report.
struct ReportsPage: PageView {
    let page: PageFrame
    let period: String
    let byChoices: [PageOption]
    let perChoices: [PageOption]
    let error: String?
    let report: Shown?

    struct Shown {
        let from: String
        let to: String
        let csv: String
        /// Nil when no row has calls.
        let chart: ReportChart?
        let table: PageTable
    }
}
