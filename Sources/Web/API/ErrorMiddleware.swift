import Foundation
import Hummingbird
import Logging
import Organisation
import SwitchboardCore

/// Turns every error into the API's one error shape,
/// `{"error":{"code":…,"message":…,"field":…}}`, with the status the error's kind implies.
/// A browser asking for a page (not the API) gets the same status with a short HTML page.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (status, body) = Self.describe(error, logger: context.logger)
            if !request.uri.path.hasPrefix("/api/"), request.headers[.accept]?.contains("text/html") == true {
                return HTML.errorPage(status, message: body.message)
            }
            var response = JSONResponse.make(["error": body], status: status)
            if let retry = (error as? SwitchboardError)?.retryAfterSeconds {
                response.headers[.retryAfter] = String(retry)
            } else if status == .serviceUnavailable {
                response.headers[.retryAfter] = "5"
            }
            if status == .unauthorized {
                response.headers[.wwwAuthenticate] = #"Bearer realm="switchboard""#
            }
            return response
        }
    }

    /// The status and JSON error body for any error.
    static func describe(_ error: any Error, logger: Logger) -> (HTTPResponse.Status, ErrorBody) {
        switch error {
        case let error as SwitchboardError:
            return (status(of: error.kind), ErrorBody(code: error.code, message: error.message, field: error.field))
        case let error as HTTPError:
            let code = error.status == .notFound ? "not_found" : error.status.code == 413 ? "too_large" : "http_\(error.status.code)"
            return (error.status, ErrorBody(code: code, message: error.body ?? error.status.reasonPhrase, field: nil))
        case _ where OrganisationService.meansDatabaseUnreachable(error):
            // The database is down or did not answer in time: nothing was acknowledged, and a
            // retry after the outage is the right thing for the client to do.
            let unavailable = SwitchboardError.databaseUnavailable(retryAfterSeconds: 5)
            return (.serviceUnavailable, ErrorBody(code: unavailable.code, message: unavailable.message, field: nil))
        case let error as any HTTPResponseError:
            return (error.status, ErrorBody(code: "http_\(error.status.code)", message: error.status.reasonPhrase, field: nil))
        default:
            logger.error("request failed: \(String(reflecting: error))")
            return (.internalServerError, ErrorBody(code: "internal", message: "Something went wrong on the server; it has been logged.", field: nil))
        }
    }

    static func status(of kind: SwitchboardError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .malformed: .badRequest
        case .invalid: .unprocessableContent
        case .conflict: .conflict
        case .notFound: .notFound
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .throttled: .tooManyRequests
        case .unavailable: .serviceUnavailable
        }
    }
}

struct ErrorBody: Codable, Equatable, Sendable {
    var code: String
    var message: String
    var field: String?

    enum CodingKeys: String, CodingKey { case code, message, field }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
        try container.encode(field, forKey: .field)
    }
}

/// JSON responses with stable key order (diffable, cacheable, readable in logs).
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":{"code":"internal","message":"Could not encode the response.","field":null}}"#.utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Request {
    /// Reads and decodes a JSON body, mapping every decoding failure to an error that names the
    /// field: not JSON at all → 400; a missing field or a wrong type → 422.
    func decodeJSON<T: Decodable>(_ type: T.Type, context: some RequestContext, limit: Int = 1 << 20) async throws -> T {
        var request = self
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch {
            throw SwitchboardError(.malformed, code: "too_large", message: "The request body is larger than \(limit) bytes.")
        }
        guard buffer.readableBytes > 0 else {
            throw SwitchboardError(.malformed, code: "malformed_json", message: "The request needs a JSON body.")
        }
        let data = Data(buffer.readableBytesView)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            // Foundation reports a number that fits no integer (1e19, 2^63, 1.5 for a count) as
            // "not valid JSON" without a path; the client deserves the field's name (422).
            if Self.describe(error).kind == .malformed, let field = Self.numberNoIntegerHolds(in: data) {
                throw SwitchboardError.invalid(field, "\(field) must be a whole number from -9223372036854775808 to 9223372036854775807.")
            }
            throw Self.describe(error)
        }
    }

    /// The first field (in key order) of valid JSON whose number is no 64-bit whole number.
    static func numberNoIntegerHolds(in data: Data) -> String? {
        guard let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        func find(_ value: Any, _ path: String) -> String? {
            switch value {
            case let object as [String: Any]:
                for key in object.keys.sorted() {
                    if let found = find(object[key]!, path.isEmpty ? key : "\(path).\(key)") { return found }
                }
                return nil
            case let array as [Any]:
                for (index, item) in array.enumerated() {
                    if let found = find(item, "\(path)[\(index)]") { return found }
                }
                return nil
            case let number as NSNumber:
                return Int64(number.stringValue) == nil ? path : nil
            default:
                return nil
            }
        }
        return find(root, "").flatMap { $0.isEmpty ? nil : $0 }
    }

    static func describe(_ error: DecodingError) -> SwitchboardError {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            var text = ""
            for key in codingPath + (last.map { [$0] } ?? []) {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return SwitchboardError(.malformed, code: "malformed_json", message: "The request body is not valid JSON.")
        case .dataCorrupted(let context):
            return .invalid(path(context.codingPath), context.debugDescription)
        case .keyNotFound(let key, let context):
            return .missing(path(context.codingPath, key))
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            if field.isEmpty {
                return SwitchboardError(.malformed, code: "malformed_json", message: "The request body must be a JSON object.")
            }
            return .invalid(field, "\(field) must be \(Self.describe(type)).")
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return .invalid(field, "\(field) must be \(Self.describe(type)), not null.")
        @unknown default:
            return SwitchboardError(.malformed, code: "malformed_json", message: "The request body could not be read.")
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Bool.Type: "true or false"
        case is Double.Type: "a number"
        default: String(describing: type).hasPrefix("Array") ? "a list" : "an object"
        }
    }
}
