import Storage
import SwitchboardCore

/// Report aggregates in memory: the fake behind `Reports` in tests of its rules. A test adds
/// 15-minute rows as the database's catch-up would have stored them; sums group them as the
/// database does (by queue, agent or team, and per interval, local day or not at all).
public actor InMemoryReportStore: ReportStore {
    /// One aggregate row: its dimensions, the interval's start and local day, and its values.
    public struct Row: Sendable {
        public var queueId: Int64
        public var agentId: Int64
        public var teamId: Int64
        public var bucket: Int64
        public var localDay: Int64
        public var values: [String: Int64]

        public init(queueId: Int64 = 0, agentId: Int64 = 0, teamId: Int64 = 0, bucket: Int64, localDay: Int64, values: [String: Int64]) {
            self.queueId = queueId
            self.agentId = agentId
            self.teamId = teamId
            self.bucket = bucket
            self.localDay = localDay
            self.values = values
        }
    }

    private var visits: [Row] = []
    private var calls: [Row] = []
    private var states: [(row: Row, state: String, reason: String, ms: Int64)] = []
    /// How often a report asked for a catch-up.
    public private(set) var catchUps = 0

    public init() {}

    public func addVisits(_ row: Row) { visits.append(row) }
    public func addCalls(_ row: Row) { calls.append(row) }
    public func addState(_ row: Row, state: String, reason: String = "", ms: Int64) { states.append((row, state, reason, ms)) }

    public func catchUp(zone: ReportZone) async throws -> Int {
        catchUps += 1
        return 0
    }

    public func sums(by dimension: ReportRepository.Dimension?, time: ReportRepository.TimeKey, fromDay: Int64, toDay: Int64) async throws -> ReportSums {
        func key(_ row: Row) -> (dimension: Int64, time: Int64) {
            let id: Int64 = switch dimension {
            case .queue: row.queueId
            case .agent: row.agentId
            case .team: row.teamId
            case nil: 0
            }
            let t: Int64 = switch time {
            case .none: 0
            case .interval: row.bucket
            case .day: row.localDay
            }
            return (id, t)
        }
        func summed(_ rows: [Row], _ columns: [String]) -> [ReportRepository.Sums] {
            var sums: [[Int64]: [String: Int64]] = [:]
            for row in rows where row.localDay >= fromDay && row.localDay < toDay {
                let k = key(row)
                var values = sums[[k.dimension, k.time], default: Dictionary(uniqueKeysWithValues: columns.map { ($0, 0) })]
                for column in columns { values[column, default: 0] += row.values[column] ?? 0 }
                sums[[k.dimension, k.time]] = values
            }
            return sums.map { ReportRepository.Sums(dimension: $0.key[0], time: $0.key[1], values: $0.value) }
        }
        struct StateKey: Hashable { var dimension: Int64, time: Int64, state: String, reason: String }
        var stateSums: [StateKey: Int64] = [:]
        for entry in states where entry.row.localDay >= fromDay && entry.row.localDay < toDay {
            let k = key(entry.row)
            stateSums[StateKey(dimension: k.dimension, time: k.time, state: entry.state, reason: entry.reason), default: 0] += entry.ms
        }
        return ReportSums(
            visits: summed(visits, ReportRepository.visitColumns), calls: summed(calls, ReportRepository.callColumns),
            states: stateSums.map { ($0.key.dimension, $0.key.time, $0.key.state, $0.key.reason, $0.value) })
    }
}
