import Crypto
import Foundation
import Hummingbird
import Mustache
import SwitchboardCore

/// The pages' Mustache templates (`Resources/Templates/*.mustache`), ready for each language.
///
/// Mustache escapes every `{{value}}` for HTML, so a page escapes by default; `{{{…}}}` (raw) is
/// used only for JSON that `PageJSON` made safe to embed. Two markers are resolved once, when
/// the templates load, so a render does no lookups for them:
/// - `{{#t}}Sign in{{/t}}` — the text in the page's language (escaped), from the translation
///   files; `TranslationTests` checks each such key exists in both.
/// - `{{#asset}}js/desk.js{{/asset}}` — the address of a static file with a version taken from
///   its content (`/assets/js/desk.js?v=…`), so a browser may cache it for a year and still
///   fetches a changed file at once.
struct PageTemplates: Sendable {
    /// The address static files are served under.
    static let assetsPath = "/assets"

    private let libraries: [Language: MustacheLibrary]
    /// Each template's source as written, by name (for the tests' key check).
    let sources: [String: String]

    /// The templates and files that ship with the server, loaded once. A template that does not
    /// parse is a defect the tests catch; at run time its pages answer 500 and say so.
    static let shipped: Result<PageTemplates, any Error> = Result {
        try PageTemplates(resources: resourcesDirectory)
    }

    /// `Resources/` inside the Web target's bundle (templates, static files, translations).
    static var resourcesDirectory: URL {
        Bundle.module.url(forResource: "Resources", withExtension: nil) ?? Bundle.module.bundleURL.appendingPathComponent("Resources")
    }

    /// The folder `FileMiddleware` serves under `/assets`.
    static var publicDirectory: URL { resourcesDirectory.appendingPathComponent("Public") }

    init(resources: URL) throws {
        let folder = resources.appendingPathComponent("Templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }.sorted()
        var sources: [String: String] = [:]
        for name in names {
            sources[String(name.dropLast(".mustache".count))] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        let versions = try Self.assetVersions(in: resources.appendingPathComponent("Public"))
        var libraries: [Language: MustacheLibrary] = [:]
        for language in Language.allCases {
            let texts = L10n(language)
            var library = MustacheLibrary()
            for (name, source) in sources {
                let resolved = try Self.resolve(source, texts: texts, assets: versions, template: name)
                do {
                    try library.register(resolved, named: name)
                } catch {
                    throw TemplateError(template: name, problem: "does not parse: \(error)")
                }
            }
            libraries[language] = library
        }
        self.libraries = libraries
        self.sources = sources
    }

    /// The page `template` for `view` in `language`; nil if no such template.
    func render(_ view: Any, template: String, language: Language) -> String? {
        libraries[language]?.render(view, withTemplate: template)
    }

    /// A template that failed to load, or an asset it names that does not exist.
    struct TemplateError: Error, CustomStringConvertible {
        let template: String
        let problem: String
        var description: String { "template \(template) \(problem)" }
    }

    /// The keys inside `{{#t}}…{{/t}}` in a template's source.
    static func translationKeys(in source: String) -> [String] {
        markers("t", in: source).map(\.content)
    }

    /// Replaces the `t` and `asset` markers with their text and address.
    static func resolve(_ source: String, texts: L10n, assets: [String: String], template: String) throws -> String {
        var result = source
        for marker in markers("t", in: source).reversed() {
            result.replaceSubrange(marker.range, with: HTML.escape(texts[marker.content]))
        }
        for marker in markers("asset", in: result).reversed() {
            guard let version = assets[marker.content] else {
                throw TemplateError(template: template, problem: "names a static file that does not exist: \(marker.content)")
            }
            result.replaceSubrange(marker.range, with: "\(assetsPath)/\(marker.content)?v=\(version)")
        }
        return result
    }

    /// Every `{{#name}}content{{/name}}` on one line, in order.
    private static func markers(_ name: String, in source: String) -> [(range: Range<String.Index>, content: String)] {
        let open = "{{#\(name)}}", close = "{{/\(name)}}"
        var found: [(range: Range<String.Index>, content: String)] = []
        var from = source.startIndex
        while let start = source.range(of: open, range: from..<source.endIndex),
            let end = source.range(of: close, range: start.upperBound..<source.endIndex)
        {
            found.append((start.lowerBound..<end.upperBound, String(source[start.upperBound..<end.lowerBound])))
            from = end.upperBound
        }
        return found
    }

    /// A short content hash per static file (path relative to `Public/`, e.g. `js/desk.js`).
    static func assetVersions(in folder: URL) throws -> [String: String] {
        var versions: [String: String] = [:]
        let base = folder.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [:] }
        for case let file as URL in walker where (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let path = file.standardizedFileURL.path
            guard path.hasPrefix(base + "/") else { continue }
            let digest = SHA256.hash(data: try Data(contentsOf: file))
            versions[String(path.dropFirst(base.count + 1))] = digest.prefix(6).map { String(format: "%02x", $0) }.joined()
        }
        return versions
    }
}
