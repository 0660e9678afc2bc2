/// One SIP dialog as this end holds it (RFC 3261 §12): its Call-ID, our From (with our tag),
/// their To (with their tag, once they gave one), where in-dialog requests go (their Contact,
/// the remote target) and our side's CSeq. Requests in the dialog — BYE, ACK, re-INVITE,
/// OPTIONS — are built from it; the Via with its fresh branch and Max-Forwards are the
/// transaction layer's to add when it sends them (`SIPTransactions.stamped`).
public struct Dialog: Sendable, Equatable {
    public var callID: String
    /// The From of our requests: our URI and tag.
    public var local: String
    /// The To of our requests: their URI and tag.
    public var remote: String
    /// The Request-URI of our requests.
    public var remoteTarget: String
    /// The CSeq number our last request in the dialog used.
    public var localSequence: UInt32

    public init(callID: String, local: String, remote: String, remoteTarget: String, localSequence: UInt32) {
        self.callID = callID
        self.local = local
        self.remote = remote
        self.remoteTarget = remoteTarget
        self.localSequence = localSequence
    }

    /// The dialog a caller's INVITE began, seen from us as the answering side: our To (with
    /// `tag`) becomes our From, their From our To, their Contact (else From) the target.
    public init(answering invite: SIPMessage, tag: String, localSequence: UInt32) {
        self.init(
            callID: invite.callID ?? "", local: (invite["To"] ?? "") + ";tag=\(tag)", remote: invite["From"] ?? "",
            remoteTarget: invite.contacts.first?.uri ?? invite.from?.uri ?? "", localSequence: localSequence)
    }

    /// A request in the dialog with CSeq `sequence` (our last number unless said), without a
    /// Via: the transaction layer adds it.
    public func request(_ method: String, sequence: UInt32? = nil) -> SIPMessage {
        var request = SIPMessage(.request(method: method, uri: remoteTarget))
        request.add("From", local)
        request.add("To", remote)
        request.add("Call-ID", callID)
        request.add("CSeq", "\(sequence ?? localSequence) \(method)")
        return request
    }
}
