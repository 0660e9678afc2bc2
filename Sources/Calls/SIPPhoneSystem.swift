import Organisation
import Storage
import SwitchboardCore
import Telephony

/// The phone side on Switchboard's own SIP endpoint.
public struct SIPPhoneSystem: PhoneSystem {
    public let endpoint: SIPEndpoint
    let service: OrganisationService

    public init(endpoint: SIPEndpoint, service: OrganisationService) {
        self.endpoint = endpoint
        self.service = service
    }

    public func status() async -> any Encodable & Sendable {
        await endpoint.status()
    }

    public func reloadAccounts() async throws {
        await endpoint.setAccounts(try await service.sipAccountsForTelephony().map {
            SIPAccount(agentId: $0.agentId, username: $0.username, ha1: $0.ha1)
        })
    }

    public func metrics() async -> String {
        let status = await endpoint.status()
        let c = status.counters
        let lines: [(String, String, String, Int)] = [
            ("switchboard_sip_datagrams_received_total", "counter", "Datagrams received on the SIP socket", c.received),
            ("switchboard_sip_datagrams_sent_total", "counter", "Datagrams sent", c.sent),
            ("switchboard_sip_malformed_total", "counter", "Datagrams that were no SIP message", c.malformed),
            ("switchboard_sip_refused_total", "counter", "Requests refused by the message checks", c.rejected),
            ("switchboard_sip_registrations_total", "counter", "Successful REGISTERs", c.registrations),
            ("switchboard_sip_authentication_failures_total", "counter", "REGISTERs with wrong credentials", c.authenticationFailures),
            ("switchboard_sip_calls_total", "counter", "INVITEs that became routed calls", c.calls),
            ("switchboard_sip_unreachable_agents_total", "counter", "Offers to agents with no phone registered", c.unreachableAgents),
            ("switchboard_sip_authentication_lockouts_total", "counter", "REGISTERs refused while locked out, credentials not checked", c.authenticationLockouts),
            ("switchboard_sip_replayed_credentials_total", "counter", "Authorizations refused as replays (nonce count not above the last)", c.replayedCredentials),
            ("switchboard_sip_invites_rate_limited_total", "counter", "INVITEs refused by the per-source rate limit", c.invitesRateLimited),
            ("switchboard_sip_invites_over_source_limit_total", "counter", "INVITEs refused by the per-source cap on calls in progress", c.invitesOverSourceLimit),
            ("switchboard_sip_caller_probes_total", "counter", "OPTIONS sent to check a waiting caller is still there", c.callerProbes),
            ("switchboard_sip_callers_gone_total", "counter", "Waiting callers ended because they no longer answered", c.callersGone),
            ("switchboard_sip_registered_contacts", "gauge", "Phone bindings registered now", status.registrations.count),
            ("switchboard_sip_server_transactions", "gauge", "Server transactions alive", status.serverTransactions),
            ("switchboard_sip_client_transactions", "gauge", "Client transactions alive", status.clientTransactions),
            ("switchboard_sip_calls", "gauge", "SIP calls in progress", status.dialogs),
        ]
        return lines.map { "# HELP \($0.0) \($0.2)\n# TYPE \($0.0) \($0.1)\n\($0.0) \($0.3)\n" }.joined()
    }
}
