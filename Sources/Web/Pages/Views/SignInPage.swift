/// The sign-in form (`sign-in.mustache`), with the last error and the name typed.
struct SignInPage: PageView {
    let page: PageFrame
    let error: String?
    let username: String
    /// Only `switchboard demo` mentions the demo password.
    let demo: Bool
}
