import SwitchboardCore

/// The back-to-back user agent: a caller's INVITE to a queue becomes a routed call; the
/// engine's offers ring agents' registered phones; the agent's answer becomes the caller's.
/// Media flows between caller and phone directly (their SDP is passed through).
///
/// One `Bridge` per call: the caller's leg (their INVITE, our early then confirmed dialog) and
/// the agent's leg (our INVITE to the phone). Who hangs up is told to the engine; its
/// `callEnded` effect ends whatever leg is still up.
extension SIPEndpoint {
    /// Connects the endpoint to the contact center: from now on INVITEs to queues are calls.
    public func attach(_ control: any CallControl) {
        callControl = control
    }

    /// What becomes of this endpoint's calls, for the socket to feed back through `apply`.
    public func routingEffects() async -> AsyncStream<CallOwnerEvent>? {
        await callControl?.effects()
    }

    public var liveBridges: Int { bridges.count }

    static func token() -> String { SIPToken.random() }

    // MARK: Requests from callers and phones

    func bridgedRequest(_ request: SIPMessage, _ id: ServerTransactionID, from source: SIPAddress) async -> [Datagram] {
        switch request.method {
        case "INVITE": return await incomingCall(request, id, from: source)
        case "CANCEL": return await cancel(request, id, from: source)
        case "BYE": return await bye(request, id, from: source)
        default: return respond(request, id, 405, "Method Not Allowed", source: source)
        }
    }

    func respond(_ request: SIPMessage, _ id: ServerTransactionID, _ status: Int, _ reason: String, toTag: String? = nil,
                 headers: [SIPHeader] = [], body: [UInt8] = [], source: SIPAddress) -> [Datagram] {
        let response = makeResponse(to: request, status, reason, toTag: toTag, headers: headers, body: body, source: source)
        return output(transactions.respond(response, to: id, at: clock()))
    }

    /// The transaction layer's sends as datagrams (what `respond` and `send` produce here).
    func output(_ outputs: [SIPTransactionOutput]) -> [Datagram] {
        outputs.compactMap {
            if case .send(let message, let address) = $0 { return Datagram(message.bytes, to: address) }
            return nil
        }
    }

    func incomingCall(_ invite: SIPMessage, _ id: ServerTransactionID, from source: SIPAddress) async -> [Datagram] {
        if invite.to?.tag != nil {
            // A re-INVITE in a call (hold, codec change) goes to the other side; one for a
            // dialog we do not have is answered as such.
            guard let dialog = invite.callID, let call = callsByDialog[dialog] else {
                return respond(invite, id, 481, "Call/Transaction Does Not Exist", source: source)
            }
            return reinvite(invite, id, call, from: source)
        }
        if let dialog = invite.callID, callsByDialog[dialog] != nil {
            // The same call arriving again on another path: a merged request (RFC 3261 §8.2.2.2).
            return respond(invite, id, 482, "Loop Detected", source: source)
        }
        // Per-address limits (the pike): before the call costs anything.
        if let refused = admission(invite, id, from: source) { return refused }
        guard let control = callControl, let user = invite.requestURI.flatMap({ try? SIPURI.parse($0) })?.user else {
            return respond(invite, id, 404, "Not Found", source: source)
        }
        // The call counts against its address from now until `endCall` (or until it fails
        // to arrive); `admission` checked there was room, with no await in between.
        let host = source.host
        callsBySource[host, default: 0] += 1
        var datagrams = flush(respond(invite, id, 100, "Trying", source: source))
        guard let queue = await control.queue(for: Self.unescape(user)) else {
            releaseSource(host)
            return datagrams + respond(invite, id, 404, "Not Found", source: source)
        }
        let tag = Self.token()
        datagrams = flush(datagrams + respond(invite, id, 180, "Ringing", toTag: tag, source: source))
        let caller = invite.from?.sipURI?.user ?? invite.from?.uri ?? "unknown"
        // The To-tag names this arrival to the center: its `.arrived` on the effect stream, or
        // the answer here, whichever comes first, makes the bridge (`arrived`).
        arriving[id] = tag
        arrivals[tag] = Arrival(invite: invite, transaction: id, source: source, tag: tag)
        let call: CallID
        do {
            call = try await control.callArrived(queue: queue, from: caller, owner: tag)
        } catch {
            // Told on the stream already (the arrival was stored after all): the bridge stands.
            guard arrivals.removeValue(forKey: tag) != nil else { return datagrams }
            arriving[id] = nil
            releaseSource(host)
            return datagrams + respond(invite, id, 500, "Server Internal Error", toTag: tag, source: source)
        }
        return datagrams + (await arrived(tag, call))
    }

