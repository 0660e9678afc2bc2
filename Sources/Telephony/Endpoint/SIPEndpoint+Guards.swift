import SwitchboardCore

/// What keeps callers from holding queues they do not use (issue 14, D7): limits per address
/// on new calls, and a check that a caller waiting in queue is still there.
extension SIPEndpoint {
    // MARK: Limits per address

    /// Whether a new INVITE from `source` may become a call: nil if so, else the 503 (with
    /// Retry-After) that refuses it. An address may start `inviteBurst` calls at once and
    /// `invitesPerSecond` after that, and have `maximumCallsPerSource` in progress; addresses in
    /// `trustedSources` are not limited.
    func admission(_ invite: SIPMessage, _ id: ServerTransactionID, from source: SIPAddress) -> [Datagram]? {
        let host = source.host
        guard !configuration.trustedSources.contains(host) else { return nil }
        if case .limited(let wait) = inviteLimiter.admit(host, at: clock()) {
            counters.invitesRateLimited += 1
            return respond(
                invite, id, 503, "Service Unavailable (too many new calls)", headers: [SIPHeader("Retry-After", "\(Self.wholeSecondsUp(wait))")],
                source: source)
        }
        if callsBySource[host, default: 0] >= configuration.maximumCallsPerSource {
            counters.invitesOverSourceLimit += 1
            return respond(
                invite, id, 503, "Service Unavailable (too many calls in progress)", headers: [SIPHeader("Retry-After", "60")], source: source)
        }
        return nil
    }

    /// A call from `host` is no longer in progress.
    func releaseSource(_ host: String) {
        guard let count = callsBySource[host] else { return }
        callsBySource[host] = count > 1 ? count - 1 : nil
    }

    /// A Retry-After value: whole seconds, rounded up, at least 1.
    static func wholeSecondsUp(_ duration: Duration) -> Int64 {
        let milliseconds = min(max(duration.wholeMilliseconds, 0), 86_400_000)
        return max(1, (milliseconds + 999) / 1000)
    }

    // MARK: Is the waiting caller still there?

    /// An OPTIONS to a waiting caller in their early dialog (our To tag, their From tag, the
    /// Call-ID of their INVITE), to where their INVITE came from. RFC 3261 §11 lets OPTIONS
    /// ask in a dialog; a caller whose INVITE is still pending answers it there.
    func probeCaller(_ call: CallID) -> [Datagram] {
        guard var bridge = bridges[call], bridge.state == .early, bridge.probe == nil else { return [] }
        let invite = bridge.invite
        bridge.cseq += 1
        var options = Dialog(answering: invite, tag: bridge.tag, localSequence: bridge.cseq).request("OPTIONS")
        options.add("Contact", "<sip:switchboard@\(local)>")
        options.add("Accept", "application/sdp")
        let (id, outputs) = transactions.send(options, to: bridge.source, at: clock())
        bridge.probe = id
        bridge.probeAt = nil
        bridges[call] = bridge
        callsByProbe[id] = call
        counters.callerProbes += 1
        return output(outputs)
    }

    /// The caller answered our OPTIONS (with anything): asked again after the interval.
    func probeAnswered(_ call: CallID, probe: ClientTransactionID) {
        guard let bridge = bridges[call], bridge.probe == probe else { return }
        bridges[call]?.probe = nil
        if bridge.state == .early, let interval = configuration.callerProbeInterval {
            bridges[call]?.probeAt = clock() + interval
        }
    }

    /// The caller answered no OPTIONS within the transaction's timeout: their INVITE gets its
    /// final answer (408) and the engine hears they hung up, which frees their place in queue.
    func callerGone(_ call: CallID, probe: ClientTransactionID) async -> [Datagram] {
        guard let bridge = bridges[call], bridge.probe == probe else { return [] }
        bridges[call]?.probe = nil
        guard bridge.state == .early else { return [] }
        counters.callersGone += 1
        let datagrams = respond(bridge.invite, bridge.transaction, 408, "Request Timeout", toTag: bridge.tag, source: bridge.source)
        bridges[call]?.state = .ended
        bridges[call]?.hungUpByCaller = true
        return flush(datagrams) + (await callerHungUp(call))
    }
}
