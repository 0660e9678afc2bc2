import Crypto
import Foundation
import NIOPosix
import Storage
import Synchronization
import SwitchboardCore

extension OrganisationService {
    public func queues(by principal: Principal) async throws -> [Queue] {
        try principal.require(.read, .queues)
        return try await database.read { try await QueueRepository($0).list() }
    }

    public func queue(_ id: Int64, by principal: Principal) async throws -> Queue {
        try principal.require(.read, .queues)
        return try await database.read { sql in
            guard let queue = try await QueueRepository(sql).find(id: id) else { throw SwitchboardError.notFound("queue", id: id) }
            return queue
        }
    }

    /// `validateTimeZone` is the shell's check that the zone exists (the core has no calendar).
    public func createQueue(_ input: QueueInput, by principal: Principal) async throws -> Queue {
        try principal.require(.write, .queues)
        guard let name = input.name else { throw SwitchboardError.missing("name") }
        guard let number = input.extensionNumber else { throw SwitchboardError.missing("extension") }
        let settings = try Self.checkedTimeZone(input.applied(to: QueueSettings(name: name, extensionNumber: number)).validated())
        let now = clock()
        return try await writing(conflictField: "name") { sql in
            try await checkUnique(settings, except: nil, sql)
            let ids = try await Self.skillIds(settings.requiredSkills.map(\.skill), field: { "requiredSkills[\($0)].skill" }, sql)
            let queue = try await QueueRepository(sql).insert(settings, skillIds: ids, at: now)
            try await audit(sql, principal, "queue.create", "queue", queue.id, before: Queue?.none, after: queue, at: now)
            return queue
        }
    }

    public func updateQueue(_ id: Int64, _ input: QueueInput, by principal: Principal) async throws -> Queue {
        try principal.require(.write, .queues)
        let now = clock()
        return try await writing(conflictField: "name") { sql in
            let queues = QueueRepository(sql)
            guard let before = try await queues.find(id: id) else { throw SwitchboardError.notFound("queue", id: id) }
            let settings = try Self.checkedTimeZone(input.applied(to: before.settings).validated())
            try await checkUnique(settings, except: id, sql)
            let ids = try await Self.skillIds(settings.requiredSkills.map(\.skill), field: { "requiredSkills[\($0)].skill" }, sql)
            let after = Queue(id: id, settings: settings)
            try await queues.update(after, skillIds: ids, at: now)
            try await audit(sql, principal, "queue.update", "queue", id, before: before, after: after, at: now)
            return after
        }
    }

    public func deleteQueue(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.write, .queues)
        let now = clock()
        try await writing(conflictField: "id") { sql in
            guard let before = try await QueueRepository(sql).find(id: id) else { throw SwitchboardError.notFound("queue", id: id) }
            try await QueueRepository(sql).delete(id)
            try await audit(sql, principal, "queue.delete", "queue", id, before: before, after: Queue?.none, at: now)
        }
    }

    private func checkUnique(_ settings: QueueSettings, except id: Int64?, _ sql: SQLHandle) async throws {
        let all = try await QueueRepository(sql).list()
        let skills = Set(try await SkillRepository(sql).list().map(\.name))
        for (index, rule) in settings.overflow.enumerated() {
            if let skill = rule.skill, rule.action == .addSkill, !skills.contains(skill) {
                throw SwitchboardError.unknownReference("overflow[\(index)].skill", "No skill named '\(skill)'.")
            }
            if let target = rule.queue, rule.action == .moveToQueue, !all.contains(where: { $0.name.lowercased() == target.lowercased() }) {
                throw SwitchboardError.unknownReference("overflow[\(index)].queue", "No queue named '\(target)'.")
            }
        }
        if settings.escalation, let other = all.first(where: { $0.id != id && $0.settings.escalation }) {
            throw SwitchboardError.conflict("escalation", "\(other.name) is already the escalation queue.", code: "escalation_taken")
        }
        for queue in all where queue.id != id {
            if queue.name.lowercased() == settings.name.lowercased() { throw Self.nameTaken("queue", settings.name) }
            if queue.settings.extensionNumber == settings.extensionNumber {
                throw SwitchboardError.conflict("extension", "Extension \(settings.extensionNumber) is taken by queue \(queue.name).", code: "extension_taken")
            }
        }
    }

    static func checkedTimeZone(_ settings: QueueSettings) throws(SwitchboardError) -> QueueSettings {
        guard TimeZone(identifier: settings.hours.timeZone) != nil else {
            throw SwitchboardError.invalid("hours.timeZone", "Unknown time zone '\(settings.hours.timeZone)'; use an IANA name such as Europe/Amsterdam.")
        }
        return settings
    }
}
