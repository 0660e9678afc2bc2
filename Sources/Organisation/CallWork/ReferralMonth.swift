import Storage
import SwitchboardCore

/// An agent's referrals in a month, against the credit union's goal.
public struct ReferralMonth: Codable, Equatable, Sendable {
    public var agentId: Int64
    public var month: String
    public var count: Int
    public var goal: Int
    public var referrals: [Referral]
}
