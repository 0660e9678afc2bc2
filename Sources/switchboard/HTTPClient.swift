import Foundation
import NIOCore
import NIOPosix
import SwitchboardCore

/// The few lines of HTTP/1.0 the CLI needs to ask a running server for something: one GET,
/// the whole answer read until the server closes. (The full clients cost every build minutes.)
enum HTTPClient {
    static func get(_ url: URL, headers: [String: String]) async throws -> Data {
        guard let host = url.host else { throw SwitchboardError.invalid("url", "The URL has no host.") }
        let port = url.port ?? 80
        guard url.scheme == "http" else { throw SwitchboardError.invalid("url", "Only http:// is supported here.") }
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        var head = "GET \(url.path.isEmpty ? "/" : url.path) HTTP/1.0\r\nHost: \(host):\(port)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Connection: close\r\n\r\n"
        let text = head
        let received = try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: text))
            var bytes: [UInt8] = []
            for try await buffer in inbound { bytes += Array(buffer: buffer) }
            return bytes
        }
        guard let split = received.firstRange(of: Array("\r\n\r\n".utf8)) else { throw SwitchboardError.invalid("url", "The server's answer was cut short.") }
        let status = String(decoding: received[..<split.lowerBound], as: UTF8.self).split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        let body = Data(received[split.upperBound...])
        guard status == 200 else {
            throw SwitchboardError.invalid("url", "The server answered \(status): \(String(decoding: body, as: UTF8.self))")
        }
        return body
    }
}
