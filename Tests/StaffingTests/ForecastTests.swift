import Staffing
import SwitchboardCore
import Testing

@Suite("Forecast files")
struct ForecastTests {
    @Test("a forecast is read by its header, in any column order, with quotes and blank lines")
    func parse() throws {
        let rows = try Forecast.parse("calls, start ,aht\r\n100,\"2026-11-30T08:00\",180\n\n120.5,2026-11-30T08:30,200\n")
        #expect(rows == [
            ForecastRow(start: "2026-11-30T08:00", calls: 100, ahtSeconds: 180), ForecastRow(start: "2026-11-30T08:30", calls: 120.5, ahtSeconds: 200),
        ])
    }

    @Test("a bad row is named by its line; a missing header is refused")
    func badRows() {
        #expect { _ = try Forecast.parse("start,calls,aht\n08:00,100,180\n08:30,many,180\n") } throws: {
            ($0 as? SwitchboardError)?.message.contains("Line 3") == true
        }
        #expect { _ = try Forecast.parse("08:00,100,180\n") } throws: { ($0 as? SwitchboardError)?.field == "forecast" }
        #expect { _ = try Forecast.parse("start,calls,aht\n08:00,100\n") } throws: { ($0 as? SwitchboardError)?.message.contains("Line 2") == true }
        #expect { _ = try Forecast.parse("") } throws: { ($0 as? SwitchboardError)?.field == "forecast" }
    }

    @Test("a plan answers every interval; an interval with bad figures is named")
    func plan() throws {
        let policy = StaffingPolicy(intervalSeconds: 1800, goal: .serviceLevel(0.8, withinSeconds: 20), shrinkage: 0.3)
        let figures = try policy.plan([ForecastRow(start: "08:00", calls: 100, ahtSeconds: 180), ForecastRow(start: "08:30", calls: 0, ahtSeconds: 180)])
        #expect(figures.map(\.agents) == [14, 0])
        #expect(figures.map(\.positions) == [20, 0])
        #expect(figures[0].start == "08:00")
        #expect { _ = try policy.plan([ForecastRow(start: "09:00", calls: -3, ahtSeconds: 180)], rowName: { "line \($0 + 2)" }) } throws: {
            ($0 as? SwitchboardError)?.message.hasPrefix("line 2:") == true
        }
    }
}

@Suite("Forecast files, quoting")
struct ForecastQuotingTests {
    @Test("a quoted field may hold commas and doubled quotes; a UTF-8 start survives")
    func quoting() throws {
        let rows = try Forecast.parse("start,calls,aht\n\"ma 30 nov, 08:00 \"\"piek\"\"\",10,300\nwoensdag 08:00 — ochtend,5,200")
        #expect(rows.map(\.start) == ["ma 30 nov, 08:00 \"piek\"", "woensdag 08:00 — ochtend"])
    }
}

@Suite("Forecast numbers")
struct ForecastNumberTests {
    @Test("numbers read from the bytes equal the standard library's reading", arguments: [
        "0", "120", "95.25", "-3", "+7.5", "0.1", "123456789012345", "1234567890123456789", "12.3456789012345678901", "123456789012345678901234", "1e3", "2.5E-2", ".5", "5.", "1.2.3", "", "-", "12a",
    ])
    func numbers(text: String) {
        let parsed = try? Forecast.parse("start,calls,aht\nx,\(text),1")
        #expect(parsed?.first?.calls == Double(text), "'\(text)'")
    }
}