    /// An arrival became call `call`: its bridge is made, once. A caller who cancelled while
    /// the call was being stored (the CANCEL was answered then) ends it here — awaited on the
    /// INVITE's own task, but not on the effect stream (`fromStream`), whose one consumer must
    /// not wait a whole command for it while other calls' effects queue behind.
    func arrived(_ owner: String, _ call: CallID, fromStream: Bool = false) async -> [Datagram] {
        guard let arrival = arrivals.removeValue(forKey: owner) else { return [] }
        guard arriving.removeValue(forKey: arrival.transaction) != nil else {
            releaseSource(arrival.source.host)
            if fromStream {
                let control = callControl
                Task { try? await control?.submit(.callerHungUp(call)) }
            } else {
                try? await callControl?.submit(.callerHungUp(call))
            }
            return []
        }
        // A bridge already under this id (ids are unique; this only guards the count) gives its place up.
        if let previous = bridges[call] { releaseSource(previous.source.host) }
        var bridge = Bridge(call: call, invite: arrival.invite, transaction: arrival.transaction, source: arrival.source, tag: arrival.tag)
        bridge.probeAt = configuration.callerProbeInterval.map { clock() + $0 }
        bridges[call] = bridge
        callsByInvite[arrival.transaction] = call
        callsByDialog[arrival.invite.callID ?? ""] = call
        counters.calls += 1
        return []
    }

    func cancel(_ cancel: SIPMessage, _ id: ServerTransactionID, from source: SIPAddress) async -> [Datagram] {
        let inviteID = ServerTransactionID(branch: id.branch, sentBy: id.sentBy, method: "INVITE")
        if let tag = arriving.removeValue(forKey: inviteID), let invite = transactions.request(of: inviteID) {
            // The call is still being stored: answer now; its arrival sees it was cancelled.
            return respond(cancel, id, 200, "OK", source: source)
                + respond(invite, inviteID, 487, "Request Terminated", toTag: tag, source: source)
        }
        guard let call = callsByInvite[inviteID], let bridge = bridges[call], bridge.state == .early else {
            return respond(cancel, id, 481, "Call/Transaction Does Not Exist", source: source)
        }
        var datagrams = respond(cancel, id, 200, "OK", source: source)
        datagrams += respond(bridge.invite, bridge.transaction, 487, "Request Terminated", toTag: bridge.tag, source: bridge.source)
        bridges[call]?.state = .ended
        bridges[call]?.hungUpByCaller = true
        return flush(datagrams) + (await callerHungUp(call))
    }

    /// Tells the engine the caller is gone; if it cannot be told, the call is ended here so
    /// nothing stays behind.
    func callerHungUp(_ call: CallID) async -> [Datagram] {
        do {
            try await callControl?.submit(.callerHungUp(call))
            return []
        } catch {
            return endCall(call, status: 487, reason: "Request Terminated")
        }
    }

    /// Forgets a phone leg, if it is still the call's current one.
    func dropLeg(_ call: CallID, _ leg: AgentLeg) {
        if bridges[call]?.agent?.transaction == leg.transaction { bridges[call]?.agent = nil }
        callsByAgentInvite[leg.transaction] = nil
        if callsByDialog[leg.callID] == call { callsByDialog[leg.callID] = nil }
    }

