import SQLKit
import Foundation
import SwitchboardCore

/// Queues with their required skills and business hours (hours and holidays stored as JSON).
public struct QueueRepository {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public func insert(_ settings: QueueSettings, skillIds: [String: Int64], at now: Instant) async throws -> Queue {
        let (weekly, holidays) = try Self.encodeHours(settings.hours)
        let row = try await sql.raw("""
            INSERT INTO queues (name, extension, priority, service_level_percent, service_level_seconds, max_waiting_calls,
                wrap_up_seconds, strategy, weight, ring_timeout_seconds, missed_call_not_ready, max_wait_seconds, overflow, escalation, disposition_required, alerts,
                time_zone, weekly_hours, holidays, created_at_ms, updated_at_ms)
            VALUES (\(bind: settings.name), \(bind: settings.extensionNumber), \(bind: settings.priority), \(bind: settings.serviceLevel.percent),
                \(bind: settings.serviceLevel.seconds), \(bind: settings.maxWaitingCalls), \(bind: settings.wrapUpSeconds),
                \(bind: settings.strategy.rawValue), \(bind: settings.weight), \(bind: settings.ringTimeoutSeconds),
                \(bind: settings.missedCallGoesNotReady ? 1 : 0), \(bind: settings.maxWaitSeconds), \(bind: try Self.encodeOverflow(settings.overflow)), \(bind: settings.escalation ? 1 : 0),
                \(bind: settings.dispositionRequired ? 1 : 0), \(bind: try Self.encodeJSON(settings.alerts)), \(bind: settings.hours.timeZone), \(bind: weekly), \(bind: holidays), \(bind: now.millisecondsSinceEpoch), \(bind: now.millisecondsSinceEpoch))
            RETURNING id
            """).first()
        let id = try row!.int64("id")
        try await replaceSkills(of: id, with: settings.requiredSkills, skillIds: skillIds)
        return Queue(id: id, settings: settings)
    }

    public func update(_ queue: Queue, skillIds: [String: Int64], at now: Instant) async throws {
        let settings = queue.settings
        let (weekly, holidays) = try Self.encodeHours(settings.hours)
        try await sql.raw("""
            UPDATE queues SET name = \(bind: settings.name), extension = \(bind: settings.extensionNumber), priority = \(bind: settings.priority),
                service_level_percent = \(bind: settings.serviceLevel.percent), service_level_seconds = \(bind: settings.serviceLevel.seconds),
                max_waiting_calls = \(bind: settings.maxWaitingCalls), wrap_up_seconds = \(bind: settings.wrapUpSeconds),
                strategy = \(bind: settings.strategy.rawValue), weight = \(bind: settings.weight), ring_timeout_seconds = \(bind: settings.ringTimeoutSeconds),
                missed_call_not_ready = \(bind: settings.missedCallGoesNotReady ? 1 : 0), max_wait_seconds = \(bind: settings.maxWaitSeconds), overflow = \(bind: try Self.encodeOverflow(settings.overflow)),
                escalation = \(bind: settings.escalation ? 1 : 0), disposition_required = \(bind: settings.dispositionRequired ? 1 : 0),
                alerts = \(bind: try Self.encodeJSON(settings.alerts)),
                time_zone = \(bind: settings.hours.timeZone), weekly_hours = \(bind: weekly), holidays = \(bind: holidays),
                updated_at_ms = \(bind: now.millisecondsSinceEpoch)
            WHERE id = \(bind: queue.id)
            """).run()
        try await replaceSkills(of: queue.id, with: settings.requiredSkills, skillIds: skillIds)
    }

    public func delete(_ id: Int64) async throws {
        try await sql.raw("DELETE FROM queues WHERE id = \(bind: id)").run()
    }

    public func find(id: Int64) async throws -> Queue? {
        try await queues(where: "q.id = ", id).first
    }

    /// A queue by name (any letter case) or extension.
    public func find(nameOrExtension key: String) async throws -> Queue? {
        try await queues(where: "lower(q.name) = lower(", key, close: ") OR q.extension = ", key).first
    }

    public func list() async throws -> [Queue] {
        try await queues(where: nil, "")
    }

