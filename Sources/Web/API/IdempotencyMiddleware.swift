import Crypto
import Foundation
import Hummingbird
import Organisation
import SwitchboardCore

/// `Idempotency-Key` on any API POST (issue 14, D4): a client that did not hear the answer —
/// a timeout, a dropped connection, a 503 during a database outage — retries with the same key
/// and gets the first answer instead of a second call or record.
///
/// A key is the signed-in user's, up to 255 visible ASCII characters, remembered for a day
/// with a fingerprint of the request (method, path, body): the same key on a different request
/// is refused (422), and a retry while the first is still running gets 409. Only successful
/// answers are remembered; a refused request may be corrected and sent again with its key.
/// Calls store their key in the transaction that stores the call (`ContactCenter`), so even a
/// crash between the commit and the answer cannot make a retry create the call twice.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = AppContext

    let answers: any IdempotentAnswers
    let inFlight = InFlightKeys()

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard request.method == .post, request.uri.path.hasPrefix("/api/"), let key = request.headers[.init("Idempotency-Key")!] else {
            return try await next(request, context)
        }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7e).contains($0) }) else {
            throw SwitchboardError.invalid("Idempotency-Key", "Idempotency-Key is 1 to 255 visible ASCII characters (a UUID, say).")
        }
        // Signing in has no user yet; keys belong to a signed-in user.
        guard let userId = context.user?.id else { return try await next(request, context) }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: 1 << 20)
        } catch {
            throw SwitchboardError(.malformed, code: "too_large", message: "The request body is larger than \(1 << 20) bytes.")
        }
        var hash = SHA256()
        hash.update(data: Array("\(request.method.rawValue) \(request.uri.path)\n".utf8))
        hash.update(data: Array(body.readableBytesView))
        let fingerprint = hash.finalize().map { String(format: "%02x", $0) }.joined()

        if let stored = try await answers.answer(userId: userId, key: key) {
            return try Self.replay(stored, fingerprint: fingerprint)
        }
        guard await inFlight.begin(userId: userId, key: key) else {
            throw SwitchboardError(.conflict, code: "idempotency_in_progress", message: "A request with this Idempotency-Key is still being handled; retry in a moment.",
                                   field: "Idempotency-Key")
        }
        // The first may have finished between the look-up and `begin`: look again.
        do {
            if let stored = try await answers.answer(userId: userId, key: key) {
                await inFlight.end(userId: userId, key: key)
                return try Self.replay(stored, fingerprint: fingerprint)
            }
        } catch {
            await inFlight.end(userId: userId, key: key)
            throw error
        }
        var context = context
        context.idempotency = .init(userId: userId, key: key, fingerprint: fingerprint)
        do {
            let response = try await next(request, context)
            guard (200..<300).contains(response.status.code) else {
                await inFlight.end(userId: userId, key: key)
                return response
            }
            // Remember the answer before giving it: a retry after this point gets it again.
            let collector = BodyCollector()
            try await response.body.write(collector)
            let text = String(buffer: collector.buffer)
            try await answers.remember(.init(fingerprint: fingerprint, status: response.status.code, body: text), userId: userId, key: key)
            await inFlight.end(userId: userId, key: key)
            // The call route stored its own answer with the call; whichever is stored is the answer.
            let stored = try await answers.answer(userId: userId, key: key)
            let body = stored.map { $0.fingerprint == fingerprint ? $0.body : text } ?? text
            var answer = Response(status: response.status, headers: response.headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
            answer.headers[.contentLength] = nil
            return answer
        } catch {
            await inFlight.end(userId: userId, key: key)
            throw error
        }
    }

    static func replay(_ stored: IdempotentAnswer, fingerprint: String) throws -> Response {
        guard stored.fingerprint == fingerprint else {
            throw SwitchboardError.invalid("Idempotency-Key", "This Idempotency-Key was already used for a different request; use a new key for a new request.")
        }
        return Response(
            status: HTTPResponse.Status(code: stored.status),
            headers: [.contentType: "application/json; charset=utf-8", .init("Idempotent-Replayed")!: "true"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: stored.body)))
    }
}

/// The keys whose first request is being handled now, so a concurrent retry waits its turn.
actor InFlightKeys {
    private var keys: Set<String> = []

    func begin(userId: Int64, key: String) -> Bool { keys.insert("\(userId) \(key)").inserted }
    func end(userId: Int64, key: String) { keys.remove("\(userId) \(key)") }
}

/// Collects a response body that was built in memory, to remember it.
final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        self.buffer.writeBuffer(&buffer)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
