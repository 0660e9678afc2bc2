import Staffing
import SwitchboardCore
import Testing

/// Issue 14: the staffing API, `switchboard staffing` and forecast files give calls, handle
/// times, intervals and thresholds from people; each is checked against its range, so no
/// figure reaches a conversion that could trap.
@Suite("Staffing with extreme figures")
struct ExtremeFigureTests {
    @Test("calls, handle time, interval and patience at the ends of Double are refused naming the field", arguments: [
        1e19, -1e19, 9.223372036854775808e18, 1e308, -1e308, Double.nan, Double.infinity, -Double.infinity,
    ])
    func traffic(value: Double) {
        let cases: [(String, () throws -> Traffic)] = [
            ("calls", { try Traffic(calls: value, intervalSeconds: 1800, handleSeconds: 180) }),
            ("aht", { try Traffic(calls: 100, intervalSeconds: 1800, handleSeconds: value) }),
            ("interval", { try Traffic(calls: 100, intervalSeconds: value, handleSeconds: 180) }),
            ("patience", { try Traffic(calls: 100, intervalSeconds: 1800, handleSeconds: 180, patienceSeconds: value) }),
        ]
        for (field, make) in cases {
            let error = #expect(throws: SwitchboardError.self, "\(field) \(value)") { try make() }
            #expect(error?.field == field, "\(field) \(value)")
        }
    }

    @Test("a threshold past a day is refused: `switchboard staffing` printed 1e19 s as an Int and trapped", arguments: [
        86_400.5, 1e19, 9.223372036854775808e18, 1e300, -1.0, Double.nan, Double.infinity,
    ])
    func threshold(seconds: Double) throws {
        let traffic = try Traffic(calls: 100, intervalSeconds: 1800, handleSeconds: 180)
        let error = #expect(throws: SwitchboardError.self) {
            try StaffingRequest(traffic: traffic, goal: .averageSpeedOfAnswer(seconds: 30), thresholdSeconds: seconds)
        }
        #expect(error?.field == "threshold")
        let within = #expect(throws: SwitchboardError.self) { try StaffingRequest(traffic: traffic, goal: .serviceLevel(0.8, withinSeconds: seconds)) }
        #expect(within?.field == "target")
    }

    @Test("a threshold of a whole day is still answered")
    func dayThreshold() throws {
        let traffic = try Traffic(calls: 100, intervalSeconds: 1800, handleSeconds: 180)
        let request = try StaffingRequest(traffic: traffic, goal: .averageSpeedOfAnswer(seconds: 30), thresholdSeconds: 86_400)
        #expect(try Staffing.solve(request).agents > 10)
    }

    @Test("a thousand Erlangs with 99 % shrinkage is answered without overflow")
    func largest() throws {
        let traffic = try Traffic(calls: 1e9, intervalSeconds: 31_622_400, handleSeconds: 31.6224)
        let answer = try Staffing.solve(try StaffingRequest(traffic: traffic, goal: .serviceLevel(0.8, withinSeconds: 20), shrinkage: 0.99))
        #expect(answer.agents > 1000)
        #expect(answer.positions >= answer.agents * 99 && answer.positions <= answer.agents * 100)
    }

    @Test("a forecast number past any queue is named by its row, not read into a trap", arguments: [
        "99999999999999999999", "1e308", "-1e308", "NaN", "Infinity", "-Infinity", "9223372036854775808", "-9223372036854775809",
    ])
    func forecastRows(text: String) throws {
        let policy = StaffingPolicy(intervalSeconds: 1800, goal: .serviceLevel(0.8, withinSeconds: 20))
        let calls = try Forecast.parse("start,calls,aht\n08:00,\(text),180\n")
        let callsError = #expect(throws: SwitchboardError.self) { try policy.plan(calls) }
        #expect(callsError?.field == "forecast[0].calls")
        let aht = try Forecast.parse("start,calls,aht\n08:00,100,\(text)\n")
        let ahtError = #expect(throws: SwitchboardError.self) { try policy.plan(aht) }
        #expect(ahtError?.field == "forecast[0].aht")
    }
}