    /// A request from us that has timed out (timer B or F): a phone leg that never answered is
    /// forgotten, and declined for its agent if the engine still waits on it.
    func requestTimedOut(_ id: ClientTransactionID) async -> [Datagram] {
        orphanLegs[id] = nil
        if let call = callsByProbe.removeValue(forKey: id) {
            // A waiting caller answered none of our OPTIONS: gone.
            return await callerGone(call, probe: id)
        }
        if let pending = reinvites.removeValue(forKey: id) {
            // The other side never answered the relayed re-INVITE: so is the side that asked.
            return respond(pending.request, pending.transaction, 408, "Request Timeout", source: pending.source)
        }
        guard let call = callsByAgentInvite.removeValue(forKey: id), let leg = bridges[call]?.agent, leg.transaction == id else { return [] }
        dropLeg(call, leg)
        if leg.state == .ringing { try? await callControl?.submit(.decline(call, by: leg.agent)) }
        return []
    }

    func bye(_ bye: SIPMessage, _ id: ServerTransactionID, from source: SIPAddress) async -> [Datagram] {
        guard let dialog = bye.callID, let call = callsByDialog[dialog], let bridge = bridges[call] else {
            return respond(bye, id, 481, "Call/Transaction Does Not Exist", source: source)
        }
        // The dialog is the Call-ID and both tags: knowing a Call-ID is not enough to hang up.
        let callersDialog = dialog == bridge.invite.callID && bye.to?.tag == bridge.tag && bye.from?.tag == bridge.invite.from?.tag
        let phonesDialog = bridge.agent.map { leg in
            leg.callID == dialog && bye.from?.tag == leg.remoteTag && bye.to?.tag == leg.invite.from?.tag
        } ?? false
        guard callersDialog || phonesDialog else { return respond(bye, id, 481, "Call/Transaction Does Not Exist", source: source) }
        var datagrams = respond(bye, id, 200, "OK", source: source)
        if callersDialog {
            if bridge.state == .early {
                // A BYE on the early dialog: the INVITE still gets its final answer (§15.1.2).
                datagrams += respond(bridge.invite, bridge.transaction, 487, "Request Terminated", toTag: bridge.tag, source: bridge.source)
            }
            bridges[call]?.hungUpByCaller = true
            bridges[call]?.state = .ended
            datagrams = flush(datagrams) + (await callerHungUp(call))
        } else if let leg = bridge.agent, leg.callID == dialog {
            bridges[call]?.agent?.hungUp = true
            bridges[call]?.agent?.state = .ended
            datagrams = flush(datagrams)
            do {
                try await callControl?.submit(.agentHungUp(call, by: leg.agent))
            } catch {
                // The engine no longer has the agent on the call: end the caller's side here.
                datagrams += endCall(call, status: 480, reason: "Temporarily Unavailable")
            }
        }
        return datagrams
    }

    /// An ACK to our 200: the caller's dialog is confirmed; stop retransmitting.
    func acknowledged(_ ack: SIPMessage) {
        guard let dialog = ack.callID, let call = callsByDialog[dialog], case .answered = bridges[call]?.state,
            ack.to?.tag == bridges[call]?.tag
        else { return }
        bridges[call]?.state = .answered(acknowledged: true)
        bridges[call]?.ok = nil
        bridges[call]?.okNext = nil
    }

    // MARK: Re-INVITEs

