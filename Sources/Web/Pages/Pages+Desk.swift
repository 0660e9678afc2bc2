import Foundation
import Hummingbird
import Organisation
import SwitchboardCore

/// The agent's desk (`/desk`): state controls, the incoming call with the caller's customer
/// popped up (contact, billing, shipping, warranties, last calls), call controls with keyboard
/// shortcuts, and logging the call — a note saved as it is typed (kept in the browser too, so
/// a reload or a dropped connection loses nothing), a disposition and a referral. Everything
/// goes through the JSON API; the page follows the event stream, so a call arrives without a
/// reload.
extension Pages {
    func registerDesk(on router: Router<AppContext>) {
        router.get("desk") { _, context in
            guard let user = context.user, let principal = context.principal else { return HTML.redirect(to: "/sign-in") }
            let profile = try await service.profile(of: principal)
            let t = L10n(user.language)
            guard let agentId = profile.agentId else {
                return HTML.message(
                    t["The desk is for agents: you have no agent record."], title: t["Desk"], language: user.language, signedInAs: user.displayName,
                    status: .forbidden)
            }
            let reasons = try await service.notReadyReasons(by: principal).filter { $0.code != "missedCall" }
            let codes = try await CallWork(service).dispositionCodes(by: principal)
            let queues = try await service.queues(by: principal)
            let colleagues = try await service.agents(by: principal).filter { $0.id != agentId }.sorted { $0.displayName < $1.displayName }
            let texts = Dictionary(uniqueKeysWithValues: Self.deskTexts.map { ($0, t[$0]) })
            let setup: [String: JSONValue] = [
                "agentId": .number(Double(agentId)), "language": .string(user.language.rawValue),
                "texts": .object(texts.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }),
                "queues": .object(queues.map { ("\($0.id)", .string($0.name)) }),
                "dispositionRequired": .array(queues.filter(\.settings.dispositionRequired).map { .number(Double($0.id)) }),
            ]
            let view = DeskPage(
                page: PageFrame(title: t["Desk"], language: user.language, signedInAs: user.displayName), displayName: user.displayName,
                reasons: reasons.map { PageOption(value: $0.code, label: $0.label) },
                queues: queues.map { PageOption(value: "queue:\($0.id)", label: $0.name) },
                colleagues: colleagues.map { PageOption(value: "agent:\($0.id)", label: $0.displayName) },
                codes: codes.map { PageOption(value: $0.code, label: $0.label) },
                setupJSON: try HTML.json(JSONValue.object(setup.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })))
            return HTML.render("desk", view)
        }
    }

    /// Every text the desk's script shows, translated on the server.
    static let deskTexts = cardTexts + [
        "available", "notReady", "ringing", "talking", "onHold", "wrapUp", "loggedOut", "No call.", "Ringing", "Talking", "On hold", "Call ended.",
        "Unknown caller: search for the customer.", "Several customers use this number: choose one.", "saved", "saving…",
        "not saved yet: kept in this browser", "Disposition saved.", "Referral recorded.", "Referrals this month", "goal", "Resume",
        "Hold", "from", "queue", "wrap-up ends in", "Today", "calls", "AHT", "Next step", "Not in the records", "No script for this queue.",
        "Nothing found.", "new", "Step", "of", "Back", "This solved it", "Solved: note it in the call log.", "Done", "overdue", "No open follow-ups.",
        "Calling a colleague…", "Talking with your colleague.", "Choose a disposition first.", "Referral", "Open customer",
        "No goals set.", "callsHandled", "aht", "serviceLevel", "holdRate", "referrals", "notReadyShare", "at least", "at most", "met",
    ]

    /// The texts of the customer card (`js/customer-card.js`), shared by the desk and the
    /// customer page.
    static let cardTexts = [
        "Open invoices", "Balance", "Last payment", "None.", "Open orders", "Warranties", "Last calls", "Contact", "Billing", "Shipping",
        "active", "expiring", "expired", "claims", "Invoice", "Due", "Open", "Order", "Status", "Shipment", "Product", "Ends", "Standing",
        "When", "Outcome", "Offers", "Refer", "Disposition", "Note",
    ]
}
