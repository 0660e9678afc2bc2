import Storage
import SwitchboardCore

/// Where reports read their figures: 15-minute aggregates of visits, calls and agent-state
/// time, summed over local days. `DatabaseReportStore` keeps them in the database beside the
/// call records; `InMemoryReportStore` holds what a test puts in.
public protocol ReportStore: Sendable {
    /// Brings the aggregates up to date with the call records; how many intervals it recomputed.
    func catchUp(zone: ReportZone) async throws -> Int
    /// The sums over local days [fromDay, toDay), grouped by the dimension (nil: the center)
    /// and the time key.
    func sums(by dimension: ReportRepository.Dimension?, time: ReportRepository.TimeKey, fromDay: Int64, toDay: Int64) async throws -> ReportSums
}

/// The three aggregates' sums for one report.
public struct ReportSums: Sendable {
    public var visits: [ReportRepository.Sums]
    public var calls: [ReportRepository.Sums]
    public var states: [ReportRepository.StateSum]

    public init(visits: [ReportRepository.Sums], calls: [ReportRepository.Sums], states: [ReportRepository.StateSum]) {
        self.visits = visits
        self.calls = calls
        self.states = states
    }
}
