/// How a queue picks among available agents.
public enum RoutingStrategy: String, Sendable, CaseIterable, Codable {
    /// The agent who has waited longest since their last call (the default, and the fairest).
    case longestIdle
    /// The highest total proficiency in the queue's skills, then longest idle.
    case mostSkilled
    /// The agent offered a call least recently, whatever the queue.
    case roundRobin
    /// The fewest calls answered today, then longest idle.
    case fewestCalls
}
