import HeapModule
import SwitchboardCore

/// Where a datagram came from or goes to.
public struct SIPAddress: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// The RFC 3261 timer base values (§17.1.1.1); tests may shorten them.
public struct SIPTimers: Sendable, Equatable {
    /// Round-trip estimate: first retransmission interval.
    public var t1: Duration = .milliseconds(500)
    /// Longest retransmission interval of non-INVITE requests and INVITE responses.
    public var t2: Duration = .seconds(4)
    /// How long a message may live in the network.
    public var t4: Duration = .seconds(5)

    public init() {}
}

/// A server transaction: the branch of the request's top Via, its sent-by, and the method
/// (an ACK for a failure belongs to its INVITE's transaction).
public struct ServerTransactionID: Hashable, Sendable {
    public var branch: String
    public var sentBy: String
    public var method: String
}

/// A client transaction: the branch we put in our Via and the method.
public struct ClientTransactionID: Hashable, Sendable {
    public var branch: String
    public var method: String
}

/// What the transaction layer hands on.
public enum SIPTransactionOutput: Sendable, Equatable {
    /// Bytes for the transport.
    case send(SIPMessage, to: SIPAddress)
    /// A new request for the application (never a retransmission).
    case request(SIPMessage, ServerTransactionID, from: SIPAddress)
    /// An ACK to a 2xx, or a request outside any transaction the application must see.
    case ackFor2xx(SIPMessage, from: SIPAddress)
    /// A response to a request we sent (retransmitted final responses are absorbed; 2xx to an
    /// INVITE are all passed on, as the application ACKs each).
    case response(SIPMessage, ClientTransactionID)
    /// Timer B or F: the far end never answered.
    case timeout(ClientTransactionID)
    /// Timer H: our failure response to an INVITE was never acknowledged.
    case unacknowledged(ServerTransactionID)
}

/// The four transaction state machines of RFC 3261 §17 (with RFC 6026's Accepted states),
/// over unreliable transport. A value with no clock: `received`, `respond`, `send` and
/// `timersDue` take the time, and `nextDeadline` says when to call again.
public struct SIPTransactions: Sendable {
    public let timers: SIPTimers
    var servers: [ServerTransactionID: ServerTransaction] = [:]
    var clients: [ClientTransactionID: ClientTransaction] = [:]
    /// Wake-ups by time; an entry whose generation is not its transaction's any more is stale
    /// (lazy deletion), so a timer costs O(log n) and no scan of all transactions.
    var wakeUps = Heap<WakeUp>()
    var generation: UInt64 = 0

    struct WakeUp: Comparable, Sendable {
        enum Owner: Sendable { case server(ServerTransactionID), client(ClientTransactionID) }
        var at: Instant
        var generation: UInt64
        var owner: Owner

        static func < (a: WakeUp, b: WakeUp) -> Bool { (a.at, a.generation) < (b.at, b.generation) }
        static func == (a: WakeUp, b: WakeUp) -> Bool { a.at == b.at && a.generation == b.generation }
    }

    mutating func schedule(_ id: ServerTransactionID) {
        guard let transaction = servers[id] else { return }
        let wake = [transaction.retransmitAt, transaction.endAt].compactMap { $0 }.min()
        generation += 1
        servers[id]!.generation = generation
        if let wake { wakeUps.insert(WakeUp(at: wake, generation: generation, owner: .server(id))) }
    }

    mutating func schedule(_ id: ClientTransactionID) {
        guard let transaction = clients[id] else { return }
        let wake = [transaction.retransmitAt, transaction.endAt].compactMap { $0 }.min()!
        generation += 1
        clients[id]!.generation = generation
        wakeUps.insert(WakeUp(at: wake, generation: generation, owner: .client(id)))
    }

    /// This end's sent-by for the Via of the requests it sends, and how a fresh branch is made
    /// (with the RFC 3261 magic cookie); nil: requests come with their own Via.
    let sentBy: SIPAddress?
    let newBranch: @Sendable () -> String

