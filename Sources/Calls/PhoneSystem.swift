/// What the rest of the center needs of the phone side (SIP) without knowing SIP: its status
/// for `/api/v1/sip/status`, its counters for `/metrics`, and a reload of the agents' SIP
/// accounts after an administrator changed one.
public protocol PhoneSystem: Sendable {
    /// The endpoint's status, as the API shows it.
    func status() async -> any Encodable & Sendable
    /// Counters and gauges in Prometheus text.
    func metrics() async -> String
    /// Loads the agents' SIP accounts again.
    func reloadAccounts() async throws
}
