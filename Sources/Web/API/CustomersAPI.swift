import Hummingbird
import Organisation
import SwitchboardCore

/// Customers for the agent's desktop: search, the screen pop for a caller's number, a
/// customer's card (billing, shipping, warranties, last calls), and adding customers.
struct CustomersAPI {
    let service: OrganisationService

    func register(on api: RouterGroup<AppContext>) {
        api.get("customers") { request, context in
            let principal = try context.requirePrincipal()
            if let phone = request.uri.queryParameters["phone"] {
                // q is not used with phone, but a malformed one is still refused.
                if let q = request.uri.queryParameters["q"] { _ = try Customers.searchText(String(q)) }
                return JSONResponse.make(try await Customers(service).customers(calling: String(phone), by: principal))
            }
            return JSONResponse.make(try await Customers(service).searchCustomers(String(request.uri.queryParameters["q"] ?? ""), by: principal))
        }
        api.get("customers/{id}") { _, context in
            let principal = try context.requirePrincipal()
            return JSONResponse.make(try await Customers(service).customerCard(try OrganisationAPI.id(context, "customer"), by: principal))
        }
        api.post("customers") { request, context -> Response in
            let principal = try context.requirePrincipal()
            try principal.require(.write, .customers)
            let draft = try await request.decodeJSON(CustomerDraft.self, context: context)
            return JSONResponse.make(try await Customers(service).createCustomer(draft, by: principal), status: .created)
        }
    }
}
