import Hummingbird
import ServiceLifecycle
import Organisation
import SwitchboardCore

/// Reports (`GET /reports?period=2026-10&by=agent&per=day&format=json|csv`): JSON, or CSV that
/// Excel opens (UTF-8 with a byte-order mark, columns named in words).
struct ReportsAPI {
    let service: OrganisationService

    func register(on api: RouterGroup<AppContext>) {
        api.get("reports") { request, context -> Response in
            let principal = try context.requirePrincipal()
            let query = request.uri.queryParameters
            guard let period = query["period"].map(String.init), !period.isEmpty else { throw SwitchboardError.missing("period") }
            let report = try await Reports(service).report(
                period: period, by: String(query["by"] ?? "queue"), per: query["per"].map(String.init), by: principal)
            switch String(query["format"] ?? "json") {
            case "json": return JSONResponse.make(report)
            case "csv": return Self.csv(report)
            default: throw SwitchboardError.invalid("format", "format is json or csv.")
            }
        }
    }

    static func csv(_ report: Report) -> Response {
        let name = "switchboard-\(report.period)-by-\(report.by)\(report.per == .none ? "" : "-per-\(report.per.rawValue)").csv"
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\""],
            body: ResponseBody(byteBuffer: ByteBuffer(string: report.csv())))
    }
}

/// Keeps the report aggregates up to date in the background (every 2 seconds, when
/// something finished); a report also catches up before it reads. A catch-up that took long
/// waits ten times as long before the next (at most a minute), so the background work holds
/// the database a tenth of the time at most, whatever the call rate.
struct ReportAggregator: Service {
    let service: OrganisationService

    func run() async throws {
        await cancelWhenGracefulShutdown {
            let clock = ContinuousClock()
            while !Task.isCancelled {
                let started = clock.now
                let succeeded = (try? await Reports(service).catchUpReports()) != nil
                // A failed catch-up (the database away) is not a measure of the work.
                let took = succeeded ? clock.now - started : .zero
                try? await Task.sleep(for: min(.seconds(60), max(.seconds(2), took * 10)))
            }
        }
    }
}
