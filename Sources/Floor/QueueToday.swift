import SwitchboardCore

/// A queue's figures today, as the wallboard tile shows them.
public struct QueueToday: Encodable, Sendable {
    var offered: Int
    var answered: Int
    var abandoned: Int
    /// Refused at the door (full or closed); not in `offered`.
    var rejected: Int
    var serviceLevel: Double?
    var serviceLevelByTreatment: [String: Double?]
    var serviceLevelTarget: ServiceLevelTarget
    var asaSeconds: Double?
    var ahtSeconds: Double?
    var abandonmentRate: Double?
    /// Abandoned within the short-abandon limit (not counted against the service level).
    var shortAbandoned: Int = 0
}
