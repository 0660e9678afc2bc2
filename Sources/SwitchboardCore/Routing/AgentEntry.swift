@usableFromInline struct AgentEntry: Comparable, Sendable {
    @inlinable init(key: Key, index: Int, epoch: UInt32) { (self.key, self.index, self.epoch) = (key, index, epoch) }
    @usableFromInline struct Key: Comparable, Sendable {
        @inlinable init(primary: Int64, secondary: Int64, id: Int64) { (self.primary, self.secondary, self.id) = (primary, secondary, id) }
        @usableFromInline var primary: Int64
        @usableFromInline var secondary: Int64
        @usableFromInline var id: Int64

        @inlinable static func < (a: Key, b: Key) -> Bool { (a.primary, a.secondary, a.id) < (b.primary, b.secondary, b.id) }
    }

    @usableFromInline var key: Key
    @usableFromInline var index: Int
    @usableFromInline var epoch: UInt32

    @inlinable static func < (a: AgentEntry, b: AgentEntry) -> Bool { a.key < b.key }
    @inlinable static func == (a: AgentEntry, b: AgentEntry) -> Bool { a.key == b.key && a.epoch == b.epoch }
}
