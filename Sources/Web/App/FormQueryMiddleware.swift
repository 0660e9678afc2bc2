import Foundation
import Hummingbird

/// Reads a query string as browsers write it (`application/x-www-form-urlencoded`): a `+` is a
/// space. Hummingbird decodes only percent escapes, so a page's GET form that searched for
/// "Jan Jansen" arrived as "Jan+Jansen", and a trimmed field with spaces around it was
/// refused. A literal plus is sent as `%2B` (as `encodeURIComponent` does) and stays a plus.
struct FormQueryMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let path = request.head.path, let mark = path.firstIndex(of: "?"), path[mark...].contains("+") else {
            return try await next(request, context)
        }
        var head = request.head
        head.path = String(path[..<mark]) + path[mark...].replacingOccurrences(of: "+", with: "%20")
        return try await next(Request(head: head, body: request.body), context)
    }
}
