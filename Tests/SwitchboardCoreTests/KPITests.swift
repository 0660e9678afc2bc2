import SwitchboardCore
import Testing

@Suite("KPI definitions, against hand-computed examples")
struct KPITests {
    /// 100 calls: 80 answered (70 within 20 s), 20 abandoned (8 within 20 s, 3 within 5 s).
    let counts = KPI.Counts(answered: 80, answeredWithinThreshold: 70, abandoned: 20, abandonedWithinThreshold: 8, shortAbandoned: 3)

    @Test("service level under each abandon treatment")
    func serviceLevel() throws {
        #expect(try #require(KPI.serviceLevel(counts, treatment: .ignored)) == 70.0 / 92.0)
        #expect(try #require(KPI.serviceLevel(counts, treatment: .countedAgainst)) == 70.0 / 100.0)
        #expect(try #require(KPI.serviceLevel(counts, treatment: .countedFor)) == 78.0 / 100.0)
        #expect(KPI.serviceLevel(KPI.Counts()) == nil)
    }

    @Test("abandonment rate leaves short abandons out")
    func abandonment() throws {
        #expect(try #require(KPI.abandonmentRate(counts)) == 17.0 / 97.0)
    }

    @Test("ASA, AHT, occupancy and utilisation")
    func averages() {
        #expect(KPI.averageSpeedOfAnswer(totalWait: .seconds(800), answered: 80) == .seconds(10))
        #expect(KPI.averageHandleTime(talk: .seconds(12_000), hold: .seconds(1_200), wrapUp: .seconds(2_400), handled: 80) == .seconds(195))
        #expect(KPI.occupancy(handling: .seconds(2_700), available: .seconds(900)) == 0.75)
        #expect(KPI.utilisation(handling: .seconds(2_700), loggedIn: .seconds(3_600)) == 0.75)
        #expect(KPI.averageHandleTime(talk: .zero, hold: .zero, wrapUp: .zero, handled: 0) == nil)
    }
}
