import Foundation
import Hummingbird
import SwitchboardCore

/// Small helpers for server-rendered pages: escaping, rendering a template, redirecting.
enum HTML {
    /// Escapes text for HTML element content and quoted attribute values.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Renders a page template with its view model. A template missing from the build (a
    /// defect the tests catch) answers 500 with a plain message rather than a blank page.
    static func render(_ template: String, _ view: some PageView, status: HTTPResponse.Status = .ok) -> Response {
        let html: String
        switch PageTemplates.shipped {
        case .success(let templates):
            guard let rendered = templates.render(view, template: template, language: view.page.language) else {
                return failure("The page template \(template) is missing.")
            }
            html = rendered
        case .failure(let error):
            return failure("The page templates did not load: \(error)")
        }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// A page that only says something went wrong (or is not allowed), in the layout.
    static func message(_ text: String, title: String, language: Language, signedInAs: String?, status: HTTPResponse.Status) -> Response {
        render("message", MessagePage(page: PageFrame(title: title, language: language, signedInAs: signedInAs), message: text), status: status)
    }

    /// The page for an error status, for a browser that asked for a page.
    static func errorPage(_ status: HTTPResponse.Status, message: String) -> Response {
        render("error", ErrorPage(page: PageFrame(title: status.reasonPhrase, language: .en), code: status.code, message: message), status: status)
    }

    private static func failure(_ text: String) -> Response {
        Response(
            status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// JSON for a `<script type="application/json">` block, rendered raw (`{{{…}}}`): every `<`
    /// is written `\u003c`, so no value can close the block.
    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONResponse.encoder.encode(value), as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }

    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
