import Storage
import SwitchboardCore

/// A script as stored for a queue: its own, or the default it inherits.
public struct QueueScript: Codable, Equatable, Sendable {
    /// nil: the center's default script.
    public var queueId: Int64?
    /// Whether the queue has no script of its own and uses the default.
    public var inherited: Bool
    public var script: CallScript?

    public init(queueId: Int64?, inherited: Bool, script: CallScript?) {
        self.queueId = queueId
        self.inherited = inherited
        self.script = script
    }
}
