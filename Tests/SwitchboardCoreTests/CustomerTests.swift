import SwitchboardCore
import Testing

@Suite("Customers: numbers and checks")
struct CustomerTests {
    @Test("numbers are kept as E.164 however they are written", arguments: [
        ("+31 20 123 4567", "+31201234567"), ("020-123 45 67", "+31201234567"), ("0031 (0)20 123 4567", "+31201234567"),
        ("+31 (0)6 1234 5678", "+31612345678"), ("06-12345678", "+31612345678"), ("+44 20 7946 0958", "+442079460958"),
        ("(020) 123.4567", "+31201234567"),
    ])
    func normalise(text: String, expected: String) {
        #expect(PhoneNumber.normalise(text) == expected)
    }

    @Test("what is no phone number is refused", arguments: ["", "12345", "call me", "+0 123 456 789", "+31 20 123 4567 ext 5", "++31201234567", "1234567890"])
    func notNumbers(text: String) {
        #expect(PhoneNumber.normalise(text) == nil)
    }

    @Test("a draft is trimmed and defaulted; a bad field is named")
    func drafts() throws {
        let draft = try CustomerDraft(firstName: " Jan ", lastName: "Jansen", phones: ["020 123 4567", "+31201234567", " "], email: " jan@example.nl ").validated()
        #expect(draft.firstName == "Jan")
        #expect(draft.phones == ["+31201234567"])
        #expect(draft.email == "jan@example.nl")
        #expect(draft.country == "NL" && draft.language == .nl && draft.segment == "retail")
        let bad: [(String, CustomerDraft)] = [
            ("firstName", CustomerDraft(firstName: " ", lastName: "X", phones: [])),
            ("lastName", CustomerDraft(firstName: "X", lastName: "", phones: [])),
            ("phones[1]", CustomerDraft(firstName: "X", lastName: "Y", phones: ["0201234567", "not a number"])),
            ("email", CustomerDraft(firstName: "X", lastName: "Y", phones: [], email: "jan at example")),
            ("country", CustomerDraft(firstName: "X", lastName: "Y", phones: [], country: "Netherlands")),
        ]
        for (field, draft) in bad {
            #expect { _ = try draft.validated() } throws: { ($0 as? SwitchboardError)?.field == field }
        }
    }
}

@Suite("Moments in the API")
struct InstantTests {
    @Test("ISO 8601 in UTC with milliseconds, before and after 1970 (checked with date -u -d @1795000000.123)")
    func iso() {
        #expect(Instant(millisecondsSinceEpoch: 0).iso8601 == "1970-01-01T00:00:00.000Z")
        #expect(Instant(millisecondsSinceEpoch: 1_795_000_000_123).iso8601 == "2026-11-18T11:06:40.123Z")
        #expect(Instant(millisecondsSinceEpoch: -1).iso8601 == "1969-12-31T23:59:59.999Z")
    }
}
