#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SwitchboardCore

/// The counts of one replication for a group of calls (all, one queue, one interval).
struct Tally: Sendable {
    var offered = 0
    var answered = 0
    var answeredWithin = 0
    var abandoned = 0
    var abandonedWithin = 0
    /// Rejected, ended by an overflow step, offered a callback, or still going at the end.
    var otherwise = 0
    var answeredWait: Int64 = 0
    var allWait: Int64 = 0
    var talk: Int64 = 0
    var wrapUp: Int64 = 0
    /// Agents' time handling calls (ringing, talking, holding, wrapping up) and available.
    var handling: Int64 = 0
    var available: Int64 = 0
}

/// One run of the scenario on a virtual clock: the routing engine decides, robot agents answer
/// at once and talk for the queue's handle time, callers give up after their patience.
///
/// The replication is the engine's effect sink: each effect is acted on the moment the engine
/// emits it, with no array in between (and, the engine being specialised for this sink, with
/// no dispatch on the kind of effect). The engine is therefore kept apart, in `run`.
struct Replication: RoutingEffectSink {
    /// A scheduled event in 16 bytes, ordered by one integer: the time (ms, 36 bits: a year and
    /// the longest drawn duration fit) above a sequence number (28 bits) that keeps events of the
    /// same millisecond in the order they were scheduled. Half the size of a (time, sequence,
    /// kind, subject) struct with a two-field comparison: the event heap is a simulation's
    /// hottest loop. Sequence numbers are handed out afresh before they run out (`renumber`).
    struct Event: Comparable {
        enum Kind: UInt64 { case arrival, patience, hangUp, shiftStart, shiftEnd }
        static let sequenceBits: UInt64 = 28
        var key: UInt64
        var payload: UInt64

        init(time: Int64, sequence: UInt64, kind: Kind, subject: Int64) {
            precondition(time >= 0 && time < 1 << 36, "An event time beyond the simulated year and its longest duration.")
            key = UInt64(time) << Self.sequenceBits | sequence
            payload = kind.rawValue << 60 | UInt64(subject)
        }

        var time: Int64 { Int64(key >> Self.sequenceBits) }
        var kind: Kind { Kind(rawValue: payload >> 60)! }
        var subject: Int64 { Int64(payload & (1 << 60 - 1)) }

        static func < (a: Event, b: Event) -> Bool { a.key < b.key }
        static func == (a: Event, b: Event) -> Bool { a.key == b.key }
    }

    let model: Model
    var random: SeededGenerator
    let exponential = Exponential.tables
    var events = MinHeap<Event>()
    /// The earliest of `events` was handed out by `next` and is still at the top: the next
    /// event scheduled there takes its place (`replaceMin`, one sift-down instead of two), or
    /// it is removed before the heap is read again.
    var eventTaken = false
    /// The next arrival of each queue, apart: a heap as small as the number of queues, instead
    /// of a third of the pushes and pops of the large one.
    var arrivals = MinHeap<Event>()
    /// When each waiting caller gives up (the `.patience` events), left as soon as they are answered.
    var waiting = PatienceQueue()
    var sequence: UInt64 = 0
    /// Virtual time starts at midnight of the scenario's start date (a Monday by default),
    /// so shifts and business hours read as times of day.
    var epoch: Int64 { model.epoch }

    /// What the simulation keeps of a call (one array of these, by id: one append per arrival).
    struct Call {
        var arrival: Int64
        /// When the caller gives up, until the event for it is scheduled (then, or never: `.max`).
        /// Scheduled only once the call waits: most are answered at once.
        var givesUp: Int64
        var queue: Int32
        /// The interval of its arrival.
        var interval: Int32
        var answered = false
        var ended = false
    }

    /// Per call, by id (ids count from 1).
    var calls: [Call] = [Call(arrival: 0, givesUp: .max, queue: 0, interval: 0)]
    var nextArrival: [Double]
    /// Per queue: the arrival rate of the interval of its last arrival, and where that interval ends.
    var arrivalRate: [Double]
    var arrivalIntervalEnd: [Double]

    // Per agent, by index: what they are doing, and since when.
    var agentHandling: [UInt8]  // 0 off, 1 available, 2 handling
    var agentSince: [Int64]
    /// The start of the day whose shift each agent is on (or will start next).
    var shiftDay: [Int64]

    var total = Tally()
    var perQueue: [Tally]
    var perInterval: [Tally]
    /// Robots whose shift ended, logging out once the engine has put them on a break, in order.
    /// (Robots answer their calls by auto-answer: the engine connects them.)
    var replies: [AgentID] = []
    /// The time of the command being executed (ms): the time of its effects.
    var clock: Int64 = 0
    /// Every call's record as the engine ended it, when asked for (`Simulator.callRecords`).
    var captured: [CallRecord]?

