import SwitchboardCore

/// A scenario checked and put in the engine's terms, shared by every replication.
struct Model: Sendable {
    var queues: [RoutingQueue]
    var escalationQueue: QueueID?
    var skills: [String: SkillID]
    var queueNames: [String]
    var agents: [RoutingAgent]
    /// Per agent: the shift as milliseconds from the start of a day, or nil (always in).
    var shifts: [(start: Int64, end: Int64)?]
    /// Per queue: calls per millisecond in each interval (the last one repeats).
    var rates: [[Double]]
    var handleTimes: [Distribution]
    var patience: [Distribution]
    /// Per queue: wrap-up in milliseconds.
    var wrapUp: [Int64]
    /// Some queue holds wrap-up until a disposition: robots record one as they hang up.
    var dispositionRequired: Bool
    /// The simulated clock's zero: local midnight of the start date, read as UTC by the engine
    /// (so business hours see local wall time; a day on which clocks change is off by that hour).
    var epoch: Int64
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

        // Skills by name, numbered in order of first mention (an agent group's in name order).
        var skills: [String: SkillID] = [:]
        func mention(_ name: String) {
            if skills[name] == nil { skills[name] = SkillID(Int64(skills.count + 1)) }
        }
        for queue in scenario.queues {
            for requirement in queue.requiredSkills ?? [] { mention(requirement.skill) }
            for step in queue.overflow ?? [] where step.action == "addSkill" { step.skill.map(mention) }
        }
        for group in scenario.agents { for name in (group.skills ?? [:]).keys.sorted() { mention(name) } }
        self.skills = skills

