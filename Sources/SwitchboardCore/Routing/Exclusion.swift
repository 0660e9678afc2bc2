/// An agent who declined or missed a call, not offered it again until `until`.
@usableFromInline struct Exclusion: Sendable {
    @inlinable init(agent: Int, until: Instant) { (self.agent, self.until) = (agent, until) }
    @usableFromInline var agent: Int
    @usableFromInline var until: Instant
}