    init(model: Model, seed: UInt64) {
        self.model = model
        self.random = SeededGenerator(seed: seed)
        self.nextArrival = Array(repeating: 0, count: model.queues.count)
        self.arrivalRate = Array(repeating: 0, count: model.queues.count)
        self.arrivalIntervalEnd = Array(repeating: 0, count: model.queues.count)
        self.agentHandling = Array(repeating: 0, count: model.agents.count)
        self.agentSince = Array(repeating: 0, count: model.agents.count)
        self.shiftDay = Array(repeating: 0, count: model.agents.count)
        self.perQueue = Array(repeating: Tally(), count: model.queues.count)
        self.perInterval = Array(repeating: Tally(), count: model.intervalCount)
        let expected = model.rates.reduce(0) { $0 + ($1.max() ?? 0) } * Double(model.duration)
        calls.reserveCapacity(Int(min(expected * 1.1, 4_000_000)) + 16)
    }

    /// A drawn duration on the virtual clock; distributions are capped far below any overflow.
    static func milliseconds(_ seconds: Double) -> Int64 {
        seconds.isFinite ? Int64(max(0, min(seconds, Distribution.longest)) * 1000) : Int64(Distribution.longest * 1000)
    }

    mutating func schedule(_ time: Int64, _ kind: Event.Kind, _ subject: Int64) {
        if sequence == 1 << Event.sequenceBits { renumber() }
        let event = Event(time: time, sequence: sequence, kind: kind, subject: subject)
        switch kind {
        case .arrival: arrivals.insert(event)
        case .patience: waiting.insert(event)
        case .hangUp, .shiftStart, .shiftEnd:
            if eventTaken {
                events.replaceMin(with: event)
                eventTaken = false
            } else {
                events.insert(event)
            }
        }
        sequence += 1
    }

    /// Numbers the waiting events 0, 1, … in their order, so that sequence numbers never run out.
    mutating func renumber() {
        settleEvents()
        let all = (events.unordered + arrivals.unordered + waiting.unordered).sorted()
        events = MinHeap()
        arrivals = MinHeap()
        waiting = PatienceQueue()
        sequence = 0
        for event in all { schedule(event.time, event.kind, event.subject) }
    }

    /// What comes next: the routing engine's timers (to run at `timersAt`, the engine's next
    /// deadline), or the earliest scheduled event, taken out (from `events` only marked taken:
    /// see `eventTaken`); both nil past `stop`. A timer due at an event's time runs first.
    mutating func next(until stop: Int64, timers deadline: Int64) -> (event: Event?, timersAt: Int64?) {
        settleEvents()
        // The earliest of the three: the smallest key (time, then the order scheduled).
        var first = events.min
        var from = 0
        if let arrival = arrivals.min, first.map({ arrival < $0 }) ?? true {
            first = arrival
            from = 1
        }
        if let patience = waiting.min, first.map({ patience < $0 }) ?? true {
            first = patience
            from = 2
        }
        if deadline <= first?.time ?? .max, deadline <= stop { return (nil, deadline) }
        guard let first, first.time <= stop else { return (nil, nil) }
        switch from {
        case 0: eventTaken = true
        case 1: arrivals.removeMin()
        default: waiting.removeMin()
        }
        return (first, nil)
    }

    /// Removes the event `next` handed out, unless one scheduled since took its place.
    mutating func settleEvents() {
        if eventTaken {
            events.removeMin()
            eventTaken = false
        }
    }

    /// The next arrival to queue `q` after `now` (ms), in a Poisson process whose rate is
    /// constant within each interval; nil past the end.
    mutating func arrival(_ q: Int, after now: Double) -> Double? {
        // Nearly always within the interval of the last arrival: its rate and end are kept.
        if now < arrivalIntervalEnd[q], arrivalRate[q] > 0 {
            let next = now + Exponential.draw(&random, exponential) / arrivalRate[q]
            if next < arrivalIntervalEnd[q] { return next < Double(model.duration) ? next : nil }
            return slowArrival(q, after: arrivalIntervalEnd[q])
        }
        return slowArrival(q, after: now)
    }