    private func replaceSkills(of id: Int64, with requirements: [SkillRequirement], skillIds: [String: Int64]) async throws {
        try await sql.raw("DELETE FROM queue_skills WHERE queue_id = \(bind: id)").run()
        for requirement in requirements {
            guard let skillId = skillIds[requirement.skill] else {
                throw SwitchboardError.unknownReference("requiredSkills", "No skill named '\(requirement.skill)'.")
            }
            try await sql.raw("""
                INSERT INTO queue_skills (queue_id, skill_id, minimum_proficiency)
                VALUES (\(bind: id), \(bind: skillId), \(bind: requirement.minimumProficiency))
                """).run()
        }
    }

    private func queues(where condition: String?, _ value: some Encodable & Sendable, close: String? = nil, _ second: (any Encodable & Sendable)? = nil) async throws -> [Queue] {
        var filter = SQLQueryString("")
        if let condition {
            filter.appendInterpolation(unsafeRaw: " WHERE " + condition)
            filter.appendInterpolation(bind: value)
            if let close, let second {
                filter.appendInterpolation(unsafeRaw: close)
                filter.appendInterpolation(bind: second)
            }
        }
        let rows = try await sql.raw("""
            SELECT q.id, q.name, q.extension, q.priority, q.service_level_percent, q.service_level_seconds, q.max_waiting_calls,
                q.wrap_up_seconds, q.strategy, q.weight, q.ring_timeout_seconds, q.missed_call_not_ready, q.max_wait_seconds, q.overflow, q.escalation, q.disposition_required, q.alerts,
                q.time_zone, q.weekly_hours, q.holidays FROM queues q\(filter) ORDER BY q.name
            """).all()
        var skills: [Int64: [SkillRequirement]] = [:]
        for row in try await sql.raw("""
            SELECT s.queue_id, k.name, s.minimum_proficiency FROM queue_skills s JOIN skills k ON k.id = s.skill_id JOIN queues q ON q.id = s.queue_id\(filter)
            """).all()
        {
            skills[try row.int64("queue_id"), default: []].append(
                SkillRequirement(skill: try row.string("name"), minimumProficiency: try row.int("minimum_proficiency")))
        }
        let decoder = JSONDecoder()
        return try rows.map { row in
            let id = try row.int64("id")
            let hours = BusinessHours(
                timeZone: try row.string("time_zone"),
                weekly: try decoder.decode([Weekday: [OpeningInterval]].self, from: Data(try row.string("weekly_hours").utf8)),
                holidays: try decoder.decode([Holiday].self, from: Data(try row.string("holidays").utf8)))
            var settings = QueueSettings(
                name: try row.string("name"), extensionNumber: try row.string("extension"), priority: try row.int("priority"),
                serviceLevel: ServiceLevelTarget(percent: try row.int("service_level_percent"), seconds: try row.int("service_level_seconds")),
                maxWaitingCalls: try row.int("max_waiting_calls"), wrapUpSeconds: try row.int("wrap_up_seconds"),
                requiredSkills: (skills[id] ?? []).sorted { $0.skill < $1.skill }, hours: hours)
            settings.strategy = RoutingStrategy(rawValue: try row.string("strategy")) ?? .longestIdle
            settings.weight = try row.int("weight")
            settings.ringTimeoutSeconds = try row.int("ring_timeout_seconds")
            settings.missedCallGoesNotReady = try row.int64("missed_call_not_ready") != 0
            settings.maxWaitSeconds = try row.int("max_wait_seconds")
            settings.overflow = try decoder.decode([OverflowRule].self, from: Data(try row.string("overflow").utf8))
            settings.escalation = try row.int64("escalation") != 0
            settings.dispositionRequired = try row.int64("disposition_required") != 0
            settings.alerts = try decoder.decode(AlertThresholds.self, from: Data(try row.string("alerts").utf8))
            return Queue(id: id, settings: settings)
        }
    }

    static func encodeJSON(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func encodeOverflow(_ rules: [OverflowRule]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(rules), as: UTF8.self)
    }

    static func encodeHours(_ hours: BusinessHours) throws -> (weekly: String, holidays: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (String(decoding: try encoder.encode(hours.weekly), as: UTF8.self), String(decoding: try encoder.encode(hours.holidays), as: UTF8.self))
    }
}
