import Foundation
import Hummingbird
import Organisation
import SwitchboardCore

/// The live wallboard (`/wallboard`, `?tv=1` for a large screen): queue tiles with today's
/// figures against target and the last hour, agents with their state and calls, alerts. It
/// follows the event stream and rereads the floor within a fraction of a second of any event.
extension Pages {
    func registerWallboard(on router: Router<AppContext>) {
        router.get("wallboard") { request, context in
            guard let user = context.user, let principal = context.principal else { return HTML.redirect(to: "/sign-in") }
            let t = L10n(user.language)
            guard Permissions.allows(principal.roles, to: .read, .calls) else {
                return HTML.message(
                    t["The wallboard is for supervisors, team leaders and quality specialists."], title: t["Wallboard"], language: user.language,
                    signedInAs: user.displayName, status: .forbidden)
            }
            let tv = request.uri.queryParameters["tv"] == "1"
            let queues = try await service.queues(by: principal)
            let reasons = try await service.notReadyReasons(by: principal).filter { $0.code != "missedCall" }
            let directs = principal.roles.contains(.supervisor) || principal.roles.contains(.admin) || principal.roles.contains(.teamLeader)
            let texts = Dictionary(uniqueKeysWithValues: Self.wallboardTexts.map { ($0, t[$0]) })
            let setup: JSONValue = .object([
                ("language", .string(user.language.rawValue)), ("tv", .bool(tv)), ("directs", .bool(directs)),
                ("texts", .object(texts.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ])
            let view = WallboardPage(
                page: PageFrame(title: t["Wallboard"], language: user.language, signedInAs: user.displayName, bodyClass: tv ? "tv" : nil),
                queues: queues.map { PageOption(value: "\($0.id)", label: $0.name) },
                reasons: reasons.map { PageOption(value: $0.code, label: $0.label) }, directs: directs, setupJSON: try HTML.json(setup))
            return HTML.render("wallboard", view)
        }
    }

    static let wallboardTexts = [
        "waiting", "longest wait", "service level", "target", "offered", "answered", "abandoned", "short", "on hold", "ASA", "AHT", "agents",
        "available", "notReady", "ringing", "talking", "onHold", "wrapUp", "loggedOut", "updated", "State set.", "Take over", "Taken over.", "Give a reason.",
        "No alerts.", "last hour", "listen", "whisper", "barge", "Moved for today.", "Moves undone.", "Set: it takes effect when the agent is free.",
    ]
}
