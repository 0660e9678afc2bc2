/// The page a browser gets for an error outside the API (`error.mustache`): the status and
/// what went wrong, in English (the visitor may not be signed in).
struct ErrorPage: PageView {
    let page: PageFrame
    let code: Int
    let message: String
}
