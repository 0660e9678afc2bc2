import SwitchboardCore

/// A re-INVITE being relayed: the request that came in, and the one sent on.
struct Reinvite: Sendable {
    var call: CallID
    var request: SIPMessage
    var transaction: ServerTransactionID
    var source: SIPAddress
    var forward: SIPMessage
    var destination: SIPAddress
}
