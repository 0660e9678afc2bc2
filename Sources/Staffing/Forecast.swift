import SwitchboardCore

/// One interval of a forecast: when it starts, the calls expected and their handle time.
public struct ForecastRow: Sendable, Equatable, Codable {
    public var start: String
    public var calls: Double
    public var ahtSeconds: Double

    public init(start: String, calls: Double, ahtSeconds: Double) {
        self.start = start
        self.calls = calls
        self.ahtSeconds = ahtSeconds
    }
}

/// The figures for one staffing answer, as the CLI's `--json` and the API print them.
public struct StaffingFigures: Sendable, Equatable, Codable {
    public var start: String?
    public var calls: Double
    public var ahtSeconds: Double
    public var offeredLoad: Double
    public var agents: Int
    public var positions: Int
    /// Within the request's threshold, under the goal's treatment (ignored abandons by default).
    public var serviceLevel: Double
    public var serviceLevels: ServiceLevels
    public var thresholdSeconds: Double
    public var probabilityOfWaiting: Double
    public var asaSeconds: Double?
    public var occupancy: Double
    public var abandonment: Double?

    enum CodingKeys: String, CodingKey {
        case start, calls, ahtSeconds, offeredLoad, agents, positions, serviceLevel, serviceLevels, thresholdSeconds, probabilityOfWaiting,
            asaSeconds, occupancy, abandonment
    }

    /// Absent figures are written as null, so every answer has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(start, forKey: .start)
        try container.encode(calls, forKey: .calls)
        try container.encode(ahtSeconds, forKey: .ahtSeconds)
        try container.encode(offeredLoad, forKey: .offeredLoad)
        try container.encode(agents, forKey: .agents)
        try container.encode(positions, forKey: .positions)
        try container.encode(serviceLevel, forKey: .serviceLevel)
        try container.encode(serviceLevels, forKey: .serviceLevels)
        try container.encode(thresholdSeconds, forKey: .thresholdSeconds)
        try container.encode(probabilityOfWaiting, forKey: .probabilityOfWaiting)
        try container.encode(asaSeconds, forKey: .asaSeconds)
        try container.encode(occupancy, forKey: .occupancy)
        try container.encode(abandonment, forKey: .abandonment)
    }

    public init(_ answer: StaffingAnswer, request: StaffingRequest, calls: Double, start: String? = nil) {
        self.start = start
        self.calls = calls
        self.ahtSeconds = request.traffic.handleSeconds
        self.offeredLoad = answer.offeredLoad
        self.agents = answer.agents
        self.positions = answer.positions
        var treatment = KPI.AbandonTreatment.ignored
        if case .serviceLevel(_, _, let chosen) = request.goal { treatment = chosen }
        self.serviceLevel = answer.performance.serviceLevel[treatment]
        self.serviceLevels = answer.performance.serviceLevel
        self.thresholdSeconds = request.thresholdSeconds
        self.probabilityOfWaiting = answer.performance.probabilityOfWaiting
        self.asaSeconds = answer.performance.asaSeconds
        self.occupancy = answer.performance.occupancy
        self.abandonment = answer.performance.abandonment
    }
}

/// What every interval of a plan shares: the goal and the planner's limits.
public struct StaffingPolicy: Sendable, Equatable {
    public var intervalSeconds: Double
    public var goal: StaffingGoal
    public var thresholdSeconds: Double
    public var shrinkage: Double
    public var maxOccupancy: Double
    public var patienceSeconds: Double?

    public init(intervalSeconds: Double, goal: StaffingGoal, thresholdSeconds: Double = 20, shrinkage: Double = 0, maxOccupancy: Double = 1,
                patienceSeconds: Double? = nil) {
        self.intervalSeconds = intervalSeconds
        self.goal = goal
        self.thresholdSeconds = thresholdSeconds
        self.shrinkage = shrinkage
        self.maxOccupancy = maxOccupancy
        self.patienceSeconds = patienceSeconds
    }

    /// With callers who give up, "abandons ignored" would let a queue meet its target by
    /// losing callers; abandons then count against unless the planner says otherwise.
    public static func defaultTreatment(withPatience: Bool) -> KPI.AbandonTreatment {
        withPatience ? .countedAgainst : .ignored
    }

