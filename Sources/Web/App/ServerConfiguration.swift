import Foundation
import Hummingbird
import Logging
import Metrics
import Calls
import Floor
import ContactCenter
import Organisation
import ServiceLifecycle
import Prometheus
import SwitchboardCore

/// What the server needs to start: where to listen and the organisation service (which holds
/// the database).
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var logLevel: Logger.Level

    public init(host: String = "127.0.0.1", port: Int = 8080, logLevel: Logger.Level = .info) {
        self.host = host
        self.port = port
        self.logLevel = logLevel
    }

    /// Parses `HOST:PORT` (`[::1]:8080` for IPv6).
    public init(parsingAddress text: String, logLevel: Logger.Level = .info) throws(SwitchboardError) {
        let invalid = SwitchboardError.invalid("http", "The listen address '\(text)' must be HOST:PORT, such as 127.0.0.1:8080.")
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw invalid
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw invalid }
        self.init(host: host, port: port, logLevel: logLevel)
    }
}
