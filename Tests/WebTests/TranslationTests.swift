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
        let pages = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Web/Pages")
        let files = try FileManager.default.contentsOfDirectory(at: pages, includingPropertiesForKeys: nil).filter { $0.pathExtension == "swift" }
        #expect(!files.isEmpty)
        var keys: Set<String> = []
        for file in files {
            let source = try String(contentsOf: file, encoding: .utf8)
            var rest = Substring(source)
            while let start = rest.range(of: "t[\"") {
                rest = rest[start.upperBound...]
                guard let end = rest.firstIndex(of: "\"") else { break }
                keys.insert(String(rest[..<end]))
            }
        }
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
