import SwitchboardCore

struct AgentLeg: Sendable {
    enum State: Sendable, Equatable { case ringing, cancelling, connected, ended }
    var agent: AgentID
    var invite: SIPMessage
    var transaction: ClientTransactionID
    var address: SIPAddress
    var callID: String
    var state: State = .ringing
    var remoteTag: String?
    var remoteTarget: String?
    var cseq: UInt32 = 1
    var hungUp = false

    /// Our dialog with the phone: From and To of our INVITE (To with the phone's tag), its
    /// Contact as the target once it answered.
    var dialog: Dialog {
        Dialog(
            callID: callID, local: invite["From"] ?? "", remote: (invite["To"] ?? "") + (remoteTag.map { ";tag=\($0)" } ?? ""),
            remoteTarget: remoteTarget ?? invite.requestURI ?? "", localSequence: cseq)
    }
}
