/// Searching customers outside a call (`customers.mustache`).
struct CustomerSearchPage: PageView {
    let page: PageFrame
    let query: String
    /// Whether a search ran without error (so "nothing found" means something).
    let searched: Bool
    let found: Bool
    let results: [Result]
    let error: String?

    struct Result {
        let id: Int64
        let name: String
        let phones: String
        let city: String
    }
}