        var queueIds: [String: QueueID] = [:]
        var lowercased: Set<String> = []
        for (index, queue) in scenario.queues.enumerated() {
            let name = Validate.trim(queue.name)
            guard !name.isEmpty else { throw .invalid("queues[\(index)].name", "Every queue needs a name.") }
            // Overflow targets match names in any case, as in the live center.
            guard lowercased.insert(name.lowercased()).inserted else { throw .invalid("queues[\(index)].name", "Two queues are called '\(name)'.") }
            queueIds[name.lowercased()] = QueueID(Int64(index + 1))
        }
        epoch = try Self.epoch(scenario.startDate)
        var stored: [Queue] = []
        var longestWait: [Int?] = []
        // The scenario's seconds may have fractions; queue settings hold whole ones. Exact
        // milliseconds per queue: the wrap-up, and the overflow steps in the translator's order.
        var exactWrapUp: [Int64] = []
        var exactOverflow: [[Int64]] = []
        queueNames = []
        rates = []
        handleTimes = []
        patience = []
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
            let ring = queue.ringTimeoutSeconds ?? 20
            guard (5...300).contains(ring) else { throw .invalid("\(field).ringTimeoutSeconds", "The ring timeout must be between 5 and 300 seconds.") }
            if let longest = queue.maxWaitSeconds, !(1...(366 * 86_400)).contains(longest) {
                throw .invalid("\(field).maxWaitSeconds", "The longest wait must be between 1 second and 366 days.")
            }
            var settings = QueueSettings(
                name: Validate.trim(queue.name), extensionNumber: "\(index + 1)", priority: priority, maxWaitingCalls: maxWaiting,
                wrapUpSeconds: Int(wrap.rounded()), hours: try (queue.hours ?? .alwaysOpen()).validated(field: "\(field).hours"))
            settings.weight = weight
            settings.strategy = queue.strategy ?? .longestIdle
            settings.ringTimeoutSeconds = ring
            settings.missedCallGoesNotReady = queue.missedCallGoesNotReady ?? false
            settings.maxWaitSeconds = queue.maxWaitSeconds ?? 0
            settings.escalation = queue.escalation ?? false
            settings.dispositionRequired = queue.dispositionRequired ?? false
            for (position, requirement) in (queue.requiredSkills ?? []).enumerated() {
                guard (1...5).contains(requirement.minimum) else {
                    throw .invalid("\(field).requiredSkills[\(position)].minimum", "A minimum proficiency is between 1 and 5.")
                }
                settings.requiredSkills.append(SkillRequirement(skill: requirement.skill, minimumProficiency: requirement.minimum))
            }
            var steps: [(rule: OverflowRule, exact: Int64)] = []
            for (position, step) in (queue.overflow ?? []).enumerated() {
                let stepField = "\(field).overflow[\(position)]"
                guard step.afterSeconds.isFinite, step.afterSeconds >= 0, step.afterSeconds <= Distribution.longest else {
                    throw .invalid("\(stepField).afterSeconds", "The wait must be between 0 and 10,000,000 seconds.")
                }
                var rule = OverflowRule(afterSeconds: Int(step.afterSeconds.rounded()), action: .end)
                let exact = Int64(step.afterSeconds * 1000)
                switch step.action {
                case "lowerMinimum":
                    guard let minimum = step.minimum, (1...5).contains(minimum) else { throw .invalid("\(stepField).minimum", "lowerMinimum needs a minimum from 1 to 5.") }
                    rule.action = .lowerMinimum
                    rule.minimum = minimum
                case "addSkill":
                    guard let name = step.skill else { throw .missing("\(stepField).skill") }
                    rule.action = .addSkill
                    rule.skill = name
                    rule.minimum = min(5, max(1, step.minimum ?? 1))
                case "addTeamLeaders": rule.action = .addTeamLeaders
                case "moveToQueue":
                    guard let target = step.queue.map(Validate.trim), let id = queueIds[target.lowercased()], id != QueueID(Int64(index + 1)) else {
                        throw .invalid("\(stepField).queue", "moveToQueue needs the name of another queue in the scenario.")
                    }
                    // Two queues moving calls to each other at once would never let time pass.
                    guard step.afterSeconds >= 1 else {
                        throw .invalid("\(stepField).afterSeconds", "A call waits at least a second before it moves to another queue.")
                    }
                    rule.action = .moveToQueue
                    rule.queue = target
                case "offerCallback": rule.action = .offerCallback
                case "end": rule.reason = step.reason ?? "overflow"
                default:
                    throw .invalid("\(stepField).action", "'\(step.action)' is not an overflow action: lowerMinimum, addSkill, addTeamLeaders, moveToQueue, offerCallback or end.")
                }
                steps.append((rule, exact))
            }
            // Stable: rules at the same moment keep the scenario's order, as the engine's do.
            steps = steps.enumerated().sorted { ($0.element.exact, $0.offset) < ($1.element.exact, $1.offset) }.map(\.element)
            settings.overflow = steps.map(\.rule)
            stored.append(Queue(id: Int64(index + 1), settings: settings))
            longestWait.append(queue.maxWaitSeconds)
            exactWrapUp.append(Int64(wrap * 1000))
            exactOverflow.append(steps.map(\.exact))
            queueNames.append(queue.name)
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
        // The live center's translator, queue by queue, then the exact durations (every skill is
        // known and every target checked, so no step is left out: the orders match), and the
        // longest wait only where the scenario gives one.
        queues = stored.enumerated().map { index, queue in
            var routing = RoutingConfiguration.queue(queue, skills: skills, queueNamed: { queueIds[$0.lowercased()] }, endAtLongestWait: false)
            routing.wrapUp = .milliseconds(exactWrapUp[index])
            for (step, exact) in zip(routing.overflow.indices, exactOverflow[index]) { routing.overflow[step].after = .milliseconds(exact) }
            if let longest = longestWait[index] { routing.overflow = RoutingConfiguration.withLongestWait(routing.overflow, seconds: longest) }
            return routing
        }
        escalationQueue = stored.first { $0.settings.escalation }.map { QueueID($0.id) }
        wrapUp = exactWrapUp
        dispositionRequired = queues.contains { $0.dispositionRequired }
        agents = []
        shifts = []
        var total = 0
        for (index, group) in scenario.agents.enumerated() {
            let field = "agents[\(index)]"
            guard group.count >= 0 else { throw .invalid("\(field).count", "The number of agents must be zero or more.") }
            // Checked before adding: a count near Int.max would overflow the sum (and trap).
            guard group.count <= 200_000 - total else { throw .invalid("\(field).count", "At most 200,000 agents in a scenario.") }
            total += group.count
            var levels: [SkillLevel] = []
            for (name, level) in (group.skills ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard (1...5).contains(level) else { throw .invalid("\(field).skills.\(name)", "A proficiency is between 1 and 5.") }
                levels.append(SkillLevel(skill: name, proficiency: level))
            }
            func queues(_ names: [String]?, _ key: String) throws(SwitchboardError) -> Set<QueueID> {
                var ids: Set<QueueID> = []
                for (position, name) in (names ?? []).enumerated() {
                    guard let id = queueIds[Validate.trim(name).lowercased()] else {
                        throw .invalid("\(field).\(key)[\(position)]", "'\(name)' is not a queue in the scenario.")
                    }
                    ids.insert(id)
                }
                return ids
            }
            let added = try queues(group.addedQueues, "addedQueues")
            let removed = try queues(group.removedQueues, "removedQueues")
            var shift: (Int64, Int64)?
            if let given = group.shift {
                let start = try Self.minutes(given.start, "\(field).shift.start")
                var end = try Self.minutes(given.end, "\(field).shift.end")
                if end <= start { end += 1440 }  // past midnight
                shift = (start * 60_000, end * 60_000)
            }
            for _ in 0..<group.count {
                // Robots answer at once: the engine connects their calls without ringing.
                agents.append(RoutingConfiguration.agent(
                    .init(id: AgentID(Int64(agents.count + 1)), skills: levels, isTeamLeader: group.teamLeader ?? false, addedQueues: added, removedQueues: removed, autoAnswer: true),
                    skills: skills))
                shifts.append(shift)
            }
        }
    }

    /// The engine's configuration for this scenario (the live shell builds its own the same way).
    var configuration: RoutingConfiguration {
        RoutingConfiguration(queues: queues, agents: agents, escalationQueue: escalationQueue, skills: skills)
    }

    /// Milliseconds since 1970 of the start date's midnight; the default is a Monday.
    static func epoch(_ date: String?) throws(SwitchboardError) -> Int64 {
        guard let date else { return 1_798_761_600_000 }  // 2027-01-04T00:00:00Z
        guard let local = try? LocalDate(parsing: date, field: "startDate"), (1970...9999).contains(local.year) else {
            throw .invalid("startDate", "'\(date)' is not a date from 1970 to 9999; write YYYY-MM-DD.")
        }
        return Int64(local.dayNumber) * 86_400_000
    }

    static func minutes(_ text: String, _ field: String) throws(SwitchboardError) -> Int64 {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hours = Int64(parts[0]), let minutes = Int64(parts[1]), (0...24).contains(hours), (0..<60).contains(minutes),
            hours * 60 + minutes <= 1440
        else { throw .invalid(field, "'\(text)' is not a time of day; write HH:MM, for example 08:30.") }
        return hours * 60 + minutes
    }
}
