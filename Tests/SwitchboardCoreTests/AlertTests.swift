import SwitchboardCore
import Testing

@Suite("Wallboard alerts")
struct AlertTests {
    func queue(_ thresholds: AlertThresholds, id: Int64 = 1, level: Double? = 0.7, counted: Int = 20, longest: Double = 0, onHold: Int = 0) -> Alerts.QueueLive {
        Alerts.QueueLive(id: id, name: "Billing", thresholds: thresholds, target: .init(percent: 80, seconds: 20), serviceLevel: level,
                         countedCalls: counted, longestWaitSeconds: longest, onHold: onHold)
    }

    @Test("service level below target warns, but not over too few calls, and not when switched off")
    func serviceLevel() {
        let alerts = Alerts.evaluate(queues: [queue(AlertThresholds())], agents: [])
        #expect(alerts.map(\.kind) == [.serviceLevel])
        #expect(alerts.first?.message == "Billing: service level 70.0 % is below the target of 80 % in 20 s.")
        #expect(Alerts.evaluate(queues: [queue(AlertThresholds(), counted: 4)], agents: []).isEmpty)
        #expect(Alerts.evaluate(queues: [queue(AlertThresholds(serviceLevel: false))], agents: []).isEmpty)
        #expect(Alerts.evaluate(queues: [queue(AlertThresholds(), level: 0.8)], agents: []).isEmpty, "at target is not below it")
    }

    @Test("the longest wait over its limit and calls on hold at their limit warn")
    func waitAndHold() {
        let thresholds = AlertThresholds(serviceLevel: false, longestWaitSeconds: 60, callsOnHold: 3)
        #expect(Alerts.evaluate(queues: [queue(thresholds, longest: 60, onHold: 2)], agents: []).isEmpty)
        let alerts = Alerts.evaluate(queues: [queue(thresholds, longest: 61, onHold: 3)], agents: [])
        #expect(alerts.map(\.kind) == [.longestWait, .callsOnHold])
        #expect(alerts.map(\.value) == [61, 3])
    }

    @Test("an agent not ready too long, against the strictest limit of the queues they serve")
    func notReady() {
        let queues = [queue(AlertThresholds(serviceLevel: false, notReadySeconds: 600), id: 1), queue(AlertThresholds(serviceLevel: false, notReadySeconds: 300), id: 2)]
        let agents = [
            Alerts.AgentLive(id: 10, name: "Sanne", notReadySeconds: 301, reason: "break", queues: [1, 2]),
            Alerts.AgentLive(id: 11, name: "Tom", notReadySeconds: 301, reason: "break", queues: [1]),
            Alerts.AgentLive(id: 12, name: "Ali", notReadySeconds: nil, reason: nil, queues: [2]),
            Alerts.AgentLive(id: 13, name: "Eva", notReadySeconds: 5_000, reason: nil, queues: [3]),
        ]
        let alerts = Alerts.evaluate(queues: queues, agents: agents)
        #expect(alerts.map(\.agentId) == [10])
        #expect(alerts.first?.message == "Sanne has been not ready (break) for 5 min 1 s (limit 300 s).")
        #expect(alerts.first?.key == "agentNotReady:-:10")
    }

    @Test("thresholds out of range are refused, naming the field")
    func validation() {
        let error = #expect(throws: SwitchboardError.self) { try AlertThresholds(callsOnHold: 0).validated() }
        #expect(error?.field == "alerts.callsOnHold")
    }
}
