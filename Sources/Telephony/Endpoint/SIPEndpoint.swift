import SwitchboardCore

/// Bytes to send and where.
public struct Datagram: Sendable, Equatable {
    public var bytes: [UInt8]
    public var to: SIPAddress

    public init(_ bytes: [UInt8], to: SIPAddress) {
        self.bytes = bytes
        self.to = to
    }
}

/// A SIP account as the endpoint needs it: the agent it belongs to and its digest secret.
public struct SIPAccount: Sendable, Equatable {
    public var agentId: Int64
    public var username: String
    /// `MD5(username:realm:password)`.
    public var ha1: String

    public init(agentId: Int64, username: String, ha1: String) {
        self.agentId = agentId
        self.username = username
        self.ha1 = ha1
    }
}

/// Counters for `/metrics` and `switchboard sip status`.
public struct SIPCounters: Sendable, Equatable, Codable {
    public var received = 0
    public var sent = 0
    public var malformed = 0
    public var rejected = 0
    public var registrations = 0
    public var authenticationFailures = 0
    /// INVITEs that became routed calls.
    public var calls = 0
    /// Offers to agents with no phone registered (declined at once).
    public var unreachableAgents = 0
    /// REGISTERs refused (503) while their account or address was locked out after failed
    /// authentications; their credentials were not checked.
    public var authenticationLockouts = 0
    /// Right credentials sent again with a nonce count already used: challenged again.
    public var replayedCredentials = 0
    /// New INVITEs refused (503) because their address sent more than its rate allows.
    public var invitesRateLimited = 0
    /// New INVITEs refused (503) because their address had as many calls in progress as allowed.
    public var invitesOverSourceLimit = 0
    /// OPTIONS sent to callers waiting in queue, to see that they are still there.
    public var callerProbes = 0
    /// Waiting callers who answered no OPTIONS: their calls were ended as hung up.
    public var callersGone = 0
}