    /// A re-INVITE from one side of a connected call becomes one to the other side, in that
    /// side's dialog; its answer is relayed back (RFC 3261 §14).
    func reinvite(_ invite: SIPMessage, _ id: ServerTransactionID, _ call: CallID, from source: SIPAddress) -> [Datagram] {
        guard let bridge = bridges[call], case .answered = bridge.state, var leg = bridge.agent, leg.state == .connected else {
            return respond(invite, id, 491, "Request Pending", source: source)
        }
        let fromCaller = invite.callID == bridge.invite.callID && invite.to?.tag == bridge.tag && invite.from?.tag == bridge.invite.from?.tag
        let fromPhone = invite.callID == leg.callID && invite.from?.tag == leg.remoteTag && invite.to?.tag == leg.invite.from?.tag
        guard fromCaller || fromPhone else { return respond(invite, id, 481, "Call/Transaction Does Not Exist", source: source) }
        let datagrams = respond(invite, id, 100, "Trying", source: source)
        var forward: SIPMessage
        let destination: SIPAddress
        if fromCaller {
            leg.cseq += 1
            bridges[call]?.agent = leg
            forward = leg.dialog.request("INVITE")
            destination = leg.address
        } else {
            bridges[call]?.cseq += 1
            forward = Dialog(answering: bridge.invite, tag: bridge.tag, localSequence: bridge.cseq + 1).request("INVITE")
            destination = bridge.source
        }
        forward.add("Contact", "<sip:switchboard@\(local)>")
        if !invite.body.isEmpty {
            forward.add("Content-Type", invite["Content-Type"] ?? "application/sdp")
            forward.body = invite.body
        }
        let (forwardID, outputs) = transactions.send(forward, to: destination, at: clock())
        reinvites[forwardID] = Reinvite(call: call, request: invite, transaction: id, source: source, forward: forward, destination: destination)
        return datagrams + output(outputs)
    }

    /// The other side's answer to a relayed re-INVITE: ACKed there if it is a 2xx, and given
    /// to the side that asked.
    func reinviteAnswered(_ response: SIPMessage, _ pending: Reinvite, status: Int) -> [Datagram] {
        var datagrams: [Datagram] = []
        if (200..<300).contains(status) {
            // The ACK of a 2xx is a transaction of its own, in the dialog of the re-INVITE.
            let dialog = Dialog(
                callID: pending.forward.callID ?? "", local: pending.forward["From"] ?? "", remote: response["To"] ?? "",
                remoteTarget: pending.forward.requestURI ?? "", localSequence: pending.forward.cseq?.number ?? 1)
            datagrams.append(Datagram(transactions.stamped(dialog.request("ACK")).bytes, to: pending.destination))
        }
        var headers = [SIPHeader("Contact", "<sip:switchboard@\(local)>")]
        if !response.body.isEmpty { headers.append(SIPHeader("Content-Type", response["Content-Type"] ?? "application/sdp")) }
        return datagrams + respond(
            pending.request, pending.transaction, status, (200..<300).contains(status) ? "OK" : (response.reasonPhrase ?? "Failed"), headers: headers,
            body: response.body, source: pending.source)
    }

    // MARK: Responses from phones

