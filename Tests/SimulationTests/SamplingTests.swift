import Foundation
import SwitchboardCore
import Testing

@testable import Simulation

@Suite("The simulator's machinery: exponential draws and the event order")
struct SamplingTests {
    static let draws = 1_000_000

    @Test("the ziggurat draws are exponential with mean 1: mean, variance, tail and Kolmogorov–Smirnov distance")
    func exponential() {
        var random = SeededGenerator(seed: 2026)
        var values = (0..<Self.draws).map { _ in Exponential.draw(&random, Exponential.tables) }
        let n = Double(Self.draws)
        let mean = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        // Standard errors: 0.001 for the mean, about 0.003 for the variance.
        #expect(abs(mean - 1) < 0.005, "mean \(mean)")
        #expect(abs(variance - 1) < 0.015, "variance \(variance)")
        #expect(values.allSatisfy { $0 >= 0 && $0.isFinite })
        // The tail beyond the base layer (drawn by inversion) and beyond 10: e^-7.697 and e^-10.
        let beyondBase = Double(values.filter { $0 > Exponential.r }.count)
        let beyondTen = Double(values.filter { $0 > 10 }.count)
        #expect(abs(beyondBase - n * exp(-Exponential.r)) < 5 * (n * exp(-Exponential.r)).squareRoot(), "\(beyondBase) beyond r")
        #expect(abs(beyondTen - n * exp(-10)) < 5 * (n * exp(-10)).squareRoot(), "\(beyondTen) beyond 10")
        // Kolmogorov–Smirnov: the largest gap between the empirical and the exponential
        // distribution function, against its 0.1 % critical value 1.95 / √n.
        values.sort()
        var distance = 0.0
        for (index, value) in values.enumerated() {
            let cdf = 1 - exp(-value)
            distance = max(distance, abs(cdf - Double(index) / n), abs(Double(index + 1) / n - cdf))
        }
        #expect(distance < 1.95 / n.squareRoot(), "D = \(distance)")
    }

    @Test("a distribution's exponential draws keep its mean")
    func scaled() {
        var random = SeededGenerator(seed: 5)
        let distribution = Distribution.exponential(mean: 300)
        let mean = (0..<200_000).reduce(0.0) { sum, _ in sum + distribution.sample(&random) } / 200_000
        #expect(abs(mean - 300) < 3, "mean \(mean)")  // standard error 0.67
    }

    @Test("events come out by time, then in the order they were scheduled, also after the sequence numbers are handed out afresh and when a new event takes the place of one just taken")
    func eventOrder() throws {
        let model = try Model(Scenario.singleQueue(agents: 1, callsPerMinute: 1, handleTime: .fixed(60), patience: nil, durationMinutes: 60))
        var replication = Replication(model: model, seed: 1)
        // Close to running out of sequence numbers: the renumbering happens in the middle.
        replication.sequence = (1 << Replication.Event.sequenceBits) - 3
        // Hang-ups, callers giving up and arrivals are kept apart, and merged by key.
        let times: [Int64] = [500, 100, 500, 100, 300, 500, 100, 200, 100]
        let kinds: [Replication.Event.Kind] = [.hangUp, .patience, .hangUp, .arrival, .patience, .patience, .hangUp, .patience, .patience]
        for (index, time) in times.enumerated() { replication.schedule(time, kinds[index], Int64(index)) }
        #expect(replication.sequence < 16)
        // A caller answered leaves the patience queue at once.
        replication.waiting.remove(call: 7)
        var order: [Int64] = []
        while let event = replication.next(until: .max, timers: .max).event {
            order.append(event.subject)
            switch event.subject {
            case 6:
                // A hang-up scheduled as one is taken out takes its place in the heap (`replaceMin`).
                replication.schedule(150, .hangUp, 9)
            case 9:
                // The sequence numbers run out while a hang-up is taken: it goes before renumbering.
                replication.sequence = 1 << Replication.Event.sequenceBits
                replication.schedule(160, .hangUp, 10)
                #expect(replication.sequence < 16)
            default:
                break
            }
        }
        // By time; among equal times, in the order scheduled.
        #expect(order == [1, 3, 6, 8, 9, 10, 4, 0, 2, 5])
        #expect(replication.events.isEmpty && replication.arrivals.isEmpty)
    }
}