    /// `arrival(_:after:)` from the start of an interval (or from `now` in a new one).
    mutating func slowArrival(_ q: Int, after now: Double) -> Double? {
        var time = now
        let rates = model.rates[q]
        while time < Double(model.duration) {
            let index = Int(time / Double(model.interval))
            let rate = rates[min(index, rates.count - 1)]
            let intervalEnd = Double(Int64(index + 1) * model.interval)
            arrivalRate[q] = rate
            arrivalIntervalEnd[q] = intervalEnd
            if rate > 0 {
                let gap = Exponential.draw(&random, exponential) / rate
                if time + gap < intervalEnd { return time + gap < Double(model.duration) ? time + gap : nil }
            }
            time = intervalEnd  // memoryless: start afresh at the next interval's rate
        }
        return nil
    }

    mutating func run() {
        var engine = RoutingEngine(queues: model.queues, agents: model.agents, escalationQueue: model.escalationQueue)
        for q in model.queues.indices {
            if let first = arrival(q, after: 0) {
                nextArrival[q] = first
                schedule(Int64(first), .arrival, Int64(q))
            }
        }
        // Shifts are scheduled one at a time (the next start after each end): a year of a
        // large center would otherwise put every shift of every day in the heap at once.
        for (index, shift) in model.shifts.enumerated() {
            guard let shift else {
                schedule(0, .shiftStart, Int64(index))
                continue
            }
            // The first shift still going at 0, or starting later: yesterday's if it runs past midnight.
            let day: Int64 = shift.end > Model.day ? -Model.day : 0
            shiftDay[index] = day
            if day + shift.start < model.duration { schedule(max(0, day + shift.start), .shiftStart, Int64(index)) }
        }
        // Calls still going 4 hours after the end are cut off there.
        let stop = model.duration + 4 * 3_600_000
        while true {
            let (next, timersAt) = next(until: stop, timers: engine.nextDeadline.map { $0.millisecondsSinceEpoch - epoch } ?? .max)
            if let timersAt {
                execute(.timersDue, at: timersAt, on: &engine)
                continue
            }
            guard let event = next else { break }
            switch event.kind {
            case .arrival:
                let q = Int(event.subject)
                let id = Int64(calls.count)
                let interval = Int(event.time / model.interval)
                if event.time >= model.warmUp {
                    total.offered += 1
                    perQueue[q].offered += 1
                    perInterval[interval].offered += 1
                }
                let patience = model.patience[q].sample(&random, exponential)
                calls.append(Call(
                    arrival: event.time, givesUp: patience.isFinite ? event.time + Self.milliseconds(patience) : .max, queue: Int32(q),
                    interval: Int32(interval)))
                execute(.callArrived(CallID(id), queue: model.queues[q].id), at: event.time, on: &engine)
                if let next = arrival(q, after: nextArrival[q]) {
                    nextArrival[q] = next
                    schedule(Int64(next), .arrival, Int64(q))
                }
            case .patience:
                if !calls[Int(event.subject)].answered, !calls[Int(event.subject)].ended { execute(.callerHungUp(CallID(event.subject)), at: event.time, on: &engine) }
            case .hangUp:
                guard !calls[Int(event.subject)].ended else { break }
                // A robot chooses its disposition before the call ends: wrap-up then lasts its time.
                if model.dispositionRequired { execute(.dispositionRecorded(CallID(event.subject)), at: event.time, on: &engine) }
                execute(.callerHungUp(CallID(event.subject)), at: event.time, on: &engine)
            case .shiftStart:
                let index = Int(event.subject)
                let agent = AgentID(event.subject + 1)
                if engine.state(of: agent) == .loggedOut { execute(.logIn(agent), at: event.time, on: &engine) }
                execute(.goAvailable(agent), at: event.time, on: &engine)
                if let shift = model.shifts[index], shiftDay[index] + shift.end < model.duration {
                    schedule(shiftDay[index] + shift.end, .shiftEnd, event.subject)
                }
            case .shiftEnd:
                let index = Int(event.subject)
                execute(.goNotReady(AgentID(event.subject + 1), reason: "offShift"), at: event.time, on: &engine)
                // The next day's shift (an end at or before the next start runs first: same time, earlier in the heap).
                shiftDay[index] += Model.day
                if let shift = model.shifts[index], shiftDay[index] + shift.start < model.duration {
                    schedule(shiftDay[index] + shift.start, .shiftStart, event.subject)
                }
            }
        }
        // Close the agents' time at the end of the run.
        for agent in agentHandling.indices { account(agent, until: model.duration) }
        for call in calls.dropFirst() where !call.ended && call.arrival >= model.warmUp {
            total.otherwise += 1
            perQueue[Int(call.queue)].otherwise += 1
            perInterval[Int(call.interval)].otherwise += 1
        }
    }

