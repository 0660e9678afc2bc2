import Foundation
import Hummingbird
import SwitchboardCore

/// Small helpers for server-rendered pages: escaping, the shared layout, and translation.
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

    static func page(title: String, language: Language, signedInAs: String? = nil, body: String, status: HTTPResponse.Status = .ok, bodyClass: String? = nil) -> Response {
        let t = L10n(language)
        let header =
            signedInAs.map { name in
                """
                <nav><a href="/">Switchboard</a> <span class="who">\(escape(name))</span>
                <form method="post" action="/sign-out" class="inline"><button type="submit" id="sign-out">\(t["Sign out"])</button></form></nav>
                """
            } ?? "<nav><a href=\"/\">Switchboard</a></nav>"
        let html = """
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · Switchboard</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
            nav{background:#1d2430;color:#fff;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center}
            nav a{color:#fff;font-weight:600;text-decoration:none} nav .who{margin-left:auto}
            main{max-width:72rem;margin:1rem auto;padding:0 1rem} h1{font-size:1.5rem} h2{font-size:1.15rem;margin-top:2rem}
            table{border-collapse:collapse;width:100%;background:#fff} th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #dde1e6;vertical-align:top}
            th{background:#eef1f4} .inline{display:inline} .error{background:#fde8e8;border:1px solid #e0a0a0;padding:.5rem .75rem}
            .notice{background:#e8f4fd;border:1px solid #a0c4e0;padding:.5rem .75rem} .warn{color:#9a5b00}
            form.card{background:#fff;padding:1rem;border:1px solid #dde1e6;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
            label{display:flex;flex-direction:column;font-size:.85rem} button{padding:.35rem .8rem}
            fieldset{display:flex;flex-wrap:wrap;gap:.25rem .75rem;border:1px solid #dde1e6}
            fieldset label{flex-direction:row;align-items:center;gap:.25rem}
            form.card textarea{min-width:18rem;font-family:ui-monospace,monospace}
            #edit-form{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));align-items:start}
            </style></head>
            <body\(bodyClass.map { " class=\"\(escape($0))\"" } ?? "")>\(header)<main>
            \(body)
            </main></body></html>
            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    static func table(_ headers: [String], _ rows: [[String]], id: String) -> String {
        let head = headers.map { "<th>\(escape($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        return "<table id=\"\(id)\"><thead><tr>\(head)</tr></thead><tbody>\n\(body)\n</tbody></table>"
    }
}

/// Page texts in the user's language. Keys are the English texts; each language's texts are a
/// resource file (`Resources/Translations/en.json`, `nl.json`) that a translator edits without
/// touching Swift. Both have every key a page uses (a test checks it), so no page shows a
/// half-translated screen.
struct L10n {
    let language: Language

    init(_ language: Language) { self.language = language }

    subscript(_ key: String) -> String {
        (language == .nl ? Self.dutch : Self.english)[key] ?? key
    }

    static let dutch = table("nl")
    static let english = table("en")

    /// A language's texts; empty if its file is missing from the build (the tests catch that).
    static func table(_ code: String) -> [String: String] {
        guard let url = Bundle.module.url(forResource: code, withExtension: "json", subdirectory: "Resources/Translations")
            ?? Bundle.module.url(forResource: code, withExtension: "json"),
            let data = try? Data(contentsOf: url), let table = try? JSONDecoder().decode([String: String].self, from: data)
        else { return [:] }
        return table
    }
}
