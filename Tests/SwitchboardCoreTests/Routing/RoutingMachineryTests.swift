import Testing

@testable import SwitchboardCore

@Suite("Routing machinery: the call table, the heaps, the timers, auto-answer")
struct RoutingMachineryTests {
    @Test("the call table finds every live call and none that left, through growth, clustered ids and reuse of places")
    func callTable() {
        var random = SeededGenerator(seed: 11)
        var table = CallTable()
        var model: [Int64: Int] = [:]  // id → position
        for round in 0..<20_000 {
            // Ids in runs (sequential, like Switchboard's), with far-off and negative ones mixed in.
            let id: Int64 =
                switch round % 7 {
                case 0: Int64.random(in: -1_000_000...1_000_000_000, using: &random)
                case 1: Int64(round) << 20
                default: Int64(round / 2)
                }
            if model[id] == nil, Int.random(in: 0..<3, using: &random) > 0 {
                let position = table.insert(CallSlot(id: CallID(id), queue: 0, priority: 0, arrivedAt: Instant(millisecondsSinceEpoch: 0)))
                model[id] = position
            } else if let position = model[id] ?? model.randomElement(using: &random).map(\.value) {
                let victim = table[at: position].id.rawValue
                table.remove(at: position)
                model[victim] = nil
            }
        }
        #expect(table.count == model.count)
        for (id, position) in model {
            #expect(table.position(of: CallID(id)) == position)
            #expect(table.holds(position, id))
        }
        for id in Int64(0)..<2_000 where model[id] == nil { #expect(table.position(of: CallID(id)) == nil) }
        #expect(Set(table.positions) == Set(model.values))
    }

    @Test("the heap gives its elements back in order, whatever the order they came in, also when the smallest is replaced in one step")
    func minHeap() {
        var random = SeededGenerator(seed: 3)
        var heap = MinHeap<Int>()
        var taken: [Int] = []
        var all: [Int] = []
        for _ in 0..<5_000 {
            let value = Int.random(in: 0..<1_000, using: &random)
            heap.insert(value)
            all.append(value)
            switch Int.random(in: 0..<6, using: &random) {
            case 0:
                if let smallest = heap.popMin() {
                    #expect(smallest == heap.unordered.reduce(smallest) { min($0, $1) })
                    taken.append(smallest)
                }
            case 1:
                // Take the smallest and put another in its place, in one step.
                let smallest = heap.min!
                #expect(smallest == heap.unordered.min())
                let replacement = Int.random(in: 0..<1_000, using: &random)
                heap.replaceMin(with: replacement)
                taken.append(smallest)
                all.append(replacement)
            default:
                break
            }
        }
        var drained: [Int] = []
        while let value = heap.popMin() { drained.append(value) }
        #expect(drained == drained.sorted())
        taken += drained
        #expect(taken.count == all.count)
        #expect(taken.sorted() == all.sorted())
        #expect(heap.isEmpty && heap.min == nil)
    }

    @Test("a sink gets the effects an array would, in the same order; the timers' effects before a refused command reach it too")
    func effectSink() throws {
        struct Recorder: RoutingEffectSink {
            var seen: [RoutingEffect] = []
            mutating func append(_ effect: consuming RoutingEffect) { seen.append(effect) }
        }
        let queues = [RoutingQueue(id: 1, name: "Sales", wrapUp: .seconds(5))]
        var collected = RoutingEngine(queues: queues, agents: [agent(10), agent(11)])
        var sunk = collected
        var array: [RoutingEffect] = []
        var recorder = Recorder()
        let start = Instant(millisecondsSinceEpoch: 1_800_000_000_000)
        let script: [(Int64, RoutingCommand)] = [
            (0, .logIn(10)), (0, .goAvailable(10)), (0, .logIn(11)), (0, .goAvailable(11)),
            (1, .callArrived(100, queue: 1)), (2, .callArrived(101, queue: 1)), (3, .answer(101, by: 11)),
            // Call 100's ring runs out first (a timer), then the answer of an unknown call is refused.
            (40, .answer(999, by: 10)),
            (41, .callerHungUp(101)), (60, .timersDue), (61, .callerHungUp(100)),
        ]
        var refusals = 0
        for (second, command) in script {
            let now = start + .seconds(second)
            var timerEffects: [RoutingEffect]?
            do {
                try collected.handle(command, at: now, effects: &array)
            } catch {
                refusals += 1
                timerEffects = error.timerEffects
            }
            let before = recorder.seen.count
            do {
                try sunk.handle(command, at: now, into: &recorder)
                #expect(timerEffects == nil)
            } catch {
                // The sink has the timers' effects already; the error does not repeat them.
                #expect(error.reason == .unknownCall && error.timerEffects.isEmpty)
                #expect(timerEffects.map { !$0.isEmpty && Array(recorder.seen[before...]) == $0 } == true)
            }
            #expect(recorder.seen == array)
        }
        #expect(refusals == 1)
        #expect(array.contains { if case .offerWithdrawn(100, _, .ringTimeout) = $0 { true } else { false } })
        #expect(array.contains { if case .callEnded = $0 { true } else { false } })
        for id: AgentID in [10, 11] { #expect(sunk.state(of: id) == collected.state(of: id)) }
    }

    @Test("timers come due by time, then in the order set, from the lines and the heap together; one set earlier than its line's last still comes on time")
    func timers() {
        var random = SeededGenerator(seed: 9)
        var timers = Timers()
        var expected: [Deadline] = []
        var clock: Int64 = 1_000
        for sequence in Int64(1)...3_000 {
            clock += Int64.random(in: 0...50, using: &random)
            let kind = Deadline.Kind.reoffer(CallID(sequence))
            if Int.random(in: 0..<5, using: &random) == 0 {
                // An overflow-like timer at any time ahead.
                let at = Instant(millisecondsSinceEpoch: clock + Int64.random(in: 0...90_000, using: &random))
                let deadline = Deadline(at: at, sequence: sequence, kind: kind)
                timers.insert(deadline)
                expected.append(deadline)
            } else {
                // Eight delays for six lines; now and then a clock that stepped back.
                let delay = [20_000, 30_000, 0, 5_000, 60_000, 1, 7, 45_000][Int.random(in: 0..<8, using: &random)] as Int64
                let now = clock - (Int.random(in: 0..<50, using: &random) == 0 ? 5_000 : 0)
                let deadline = Deadline(at: Instant(millisecondsSinceEpoch: now + delay), sequence: sequence, kind: kind)
                timers.insert(deadline, after: delay)
                expected.append(deadline)
            }
            #expect(timers.first == expected.min()?.at)
        }
        expected.sort()
        var popped: [Int64] = []
        while let next = timers.popFirst(dueBy: Instant(millisecondsSinceEpoch: .max)) { popped.append(next.sequence) }
        #expect(popped == expected.map(\.sequence))
        #expect(timers.first == nil)
    }

    @Test("an auto-answer agent's call connects at once: offered, talking, answered in one command, with no ring timer")
    func autoAnswer() throws {
        var robot = agent(10)
        robot.autoAnswer = true
        var s = Scenario(queues: [RoutingQueue(id: 1, name: "Sales", wrapUp: .zero)], agents: [robot])
        try s.ready([10])
        let produced = try s.send(.callArrived(100, queue: 1))
        let kinds = produced.map { effect -> String in
            switch effect {
            case .callEnteredQueue: "entered"
            case .callOffered: "offered"
            case .agentStateChanged(_, let state, _): state.name
            case .callAnswered: "answered"
            default: "other"
            }
        }
        #expect(kinds == ["entered", "offered", "talking", "answered"])
        #expect(s.engine.state(of: 10) == .talking(100))
        #expect(s.engine.status(of: 100) == "talking")
        #expect(s.engine.nextDeadline == nil)
        // An answer command for it is refused: it is not ringing.
        #expect(throws: RoutingError.self) { try s.send(.answer(100, by: 10)) }
        s.at(60)
        try s.send(.callerHungUp(100))
        #expect(s.records.first?.answeredAt == s.start + .seconds(1))
        #expect(s.engine.state(of: 10) == .available)
    }

    @Test("a ring timer of a call answered is dropped at once: nextDeadline wakes a shell only for a timer that matters")
    func staleTimersDropped() throws {
        var s = Scenario(queues: [RoutingQueue(id: 1, name: "Sales", wrapUp: .seconds(30))], agents: [agent(10), agent(11)])
        try s.ready([10, 11])
        try s.send(.callArrived(100, queue: 1))
        let ringUntil = s.engine.nextDeadline
        #expect(ringUntil == s.now + .seconds(20))
        try s.send(.answer(100, by: 10))
        #expect(s.engine.nextDeadline == nil)
        try s.send(.callArrived(101, queue: 1))
        s.at(10)
        try s.send(.agentHungUp(100))
        // Call 101 still rings at agent 11 (until 22 s, due first); agent 10's wrap-up ends at 40 s.
        #expect(s.engine.nextDeadline == s.start + .seconds(22))
        try s.send(.answer(101, by: 11))
        #expect(s.engine.nextDeadline == s.start + .seconds(40))
        try s.send(.finishWrapUp(10))
        #expect(s.engine.nextDeadline == nil)
    }
}