/// The SIP user agent server of the contact center: reads datagrams, runs them through the
/// checks and the transaction layer, answers OPTIONS and REGISTER (with digest authentication),
/// and refuses what it does not serve. Values inside (transactions, registrar) are pure; the
/// actor only serialises access and keeps the clock.
public actor SIPEndpoint {
    public let local: SIPAddress
    let clock: @Sendable () -> Instant
    var transactions: SIPTransactions
    var registrar = Registrar()
    let digest: DigestAuthentication
    let configuration: Configuration
    /// Failed digest authentications by account and by address (D8 of issue 14).
    var authenticationThrottle: AuthenticationThrottle
    /// The highest nonce count accepted on each live nonce: credentials are not accepted twice.
    var nonceCounts: NonceCounts
    /// New INVITEs by address (the pike).
    var inviteLimiter: SourceRateLimiter
    /// Calls in progress (being stored, queued, ringing or talking) by the address their
    /// INVITE came from; an address is here only while it has one.
    var callsBySource: [String: Int] = [:]
    /// OPTIONS sent to waiting callers, by their transaction.
    var callsByProbe: [ClientTransactionID: CallID] = [:]
    var accounts: [String: SIPAccount] = [:]
    /// The same accounts by agent: every offer looks its agent's phone up.
    var accountsByAgent: [Int64: SIPAccount] = [:]
    var counters = SIPCounters()
    var tagCounter: UInt64 = 0
    // The back-to-back user agent (B2BUA.swift).
    var callControl: (any CallControl)?
    var bridges: [CallID: Bridge] = [:]
    var callsByInvite: [ServerTransactionID: CallID] = [:]
    /// By SIP Call-ID: the caller's dialog and the phone's.
    var callsByDialog: [String: CallID] = [:]
    var callsByAgentInvite: [ClientTransactionID: CallID] = [:]
    /// Phone legs given up (cancelled): a 200 that still comes is ACKed and hung up.
    var orphanLegs: [ClientTransactionID: AgentLeg] = [:]
    /// Arrivals being stored, by the token the center's `.arrived` names them by (their To-tag).
    var arrivals: [String: Arrival] = [:]
    /// INVITEs whose calls are being stored, with their To tag; a CANCEL meanwhile removes them.
    var arriving: [ServerTransactionID: String] = [:]
    /// Re-INVITEs relayed to the other side, by the transaction that carries them there.
    var reinvites: [ClientTransactionID: Reinvite] = [:]
    /// Where datagrams go the moment they are made, once a socket has opened it: the wire then
    /// sees them in the order the actor made them (a caller's 180 before its 182, whichever task
    /// asked), and nothing waits behind a slow database write.
    var outbox: AsyncStream<[Datagram]>.Continuation?

    static let allow = "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER"
    static let server = "Switchboard"

    public init(
        local: SIPAddress, secret: [UInt8], realm: String = "switchboard", timers: SIPTimers = SIPTimers(),
        configuration: Configuration = Configuration(), clock: @escaping @Sendable () -> Instant
    ) {
        self.local = local
        self.clock = clock
        self.transactions = SIPTransactions(timers: timers, sentBy: local)
        self.digest = DigestAuthentication(realm: realm, secret: secret)
        self.configuration = configuration
        self.authenticationThrottle = AuthenticationThrottle(
            account: configuration.accountLockout, source: configuration.sourceLockout, capacity: configuration.lockoutCapacity)
        self.nonceCounts = NonceCounts(capacity: configuration.nonceCapacity)
        self.inviteLimiter = SourceRateLimiter(
            burst: configuration.inviteBurst, perSecond: configuration.invitesPerSecond, capacity: configuration.rateLimitCapacity)
    }

    public var realm: String { digest.realm }

    /// Replaces the accounts (after they change in the database).
    public func setAccounts(_ list: [SIPAccount]) {
        accounts = Dictionary(list.map { ($0.username, $0) }, uniquingKeysWith: { first, _ in first })
        accountsByAgent = Dictionary(list.map { ($0.agentId, $0) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Reading

    public struct Status: Sendable, Codable, Equatable {
        public struct Registration: Sendable, Codable, Equatable {
            public var account: String
            public var contact: String
            public var address: String
            public var expiresInSeconds: Int
        }

        public var listening: String
        public var registrations: [Registration]
        public var serverTransactions: Int
        public var clientTransactions: Int
        public var dialogs: Int
        public var counters: SIPCounters
    }

    public func status() -> Status {
        let now = clock()
        return Status(
            listening: local.description,
            registrations: registrar.all(at: now).map {
                .init(account: $0.account, contact: $0.binding.contact, address: $0.binding.address.description,
                      expiresInSeconds: Int(($0.binding.expires - now).wholeMilliseconds / 1000))
            },
            serverTransactions: transactions.count.server, clientTransactions: transactions.count.client, dialogs: bridges.count, counters: counters)
    }

    /// Whether the agent's phone is registered now.
    public func hasPhone(agent: Int64) -> Bool {
        guard let account = accountsByAgent[agent] else { return false }
        return registrar.isRegistered(account.username, at: clock())
    }

    /// Whether an account has a phone registered now.
    public func isRegistered(_ account: String) -> Bool { registrar.isRegistered(account, at: clock()) }

    public var nextDeadline: Instant? { transactions.nextDeadline }

    // MARK: Input

    /// One datagram from the network; returns what to send.
    public func receive(_ bytes: [UInt8], from source: SIPAddress) async -> [Datagram] {
        counters.received += 1
        let now = clock()
        let message: SIPMessage
        do {
            message = try SIPParser.parse(bytes)
        } catch {
            counters.malformed += 1
            if case .versionNotSupported = error, let answer = Self.salvagedResponse(bytes, 505, "Version Not Supported") {
                return send([Datagram(answer, to: source)])
            }
            // A request we cannot read gets 400 if its routing headers can be found; else dropped.
            guard !bytes.starts(with: Array("SIP/".utf8)), let answer = Self.salvagedResponse(bytes, 400, "Bad Request") else { return [] }
            return send([Datagram(answer, to: source)])
        }
        if message.isRequest, let rejection = SIPValidation.check(message) {
            counters.rejected += 1
            guard message.method != "ACK" else { return [] }
            let response = makeResponse(to: message, rejection.status, rejection.reason, headers: rejection.headers, source: source)
            return send([Datagram(response.bytes, to: SIPTransactions.responseAddress(for: message, source: source))])
        }
        if !message.isRequest, message.topVia == nil || message.cseq == nil { counters.malformed += 1; return [] }
        return send(await process(transactions.received(message, from: source, at: now), at: now))
    }

    /// Runs the timers that are due.
    public func tick() async -> [Datagram] {
        let now = clock()
        let datagrams = send(await process(transactions.timersDue(at: now), at: now))
        return datagrams + send(await bridgeTimers(at: now))
    }

    /// Opens the outbox: from now on every datagram is delivered on the returned stream in the
    /// order it was made, and the methods that return datagrams return none.
    public func openOutbox() -> AsyncStream<[Datagram]> {
        let (stream, continuation) = AsyncStream.makeStream(of: [Datagram].self)
        outbox?.finish()
        outbox = continuation
        return stream
    }

    /// What a public entry point hands out: counted, and into the outbox when there is one.
    func send(_ datagrams: [Datagram]) -> [Datagram] {
        counters.sent += datagrams.count
        guard let outbox else { return datagrams }
        if !datagrams.isEmpty { outbox.yield(datagrams) }
        return []
    }

    /// Sends what is ready before an await (a caller's 100 and 180 while its call is stored).
    /// Without an outbox the datagrams stay with the caller, who returns them in order.
    func flush(_ datagrams: [Datagram]) -> [Datagram] {
        outbox == nil ? datagrams : send(datagrams)
    }

    /// Carries out the transaction layer's outputs; requests go to the application.
    func process(_ outputs: [SIPTransactionOutput], at now: Instant) async -> [Datagram] {
        var datagrams: [Datagram] = []
        for output in outputs {
            switch output {
            case .send(let message, let address):
                datagrams.append(Datagram(message.bytes, to: address))
            case .request(let request, let id, let source):
                if callControl != nil, let method = request.method, ["INVITE", "CANCEL", "BYE"].contains(method) {
                    datagrams = flush(datagrams)
                    datagrams += await bridgedRequest(request, id, from: source)
                } else {
                    datagrams += self.output(transactions.respond(answer(request, from: source, at: now), to: id, at: now))
                }
            case .ackFor2xx(let ack, _):
                acknowledged(ack)
            case .response(let response, let id):
                datagrams = flush(datagrams)
                datagrams += await phoneResponse(response, id)
            case .timeout(let id):
                datagrams = flush(datagrams)
                datagrams += await requestTimedOut(id)
            case .unacknowledged:
                break  // our failure answer was never ACKed: nothing more to do
            }
        }
        return datagrams
    }

    // MARK: Requests

    /// The final answer to a request.
    func answer(_ request: SIPMessage, from source: SIPAddress, at now: Instant) -> SIPMessage {
        switch request.method {
        case "OPTIONS":
            return makeResponse(to: request, 200, "OK", headers: [
                SIPHeader("Allow", Self.allow), SIPHeader("Accept", "application/sdp"), SIPHeader("Accept-Language", "en, nl"),
            ], source: source)
        case "REGISTER":
            return register(request, from: source, at: now)
        case "CANCEL", "BYE":
            return makeResponse(to: request, 481, "Call/Transaction Does Not Exist", source: source)
        case "INVITE", "REFER":
            return makeResponse(to: request, 501, "Not Implemented", source: source)
        case "SUBSCRIBE", "NOTIFY", "MESSAGE", "INFO", "UPDATE", "PRACK", "PUBLISH":
            return makeResponse(to: request, 405, "Method Not Allowed", headers: [SIPHeader("Allow", Self.allow)], source: source)
        default:
            return makeResponse(to: request, 501, "Not Implemented", headers: [SIPHeader("Allow", Self.allow)], source: source)
        }
    }

    func register(_ request: SIPMessage, from source: SIPAddress, at now: Instant) -> SIPMessage {
        guard let account = request.to?.sipURI?.user else {
            return makeResponse(to: request, 404, "Not Found", source: source)
        }
        let challenge = { (stale: Bool) in
            self.makeResponse(
                to: request, 401, "Unauthorized", headers: [SIPHeader("WWW-Authenticate", self.digest.challenge(at: now, for: source.host, stale: stale))],
                source: source)
        }
        let authorization = request["Authorization"]
        let fields = authorization.flatMap { DigestAuthentication.fields($0) }
        // The account the credentials try (not the To user: that is what is guessed at).
        let username = fields?["username"]
        if authorization != nil, case .locked(let wait) = authenticationThrottle.check(account: username, source: source.host, at: now) {
            // Locked out: refused before the password is looked at, so that a right guess now
            // is not confirmed. 503 with Retry-After rather than 403: phones honour it (RFC 3261
            // §21.5.4) and register again once the lock has passed; a 403 leaves many of them
            // unregistered until someone restarts them.
            counters.authenticationLockouts += 1
            return makeResponse(
                to: request, 503, "Service Unavailable (too many failed authentications)",
                headers: [SIPHeader("Retry-After", "\(Self.wholeSecondsUp(wait))")], source: source)
        }
        let known = accounts
        switch digest.verify(
            authorization, method: "REGISTER", at: now, source: source.host, requestURI: request.requestURI, counts: &nonceCounts,
            ha1: { known[$0]?.ha1 })
        {
        case .rejected, .unknownUser:
            if authorization != nil {
                counters.authenticationFailures += 1
                // Only an answer to a nonce we gave this address tests a password (known user
                // or not, alike): only such answers count towards a lock-out, so nobody locks
                // an account out with forged datagrams from addresses they cannot receive at.
                if let nonce = fields?["nonce"], digest.issueTime(of: nonce, for: source.host) != nil {
                    authenticationThrottle.recordFailure(account: username, source: source.host, at: now)
                }
            }
            return challenge(false)
        case .stale:
            return challenge(true)
        case .replayed:
            counters.replayedCredentials += 1
            return challenge(true)
        case .accepted(let username):
            authenticationThrottle.recordSuccess(account: username)
            guard username == account else { return makeResponse(to: request, 403, "Forbidden", source: source) }
        }
        switch registrar.register(request, account: account, source: source, at: now) {
        case .registered(let bindings):
            counters.registrations += 1
            var headers = bindings.map { SIPHeader("Contact", "<\($0.contact)>;expires=\(max(0, ($0.expires - now).wholeMilliseconds / 1000))") }
            headers.append(SIPHeader("Date", HTTPDate.format(now)))
            return makeResponse(to: request, 200, "OK", headers: headers, source: source)
        case .intervalTooBrief(let minimum):
            return makeResponse(to: request, 423, "Interval Too Brief", headers: [SIPHeader("Min-Expires", "\(minimum)")], source: source)
        case .badRequest(let reason):
            return makeResponse(to: request, 400, reason, source: source)
        }
    }

    // MARK: Responses

    /// A response to `request`: its Via (with received and rport filled in, RFC 3581), From,
    /// To (with our tag on a final answer), Call-ID and CSeq.
    func makeResponse(
        to request: SIPMessage, _ status: Int, _ reason: String, toTag: String? = nil, headers: [SIPHeader] = [], body: [UInt8] = [], source: SIPAddress
    ) -> SIPMessage {
        var response = SIPMessage(.response(status: status, reason: reason))
        for (index, value) in request.values("Via").enumerated() {
            response.add("Via", index == 0 ? Self.stamp(value, source: source) : value)
        }
        if let from = request["From"] { response.add("From", from) }
        if var to = request["To"] {
            if status > 100, (try? NameAddress.parse(to))?.tag == nil {
                if let toTag {
                    to += ";tag=\(toTag)"
                } else {
                    tagCounter += 1
                    to += ";tag=sb\(String(tagCounter, radix: 36))\(String(clock().millisecondsSinceEpoch % 1_000_000, radix: 36))"
                }
            }
            response.add("To", to)
        }
        if let callID = request["Call-ID"] { response.add("Call-ID", callID) }
        if let cseq = request["CSeq"] { response.add("CSeq", cseq) }
        response.add("Server", Self.server)
        for header in headers { response.headers.append(header) }
        response.body = body
        return response
    }

    /// The top Via with `received` (when the source differs from sent-by) and `rport` filled in.
    static func stamp(_ value: String, source: SIPAddress) -> String {
        guard var via = try? Via.parse(value) else { return value }
        if via.parameters["rport"] != nil {
            via.parameters.removeAll { $0.name.lowercased() == "rport" || $0.name.lowercased() == "received" }
            via.parameters.append(SIPParameter("received", source.host))
            via.parameters.append(SIPParameter("rport", "\(source.port)"))
        } else if via.host != source.host {
            via.parameters.removeAll { $0.name.lowercased() == "received" }
            via.parameters.append(SIPParameter("received", source.host))
        }
        return via.description
    }

    /// A response built from the raw lines of a message that does not parse: only when its
    /// Via, From, To, Call-ID and CSeq lines can be found (else there is nobody to answer).
    static func salvagedResponse(_ bytes: [UInt8], _ status: Int, _ reason: String) -> [UInt8]? {
        var found: [String: [String]] = [:]
        for raw in bytes.split(separator: SIPParser.lf) {
            var line = raw
            if line.last == SIPParser.cr { line = line.dropLast() }
            if line.isEmpty { break }
            let text = String(decoding: line, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":") else { continue }
            let name = SIPHeader.canonical(text[..<colon].trimmingWhitespace())
            guard ["Via", "From", "To", "Call-ID", "CSeq"].contains(name) else { continue }
            let value = text[text.index(after: colon)...].trimmingWhitespace()
            // A bare CR would make our answer malformed in turn: such a message is not answered.
            guard !value.unicodeScalars.contains("\r") else { return nil }
            found[name, default: []].append(value)
        }
        for name in ["Via", "From", "To", "Call-ID", "CSeq"] where found[name] == nil { return nil }
        var response = SIPMessage(.response(status: status, reason: reason))
        for name in ["Via", "From", "To", "Call-ID", "CSeq"] {
            for value in found[name]! { response.add(name, value) }
        }
        return response.bytes
    }
}

/// The IMF-fixdate of a `Date` header (always GMT, RFC 3261 §20.17).
enum HTTPDate {
    static func format(_ instant: Instant) -> String {
        let seconds = instant.millisecondsSinceEpoch / 1000
        let days = Int(seconds / 86_400)
        let time = Int(seconds % 86_400)
        let date = LocalDate(dayNumber: days)
        let (year, month, day) = (date.year, date.month, date.day)
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(two(day)) \(months[month - 1]) \(year) \(two(time / 3600)):\(two(time / 60 % 60)):\(two(time % 60)) GMT"
    }
}
