#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import HeapModule
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
struct Replication {
    struct Event: Comparable {
        enum Kind: UInt8 { case arrival, patience, hangUp, shiftStart, shiftEnd }
        var time: Int64
        var sequence: Int64
        var kind: Kind
        var subject: Int64

        static func < (a: Event, b: Event) -> Bool { a.time != b.time ? a.time < b.time : a.sequence < b.sequence }
        static func == (a: Event, b: Event) -> Bool { a.time == b.time && a.sequence == b.sequence }
    }

    let model: Model
    var random: SeededGenerator
    var engine: RoutingEngine
    var events = Heap<Event>()
    var sequence: Int64 = 0
    /// Virtual time starts on a Monday at midnight (UTC), so shifts read as times of day.
    static let epoch: Int64 = 1_798_761_600_000  // 2027-01-04T00:00:00Z

    // Per call, by id (ids count from 1).
    var callQueue: [Int32] = [0]
    var callArrival: [Int64] = [0]
    var callAnswered: [Bool] = [false]
    var callEnded: [Bool] = [false]
    var nextArrival: [Double]

    // Per agent, by index: what they are doing, and since when.
    var agentHandling: [UInt8]  // 0 off, 1 available, 2 handling
    var agentSince: [Int64]
    /// The start of the day whose shift each agent is on (or will start next).
    var shiftDay: [Int64]

    var total = Tally()
    var perQueue: [Tally]
    var perInterval: [Tally]
    var pending: [RoutingCommand] = []

    init(model: Model, seed: UInt64) {
        self.model = model
        self.random = SeededGenerator(seed: seed)
        self.engine = RoutingEngine(queues: model.queues, agents: model.agents)
        self.nextArrival = Array(repeating: 0, count: model.queues.count)
        self.agentHandling = Array(repeating: 0, count: model.agents.count)
        self.agentSince = Array(repeating: 0, count: model.agents.count)
        self.shiftDay = Array(repeating: 0, count: model.agents.count)
        self.perQueue = Array(repeating: Tally(), count: model.queues.count)
        self.perInterval = Array(repeating: Tally(), count: model.intervalCount)
        let expected = model.rates.reduce(0) { $0 + ($1.max() ?? 0) } * Double(model.duration)
        callQueue.reserveCapacity(Int(min(expected * 1.1, 4_000_000)) + 16)
        callArrival.reserveCapacity(callQueue.capacity)
        callAnswered.reserveCapacity(callQueue.capacity)
        callEnded.reserveCapacity(callQueue.capacity)
    }

    /// A drawn duration on the virtual clock; distributions are capped far below any overflow.
    static func milliseconds(_ seconds: Double) -> Int64 {
        seconds.isFinite ? Int64(max(0, min(seconds, Distribution.longest)) * 1000) : Int64(Distribution.longest * 1000)
    }

    mutating func schedule(_ time: Int64, _ kind: Event.Kind, _ subject: Int64) {
        sequence += 1
        events.insert(Event(time: time, sequence: sequence, kind: kind, subject: subject))
    }

    /// The next arrival to queue `q` after `now` (ms), in a Poisson process whose rate is
    /// constant within each interval; nil past the end.
    mutating func arrival(_ q: Int, after now: Double) -> Double? {
        var time = now
        let rates = model.rates[q]
        while time < Double(model.duration) {
            let index = Int(time / Double(model.interval))
            let rate = rates[min(index, rates.count - 1)]
            let intervalEnd = Double(Int64(index + 1) * model.interval)
            if rate > 0 {
                let gap = -log(Double((random.next() >> 11) + 1) * 0x1.0p-53) / rate
                if time + gap < intervalEnd { return time + gap < Double(model.duration) ? time + gap : nil }
            }
            time = intervalEnd  // memoryless: start afresh at the next interval's rate
        }
        return nil
    }

