import Synchronization
import SwitchboardCore
import Telephony
import Testing

@Suite("SIP fuzzing: mutated messages never crash the endpoint or leak transactions")
struct SIPFuzzTests {
    final class Clock: Sendable {
        let now = Mutex(Instant(millisecondsSinceEpoch: 1_800_000_000_000))
        func advance(_ duration: Duration) { now.withLock { $0 = $0 + duration } }
        func read() -> Instant { now.withLock { $0 } }
    }

    /// Flips, drops, duplicates and truncates bytes and lines of real messages.
    static func mutate(_ bytes: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
        var data = bytes
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            guard !data.isEmpty else { break }
            let index = Int.random(in: 0..<data.count, using: &random)
            switch Int.random(in: 0..<7, using: &random) {
            case 0: data[index] = UInt8.random(in: 0...255, using: &random)
            case 1: data.remove(at: index)
            case 2: data.insert(contentsOf: Array("\r\n".utf8), at: index)
            case 3: data = Array(data.prefix(index))
            case 4: data.insert(contentsOf: data[index..<min(data.count, index + 40)], at: index)
            case 5: data[index] = [UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: " ")][Int.random(in: 0..<6, using: &random)]
            default: data.insert(contentsOf: Array("Content-Length: 99999\r\n".utf8), at: index)
            }
        }
        return data
    }

    @Test("5,000 mutated messages: every one answered or dropped, and every transaction ends on its timers")
    func mutations() async throws {
        let clock = Clock()
        let endpoint = SIPEndpoint(local: SIPAddress(host: "127.0.0.1", port: 5060), secret: Array("s".utf8), clock: { clock.read() })
        let seeds = try Torture.names("valid").map { try Torture.bytes("valid", $0) } + Torture.names("invalid").map { try Torture.bytes("invalid", $0) }
        var random = SeededGenerator(seed: 4475)
        var answered = 0
        for round in 0..<5000 {
            let message = Self.mutate(seeds[round % seeds.count], &random)
            let out = await endpoint.receive(message, from: SIPAddress(host: "127.0.0.1", port: 40000 + round % 100))
            for datagram in out {
                // Whatever we send parses.
                #expect((try? SIPParser.parse(datagram.bytes)) != nil)
            }
            answered += out.isEmpty ? 0 : 1
            if round % 500 == 0 { clock.advance(.seconds(1)); _ = await endpoint.tick() }
        }
        #expect(answered > 1000, "the mutations still reach the answering code")
        // Timers: every transaction ends within 64 × T1 (plus timer D's 32 s for client ones).
        for _ in 0..<80 {
            clock.advance(.seconds(1))
            _ = await endpoint.tick()
        }
        let status = await endpoint.status()
        #expect(status.serverTransactions == 0)
        #expect(status.clientTransactions == 0)
    }
}