    /// Hands a command to the engine at `time`, then the log-outs of robots whose shift ended
    /// (the effects are acted on as they come: `append`).
    mutating func execute(_ command: RoutingCommand, at time: Int64, on engine: inout RoutingEngine) {
        clock = time
        let now = Instant(millisecondsSinceEpoch: epoch + time)
        // A refused command (none is expected) changes nothing; the timers before it still ran.
        try? engine.handle(command, at: now, into: &self)
        var index = 0
        while index < replies.count {
            try? engine.handle(.logOut(replies[index]), at: now, into: &self)
            index += 1
        }
        if !replies.isEmpty { replies.removeAll(keepingCapacity: true) }
    }

    /// Inlined where the engine emits each effect: the switch in `react` folds away there.
    @inline(__always) mutating func append(_ effect: consuming RoutingEffect) {
        react(to: effect, at: clock)
    }

    @inline(__always) mutating func react(to effect: RoutingEffect, at time: Int64) {
        switch effect {
        case .callQueued(let call, _, _):
            let id = Int(call.rawValue)
            if calls[id].givesUp != .max {
                schedule(max(calls[id].givesUp, time), .patience, call.rawValue)
                calls[id].givesUp = .max
            }
        case .callAnswered(let call, _, _):
            let id = Int(call.rawValue)
            waiting.remove(call: id)
            calls[id].answered = true
            let talk = model.handleTimes[Int(calls[id].queue)].sample(&random, exponential)
            schedule(time + Self.milliseconds(talk), .hangUp, call.rawValue)
        case .agentStateChanged(let agent, let state, _):
            let index = Int(agent.rawValue - 1)
            let kind: UInt8
            switch state {
            case .available: kind = 1
            case .ringing, .talking, .onHold, .wrapUp: kind = 2
            case .notReady(let reason):
                kind = 0
                if reason == "offShift" { replies.append(agent) }
            case .loggedOut: kind = 0
            }
            // Time is counted per kind: ringing → talking, say, goes on counting the same.
            if kind != agentHandling[index] {
                account(index, until: time)
                agentHandling[index] = kind
            }
        case .callEnded(let record):
            waiting.remove(call: Int(record.id.rawValue))
            tally(record)
        default:
            break
        }
    }

    /// Adds an agent's time since their last change to handling or available, split over the
    /// intervals, inside the counted part of the run.
    mutating func account(_ agent: Int, until time: Int64) {
        let kind = agentHandling[agent]
        var from = max(agentSince[agent], model.warmUp)
        agentSince[agent] = time
        let to = min(time, model.duration)
        guard kind != 0, from < to else { return }
        if kind == 2 { total.handling += to - from } else { total.available += to - from }
        while from < to {
            let bucket = Int(from / model.interval)
            let end = min(to, Int64(bucket + 1) * model.interval)
            if kind == 2 { perInterval[bucket].handling += end - from } else { perInterval[bucket].available += end - from }
            from = end
        }
    }

    mutating func tally(_ record: CallRecord) {
        if captured != nil { captured!.append(record) }
        let id = Int(record.id.rawValue)
        calls[id].ended = true
        let arrival = calls[id].arrival
        guard arrival >= model.warmUp else { return }
        let q = Int(calls[id].queue)
        let bucket = Int(calls[id].interval)
        let ended = record.endedAt.millisecondsSinceEpoch - epoch
        let answered = record.answeredAt.map { $0.millisecondsSinceEpoch - epoch }
        let wrapUp = model.wrapUp[Int(record.lastQueue.rawValue - 1)]
        let threshold = model.threshold
        Self.add(record.outcome, arrival: arrival, answered: answered, ended: ended, wrapUp: wrapUp, threshold: threshold, to: &total)
        Self.add(record.outcome, arrival: arrival, answered: answered, ended: ended, wrapUp: wrapUp, threshold: threshold, to: &perQueue[q])
        Self.add(record.outcome, arrival: arrival, answered: answered, ended: ended, wrapUp: wrapUp, threshold: threshold, to: &perInterval[bucket])
    }

    static func add(_ outcome: CallOutcome, arrival: Int64, answered: Int64?, ended: Int64, wrapUp: Int64, threshold: Int64, to tally: inout Tally) {
        switch outcome {
        case .completed:
            let answeredAt = answered ?? ended
            let wait = answeredAt - arrival
            tally.answered += 1
            if wait <= threshold { tally.answeredWithin += 1 }
            tally.answeredWait += wait
            tally.allWait += wait
            tally.talk += ended - answeredAt
            tally.wrapUp += wrapUp
        case .abandonedInQueue, .abandonedRinging:
            let wait = ended - arrival
            tally.abandoned += 1
            if wait <= threshold { tally.abandonedWithin += 1 }
            tally.allWait += wait
        case .rejected, .overflowEnded, .callbackOffered:
            tally.otherwise += 1
        }
    }
}
