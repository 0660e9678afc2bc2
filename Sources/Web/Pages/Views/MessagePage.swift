/// A page that only says one thing: a refusal or an error (`message.mustache`).
struct MessagePage: PageView {
    let page: PageFrame
    let message: String
}
