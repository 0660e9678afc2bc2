import Storage
import SwitchboardCore

public struct ReferralInput: Codable, Equatable, Sendable {
    public var customerId: Int64
    public var product: String
    public var callId: Int64?

    public init(customerId: Int64, product: String, callId: Int64? = nil) {
        self.customerId = customerId
        self.product = product
        self.callId = callId
    }
}