    mutating func run() {
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
            let next = events.min?.time
            if let deadline = engine.nextDeadline?.millisecondsSinceEpoch, deadline - Self.epoch <= (next ?? .max), deadline - Self.epoch <= stop {
                execute(.timersDue, at: deadline - Self.epoch)
                continue
            }
            guard let event = events.popMin(), event.time <= stop else { break }
            switch event.kind {
            case .arrival:
                let q = Int(event.subject)
                let id = Int64(callQueue.count)
                callQueue.append(Int32(q))
                callArrival.append(event.time)
                callAnswered.append(false)
                callEnded.append(false)
                if event.time >= model.warmUp {
                    total.offered += 1
                    perQueue[q].offered += 1
                    perInterval[Int(event.time / model.interval)].offered += 1
                }
                let patience = model.patience[q].sample(&random)
                if patience.isFinite { schedule(event.time + Self.milliseconds(patience), .patience, id) }
                execute(.callArrived(CallID(id), queue: model.queues[q].id), at: event.time)
                if let next = arrival(q, after: nextArrival[q]) {
                    nextArrival[q] = next
                    schedule(Int64(next), .arrival, Int64(q))
                }
            case .patience:
                if !callAnswered[Int(event.subject)], !callEnded[Int(event.subject)] { execute(.callerHungUp(CallID(event.subject)), at: event.time) }
            case .hangUp:
                if !callEnded[Int(event.subject)] { execute(.callerHungUp(CallID(event.subject)), at: event.time) }
            case .shiftStart:
                let index = Int(event.subject)
                let agent = AgentID(event.subject + 1)
                if engine.state(of: agent) == .loggedOut { execute(.logIn(agent), at: event.time) }
                execute(.goAvailable(agent), at: event.time)
                if let shift = model.shifts[index], shiftDay[index] + shift.end < model.duration {
                    schedule(shiftDay[index] + shift.end, .shiftEnd, event.subject)
                }
            case .shiftEnd:
                let index = Int(event.subject)
                execute(.goNotReady(AgentID(event.subject + 1), reason: "offShift"), at: event.time)
                // The next day's shift (an end at or before the next start runs first: same time, earlier in the heap).
                shiftDay[index] += Model.day
                if let shift = model.shifts[index], shiftDay[index] + shift.start < model.duration {
                    schedule(shiftDay[index] + shift.start, .shiftStart, event.subject)
                }
            }
        }
        // Close the agents' time at the end of the run.
        for agent in agentHandling.indices { account(agent, until: model.duration) }
        for id in 1..<callQueue.count where !callEnded[id] && callArrival[id] >= model.warmUp {
            total.otherwise += 1
            perQueue[Int(callQueue[id])].otherwise += 1
            perInterval[Int(callArrival[id] / model.interval)].otherwise += 1
        }
    }

    /// Hands a command to the engine at `time` and carries out the effects, and the commands
    /// the robots give in answer, in order.
    mutating func execute(_ command: RoutingCommand, at time: Int64) {
        pending.append(command)
        var index = 0
        while index < pending.count {
            let next = pending[index]
            index += 1
            let effects: [RoutingEffect]
            do {
                effects = try engine.handle(next, at: Instant(millisecondsSinceEpoch: Self.epoch + time))
            } catch {
                effects = error.timerEffects
            }
            for effect in effects { react(to: effect, at: time) }
        }
        pending.removeAll(keepingCapacity: true)
    }

    mutating func react(to effect: RoutingEffect, at time: Int64) {
        switch effect {
        case .callOffered(let call, let agent, _):
            pending.append(.answer(call, by: agent))
        case .callAnswered(let call, _, _):
            let id = Int(call.rawValue)
            callAnswered[id] = true
            let talk = model.handleTimes[Int(callQueue[id])].sample(&random)
            schedule(time + Self.milliseconds(talk), .hangUp, call.rawValue)
        case .agentStateChanged(let agent, let state, _):
            let index = Int(agent.rawValue - 1)
            account(index, until: time)
            switch state {
            case .available: agentHandling[index] = 1
            case .ringing, .talking, .onHold, .wrapUp: agentHandling[index] = 2
            case .notReady(let reason):
                agentHandling[index] = 0
                if reason == "offShift" { pending.append(.logOut(agent)) }
            case .loggedOut: agentHandling[index] = 0
            }
        case .callEnded(let record):
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
        let id = Int(record.id.rawValue)
        callEnded[id] = true
        let arrival = callArrival[id]
        guard arrival >= model.warmUp else { return }
        let q = Int(callQueue[id])
        let bucket = Int(arrival / model.interval)
        let ended = record.endedAt.millisecondsSinceEpoch - Self.epoch
        let answered = record.answeredAt.map { $0.millisecondsSinceEpoch - Self.epoch }
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
