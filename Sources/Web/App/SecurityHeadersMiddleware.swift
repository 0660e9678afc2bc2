import Hummingbird

/// The browser security headers every response carries — pages, the API, errors and the event
/// stream alike. A header a handler set itself is left as it is.
///
/// - `Content-Security-Policy`: only this server's own scripts, styles, images, connections
///   (`fetch`, `EventSource`) and form targets; no plugins, no `<base>`, and no framing.
///   Pages have no inline script, handler or style: scripts and styles are files under
///   `/assets` (JSON data blocks are not run), so neither allows `'unsafe-inline'` and injected
///   markup cannot run or restyle anything.
/// - `X-Frame-Options: DENY` with `frame-ancestors 'none'`: no page can be framed, so the
///   wallboard's take-over or the admin's delete buttons cannot be clicked through a decoy.
/// - `X-Content-Type-Options: nosniff`: a JSON or CSV answer is never run as a script.
/// - `Referrer-Policy: same-origin`: addresses (with their ids and queries) are not told to
///   other sites.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var response = try await next(request, context)
            SecurityHeaders.add(to: &response.headers)
            return response
        } catch let error as any HTTPResponseError {
            // Normally `ErrorMiddleware` (inside this one) has made every error a response; an
            // HTTP error that still gets here is answered with the headers too.
            var response = try error.response(from: request, context: context)
            SecurityHeaders.add(to: &response.headers)
            return response
        }
    }
}

/// The headers `SecurityHeadersMiddleware` adds, and their values.
enum SecurityHeaders {
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'", "object-src 'none'",
    ].joined(separator: "; ")

    /// The four headers: Content-Security-Policy, X-Content-Type-Options, X-Frame-Options,
    /// Referrer-Policy.
    static let fields: HTTPFields = {
        var fields = HTTPFields()
        fields[.contentSecurityPolicy] = contentSecurityPolicy
        fields[.xContentTypeOptions] = "nosniff"
        fields[.init("X-Frame-Options")!] = "DENY"
        fields[.init("Referrer-Policy")!] = "same-origin"
        return fields
    }()

    /// Adds each header the response does not have yet.
    static func add(to headers: inout HTTPFields) {
        for field in fields where headers[field.name] == nil {
            headers[field.name] = field.value
        }
    }
}
