import Foundation
import Hummingbird
import Organisation
import SwitchboardCore

/// Customers outside a call: `/customers` searches, `/customers/{id}` shows one customer with
/// the same panels as the desk's screen pop (contact, billing, shipping, warranties, offers,
/// last calls) and, for an agent, the referral button.
extension Pages {
    /// A value from a query string written by an HTML form: '+' is a space, then %-escapes.
    static func formValue(_ query: String?, _ name: String) -> String? {
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == Substring(name) else { continue }
            return String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        return nil
    }

    func registerCustomerPages(on router: Router<AppContext>) {
        router.get("customers") { request, context in
            guard let user = context.user, let principal = context.principal else { return HTML.redirect(to: "/sign-in") }
            let t = L10n(user.language)
            guard Permissions.allows(principal.roles, to: .read, .customers) else {
                return HTML.message(
                    t["You may not read customer records."], title: t["Customers"], language: user.language, signedInAs: user.displayName,
                    status: .forbidden)
            }
            let query = Self.formValue(request.uri.query, "q") ?? ""
            var results: [CustomerSearchPage.Result] = []
            var error: String?
            if !query.isEmpty {
                do {
                    results = try await Customers(service).searchCustomers(query, by: principal).map {
                        .init(id: $0.id, name: $0.name, phones: $0.phones.joined(separator: ", "), city: $0.city ?? "")
                    }
                } catch let failure as SwitchboardError {
                    error = failure.message
                }
            }
            return HTML.render(
                "customers",
                CustomerSearchPage(
                    page: PageFrame(title: t["Customers"], language: user.language, signedInAs: user.displayName), query: query,
                    searched: !query.isEmpty && error == nil, found: !results.isEmpty, results: results, error: error))
        }
        router.get("customers/{id}") { _, context in
            guard let user = context.user, let principal = context.principal else { return HTML.redirect(to: "/sign-in") }
            let t = L10n(user.language)
            let text = context.parameters.get("id") ?? ""
            guard let id = Int64(text) else {
                return HTML.message(t["No such customer."], title: t["Customers"], language: user.language, signedInAs: user.displayName, status: .notFound)
            }
            let card: CustomerCard
            do {
                card = try await Customers(service).customerCard(id, by: principal)
            } catch let error as SwitchboardError {
                return HTML.message(
                    error.message, title: t["Customers"], language: user.language, signedInAs: user.displayName,
                    status: error.kind == .forbidden ? .forbidden : .notFound)
            }
            let isAgent = try await service.profile(of: principal).agentId != nil
            let texts = Dictionary(uniqueKeysWithValues: (Self.cardTexts + ["Referral recorded."]).map { ($0, t[$0]) })
            let setup = JSONValue.object([
                ("language", .string(user.language.rawValue)), ("canRefer", .bool(isAgent)),
                ("texts", .object(texts.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ])
            return HTML.render(
                "customer",
                CustomerPage(
                    page: PageFrame(title: card.customer.name, language: user.language, signedInAs: user.displayName),
                    setupJSON: try HTML.json(setup), cardJSON: try HTML.json(card)))
        }
    }
}
