import ServiceLifecycle
import Telephony

/// Serves SIP on its socket until shutdown.
public struct TelephonyService: Service {
    let socket: SIPSocket
    let endpoint: SIPEndpoint

    public init(socket: SIPSocket, endpoint: SIPEndpoint) {
        self.socket = socket
        self.endpoint = endpoint
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown { try await socket.serve(endpoint) }
    }
}
