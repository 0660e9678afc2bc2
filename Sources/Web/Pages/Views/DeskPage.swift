/// The agent's desk (`desk.mustache`, behaviour in `js/desk.js`): the choices its selects offer
/// and the setup the script reads (agent, language, texts, queues).
struct DeskPage: PageView {
    let page: PageFrame
    let displayName: String
    let reasons: [PageOption]
    let queues: [PageOption]
    let colleagues: [PageOption]
    let codes: [PageOption]
    /// From `HTML.json`: safe inside a `<script type="application/json">` block.
    let setupJSON: String
}
