/// A typed 64-bit identifier, so an agent id can never be passed where a call id is meant.
public struct Identifier<Tag>: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public var rawValue: Int64

    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public init(integerLiteral value: Int64) { self.rawValue = value }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// A multiplicative hash mixed with the table's seed instead of a full SipHash round: the
    /// routing engine looks ids up several times per command. Ids are issued by Switchboard
    /// itself, so they cannot be chosen to collide.
    public func _rawHashValue(seed: Int) -> Int {
        var z = UInt64(bitPattern: rawValue) &+ UInt64(bitPattern: Int64(seed)) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 31)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: z ^ (z >> 29))
    }
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
