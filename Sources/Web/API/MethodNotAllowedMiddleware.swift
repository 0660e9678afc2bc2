import Hummingbird
import SwitchboardCore

/// Answers a method the router has no route for on a path it does route — TRACE on
/// `/api/v1/users`, PUT on `/api/v1/calls/7` — with 405 Method Not Allowed and an `Allow` header
/// listing the methods that path has, instead of the router's 404 (RFC 9110 §15.5.6). TRACE,
/// CONNECT and methods no route uses are 405 on every path. OPTIONS is answered 204 with `Allow`.
/// The body is the API's error shape (a short page for a browser asking for one outside the API).
///
/// Add it after the last route: it takes the routes as they are then, and, added last, wraps
/// only the router's not-found answer.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    struct Route: Sendable {
        var path: RouterPath
        var methods: [HTTPRequest.Method]
    }

    /// Every routed path with its methods.
    let routes: [Route]

    init(routes: [Router<Context>.RouteDescription]) {
        var paths: [Route] = []
        for route in routes {
            if let index = paths.firstIndex(where: { $0.path.description == route.path.description }) {
                if !paths[index].methods.contains(route.method) { paths[index].methods.append(route.method) }
            } else {
                paths.append(Route(path: route.path, methods: [route.method]))
            }
        }
        self.routes = paths
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let routed = Self.methods(of: request.uri.path, in: routes)
            if routed.contains(request.method) { throw error }
            if request.method == .options, !routed.isEmpty {
                return Response(status: .noContent, headers: [.allow: Self.allow(routed + [.options])])
            }
            guard !routed.isEmpty || !Self.served.contains(request.method) else { throw error }
            return Self.refusal(request, allowed: routed)
        }
    }

    /// The methods routes use at all; any other is refused on every path.
    static var served: [HTTPRequest.Method] { [.get, .head, .post, .put, .patch, .delete, .options] }

    /// The methods of the route the router would take for `path`: of all routes matching it, the
    /// one with fixed components where the others have parameters, as the router's trie prefers.
    static func methods(of path: String, in routes: [Route]) -> [HTTPRequest.Method] {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        var best: (rank: [Int], methods: [HTTPRequest.Method])?
        for route in routes {
            guard let rank = rank(route.path, components) else { continue }
            if let current = best, !rank.lexicographicallyPrecedes(current.rank) { continue }
            best = (rank, route.methods)
        }
        return best?.methods ?? []
    }

    /// How specific a match is, component by component (0: fixed, 1: a parameter or wildcard,
    /// 2: `**`), or nil when the route does not match the path.
    static func rank(_ route: RouterPath, _ components: [Substring]) -> [Int]? {
        var rank: [Int] = []
        var index = 0
        for element in route.components {
            if element.description == "**" {
                // Everything from here on.
                rank.append(2)
                return index < components.count ? rank : nil
            }
            guard index < components.count, element ~= components[index] else { return nil }
            rank.append(element == components[index] ? 0 : 1)
            index += 1
        }
        return index == components.count ? rank : nil
    }

    static func allow(_ methods: [HTTPRequest.Method]) -> String {
        let order = served + [.trace, .connect]
        var seen: [HTTPRequest.Method] = []
        for method in methods where !seen.contains(method) { seen.append(method) }
        return seen.sorted { (order.firstIndex(of: $0) ?? order.count, $0.rawValue) < (order.firstIndex(of: $1) ?? order.count, $1.rawValue) }
            .map(\.rawValue).joined(separator: ", ")
    }

    static func refusal(_ request: Request, allowed: [HTTPRequest.Method]) -> Response {
        let path = request.uri.path
        let message =
            allowed.isEmpty
            ? "\(request.method.rawValue) is not allowed here."
            : "\(request.method.rawValue) is not allowed on \(path); use \(allow(allowed))."
        var response: Response
        if !path.hasPrefix("/api/"), request.headers[.accept]?.contains("text/html") == true {
            response = HTML.errorPage(.methodNotAllowed, message: message)
        } else {
            response = JSONResponse.make(["error": ErrorBody(code: "method_not_allowed", message: message, field: nil)], status: .methodNotAllowed)
        }
        response.headers[.allow] = allow(allowed)
        return response
    }
}
