import SwitchboardCore

/// What the layout (`layout.mustache`) shows around every page: the title, the document's
/// language, who is signed in (with the sign-out button) and an optional class for `<body>`.
struct PageFrame {
    let title: String
    let language: Language
    /// `language` as the `lang` attribute writes it.
    let lang: String
    let signedInAs: String?
    let bodyClass: String?

    init(title: String, language: Language, signedInAs: String? = nil, bodyClass: String? = nil) {
        self.title = title
        self.language = language
        self.lang = language.rawValue
        self.signedInAs = signedInAs
        self.bodyClass = bodyClass
    }
}