    func phoneResponse(_ response: SIPMessage, _ id: ClientTransactionID) async -> [Datagram] {
        if let call = callsByProbe.removeValue(forKey: id) {
            // Any answer to our OPTIONS, even a refusal, means the caller is still there.
            probeAnswered(call, probe: id)
            return []
        }
        if let pending = reinvites[id], let status = response.status {
            guard status >= 200 else { return [] }
            reinvites[id] = nil
            return reinviteAnswered(response, pending, status: status)
        }
        guard id.method == "INVITE", let status = response.status, status >= 200 else { return [] }
        guard let call = callsByAgentInvite[id], let bridge = bridges[call], var leg = bridge.agent, leg.transaction == id else {
            callsByAgentInvite[id] = nil
            // An answer for a leg already given up (the CANCEL/200 race): ACK and BYE it.
            if let orphan = orphanLegs.removeValue(forKey: id), (200..<300).contains(status) { return hangUpOrphan(orphan, response) }
            return []
        }
        if (200..<300).contains(status) {
            leg.remoteTag = response.to?.tag
            leg.remoteTarget = response.contacts.first?.uri ?? leg.invite.requestURI
            var datagrams = [Datagram(ack(leg, response).bytes, to: leg.address)]
            // The 200 again: our ACK was lost. ACK again, nothing more.
            if leg.state == .connected { return datagrams }
            guard leg.state == .ringing else {
                dropLeg(call, leg)
                return datagrams + output(transactions.send(byeRequest(leg), to: leg.address, at: clock()).1)
            }
            leg.state = .connected
            bridges[call]?.agent = leg
            callsByDialog[leg.callID] = call
            datagrams = flush(datagrams)  // our ACK to the phone does not wait for the database
            do {
                try await callControl?.submit(.answer(call, by: leg.agent))
            } catch {
                // The offer ended while the phone answered (the next agent may be ringing by
                // now): hang up on this phone, leave the call's current leg alone.
                dropLeg(call, leg)
                return datagrams + output(transactions.send(byeRequest(leg), to: leg.address, at: clock()).1)
            }
            guard let current = bridges[call], current.state == .early else { return datagrams }
            var headers = [SIPHeader("Contact", "<sip:switchboard@\(local)>")]
            if !response.body.isEmpty { headers.append(SIPHeader("Content-Type", response["Content-Type"] ?? "application/sdp")) }
            let ok = makeResponse(to: current.invite, 200, "OK", toTag: current.tag, headers: headers, body: response.body, source: current.source)
            datagrams += output(transactions.respond(ok, to: current.transaction, at: clock()))
            let now = clock()
            bridges[call]?.state = .answered(acknowledged: false)
            bridges[call]?.ok = ok
            bridges[call]?.okInterval = transactions.timers.t1
            bridges[call]?.okNext = now + transactions.timers.t1
            bridges[call]?.okGiveUp = now + transactions.timers.t1 * 64
            return datagrams
        }
        // Busy, declined or failed: the engine offers the call to someone else.
        dropLeg(call, leg)
        if leg.state == .ringing { try? await callControl?.submit(.decline(call, by: leg.agent)) }
        return []
    }

    func hangUpOrphan(_ leg: AgentLeg, _ response: SIPMessage) -> [Datagram] {
        var leg = leg
        leg.remoteTag = response.to?.tag
        leg.remoteTarget = response.contacts.first?.uri ?? leg.invite.requestURI
        return [Datagram(ack(leg, response).bytes, to: leg.address)] + output(transactions.send(byeRequest(leg), to: leg.address, at: clock()).1)
    }

    // MARK: The engine's effects

    /// Acts on what became of one of this endpoint's calls.
    public func apply(_ event: CallOwnerEvent) async -> [Datagram] {
        switch event {
        case .arrived(let owner, let call): send(await arrived(owner, call, fromStream: true))
        case .effect(let effect): send(await act(on: effect))
        }
    }

    /// Acts on one effect of the routing engine.
    public func apply(_ effect: RoutingEffect) async -> [Datagram] {
        send(await act(on: effect))
    }

    func act(on effect: RoutingEffect) async -> [Datagram] {
        // A call this endpoint does not bridge (any more): nothing to do. Its arrival always
        // comes first on the stream, so no effect is early.
        guard let call = effect.callID, bridges[call] != nil else { return [] }
        switch effect {
        case .callQueued:
            return await announce(call)
        case .callOffered(_, let agent, _):
            return await ring(call, agent)
        case .offerWithdrawn(_, let agent, _):
            guard var leg = bridges[call]?.agent, leg.agent == agent, leg.state == .ringing else { return [] }
            leg.state = .cancelling
            dropLeg(call, leg)
            orphanLegs[leg.transaction] = leg
            return output(transactions.send(cancelRequest(leg), to: leg.address, at: clock()).1)
        case .callEnded(let record):
            let status: Int
            let reason: String
            switch record.outcome {
            case .rejected(.closed): (status, reason) = (480, "Temporarily Unavailable (closed)")
            case .rejected(.queueFull): (status, reason) = (486, "Busy Here (queue full)")
            case .overflowEnded(let why): (status, reason) = (480, "Temporarily Unavailable (\(why))")
            case .callbackOffered: (status, reason) = (480, "Temporarily Unavailable (callback offered)")
            default: (status, reason) = (480, "Temporarily Unavailable")
            }
            return endCall(call, status: status, reason: reason)
        default:
            return []
        }
    }

