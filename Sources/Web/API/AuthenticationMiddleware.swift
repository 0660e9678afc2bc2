import Foundation
import Hummingbird
import Organisation
import SwitchboardCore

/// Finds who is calling: a bearer token (`Authorization: Bearer …`, for the API) or the
/// session cookie (for the web pages). Routes decide whether they need someone signed in.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppContext
    static let cookieName = "switchboard_session"

    let service: OrganisationService

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        // Static files are the same for everyone: no session lookup for each script and style.
        if request.uri.path.hasPrefix(PageTemplates.assetsPath + "/") { return try await next(request, context) }
        if let (token, byCookie) = Self.token(in: request), let user = try await service.authenticate(token: token) {
            context.user = user
            context.token = token
            context.authenticatedByCookie = byCookie
            if byCookie, request.uri.path.hasPrefix("/api/") { try Self.checkBrowserWrite(request) }
        }
        return try await next(request, context)
    }

    /// The token and whether it came from the cookie.
    static func token(in request: Request) -> (String, Bool)? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return (String(parts[1]).trimmingCharacters(in: .whitespaces), false) }
        }
        return request.cookies[cookieName].map { ($0.value, true) }
    }

    /// A browser's cookie rides along on requests other pages make (SameSite does not separate
    /// ports or sibling subdomains), so an API change authenticated by cookie must come from our
    /// own origin and carry JSON — which a plain cross-site form cannot send.
    static func checkBrowserWrite(_ request: Request) throws(SwitchboardError) {
        guard ![.get, .head, .options].contains(request.method) else { return }
        try Pages.checkOrigin(request)
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/json") || request.method == .delete else {
            throw SwitchboardError.forbidden("change data from a browser without a JSON request")
        }
    }
}
