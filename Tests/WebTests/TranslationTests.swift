import Foundation
import SwitchboardCore
import Testing

@testable import Web

@Suite("Translations")
struct TranslationTests {
    /// Every text a page looks up with `t["…"]` has a Dutch translation, so a Dutch user never
    /// sees a half-English page.
    @Test("every page text has a Dutch translation")
    func dutchIsComplete() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Web/Pages")
        var keys: Set<String> = []
        // Texts the Swift side translates: `t["…"]` in the pages and their view models.
        let walker = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var files = 0
        for case let file as URL in walker where file.pathExtension == "swift" {
            files += 1
            var rest = Substring(try String(contentsOf: file, encoding: .utf8))
            while let start = rest.range(of: "t[\"") {
                rest = rest[start.upperBound...]
                guard let end = rest.firstIndex(of: "\"") else { break }
                keys.insert(String(rest[..<end]))
            }
        }
        #expect(files > 5)
        // Texts the templates translate: `{{#t}}…{{/t}}`.
        let templates = try PageTemplates.shipped.get()
        let templateKeys = Set(templates.sources.values.flatMap { PageTemplates.translationKeys(in: $0) })
        #expect(templateKeys.count > 100)
        keys.formUnion(templateKeys)
        #expect(keys.count > 20)
        let missing = keys.filter { L10n.dutch[$0] == nil }.sorted()
        #expect(missing.isEmpty, "no Dutch for: \(missing)")
        let missingEnglish = keys.filter { L10n.english[$0] == nil }.sorted()
        #expect(missingEnglish.isEmpty, "no English for: \(missingEnglish)")
    }

    /// The two files have the same keys: a text added in one language is added in the other.
    @Test("en.json and nl.json have the same keys, and no Dutch text is left empty")
    func filesMatch() {
        #expect(L10n.dutch.count > 300)
        #expect(Set(L10n.dutch.keys) == Set(L10n.english.keys), "only in nl: \(Set(L10n.dutch.keys).subtracting(L10n.english.keys).sorted()); only in en: \(Set(L10n.english.keys).subtracting(L10n.dutch.keys).sorted())")
        #expect(L10n.dutch.values.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
    }

    @Test("English shows the key itself; Dutch shows the translation")
    func lookup() {
        #expect(L10n(.en)["Sign out"] == "Sign out")
        #expect(L10n(.nl)["Sign out"] == "Uitloggen")
    }
}
