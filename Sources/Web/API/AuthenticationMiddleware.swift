import Foundation
import Hummingbird
import Organisation

/// Finds who is calling: a bearer token (`Authorization: Bearer …`, for the API) or the
/// session cookie (for the web pages). Routes decide whether they need someone signed in.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppContext
    static let cookieName = "switchboard_session"

    let service: OrganisationService

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        if let token = Self.token(in: request), let user = try await service.authenticate(token: token) {
            context.user = user
            context.token = token
        }
        return try await next(request, context)
    }

    static func token(in request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]).trimmingCharacters(in: .whitespaces) }
        }
        return request.cookies[cookieName]?.value
    }
}
