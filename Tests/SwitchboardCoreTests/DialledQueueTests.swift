import SwitchboardCore
import Testing

@Suite("Which queue a dialled string means")
struct DialledQueueTests {
    let queues = [
        Queue(id: 1, settings: QueueSettings(name: "Klantenservice NL", extensionNumber: "800")),
        Queue(id: 2, settings: QueueSettings(name: "Technical Support", extensionNumber: "803")),
        Queue(id: 3, settings: QueueSettings(name: "Customer Service EN", extensionNumber: "801")),
        Queue(id: 4, settings: QueueSettings(name: "Sales Support", extensionNumber: "805")),
    ]

    @Test("an extension, a name in any case and spacing, or a word only one queue's name has")
    func matches() {
        let cases: [(String, Int64?)] = [
            ("800", 1), (" 803 ", 2), ("Klantenservice NL", 1), ("klantenservicenl", 1), ("KLANTENSERVICE-NL", 1),
            ("technical", 2), ("sales", 4), ("customer", 3),
            // `support` is a word of two queues' names: no queue, rather than a guess.
            ("support", nil), ("", nil), ("   ", nil), ("nope", nil), ("8000", nil), ("!!", nil),
        ]
        for (dialled, expected) in cases {
            #expect(DialledQueue.match(dialled, in: queues)?.id == expected, "\(dialled)")
        }
    }

    @Test("an extension wins over a name that squashes to the same text")
    func extensionFirst() {
        let clash = [Queue(id: 1, settings: QueueSettings(name: "900", extensionNumber: "901")), Queue(id: 2, settings: QueueSettings(name: "Other", extensionNumber: "900"))]
        #expect(DialledQueue.match("900", in: clash)?.id == 2)
    }
}
