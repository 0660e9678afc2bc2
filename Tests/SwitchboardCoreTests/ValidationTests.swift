import SwitchboardCore
import Testing

@Suite("Validation of organisation records")
struct ValidationTests {
    @Test("usernames are lowercase identifiers of 2 to 32 characters", arguments: [
        ("agent01", true), ("j.doe-2_x", true), ("Agent01", false), ("a", false), ("", false), (".dot", false), ("with space", false),
        (String(repeating: "a", count: 33), false), ("émile", false),
    ])
    func usernames(_ text: String, _ valid: Bool) {
        #expect(((try? Validate.username(text)) != nil) == valid)
    }

    @Test("a name is trimmed, never empty, never too long, and has no control characters")
    func names() throws {
        #expect(try Validate.name("  Team Noord ", field: "name") == "Team Noord")
        #expect(throws: SwitchboardError.invalid("name", "name must not be empty.")) { try Validate.name("   ", field: "name") }
        let long = #expect(throws: SwitchboardError.self) { try Validate.name(String(repeating: "x", count: 101), field: "name") }
        #expect(long?.field == "name")
        #expect(throws: SwitchboardError.self) { try Validate.name("bell\u{7}", field: "name") }
    }

    @Test("passwords are 8 to 72 bytes (bcrypt reads no further)")
    func passwords() {
        #expect((try? Validate.password("12345678")) != nil)
        #expect((try? Validate.password("1234567")) == nil)
        #expect((try? Validate.password(String(repeating: "é", count: 37))) == nil)
    }

    @Test("a user needs at least one role; roles are sorted and listed once")
    func userRoles() throws {
        let draft = try UserDraft.validated(username: "x1", displayName: "X", language: .en, roles: [.supervisor, .agent, .supervisor])
        #expect(draft.roles == [.agent, .supervisor])
        let error = #expect(throws: SwitchboardError.self) { try UserDraft.validated(username: "x1", displayName: "X", language: .en, roles: []) }
        #expect(error?.field == "roles")
    }

    @Test("an unknown role or language is refused with the list of valid ones")
    func unknownRole() {
        let error = #expect(throws: SwitchboardError.self) { try Role.parse("boss", field: "roles[0]") }
        #expect(error?.field == "roles[0]")
        #expect(error?.message.contains("teamLeader") == true)
        #expect(throws: SwitchboardError.self) { try Language.parse("de") }
    }

    @Test("skill names: languages are lang: plus an ISO code; expertise is an identifier", arguments: [
        ("lang:nl", true), ("lang:eng", true), ("billing", true), ("techSupport", true), ("lang:NL", false), ("lang:", false),
        ("lang:dutch", false), ("9lives", false), ("bad name", false), ("", false),
    ])
    func skillNames(_ name: String, _ valid: Bool) {
        #expect(((try? Skill.validatedName(name)) != nil) == valid)
    }

    @Test("proficiency is 1 to 5, and a skill is listed once per agent")
    func skillLevels() {
        let tooHigh = #expect(throws: SwitchboardError.self) { try SkillLevel.validated([.init(skill: "billing", proficiency: 6)], field: "skills") }
        #expect(tooHigh?.field == "skills[0].proficiency")
        let twice = #expect(throws: SwitchboardError.self) {
            try SkillLevel.validated([.init(skill: "billing", proficiency: 2), .init(skill: "billing", proficiency: 3)], field: "skills")
        }
        #expect(twice?.field == "skills[1].skill")
    }
}

@Suite("Queue settings")
struct QueueSettingsTests {
    let valid = QueueSettings(name: "Billing", extensionNumber: "802")

    @Test("the defaults are a sound queue: 80 % in 20 s, open all week")
    func defaults() throws {
        let settings = try valid.validated()
        #expect(settings.serviceLevel == ServiceLevelTarget(percent: 80, seconds: 20))
        #expect(settings.hours.isOpen(on: LocalDate(year: 2026, month: 11, day: 29), weekday: .sun, minuteOfDay: 3 * 60))
    }

    /// One way to break a queue, and the field the error must name.
    enum Breakage: String, CaseIterable, Sendable {
        case percentOver100, percentZero, secondsZero, extensionLetters, extensionShort, nameBlank, priorityHigh, maxWaitingZero
        case wrapUpNegative, proficiencyZero, overlappingHours, holidayTwice

