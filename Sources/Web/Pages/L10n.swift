import Foundation
import SwitchboardCore

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