    /// The answer for one interval's calls and handle time.
    public func solve(calls: Double, ahtSeconds: Double, start: String? = nil) throws(SwitchboardError) -> StaffingFigures {
        let traffic = try Traffic(calls: calls, intervalSeconds: intervalSeconds, handleSeconds: ahtSeconds, patienceSeconds: patienceSeconds)
        let request = try StaffingRequest(traffic: traffic, goal: goal, thresholdSeconds: thresholdSeconds, shrinkage: shrinkage, maxOccupancy: maxOccupancy)
        return StaffingFigures(try Staffing.solve(request), request: request, calls: calls, start: start)
    }

    /// Every interval of a forecast; an error names the row it is about.
    public func plan(_ rows: [ForecastRow], rowName: (Int) -> String = { "forecast[\($0)]" }) throws(SwitchboardError) -> [StaffingFigures] {
        var figures: [StaffingFigures] = []
        figures.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            do {
                figures.append(try solve(calls: row.calls, ahtSeconds: row.ahtSeconds, start: row.start))
            } catch {
                throw .invalid("\(rowName(index)).\(error.field ?? "calls")", "\(rowName(index)): \(error.message)")
            }
        }
        return figures
    }
}

/// A forecast file: CSV with the header `start,calls,aht` (handle time in seconds), one row
/// per interval.
public enum Forecast {
    public static func parse(_ text: String) throws(SwitchboardError) -> [ForecastRow] {
        // Bytes, not Characters: a planner's year of quarter hours is 35,000 lines.
        var lines = Array(text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        }
        while let last = lines.last, last.allSatisfy(isSpace) { lines.removeLast() }
        guard let headerLine = lines.first else { throw .invalid("forecast", "The forecast is empty; it needs the header start,calls,aht.") }
        let header = fields(headerLine).map { String(decoding: $0, as: UTF8.self).lowercased() }
        guard let startColumn = header.firstIndex(of: "start"), let callsColumn = header.firstIndex(of: "calls"),
            let ahtColumn = header.firstIndex(of: "aht")
        else {
            throw .invalid("forecast", "The first line must name the columns start,calls,aht (got '\(String(decoding: headerLine.prefix(80), as: UTF8.self))').")
        }
        var rows: [ForecastRow] = []
        rows.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated().dropFirst() where !line.allSatisfy(isSpace) {
            let values = fields(line)
            let lineNumber = index + 1
            guard values.count == header.count else {
                throw .invalid("forecast", "Line \(lineNumber) has \(values.count) fields; the header has \(header.count).")
            }
            guard let calls = number(values[callsColumn]) else {
                throw .invalid("calls", "Line \(lineNumber): calls must be a number (got '\(String(decoding: values[callsColumn], as: UTF8.self))').")
            }
            guard let aht = number(values[ahtColumn]) else {
                throw .invalid("aht", "Line \(lineNumber): aht must be a number of seconds (got '\(String(decoding: values[ahtColumn], as: UTF8.self))').")
            }
            rows.append(ForecastRow(start: String(decoding: values[startColumn], as: UTF8.self), calls: calls, ahtSeconds: aht))
        }
        guard !rows.isEmpty else { throw .invalid("forecast", "The forecast has a header but no intervals.") }
        return rows
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }

    /// A number: plain decimals (`120`, `-3`, `95.25`) are read straight from the bytes — exact,
    /// since both the digits and the power of ten are whole numbers a Double holds — anything
    /// else (exponents, many digits) by the standard library.
    static func number(_ bytes: ArraySlice<UInt8>) -> Double? {
        var mantissa: UInt64 = 0
        var digits = 0
        var decimals = 0
        var seenPoint = false
        var negative = false
        var index = bytes.startIndex
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var plain = index < bytes.endIndex
        while plain, index < bytes.endIndex {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                guard digits < 15 else { plain = false; break }  // more digits: the standard library reads it
                mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
                digits += 1
                if seenPoint { decimals += 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                plain = false
            }
            index += 1
        }
        if plain, digits > 0, digits <= 15 {
            let value = Double(mantissa) / powersOfTen[decimals]
            return negative ? -value : value
        }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    static let powersOfTen: [Double] = (0...15).map { exponent in (0..<exponent).reduce(1.0) { value, _ in value * 10 } }

    /// The fields of one line, trimmed; a field in double quotes may hold commas (and `""`
    /// stands for a quote inside one).
    static func fields(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        if !line.contains(UInt8(ascii: "\"")) {
            // The usual line: cut at the commas, no copying.
            return line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map(trimmed)
        }
        // A quoted field: the shared reader, back to bytes.
        return CSV.fields(String(decoding: line, as: UTF8.self)).map { Array($0.utf8)[...] }
    }

    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, isSpace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isSpace(last) { slice = slice.dropLast() }
        return slice
    }
}