    public init(timers: SIPTimers = SIPTimers(), sentBy: SIPAddress? = nil, newBranch: @escaping @Sendable () -> String = Self.randomBranch) {
        self.timers = timers
        self.sentBy = sentBy
        self.newBranch = newBranch
    }

    /// `z9hG4bK` and 64 random bits.
    public static func randomBranch() -> String { Via.magicCookie + SIPToken.random() }

    /// The request as this end sends it as a new transaction (or, for the ACK of a 2xx, as a
    /// transaction of its own): a top Via with our sent-by, a fresh branch and `rport`
    /// (RFC 3581, so answers find us behind NAT), and Max-Forwards 70 unless it has one — added
    /// here once for every request the dialogs build.
    public func stamped(_ request: SIPMessage) -> SIPMessage {
        guard let sentBy, request["Via"] == nil else { return request }
        var request = request
        request.prepend("Via", "SIP/2.0/UDP \(sentBy);branch=\(newBranch());rport")
        if request["Max-Forwards"] == nil { request.add("Max-Forwards", "70") }
        return request
    }

    /// Transactions alive now (for ops and for the leak checks of the fuzz test).
    public var count: (server: Int, client: Int) { (servers.count, clients.count) }

    // MARK: Server side

    struct ServerTransaction: Sendable {
        enum State: Sendable { case trying, proceeding, completed, confirmed, accepted }
        var isInvite: Bool
        var state: State = .trying
        var request: SIPMessage
        var source: SIPAddress
        /// Where its responses go (`responseAddress(for:source:)`), worked out once: each
        /// response would otherwise parse the request's top Via again.
        var respondTo: SIPAddress
        var lastResponse: SIPMessage?
        /// Timer G (response retransmission), with its current interval.
        var retransmitAt: Instant?
        var interval: Duration = .zero
        /// Timer H, I, J or L: when the transaction ends (or times out, for H).
        var endAt: Instant?
        var generation: UInt64 = 0
    }

    static func serverID(_ message: SIPMessage) -> ServerTransactionID? {
        guard let via = message.topVia, let method = message.method else { return nil }
        // An RFC 2543 hop has no branch: its request is known by Call-ID, CSeq number and From tag.
        let branch = via.branch ?? "rfc2543:\(message.callID ?? ""):\(message.cseq?.number ?? 0):\(message.from?.tag ?? "")"
        return ServerTransactionID(branch: branch, sentBy: "\(via.host):\(via.port ?? 5060)", method: method == "ACK" ? "INVITE" : method)
    }

    /// Where a response to `request` goes (RFC 3261 §18.2.2 with RFC 3581 rport): the source
    /// address with rport; else the source IP (what `received` records) at the sent-by port.
    public static func responseAddress(for request: SIPMessage, source: SIPAddress) -> SIPAddress {
        guard let via = request.topVia else { return source }
        if via.parameters["rport"] != nil { return source }
        return SIPAddress(host: source.host, port: via.port ?? 5060)
    }

    /// A request or response arrived from the network.
    public mutating func received(_ message: SIPMessage, from source: SIPAddress, at now: Instant) -> [SIPTransactionOutput] {
        var outputs = runTimers(at: now)
        if message.isRequest {
            receivedRequest(message, from: source, at: now, into: &outputs)
        } else {
            receivedResponse(message, at: now, into: &outputs)
        }
        return outputs
    }

    mutating func receivedRequest(_ request: SIPMessage, from source: SIPAddress, at now: Instant, into outputs: inout [SIPTransactionOutput]) {
        guard let id = Self.serverID(request) else { return }
        if request.method == "ACK" {
            guard var transaction = servers[id], transaction.isInvite else {
                outputs.append(.ackFor2xx(request, from: source))  // an ACK to a 2xx: no transaction
                return
            }
            switch transaction.state {
            case .completed:
                transaction.state = .confirmed
                transaction.retransmitAt = nil
                transaction.endAt = now + timers.t4  // Timer I
                servers[id] = transaction
                schedule(id)
            case .accepted:
                outputs.append(.ackFor2xx(request, from: source))
            default:
                break
            }
            return
        }
        if let transaction = servers[id] {
            // A retransmission: answer again with the last response, if any (not in Accepted,
            // where the application retransmits its 2xx itself).
            if let last = transaction.lastResponse, transaction.state != .accepted, transaction.state != .confirmed {
                outputs.append(.send(last, to: transaction.respondTo))
            }
            return
        }
        servers[id] = ServerTransaction(isInvite: request.method == "INVITE", request: request, source: source, respondTo: Self.responseAddress(for: request, source: source))
        // No timer until the application answers; a request it never answers lives until
        // then (the application answers every request).
        outputs.append(.request(request, id, from: source))
    }

