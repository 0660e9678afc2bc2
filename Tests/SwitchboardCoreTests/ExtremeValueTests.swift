import SwitchboardCore
import Testing

/// Issue 14: a number, date or period from outside — a request, a form, a file — is checked
/// against its range and refused naming its field; none may trap the process, and what the
/// core writes out (moments, report cells) is written for any value its type holds.
@Suite("Extreme values in the core")
struct ExtremeValueTests {
    @Test("the first and last moments an Int64 of milliseconds holds are written in ISO 8601 (the first used to overflow and trap)")
    func instantEdges() {
        #expect(Instant(millisecondsSinceEpoch: .max).iso8601 == "292278994-08-17T07:12:55.807Z")
        #expect(Instant(millisecondsSinceEpoch: .min).iso8601 == "-292275055-05-16T16:47:04.192Z")
        #expect(Instant(millisecondsSinceEpoch: .min + 86_399_999).iso8601 == "-292275055-05-17T16:47:04.191Z")
        #expect(Instant(millisecondsSinceEpoch: -86_400_000).iso8601 == "1969-12-31T00:00:00.000Z")
        #expect(Instant(millisecondsSinceEpoch: -86_400_001).iso8601 == "1969-12-30T23:59:59.999Z")
    }

    @Test("a report cell too large for Int64 is written as the number it is, not a trap; NaN and infinity are empty")
    func reportCells() {
        var row = ReportRow(slot: "", id: 1, name: "Q", totals: ReportTotals(), agentTime: true)
        row.talkSeconds = 1e300
        row.occupancy = -1e19
        row.asaSeconds = 9.3e18
        row.holdSeconds = .nan
        row.wrapUpSeconds = .infinity
        row.notReadyByReason = ["break": 1.8e308]
        let report = Report(period: "2026-10", from: "2026-10-01", to: "2026-10-31", by: "agent", per: .none, rows: [row], total: row)
        let line = String(report.csv().split(separator: "\r\n")[1])
        #expect(line.contains(",1e+300,"), "\(line)")
        #expect(line.contains(",-1e+19,"), "\(line)")
        #expect(line.contains(",9.3e+18,"), "\(line)")
        #expect(line.contains(",1e+300,,,0,"), "NaN and infinity leave their cells empty: \(line)")
    }

    @Test("a period that is no period is refused naming the field", arguments: [
        "999999999", "99999999999999999999", "9223372036854775807", "-9223372036854775808", "2026-99999999999999999999",
        "2026-W99999999999999999999", "2026-W-9223372036854775808", "2026-Q9223372036854775807", "2026-12-99999999999999999999",
        "99999999999999999999-01-01", "NaN", "Infinity", "1e308", "-0", "0000", "1969", "10000", "10000-01-01",
    ])
    func periods(text: String) {
        let error = #expect(throws: SwitchboardError.self) { try ReportPeriod(parsing: text) }
        #expect(error?.field == "period")
    }

    @Test("the first and last periods a report covers are answered", arguments: ["1970", "1970-W01", "1970-01-01", "9999", "9999-Q4", "9999-12", "9999-12-31"])
    func periodEdges(text: String) throws {
        let period = try ReportPeriod(parsing: text)
        #expect(period.fromDay < period.toDay)
        #expect(period.toDay <= LocalDate(year: 10_000, month: 1, day: 1).dayNumber)
    }

    @Test("a date that is no date is refused", arguments: [
        "99999999999999999999-01-01", "9223372036854775807-12-31", "-9223372036854775808-01-01", "2026-99-99", "2026-00-01", "2026-01-00",
        "0000-00-00", "2026-12-99999999999999999999", "NaN", "1e308", "-0",
    ])
    func dates(text: String) {
        let error = #expect(throws: SwitchboardError.self) { try LocalDate(parsing: text, field: "followUpDue") }
        #expect(error?.field == "followUpDue")
    }

    @Test("opening hours that are no times of day are refused", arguments: [
        "99:99-25:00", "9223372036854775807:00-08:00", "08:00-99999999999999999999:00", "-1:00-08:00", "24:01-24:02", "NaN", "",
    ])
    func openingHours(text: String) {
        #expect(throws: SwitchboardError.self) { try OpeningInterval(parsing: text, field: "hours") }
    }

    @Test("a goal's target out of range is refused naming the field, for every metric", arguments: Goal.Metric.allCases)
    func goalTargets(metric: Goal.Metric) {
        for target: Double in [1e19, -1e19, 9.223372036854775808e18, 1e308, -1e308, .nan, .infinity, -.infinity, 1_000_001] {
            let error = #expect(throws: SwitchboardError.self, "\(metric) \(target)") {
                try GoalDraft(agentId: 1, metric: metric, target: target).validated()
            }
            #expect(error?.field == "target")
        }
    }

    @Test("queue settings at the ends of Int are refused naming the field")
    func queueSettings() {
        let cases: [(String, (inout QueueSettings) -> Void)] = [
            ("priority", { $0.priority = .min }),
            ("serviceLevel.percent", { $0.serviceLevel.percent = .max }),
            ("serviceLevel.seconds", { $0.serviceLevel.seconds = .max }),
            ("maxWaitingCalls", { $0.maxWaitingCalls = .max }),
            ("wrapUpSeconds", { $0.wrapUpSeconds = .max }),
            ("wrapUpSeconds", { $0.wrapUpSeconds = .min }),
            ("weight", { $0.weight = .max }),
            ("ringTimeoutSeconds", { $0.ringTimeoutSeconds = .min }),
            ("overflow[0].afterSeconds", { $0.overflow = [OverflowRule(afterSeconds: .max, action: .end)] }),
            ("overflow[0].minimum", { $0.overflow = [OverflowRule(afterSeconds: 30, action: .lowerMinimum, minimum: .min)] }),
            ("requiredSkills[0].minimumProficiency", { $0.requiredSkills = [SkillRequirement(skill: "billing", minimumProficiency: .max)] }),
            ("alerts.longestWaitSeconds", { $0.alerts.longestWaitSeconds = .max }),
            ("alerts.callsOnHold", { $0.alerts.callsOnHold = .min }),
            ("alerts.notReadySeconds", { $0.alerts.notReadySeconds = .max }),
        ]
        for (field, breakage) in cases {
            var settings = QueueSettings(name: "Q", extensionNumber: "800")
            breakage(&settings)
            let error = #expect(throws: SwitchboardError.self, "\(field)") { try settings.validated() }
            #expect(error?.field == field)
        }
    }
}

@Suite("Dates written as ISO 8601")
struct LocalDateWritingTests {
    @Test("a year before 1000 is written with four digits and reads back the same", arguments: [1, 5, 42, 999, 1000, 2026, 9999])
    func fourDigitYears(_ year: Int) throws {
        let date = LocalDate(year: year, month: 3, day: 7)
        #expect(date.description.count == 10, "\(date)")
        #expect(try LocalDate(parsing: date.description, field: "date") == date)
    }
}
