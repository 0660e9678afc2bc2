import Foundation
import Organisation
import Simulation
import Storage
import SwitchboardCore

/// "What if" from the real center: a day's arrivals per queue and half hour, its handle times
/// and callers' patience, replayed against the organisation as it is now (queues with their
/// routing settings, agents with their skills, working the hours they worked that day).
public enum HistoryScenario {
    public static func build(_ service: OrganisationService, date: String, absent: Int, seed: UInt64) async throws -> Scenario {
        // YYYY-MM-DD with a four-digit year, checked first: a year such as 1000000000 made
        // `Int64(… * 1000)` below trap (a moment past 2^63 ms), and the calendar has no answer
        // for years an Int barely holds.
        guard let local = try? LocalDate(parsing: date, field: "date"), (1970...9999).contains(local.year) else {
            throw SwitchboardError.invalid("date", "'\(date)' is not a date from 1970 to 9999; write YYYY-MM-DD.")
        }
        let queues = try await service.queues(by: .console)
        guard !queues.isEmpty else { throw SwitchboardError.invalid("database", "The database has no queues to simulate.") }
        // The day in the time zone of the queues' business hours (the first queue's). The
        // simulator reads every queue's hours as wall time from that day's midnight: a queue
        // kept in another zone is judged by the first queue's clock.
        let zoneName = queues.first?.settings.hours.timeZone ?? "UTC"
        guard let zone = TimeZone(identifier: zoneName) else { throw SwitchboardError.invalid("date", "Unknown time zone \(zoneName).") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let day = calendar.date(from: DateComponents(year: local.year, month: local.month, day: local.day)),
            let next = calendar.date(byAdding: .day, value: 1, to: day)
        else { throw SwitchboardError.invalid("date", "'\(date)' is not a date; write YYYY-MM-DD.") }
        let start = Instant(millisecondsSinceEpoch: Int64(day.timeIntervalSince1970 * 1000))
        let end = Instant(millisecondsSinceEpoch: Int64(next.timeIntervalSince1970 * 1000))
        let dayLength = end.millisecondsSinceEpoch - start.millisecondsSinceEpoch
        let (calls, hours, moves) = try await service.database.read { sql in
            (try await HistoryRepository(sql).calls(from: start, to: end), try await HistoryRepository(sql).workingHours(from: start, to: end),
             try await DayQueueRepository(sql).moves(day: local.description))
        }
        guard !calls.isEmpty else { throw SwitchboardError.invalid("date", "No calls arrived on \(date) (\(zoneName)); nothing to replay.") }

        let intervals = Int((dayLength + 1_799_999) / 1_800_000)
        var scenarioQueues: [Scenario.Queue] = []
        for queue in queues {
            let mine = calls.filter { $0.queueId == queue.id }
            var perInterval = [Double](repeating: 0, count: intervals)
            for call in mine { perInterval[Int((call.arrivedAt - start.millisecondsSinceEpoch) / 1_800_000)] += 1 }
            let talks = mine.compactMap(\.talkMilliseconds).map { Double($0) / 1000 }
            let abandons = mine.filter(\.abandoned).count
            // Patience, exponential by maximum likelihood: answered callers' waits are censored
            // (they would have waited longer), so all waiting time over the abandons.
            let waited = mine.compactMap(\.waitMilliseconds).reduce(0, +)
            let patience: Distribution? = abandons > 0 ? .exponential(mean: max(1, Double(waited) / 1000 / Double(abandons))) : nil
            let s = queue.settings
            // Overflow targets are matched as the live engine matches them (any case); a step
            // to a queue that no longer exists cannot happen today and is left out.
            let byName = Dictionary(queues.map { ($0.name.lowercased(), $0.name) }, uniquingKeysWith: { first, _ in first })
            let overflow = s.overflow.compactMap { rule -> Scenario.Overflow? in
                var target = rule.queue
                if rule.action == .moveToQueue {
                    guard let name = rule.queue.flatMap({ byName[$0.lowercased()] }) else { return nil }
                    target = name
                }
                return .init(afterSeconds: Double(rule.afterSeconds), action: rule.action.rawValue, minimum: rule.minimum, skill: rule.skill, queue: target, reason: rule.reason)
            }
            var queue = Scenario.Queue(
                name: s.name, priority: s.priority, weight: s.weight, strategy: s.strategy,
                requiredSkills: s.requiredSkills.map { .init(skill: $0.skill, minimum: $0.minimumProficiency) },
                wrapUpSeconds: Double(s.wrapUpSeconds), maxWaiting: s.maxWaitingCalls,
                overflow: overflow,
                arrivals: .init(callsPerInterval: perInterval),
                handleTime: talks.isEmpty ? .exponential(mean: 300) : .empirical(talks),
                patience: patience)
            // Every other routing setting of the live center (`RoutingConfiguration` reads them all).
            queue.ringTimeoutSeconds = s.ringTimeoutSeconds
            queue.missedCallGoesNotReady = s.missedCallGoesNotReady
            queue.maxWaitSeconds = s.maxWaitSeconds
            queue.hours = s.hours
            queue.escalation = s.escalation
            queue.dispositionRequired = s.dispositionRequired
            scenarioQueues.append(queue)
        }
        let leaders = Set(try await service.teams(by: .console).compactMap(\.leaderId))
        var agents = try await service.agents(by: .console)
        // Who worked that day, at the hours they worked; if nobody's hours were recorded, everyone all day.
        if !hours.isEmpty { agents = agents.filter { hours[$0.id] != nil } }
        guard absent >= 0, absent <= agents.count else {
            throw SwitchboardError.invalid("absent", "Between 0 and \(agents.count) agents can be absent.")
        }
        var random = SeededGenerator(seed: seed)
        agents.shuffle(using: &random)
        agents.removeFirst(absent)
        let groups: [Scenario.AgentGroup] = agents.sorted { $0.id < $1.id }.map { agent in
            let shift = hours[agent.id].map { span in
                // Whole minutes that cover the time worked (at least one).
                let from = Int((span.start - start.millisecondsSinceEpoch) / 60_000)
                let to = max(from + 1, Int((span.end - start.millisecondsSinceEpoch + 59_999) / 60_000))
                return Scenario.Shift(start: clock(from), end: clock(to))
            }
            let mine = moves.filter { $0.agentId == agent.id }
            func names(_ mode: String) -> [String]? {
                let found = mine.filter { $0.mode == mode }.compactMap { move in queues.first { $0.id == move.queueId }?.name }
                return found.isEmpty ? nil : found
            }
            var group = Scenario.AgentGroup(
                name: agent.username, count: 1, skills: Dictionary(agent.skills.map { ($0.skill, $0.proficiency) }, uniquingKeysWith: max),
                shift: shift, teamLeader: leaders.contains(agent.userId))
            group.addedQueues = names("add")
            group.removedQueues = names("remove")
            return group
        }
        return Scenario(
            name: "\(date) replayed against today's organisation (\(agents.count) agents\(absent > 0 ? ", \(absent) absent" : ""))",
            startDate: local.description, durationMinutes: Double(dayLength) / 60_000, intervalMinutes: 30, thresholdSeconds: Double(queues.first?.settings.serviceLevel.seconds ?? 20),
            queues: scenarioQueues, agents: groups)
    }

    /// "HH:MM" for minutes from the start of the day (24:00 for the very end). On the day
    /// clocks go back (25 hours) the last hour folds into the 24th.
    static func clock(_ minutes: Int) -> String {
        let minutes = min(1440, max(0, minutes))
        return String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }
}