    /// The application answers a request. Responses to requests with no transaction left (it
    /// timed out) are dropped.
    public mutating func respond(_ response: SIPMessage, to id: ServerTransactionID, at now: Instant) -> [SIPTransactionOutput] {
        var outputs = runTimers(at: now)
        guard var transaction = servers[id], let status = response.status else { return outputs }
        switch transaction.state {
        case .trying, .proceeding: break
        default: return outputs  // final response already sent
        }
        transaction.lastResponse = response
        outputs.append(.send(response, to: transaction.respondTo))
        if status < 200 {
            transaction.state = .proceeding
        } else if transaction.isInvite {
            if status < 300 {
                transaction.state = .accepted
                transaction.endAt = now + timers.t1 * 64  // Timer L
            } else {
                transaction.state = .completed
                transaction.interval = timers.t1
                transaction.retransmitAt = now + timers.t1  // Timer G
                transaction.endAt = now + timers.t1 * 64  // Timer H
            }
        } else {
            transaction.state = .completed
            transaction.endAt = now + timers.t1 * 64  // Timer J
        }
        servers[id] = transaction
        schedule(id)
        return outputs
    }

    /// The request a server transaction serves (to build a response, or to match a CANCEL).
    public func request(of id: ServerTransactionID) -> SIPMessage? { servers[id]?.request }

    // MARK: Client side

    struct ClientTransaction: Sendable {
        enum State: Sendable { case calling, proceeding, completed, accepted }
        var isInvite: Bool
        var state: State = .calling
        var request: SIPMessage
        var destination: SIPAddress
        var retransmitAt: Instant?
        var interval: Duration
        /// Timer B or F (timeout), then D, K or M (end).
        var endAt: Instant
        var timesOut = true
        var generation: UInt64 = 0
    }

    /// Sends a request as a new client transaction: without a Via it gets ours (`stamped`);
    /// a Via it brings must carry a fresh branch.
    public mutating func send(_ request: SIPMessage, to destination: SIPAddress, at now: Instant) -> (ClientTransactionID, [SIPTransactionOutput]) {
        let request = stamped(request)
        var outputs = runTimers(at: now)
        let id = ClientTransactionID(branch: request.topVia?.branch ?? "", method: request.method ?? "")
        let isInvite = request.method == "INVITE"
        clients[id] = ClientTransaction(
            isInvite: isInvite, request: request, destination: destination, retransmitAt: now + timers.t1, interval: timers.t1,
            endAt: now + timers.t1 * 64)
        schedule(id)
        outputs.append(.send(request, to: destination))
        return (id, outputs)
    }