    /// 182 Queued with the caller's place in line.
    func announce(_ call: CallID) async -> [Datagram] {
        let position = await callControl?.position(of: call)
        guard let bridge = bridges[call], bridge.state == .early else { return [] }
        bridges[call]?.queuedRefresh = clock() + .seconds(30)
        let reason = position.map { "Queued, position \($0)" } ?? "Queued"
        return respond(bridge.invite, bridge.transaction, 182, reason, toTag: bridge.tag, source: bridge.source)
    }

    /// Rings the agent's registered phone with the caller's offer; an agent with no phone
    /// registered declines at once (the engine offers the call to someone else).
    func ring(_ call: CallID, _ agent: AgentID) async -> [Datagram] {
        guard let bridge = bridges[call], bridge.state == .early else { return [] }
        let account = accountsByAgent[agent.rawValue]
        guard let account, let binding = registrar.contacts(of: account.username, at: clock()).first else {
            counters.unreachableAgents += 1
            try? await callControl?.submit(.decline(call, by: agent))
            return []
        }
        var datagrams: [Datagram] = []
        if var old = bridges[call]?.agent {
            // An earlier leg still about (its answer in flight, or never withdrawn): let it go.
            dropLeg(call, old)
            if old.state == .ringing {
                old.state = .cancelling
                datagrams += output(transactions.send(cancelRequest(old), to: old.address, at: clock()).1)
            }
            orphanLegs[old.transaction] = old
        }
        let callID = "sb-\(Self.token())-\(call.rawValue)@\(local.host)"
        var invite = SIPMessage(.request(method: "INVITE", uri: binding.contact))
        let caller = bridge.invite.from
        invite.add("From", NameAddress(displayName: caller?.displayName, uri: caller?.uri ?? "sip:unknown@\(local)", parameters: [SIPParameter("tag", Self.token())]).description)
        invite.add("To", "<sip:\(account.username)@\(binding.address)>")
        invite.add("Call-ID", callID)
        invite.add("CSeq", "1 INVITE")
        invite.add("Contact", "<sip:switchboard@\(local)>")
        invite.add("X-Switchboard-Call", "\(call.rawValue)")
        if !bridge.invite.body.isEmpty {
            invite.add("Content-Type", bridge.invite["Content-Type"] ?? "application/sdp")
            invite.body = bridge.invite.body
        }
        // Stamped before it is kept: a CANCEL of it repeats its Via.
        invite = transactions.stamped(invite)
        let (id, outputs) = transactions.send(invite, to: binding.address, at: clock())
        bridges[call]?.agent = AgentLeg(agent: agent, invite: invite, transaction: id, address: binding.address, callID: callID)
        callsByAgentInvite[id] = call
        return datagrams + output(outputs)
    }

    /// Ends what is still up of a call: the caller's INVITE gets its final answer, or a BYE;
    /// the phone a CANCEL or a BYE.
    func endCall(_ call: CallID, status: Int, reason: String) -> [Datagram] {
        guard let bridge = bridges.removeValue(forKey: call) else { return [] }
        var datagrams: [Datagram] = []
        switch bridge.state {
        case .early:
            datagrams += respond(bridge.invite, bridge.transaction, status, reason, toTag: bridge.tag, source: bridge.source)
        case .answered:
            if !bridge.hungUpByCaller { datagrams += sendToCaller(bridge, byeToCaller(bridge)) }
        case .ended:
            break
        }
        if let leg = bridge.agent, !leg.hungUp {
            switch leg.state {
            case .ringing:
                orphanLegs[leg.transaction] = leg
                datagrams += output(transactions.send(cancelRequest(leg), to: leg.address, at: clock()).1)
            case .connected:
                datagrams += output(transactions.send(byeRequest(leg), to: leg.address, at: clock()).1)
            default:
                break
            }
        }
        callsByInvite[bridge.transaction] = nil
        callsByDialog[bridge.invite.callID ?? ""] = nil
        if let probe = bridge.probe { callsByProbe[probe] = nil }
        releaseSource(bridge.source.host)
        if let leg = bridge.agent {
            callsByDialog[leg.callID] = nil
            callsByAgentInvite[leg.transaction] = nil
        }
        return datagrams
    }

