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
    }

    @Test("English shows the key itself; Dutch shows the translation")
    func lookup() {
        #expect(L10n(.en)["Sign out"] == "Sign out")
        #expect(L10n(.nl)["Sign out"] == "Uitloggen")
    }
}
