/// A caller's INVITE whose call is being stored: what its bridge is made of once the center
/// says which call it became.
struct Arrival: Sendable {
    let invite: SIPMessage
    let transaction: ServerTransactionID
    let source: SIPAddress
    let tag: String
}