    func sendToCaller(_ bridge: Bridge, _ request: SIPMessage) -> [Datagram] {
        output(transactions.send(request, to: bridge.source, at: clock()).1)
    }

    // MARK: Requests we build

    /// The ACK of a 2xx from the phone: a request of its own in the dialog (RFC 3261 §13.2.2.4).
    func ack(_ leg: AgentLeg, _ response: SIPMessage) -> SIPMessage {
        var dialog = leg.dialog
        dialog.remote = response["To"] ?? dialog.remote
        return transactions.stamped(dialog.request("ACK", sequence: 1))
    }

    func byeRequest(_ leg: AgentLeg) -> SIPMessage {
        leg.dialog.request("BYE", sequence: leg.cseq + 1)
    }

    /// CANCEL of our INVITE to a phone: same branch, Call-ID, From, To and CSeq number.
    func cancelRequest(_ leg: AgentLeg) -> SIPMessage {
        var cancel = SIPMessage(.request(method: "CANCEL", uri: leg.invite.requestURI ?? ""))
        for name in ["Via", "From", "To", "Call-ID"] { cancel.add(name, leg.invite[name] ?? "") }
        cancel.add("CSeq", "1 CANCEL")
        cancel.add("Max-Forwards", "70")
        return cancel
    }

    /// A BYE from us to the caller, in the dialog their INVITE began.
    func byeToCaller(_ bridge: Bridge) -> SIPMessage {
        Dialog(answering: bridge.invite, tag: bridge.tag, localSequence: bridge.cseq + 1).request("BYE")
    }

    // MARK: Timers

    /// Our 200 to callers, again until their ACK; 182 Queued refreshed every 30 s; waiting
    /// callers sent an OPTIONS every `callerProbeInterval`.
    func bridgeTimers(at now: Instant) async -> [Datagram] {
        var datagrams: [Datagram] = []
        // Each call is read afresh: the awaits below let other messages change the bridges.
        for call in Array(bridges.keys) {
            guard let bridge = bridges[call] else { continue }
            if let next = bridge.okNext, next <= now, let ok = bridge.ok {
                if let giveUp = bridge.okGiveUp, giveUp <= now {
                    // No ACK in 64 × T1: the caller is gone (RFC 3261 §13.3.1.4). Stop first, once.
                    bridges[call]?.ok = nil
                    bridges[call]?.okNext = nil
                    bridges[call]?.hungUpByCaller = true
                    datagrams = flush(datagrams) + (await callerHungUp(call))
                    continue
                }
                datagrams.append(Datagram(ok.bytes, to: SIPTransactions.responseAddress(for: bridge.invite, source: bridge.source)))
                let interval = min(bridge.okInterval * 2, transactions.timers.t2)
                bridges[call]?.okInterval = interval
                bridges[call]?.okNext = now + interval
            }
            if let current = bridges[call], current.state == .early, let refresh = current.queuedRefresh, refresh <= now {
                bridges[call]?.queuedRefresh = nil
                datagrams = flush(datagrams) + (await announce(call))
            }
            if let current = bridges[call], current.state == .early, current.probe == nil, let due = current.probeAt, due <= now {
                datagrams += probeCaller(call)
            }
        }
        return datagrams
    }

    static func unescape(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