    mutating func receivedResponse(_ response: SIPMessage, at now: Instant, into outputs: inout [SIPTransactionOutput]) {
        guard let status = response.status, let branch = response.topVia?.branch, let method = response.cseq?.method else { return }
        let id = ClientTransactionID(branch: branch, method: method)
        guard var transaction = clients[id] else { return }  // stray: dropped
        switch (transaction.state, status) {
        case (.calling, 100..<200), (.proceeding, 100..<200):
            transaction.state = .proceeding
            if transaction.isInvite {
                // Timer A stops, and so does B (§17.1.1.2): a phone may ring as long as the
                // queue lets it. A bound remains so that a phone gone silent ends the leg.
                transaction.retransmitAt = nil
                transaction.endAt = now + .seconds(330)
            } else {
                transaction.retransmitAt = now + timers.t2
                transaction.interval = timers.t2
            }
            outputs.append(.response(response, id))
        case (.calling, 200..<300) where transaction.isInvite, (.proceeding, 200..<300) where transaction.isInvite:
            transaction.state = .accepted
            transaction.retransmitAt = nil
            transaction.timesOut = false
            transaction.endAt = now + timers.t1 * 64  // Timer M
            outputs.append(.response(response, id))
        case (.accepted, 200..<300):
            outputs.append(.response(response, id))  // retransmitted 2xx: the application ACKs again
        case (.calling, 200...), (.proceeding, 200...):
            transaction.state = .completed
            transaction.retransmitAt = nil
            transaction.timesOut = false
            if transaction.isInvite {
                outputs.append(.send(Self.ack(for: transaction.request, response: response), to: transaction.destination))
                transaction.endAt = now + .seconds(32)  // Timer D
            } else {
                transaction.endAt = now + timers.t4  // Timer K
            }
            outputs.append(.response(response, id))
        case (.completed, 300...) where transaction.isInvite:
            // The failure came again: our ACK was lost.
            outputs.append(.send(Self.ack(for: transaction.request, response: response), to: transaction.destination))
        default:
            break  // retransmissions of what we already have
        }
        clients[id] = transaction
        schedule(id)
    }

    /// The ACK an INVITE client transaction sends for a failure (§17.1.1.3): same branch and
    /// Call-ID, the response's To (with its tag), CSeq method ACK.
    static func ack(for invite: SIPMessage, response: SIPMessage) -> SIPMessage {
        var ack = SIPMessage(.request(method: "ACK", uri: invite.requestURI ?? ""))
        if let via = invite["Via"] { ack.add("Via", via) }
        for name in ["Route", "From", "Call-ID"] {
            for value in invite.values(name) { ack.add(name, value) }
        }
        if let to = response["To"] { ack.add("To", to) }
        ack.add("CSeq", "\(invite.cseq?.number ?? 1) ACK")
        ack.add("Max-Forwards", "70")
        return ack
    }

    // MARK: Timers

    /// The earliest timer of any transaction, nil when none runs. It may be early (a timer
    /// that no longer matters) but never late.
    public var nextDeadline: Instant? { wakeUps.min?.at }

    /// Runs every timer due by `now`.
    public mutating func timersDue(at now: Instant) -> [SIPTransactionOutput] { runTimers(at: now) }

    mutating func runTimers(at now: Instant) -> [SIPTransactionOutput] {
        var outputs: [SIPTransactionOutput] = []
        while let next = wakeUps.min, next.at <= now {
            wakeUps.removeMin()
            switch next.owner {
            case .server(let id):
                guard var transaction = servers[id], transaction.generation == next.generation else { continue }
                if let end = transaction.endAt, end <= next.at {
                    if transaction.state == .completed, transaction.isInvite { outputs.append(.unacknowledged(id)) }  // Timer H
                    servers[id] = nil
                    continue
                }
                if let at = transaction.retransmitAt, at <= next.at, let last = transaction.lastResponse {
                    // Timer G: the failure again, at doubling intervals up to T2.
                    outputs.append(.send(last, to: transaction.respondTo))
                    transaction.interval = min(transaction.interval * 2, timers.t2)
                    transaction.retransmitAt = at + transaction.interval
                }
                servers[id] = transaction
                schedule(id)
            case .client(let id):
                guard var transaction = clients[id], transaction.generation == next.generation else { continue }
                if transaction.endAt <= next.at {
                    if transaction.timesOut { outputs.append(.timeout(id)) }  // Timer B or F
                    clients[id] = nil
                    continue
                }
                if let at = transaction.retransmitAt, at <= next.at {
                    // Timer A (INVITE, doubling) or E (others, doubling up to T2).
                    outputs.append(.send(transaction.request, to: transaction.destination))
                    transaction.interval = transaction.isInvite ? transaction.interval * 2 : min(transaction.interval * 2, timers.t2)
                    transaction.retransmitAt = at + transaction.interval
                }
                clients[id] = transaction
                schedule(id)
            }
        }
        return outputs
    }
}
