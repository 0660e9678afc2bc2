import Telephony
import Testing

/// Issue 14's drills: single datagrams that cost the endpoint dearly. Header values are trimmed
/// on bytes (stepping back one Character at a time took quadratic time: 60,000 trailing spaces
/// held SIP for 20 s); the drill `test_hostile_datagrams_cost_little_and_never_stop_sip` times it
/// against a live server, these pin what the trimming keeps.
@Suite("Hostile header values")
struct SIPHostileInputTests {
    static func options(subject: String) -> [UInt8] {
        Array((
            "OPTIONS sip:800@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-hostile\r\nMax-Forwards: 70\r\n"
            + "From: <sip:probe@127.0.0.1>;tag=h1\r\nTo: <sip:800@127.0.0.1>\r\nCall-ID: hostile-1\r\nCSeq: 1 OPTIONS\r\n"
            + "Subject: \(subject)\r\nContent-Length: 0\r\n\r\n").utf8)
    }

    @Test("a value ending in 60,000 spaces and tabs is read without them", arguments: [" ", "\t", " \t"])
    func trailingWhitespace(_ filler: String) throws {
        let message = try SIPParser.parse(Self.options(subject: "hello" + String(repeating: filler, count: 60_000 / filler.count)))
        #expect(message["Subject"] == "hello")
    }

    @Test("whitespace inside a value stays, at both ends it goes, and a value of only whitespace is empty")
    func insideStays() throws {
        #expect(try SIPParser.parse(Self.options(subject: "\t  a \t b  \t"))["Subject"] == "a \t b")
        #expect(try SIPParser.parse(Self.options(subject: "  é  "))["Subject"] == "é")
        #expect(try SIPParser.parse(Self.options(subject: String(repeating: " ", count: 1_000)))["Subject"] == "")
    }
}
