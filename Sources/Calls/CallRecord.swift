import Organisation
import SwitchboardCore

/// A call's record as `GET /calls/{id}` shows it: the facts, the live state, the timeline and
/// the queue visits.
public struct CallRecord: Encodable, Sendable {
    public var call: StoredCall
    /// The call's state in the live center, `ended` once it is over.
    public var state: String
    public var timeline: [CallEvent]
    public var visits: [QueueVisit]

    enum CodingKeys: String, CodingKey {
        case id, state, queueId, firstQueueId, from, customerId, priority, arrivedAt, answeredAt, agentId, endedAt, outcome, holdCount, holdSeconds
        case transfers, escalated, consultations, conferenced, timeline, visits
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(call.id, forKey: .id)
        try c.encode(state, forKey: .state)
        try c.encode(call.lastQueueId, forKey: .queueId)
        try c.encode(call.firstQueueId, forKey: .firstQueueId)
        try c.encode(call.from, forKey: .from)
        try c.encode(call.customerId, forKey: .customerId)
        try c.encode(call.priority, forKey: .priority)
        try c.encode(ISO8601.format(call.arrivedAt), forKey: .arrivedAt)
        try c.encode(call.answeredAt.map(ISO8601.format), forKey: .answeredAt)
        try c.encode(call.agentId, forKey: .agentId)
        try c.encode(call.endedAt.map(ISO8601.format), forKey: .endedAt)
        try c.encode(call.outcome, forKey: .outcome)
        try c.encode(call.holdCount, forKey: .holdCount)
        try c.encode(Double(call.holdMilliseconds) / 1000, forKey: .holdSeconds)
        try c.encode(call.transfers, forKey: .transfers)
        try c.encode(call.escalated, forKey: .escalated)
        try c.encode(call.consultations, forKey: .consultations)
        try c.encode(call.conferenced, forKey: .conferenced)
        try c.encode(timeline.map(TimelineEntry.init), forKey: .timeline)
        try c.encode(visits.map(VisitEntry.init), forKey: .visits)
    }
}

struct TimelineEntry: Encodable {
    var event: CallEvent

    init(_ event: CallEvent) { self.event = event }

    enum CodingKeys: String, CodingKey { case at, kind, agentId, queueId, detail }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ISO8601.format(event.at), forKey: .at)
        try c.encode(event.kind, forKey: .kind)
        try c.encode(event.agentId, forKey: .agentId)
        try c.encode(event.queueId, forKey: .queueId)
        try c.encode(event.detail, forKey: .detail)
    }
}

struct VisitEntry: Encodable {
    var visit: QueueVisit

    init(_ visit: QueueVisit) { self.visit = visit }

    enum CodingKeys: String, CodingKey { case queueId, enteredAt, answeredAt, agentId, leftAt, outcome }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(visit.queueId, forKey: .queueId)
        try c.encode(ISO8601.format(visit.enteredAt), forKey: .enteredAt)
        try c.encode(visit.answeredAt.map(ISO8601.format), forKey: .answeredAt)
        try c.encode(visit.agentId, forKey: .agentId)
        try c.encode(visit.leftAt.map(ISO8601.format), forKey: .leftAt)
        try c.encode(visit.outcome, forKey: .outcome)
    }
}