        var field: String {
            switch self {
            case .percentOver100, .percentZero: "serviceLevel.percent"
            case .secondsZero: "serviceLevel.seconds"
            case .extensionLetters, .extensionShort: "extension"
            case .nameBlank: "name"
            case .priorityHigh: "priority"
            case .maxWaitingZero: "maxWaitingCalls"
            case .wrapUpNegative: "wrapUpSeconds"
            case .proficiencyZero: "requiredSkills[0].minimumProficiency"
            case .overlappingHours: "hours.weekly.mon"
            case .holidayTwice: "hours.holidays[1].date"
            }
        }

        func apply(to s: inout QueueSettings) {
            switch self {
            case .percentOver100: s.serviceLevel.percent = 150
            case .percentZero: s.serviceLevel.percent = 0
            case .secondsZero: s.serviceLevel.seconds = 0
            case .extensionLetters: s.extensionNumber = "8a"
            case .extensionShort: s.extensionNumber = "1"
            case .nameBlank: s.name = " "
            case .priorityHigh: s.priority = 11
            case .maxWaitingZero: s.maxWaitingCalls = 0
            case .wrapUpNegative: s.wrapUpSeconds = -1
            case .proficiencyZero: s.requiredSkills = [.init(skill: "billing", minimumProficiency: 0)]
            case .overlappingHours: s.hours.weekly[.mon] = [OpeningInterval(opensAt: 480, closesAt: 720), OpeningInterval(opensAt: 700, closesAt: 800)]
            case .holidayTwice:
                s.hours.holidays = [
                    Holiday(date: LocalDate(year: 2026, month: 12, day: 25), name: "a"), Holiday(date: LocalDate(year: 2026, month: 12, day: 25), name: "b"),
                ]
            }
        }
    }

    @Test("each broken field is named", arguments: Breakage.allCases)
    func brokenField(_ breakage: Breakage) {
        var settings = valid
        breakage.apply(to: &settings)
        let error = #expect(throws: SwitchboardError.self) { try settings.validated() }
        #expect(error?.field == breakage.field)
        #expect(error?.kind == .invalid)
    }

    @Test("opening hours parse HH:MM-HH:MM, up to 24:00")
    func openingIntervals() throws {
        #expect(try OpeningInterval(parsing: "08:00-20:00", field: "f") == OpeningInterval(opensAt: 480, closesAt: 1200))
        #expect(try OpeningInterval(parsing: "00:00-24:00", field: "f").description == "00:00-24:00")
        for bad in ["8:00-20:00", "20:00-08:00", "08:00", "24:30-25:00", "08:60-09:00"] {
            #expect(throws: SwitchboardError.self) { try OpeningInterval(parsing: bad, field: "f") }
        }
    }

    @Test("dates must exist, leap days included")
    func dates() throws {
        #expect(try LocalDate(parsing: "2028-02-29", field: "d") == LocalDate(year: 2028, month: 2, day: 29))
        for bad in ["2026-02-29", "2026-13-01", "2026-04-31", "26-01-01", "2026/01/01"] {
            #expect(throws: SwitchboardError.self) { try LocalDate(parsing: bad, field: "d") }
        }
    }

    @Test("a queue is closed on holidays and outside its hours")
    func openOrClosed() {
        let hours = BusinessHours(
            timeZone: "Europe/Amsterdam", weekly: [.fri: [OpeningInterval(opensAt: 480, closesAt: 1200)]],
            holidays: [Holiday(date: LocalDate(year: 2026, month: 12, day: 25), name: "Kerstmis")])
        #expect(hours.isOpen(on: LocalDate(year: 2026, month: 11, day: 27), weekday: .fri, minuteOfDay: 480))
        #expect(!hours.isOpen(on: LocalDate(year: 2026, month: 11, day: 27), weekday: .fri, minuteOfDay: 1200))
        #expect(!hours.isOpen(on: LocalDate(year: 2026, month: 11, day: 28), weekday: .sat, minuteOfDay: 600))
        #expect(!hours.isOpen(on: LocalDate(year: 2026, month: 12, day: 25), weekday: .fri, minuteOfDay: 600))
    }
}

@Suite("Team span of control")
struct TeamSpanTests {
    @Test("1 leader to 10–16 agents is fine; outside it the product warns", arguments: [
        (9, true), (10, false), (13, false), (16, false), (17, true), (0, true),
    ])
    func span(_ agents: Int, _ warns: Bool) {
        #expect(TeamSpan.warnings(agentCount: agents, hasLeader: true).isEmpty != warns)
    }

    @Test("a team without a leader is warned about")
    func noLeader() {
        #expect(TeamSpan.warnings(agentCount: 13, hasLeader: false) == ["The team has no team leader."])
    }
}
