import NIOCore
import NIOPosix
import SwitchboardCore

/// The UDP socket an endpoint is served on (RFC 3261 §18 over UDP). Bind first — the port may
/// be chosen by the system — then `serve` until the task is cancelled.
public struct SIPSocket: Sendable {
    typealias Channel = NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>
    let channel: Channel
    /// Where we listen, as peers should address us.
    public let localAddress: SIPAddress

    /// - Parameter advertise: the host phones and callers should send to, when it differs from
    ///   the one bound (`0.0.0.0` binds every interface but is no address to reach us at).
    public static func bind(host: String, port: Int, advertise: String? = nil) async throws -> SIPSocket {
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            // Bursts of a few hundred calls a second: keep the kernel's queue deep.
            .channelOption(ChannelOptions.socketOption(.so_rcvbuf), value: 4 << 20)
            // NIO reads datagrams into 2 KiB by default; SIP messages may be up to 64 KiB.
            .channelOption(ChannelOptions.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try Channel(wrappingChannelSynchronously: channel) }
            }
        let bound = channel.channel.localAddress?.port ?? port
        return SIPSocket(channel: channel, localAddress: SIPAddress(host: advertise ?? host, port: bound))
    }

    /// Reads datagrams into the endpoint and sends what it answers; runs its timers. Returns
    /// when cancelled (the socket is closed then).
    public func serve(_ endpoint: SIPEndpoint) async throws {
        try await channel.executeThenClose { inbound, outbound in
            let writer = outbound
            func write(_ datagrams: [Datagram]) async throws {
                for datagram in datagrams {
                    // A datagram UDP cannot carry (a 400 that copies a request's 12,000 Via
                    // values, say) is dropped: sending it fails with EMSGSIZE, which closes the
                    // channel — and one hostile request would end SIP for everyone.
                    guard datagram.bytes.count <= Self.largestDatagram else { continue }
                    guard let address = try? Self.socketAddress(datagram.to) else { continue }
                    do {
                        try await writer.write(AddressedEnvelope(remoteAddress: address, data: ByteBuffer(bytes: datagram.bytes)))
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        // One unreachable peer (EHOSTUNREACH, …) must not stop the socket.
                        continue
                    }
                }
            }
            let outbox = await endpoint.openOutbox()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    // One writer, in the order the endpoint made them: a caller's 180 before
                    // its 182, whichever task the two were made on.
                    for await datagrams in outbox { try await write(datagrams) }
                }
                group.addTask {
                    // Timers: polled every 20 ms, cheap (the earliest deadline is a heap's top) and
                    // well inside SIP's 500 ms granularity.
                    while !Task.isCancelled {
                        try await Task.sleep(for: .milliseconds(20))
                        _ = await endpoint.tick()
                    }
                }
                if let effects = await endpoint.routingEffects() {
                    group.addTask {
                        // The routing engine's decisions: ring phones, answer or end callers.
                        for await event in effects {
                            _ = await endpoint.apply(event)
                        }
                    }
                }
                group.addTask {
                    // Datagrams are handled side by side (up to 256 at once): an INVITE waiting
                    // for its call to be stored must not hold up the ACKs, BYEs and REGISTERs
                    // behind it. The endpoint serialises its state; UDP never promised order.
                    try await withThrowingTaskGroup(of: Void.self) { work in
                        var inFlight = 0
                        for try await envelope in inbound {
                            guard let source = Self.sipAddress(envelope.remoteAddress) else { continue }
                            if inFlight >= 256 {
                                try await work.next()
                                inFlight -= 1
                            }
                            let bytes = Array(buffer: envelope.data)
                            work.addTask { _ = await endpoint.receive(bytes, from: source) }
                            inFlight += 1
                        }
                        try await work.waitForAll()
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    /// The most a UDP datagram over IPv4 carries (65,535 less the IP and UDP headers).
    static let largestDatagram = 65_507

    static func sipAddress(_ address: SocketAddress) -> SIPAddress? {
        guard let host = address.ipAddress, let port = address.port else { return nil }
        return SIPAddress(host: host, port: port)
    }

    static func socketAddress(_ address: SIPAddress) throws -> SocketAddress {
        // NIO traps on a port outside 0…65535: never hand it one from the network.
        guard (1...65535).contains(address.port) else { throw SocketAddressError.unsupported }
        let host = address.host.hasPrefix("[") ? String(address.host.dropFirst().dropLast()) : address.host
        if let literal = try? SocketAddress(ipAddress: host, port: address.port) { return literal }
        return try SocketAddress.makeAddressResolvingHost(host, port: address.port)
    }
}
