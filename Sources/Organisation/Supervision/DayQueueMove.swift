import Foundation
import Storage
import SwitchboardCore

/// A move of an agent between queues for today.
public struct DayQueueMove: Codable, Equatable, Sendable {
    /// The queue the agent leaves for today (nil: keep every queue they serve).
    public var from: Int64?
    /// The queue the agent takes today whatever their skills.
    public var to: Int64?

    public init(from: Int64? = nil, to: Int64? = nil) {
        self.from = from
        self.to = to
    }
}
