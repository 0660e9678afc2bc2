public struct AgentTotals: Sendable {
    public var handled = 0
    public var talkMilliseconds: Int64 = 0
    public var wrapUpMilliseconds: Int64 = 0
    public var holds = 0
    public init() {}
}
