import Hummingbird
import Organisation
import Staffing
import SwitchboardCore

/// `POST /api/v1/staffing`: the agents an interval needs, or every interval of a forecast —
/// the same computation as `switchboard staffing`.
struct StaffingAPI {
    /// Percentages as numbers (80 for 80 %), durations in seconds, as elsewhere in the API.
    struct Body: Decodable {
        struct Target: Decodable {
            var serviceLevelPercent: Double
            var seconds: Double
        }

        struct Row: Decodable {
            var start: String
            var calls: Double
            var ahtSeconds: Double
        }

        var calls: Double?
        var ahtSeconds: Double?
        var intervalSeconds: Double?
        var target: Target?
        var asaSeconds: Double?
        var abandonmentPercent: Double?
        var treatment: KPI.AbandonTreatment?
        var thresholdSeconds: Double?
        var shrinkagePercent: Double?
        var maxOccupancyPercent: Double?
        var patienceSeconds: Double?
        var forecast: [Row]?
    }

    struct Plan: Encodable {
        var intervals: [StaffingFigures]
    }

    func register(on api: RouterGroup<AppContext>) {
        api.post("staffing") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try principal.require(.read, .staffing)
            // A year of quarter hours fits: 35,040 rows of about 70 bytes.
            let body = try await request.decodeJSON(Body.self, context: context, limit: 8 << 20)
            let policy = try Self.policy(body)
            if let forecast = body.forecast {
                guard body.calls == nil, body.ahtSeconds == nil else {
                    throw SwitchboardError.invalid("forecast", "Send forecast or calls and ahtSeconds, not both.")
                }
                guard forecast.count <= 200_000 else { throw SwitchboardError.invalid("forecast", "At most 200,000 intervals at once.") }
                // The work grows with the load of each row: keep one request to a few seconds
                // (the command line has no such limit).
                let work = forecast.reduce(0.0) { $0 + max(0, $1.calls) * max(0, $1.ahtSeconds) / max(1, body.intervalSeconds ?? 1800) + 1 }
                guard work <= 20_000_000 else {
                    throw SwitchboardError.invalid("forecast", "The forecast is too large for one request (its loads add up to over 20 million Erlangs); use switchboard staffing --forecast.")
                }
                let rows = forecast.map { ForecastRow(start: $0.start, calls: $0.calls, ahtSeconds: $0.ahtSeconds) }
                do {
                    return JSONResponse.make(Plan(intervals: try policy.plan(rows)))
                } catch let error as SwitchboardError {
                    let field = (error.field ?? "forecast").replacingSuffix(".aht", with: ".ahtSeconds")
                    throw SwitchboardError.invalid(field, error.message)
                }
            }
            guard let calls = body.calls else { throw SwitchboardError.missing("calls") }
            guard let aht = body.ahtSeconds else { throw SwitchboardError.missing("ahtSeconds") }
            do {
                return JSONResponse.make(try policy.solve(calls: calls, ahtSeconds: aht))
            } catch let error as SwitchboardError {
                // The API names its fields as they are sent.
                throw SwitchboardError.invalid(Self.fieldNames[error.field ?? ""] ?? error.field ?? "calls", error.message)
            }
        }
    }

    static let fieldNames = [
        "aht": "ahtSeconds", "interval": "intervalSeconds", "patience": "patienceSeconds", "target": "target",
        "shrinkage": "shrinkagePercent", "maxOccupancy": "maxOccupancyPercent", "abandonment": "abandonmentPercent", "asa": "asaSeconds",
        "threshold": "thresholdSeconds",
    ]

    static func policy(_ body: Body) throws(SwitchboardError) -> StaffingPolicy {
        let goals = [body.target != nil, body.asaSeconds != nil, body.abandonmentPercent != nil].filter { $0 }.count
        guard goals == 1 else {
            throw .invalid("target", goals == 0
                ? "Give one target: target {serviceLevelPercent, seconds}, asaSeconds or abandonmentPercent."
                : "Give one target, not \(goals).")
        }
        let goal: StaffingGoal
        if let target = body.target {
            goal = .serviceLevel(
                target.serviceLevelPercent / 100, withinSeconds: target.seconds,
                treatment: body.treatment ?? StaffingPolicy.defaultTreatment(withPatience: body.patienceSeconds != nil))
        } else if let asa = body.asaSeconds {
            goal = .averageSpeedOfAnswer(seconds: asa)
        } else {
            goal = .abandonment(body.abandonmentPercent! / 100)
        }
        let policy = StaffingPolicy(
            intervalSeconds: body.intervalSeconds ?? 1800, goal: goal, thresholdSeconds: body.thresholdSeconds ?? 20,
            shrinkage: (body.shrinkagePercent ?? 0) / 100, maxOccupancy: (body.maxOccupancyPercent ?? 100) / 100, patienceSeconds: body.patienceSeconds)
        // Check the goal and limits once, so a bad one is reported by its own name.
        do {
            _ = try StaffingRequest(
                traffic: try Traffic(calls: 0, intervalSeconds: policy.intervalSeconds, handleSeconds: 1, patienceSeconds: policy.patienceSeconds),
                goal: goal, thresholdSeconds: policy.thresholdSeconds, shrinkage: policy.shrinkage, maxOccupancy: policy.maxOccupancy)
        } catch {
            throw .invalid(fieldNames[error.field ?? ""] ?? error.field ?? "target", error.message)
        }
        return policy
    }
}

extension String {
    func replacingSuffix(_ suffix: String, with replacement: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
    }
}
