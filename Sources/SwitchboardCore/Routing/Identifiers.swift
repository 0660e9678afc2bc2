/// A typed 64-bit identifier, so an agent id can never be passed where a call id is meant.
public struct Identifier<Tag>: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public var rawValue: Int64

    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public init(integerLiteral value: Int64) { self.rawValue = value }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "\(rawValue)" }
}

public enum AgentTag {}
public enum CallTag {}
public enum QueueTag {}
public enum SkillTag {}

public typealias AgentID = Identifier<AgentTag>
public typealias CallID = Identifier<CallTag>
public typealias QueueID = Identifier<QueueTag>
public typealias SkillID = Identifier<SkillTag>
