import SwitchboardCore

/// A scenario checked and put in the engine's terms, shared by every replication.
struct Model: Sendable {
    var queues: [RoutingQueue]
    var queueNames: [String]
    var agents: [RoutingAgent]
    /// Per agent: the shift as milliseconds from the start of a day, or nil (always in).
    var shifts: [(start: Int64, end: Int64)?]
    /// Per queue: calls per millisecond in each interval (the last one repeats).
    var rates: [[Double]]
    var handleTimes: [Distribution]
    var patience: [Distribution]
    var wrapUp: [Int64]
    var duration: Int64
    var interval: Int64
    var threshold: Int64
    var warmUp: Int64

    var intervalCount: Int { Int((duration + interval - 1) / interval) }

    static let day: Int64 = 86_400_000

    init(_ scenario: Scenario) throws(SwitchboardError) {
        guard scenario.durationMinutes.isFinite, scenario.durationMinutes > 0, scenario.durationMinutes <= 366 * 1440 else {
            throw .invalid("durationMinutes", "The duration must be longer than zero and at most a year.")
        }
        let intervalMinutes = scenario.intervalMinutes ?? 30
        guard intervalMinutes.isFinite, intervalMinutes >= 1, intervalMinutes <= 1440 else {
            throw .invalid("intervalMinutes", "The interval must be between 1 and 1,440 minutes.")
        }
        let threshold = scenario.thresholdSeconds ?? 20
        guard threshold.isFinite, threshold >= 0, threshold <= 86_400 else {
            throw .invalid("thresholdSeconds", "The threshold must be between 0 and 86,400 seconds.")
        }
        let warmUp = scenario.warmUpMinutes ?? 0
        guard warmUp.isFinite, warmUp >= 0, warmUp < scenario.durationMinutes else {
            throw .invalid("warmUpMinutes", "The warm-up must be zero or more minutes, and shorter than the run.")
        }
        guard !scenario.queues.isEmpty else { throw .invalid("queues", "A scenario needs at least one queue.") }
        guard scenario.queues.count <= 1000 else { throw .invalid("queues", "At most 1,000 queues.") }
        // The bounds above keep every product below far inside Int64: a year is 3.2e10 ms.
        duration = Int64(scenario.durationMinutes * 60_000)
        interval = Int64(intervalMinutes * 60_000)
        self.threshold = Int64(threshold * 1000)
        self.warmUp = Int64(warmUp * 60_000)

        // Skills by name, numbered in order of first mention.
        var skills: [String: SkillID] = [:]
        func skill(_ name: String) -> SkillID {
            if let id = skills[name] { return id }
            let id = SkillID(Int64(skills.count + 1))
            skills[name] = id
            return id
        }
        var queueIds: [String: QueueID] = [:]
        for (index, queue) in scenario.queues.enumerated() {
            let name = Validate.trim(queue.name)
            guard !name.isEmpty else { throw .invalid("queues[\(index)].name", "Every queue needs a name.") }
            guard queueIds[name] == nil else { throw .invalid("queues[\(index)].name", "Two queues are called '\(name)'.") }
            queueIds[name] = QueueID(Int64(index + 1))
        }
        queues = []
        queueNames = []
        rates = []
        handleTimes = []
        patience = []
        wrapUp = []
        for (index, queue) in scenario.queues.enumerated() {
            let field = "queues[\(index)]"
            let priority = queue.priority ?? 5
            guard (1...10).contains(priority) else { throw .invalid("\(field).priority", "The priority must be between 1 and 10.") }
            let weight = queue.weight ?? 1
            guard (1...100).contains(weight) else { throw .invalid("\(field).weight", "The weight must be between 1 and 100.") }
            let wrap = queue.wrapUpSeconds ?? 0
            guard wrap.isFinite, wrap >= 0, wrap <= 3600 else { throw .invalid("\(field).wrapUpSeconds", "Wrap-up must be between 0 and 3,600 seconds.") }
            let maxWaiting = queue.maxWaiting ?? 10_000_000
            guard maxWaiting >= 0 else { throw .invalid("\(field).maxWaiting", "The queue length limit must be zero or more.") }
            var requirements: [RoutingRequirement] = []
            for (position, requirement) in (queue.requiredSkills ?? []).enumerated() {
                guard (1...5).contains(requirement.minimum) else {
                    throw .invalid("\(field).requiredSkills[\(position)].minimum", "A minimum proficiency is between 1 and 5.")
                }
                requirements.append(RoutingRequirement(skill: skill(requirement.skill), minimum: requirement.minimum))
            }
            var steps: [OverflowStep] = []
            for (position, step) in (queue.overflow ?? []).enumerated() {
                let stepField = "\(field).overflow[\(position)]"
                guard step.afterSeconds.isFinite, step.afterSeconds >= 0, step.afterSeconds <= Distribution.longest else {
                    throw .invalid("\(stepField).afterSeconds", "The wait must be between 0 and 10,000,000 seconds.")
                }
                let action: OverflowStep.Action
                switch step.action {
                case "lowerMinimum":
                    guard let minimum = step.minimum, (1...5).contains(minimum) else { throw .invalid("\(stepField).minimum", "lowerMinimum needs a minimum from 1 to 5.") }
                    action = .lowerMinimum(to: minimum)
                case "addSkill":
                    guard let name = step.skill else { throw .missing("\(stepField).skill") }
                    action = .addSkill(RoutingRequirement(skill: skill(name), minimum: min(5, max(1, step.minimum ?? 1))))
                case "addTeamLeaders": action = .addTeamLeaders
                case "moveToQueue":
                    guard let target = step.queue, let id = queueIds[Validate.trim(target)], id != QueueID(Int64(index + 1)) else {
                        throw .invalid("\(stepField).queue", "moveToQueue needs the name of another queue in the scenario.")
                    }
                    // Two queues moving calls to each other at once would never let time pass.
                    guard step.afterSeconds >= 1 else {
                        throw .invalid("\(stepField).afterSeconds", "A call waits at least a second before it moves to another queue.")
                    }
                    action = .moveToQueue(id)
                case "offerCallback": action = .offerCallback
                case "end": action = .end(reason: step.reason ?? "overflow")
                default:
                    throw .invalid("\(stepField).action", "'\(step.action)' is not an overflow action: lowerMinimum, addSkill, addTeamLeaders, moveToQueue, offerCallback or end.")
                }
                steps.append(OverflowStep(after: .milliseconds(Int64(step.afterSeconds * 1000)), action))
            }
            queues.append(RoutingQueue(
                id: QueueID(Int64(index + 1)), name: queue.name, priority: priority, weight: weight, strategy: queue.strategy ?? .longestIdle,
                requirements: requirements, wrapUp: .milliseconds(Int64(wrap * 1000)), maxWaiting: maxWaiting, ringTimeout: .seconds(20),
                missedCallGoesNotReady: false, overflow: steps))
            queueNames.append(queue.name)
            wrapUp.append(Int64(wrap * 1000))
            let perHour: [Double]
            switch (queue.arrivals.callsPerHour, queue.arrivals.callsPerInterval) {
            case (let rate?, nil): perHour = [rate]
            case (nil, let counts?) where !counts.isEmpty: perHour = counts.map { $0 * 60 / intervalMinutes }
            default:
                throw .invalid("\(field).arrivals", "Give arrivals as callsPerHour or as callsPerInterval (a non-empty list), one of the two.")
            }
            guard perHour.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 10_000_000 }) else {
                throw .invalid("\(field).arrivals", "Arrival rates must be zero or more (and at most 10 million calls an hour).")
            }
            rates.append(perHour.map { $0 / 3_600_000 })
            handleTimes.append(try queue.handleTime.validated("\(field).handleTime", allowNever: false))
            patience.append(try (queue.patience ?? .never).validated("\(field).patience", allowNever: true))
        }
        agents = []
        shifts = []
        var total = 0
        for (index, group) in scenario.agents.enumerated() {
            let field = "agents[\(index)]"
            guard group.count >= 0 else { throw .invalid("\(field).count", "The number of agents must be zero or more.") }
            // Checked before adding: a count near Int.max would overflow the sum (and trap).
            guard group.count <= 200_000 - total else { throw .invalid("\(field).count", "At most 200,000 agents in a scenario.") }
            total += group.count
            var levels: [SkillID: Int] = [:]
            for (name, level) in group.skills ?? [:] {
                guard (1...5).contains(level) else { throw .invalid("\(field).skills.\(name)", "A proficiency is between 1 and 5.") }
                levels[skill(name)] = level
            }
            var shift: (Int64, Int64)?
            if let given = group.shift {
                let start = try Self.minutes(given.start, "\(field).shift.start")
                var end = try Self.minutes(given.end, "\(field).shift.end")
                if end <= start { end += 1440 }  // past midnight
                shift = (start * 60_000, end * 60_000)
            }
            for _ in 0..<group.count {
                // Robots answer at once: the engine connects their calls without ringing.
                agents.append(RoutingAgent(id: AgentID(Int64(agents.count + 1)), skills: levels, isTeamLeader: group.teamLeader ?? false, autoAnswer: true))
                shifts.append(shift)
            }
        }
    }

    static func minutes(_ text: String, _ field: String) throws(SwitchboardError) -> Int64 {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hours = Int64(parts[0]), let minutes = Int64(parts[1]), (0...24).contains(hours), (0..<60).contains(minutes),
            hours * 60 + minutes <= 1440
        else { throw .invalid(field, "'\(text)' is not a time of day; write HH:MM, for example 08:30.") }
        return hours * 60 + minutes
    }
}
