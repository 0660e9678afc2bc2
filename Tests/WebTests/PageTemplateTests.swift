import Foundation
import Hummingbird
import HummingbirdTesting
import SwitchboardCore
import Testing

@testable import Web

@Suite("Pages from templates, with static scripts and styles")
struct PageTemplateTests {
    @Test("every template loads in both languages, and the markers resolve to text and versioned files")
    func templatesLoad() throws {
        let templates = try PageTemplates.shipped.get()
        #expect(templates.sources.keys.contains("layout"))
        #expect(templates.sources.count >= 12)
        let versions = try PageTemplates.assetVersions(in: PageTemplates.publicDirectory)
        #expect(versions["js/desk.js"]?.count == 12)
        let dutch = try PageTemplates.resolve(
            "<b>{{#t}}Sign out{{/t}}</b><script src=\"{{#asset}}js/app.js{{/asset}}\"></script>", texts: L10n(.nl), assets: versions, template: "x")
        #expect(dutch == "<b>Uitloggen</b><script src=\"/assets/js/app.js?v=\(versions["js/app.js"]!)\"></script>")
        // A translation is escaped like any other value.
        #expect(try PageTemplates.resolve("{{#t}}a <b>{{/t}}", texts: L10n(.en), assets: [:], template: "x") == "a &lt;b&gt;")
        #expect(throws: PageTemplates.TemplateError.self) {
            try PageTemplates.resolve("{{#asset}}js/missing.js{{/asset}}", texts: L10n(.en), assets: versions, template: "x")
        }
    }

    @Test("a file's version follows its content")
    func versionsFollowContent() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("js"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("js/a.js")
        try Data("one".utf8).write(to: file)
        let first = try PageTemplates.assetVersions(in: folder)["js/a.js"]
        try Data("two".utf8).write(to: file)
        let second = try PageTemplates.assetVersions(in: folder)["js/a.js"]
        #expect(first != nil && second != nil && first != second)
    }

    /// Every page each role opens: no `<script>` with a body (only files and JSON data), no
    /// `style=` and no `on…=` handler — what the strict Content-Security-Policy needs — and
    /// every file it links is served.
    @Test("no page has inline script, handler or style, and every file a page links is served with a year's cache")
    func noInlineCode() async throws {
        try await Harness.run { (app: Harness) async throws in
            let admin = try await PageTests.signIn(app, "admin")
            let adminPage = String(buffer: try await app.call(.get, "/admin", headers: [.cookie: admin]).body)
            var pages: [(String, String?)] = [("/sign-in", nil), ("/nowhere", nil), ("/", admin), ("/admin", admin)]
            for kind in ["users", "teams", "skills", "queues", "agents"] {
                let id = try #require(Self.firstMatch(of: "/admin/\(kind)/([0-9]+)\"", in: adminPage), "no \(kind) to edit")
                pages.append(("/admin/\(kind)/\(id)", admin))
            }
            let supervisor = try await PageTests.signIn(app, "supervisor")
            pages += [("/", supervisor), ("/wallboard", supervisor), ("/wallboard?tv=1", supervisor), ("/reports", supervisor), ("/reports?period=nonsense", supervisor)]
            let agent = try await PageTests.signIn(app, "agent01")
            pages += [("/", agent), ("/desk", agent), ("/customers?q=a", agent), ("/customers/1", agent), ("/wallboard", agent)]
            let leader = try await PageTests.signIn(app, "teamlead3")
            pages += [("/", leader), ("/reports", leader)]
            var assets: Set<String> = []
            for (path, cookie) in pages {
                var headers: HTTPFields = [.accept: "text/html"]
                if let cookie { headers[.cookie] = cookie }
                let response = try await app.call(.get, path, headers: headers)
                let html = String(buffer: response.body)
                #expect(response.status.code < 500, "\(path): \(response.status)")
                #expect(html.hasPrefix("<!doctype html>"), "\(path) is not a page")
                for tag in Self.matches(of: "<script[^>]*>", in: html) {
                    #expect(tag.contains(" src=\"/assets/") || tag.contains("type=\"application/json\""), "\(path): inline script \(tag)")
                }
                #expect(Self.matches(of: "<style", in: html).isEmpty, "\(path) has a <style> block")
                #expect(Self.matches(of: "\\sstyle=", in: html).isEmpty, "\(path) has a style attribute")
                #expect(Self.matches(of: "\\son[a-z]+=", in: html).isEmpty, "\(path) has an inline handler")
                assets.formUnion(Self.matches(of: "/assets/[^\"]+", in: html).map { $0.replacingOccurrences(of: "&amp;", with: "&") })
            }
            #expect(assets.contains { $0.hasPrefix("/assets/js/desk.js?v=") })
            for asset in assets {
                let response = try await app.call(.get, asset)
                #expect(response.status == .ok, "\(asset)")
                #expect(response.headers[.cacheControl]?.contains("max-age=31536000") == true, "\(asset)")
                #expect(response.headers[.contentSecurityPolicy] != nil)
                let type = response.headers[.contentType] ?? ""
                let expected = asset.contains(".js") ? "javascript" : asset.contains(".css") ? "text/css" : "image/svg"
                #expect(type.contains(expected), "\(asset): \(type)")
            }
        }
    }

    @Test("a missing static file is 404, and no path leaves the static folder")
    func staticFolderOnly() async throws {
        try await Harness.run { (app: Harness) async throws in
            #expect(try await app.call(.get, "/assets/js/nothing.js").status == .notFound)
            #expect(try await app.call(.get, "/assets/../Templates/layout.mustache").status.code >= 400)
            #expect(try await app.call(.get, "/assets/%2e%2e/Translations/nl.json").status.code >= 400)
            #expect(try await app.call(.get, "/assets/js/desk.js").status == .ok)
            #expect(try await app.call(.post, "/assets/js/desk.js").status.code >= 400)
        }
    }

    static func matches(of pattern: String, in text: String) -> [String] {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }

    static func firstMatch(of pattern: String, in text: String) -> String? {
        guard let expression = try? NSRegularExpression(pattern: pattern),
            let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), match.numberOfRanges > 1,
            let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }
}
