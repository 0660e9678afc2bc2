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
                return HTML.page(title: t["Customers"], language: user.language, signedInAs: user.displayName,
                                 body: "<p class=\"error\">\(t["You may not read customer records."])</p>", status: .forbidden)
            }
            let query = Self.formValue(request.uri.query, "q") ?? ""
            var results = ""
            if !query.isEmpty {
                do {
                    let found = try await Customers(service).searchCustomers(query, by: principal)
                    results = found.isEmpty ? "<p class=\"muted\">\(t["Nothing found."])</p>" : "<ul id=\"customer-results\">" + found.map { c in
                        "<li><a href=\"/customers/\(c.id)\">\(HTML.escape(c.name))</a> \(HTML.escape(c.phones.joined(separator: ", "))) \(HTML.escape(c.city ?? ""))</li>"
                    }.joined() + "</ul>"
                } catch let error as SwitchboardError {
                    results = "<p class=\"error\" role=\"alert\">\(HTML.escape(error.message))</p>"
                }
            }
            let body = """
                <h1>\(t["Customers"])</h1>
                <form method="get" action="/customers" class="row">
                  <label>\(t["Search customers"])<input name="q" id="q" value="\(HTML.escape(query))" placeholder="\(t["Name, e-mail or number"])"></label>
                  <button type="submit">\(t["Search"])</button>
                </form>
                \(results)
                """
            return HTML.page(title: t["Customers"], language: user.language, signedInAs: user.displayName, body: body)
        }
        router.get("customers/{id}") { _, context in
            guard let user = context.user, let principal = context.principal else { return HTML.redirect(to: "/sign-in") }
            let t = L10n(user.language)
            let text = context.parameters.get("id") ?? ""
            guard let id = Int64(text) else {
                return HTML.page(title: t["Customers"], language: user.language, signedInAs: user.displayName,
                                 body: "<p class=\"error\">\(t["No such customer."])</p>", status: .notFound)
            }
            let card: CustomerCard
            do {
                card = try await Customers(service).customerCard(id, by: principal)
            } catch let error as SwitchboardError {
                return HTML.page(title: t["Customers"], language: user.language, signedInAs: user.displayName,
                                 body: "<p class=\"error\">\(HTML.escape(error.message))</p>", status: error.kind == .forbidden ? .forbidden : .notFound)
            }
            let isAgent = try await service.profile(of: principal).agentId != nil
            let texts = Dictionary(uniqueKeysWithValues: (Self.cardTexts + ["Referral recorded."]).map { ($0, t[$0]) })
            let setup = JSONValue.object([
                ("language", .string(user.language.rawValue)), ("canRefer", .bool(isAgent)),
                ("texts", .object(texts.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ])
            let json = String(decoding: try JSONResponse.encoder.encode(setup), as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
            let cardJSON = String(decoding: try JSONResponse.encoder.encode(card), as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
            let body = """
                <style>#card table{width:100%;font-size:.9rem} .muted{color:#667}</style>
                <p><a href="/customers">← \(t["Customers"])</a></p>
                <section class="panel" aria-label="\(t["Customer"])"><div id="card"></div><p id="log-status" class="muted" aria-live="polite"></p></section>
                <script id="customer-setup" type="application/json">\(json)</script>
                <script id="customer-card" type="application/json">\(cardJSON)</script>
                <script>\(Self.customerCardScript)</script>
                <script>
                (() => {
                  const setup = JSON.parse(document.getElementById('customer-setup').textContent);
                  setup.card = JSON.parse(document.getElementById('customer-card').textContent);
                  const T = k => setup.texts[k] || k;
                  document.getElementById('card').innerHTML = window.renderCustomerCard(setup.card, T, setup.language);
                  for (const b of document.querySelectorAll('.offer-refer')) {
                    if (!setup.canRefer) { b.remove(); continue; }
                    b.onclick = async () => {
                      const r = await fetch('/api/v1/referrals', {method: 'POST', credentials: 'same-origin', headers: {'Content-Type': 'application/json'},
                        body: JSON.stringify({customerId: setup.card.customer.id, product: b.dataset.product})});
                      const json = await r.json().catch(() => null);
                      document.getElementById('log-status').textContent = r.ok ? T('Referral recorded.') + ' (' + b.dataset.product + ')' : (json && json.error ? json.error.message : 'HTTP ' + r.status);
                    };
                  }
                })();
                </script>
                """
            return HTML.page(title: card.customer.name, language: user.language, signedInAs: user.displayName, body: body)
        }
    }
}
