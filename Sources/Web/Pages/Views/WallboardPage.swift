/// The live wallboard (`wallboard.mustache`, behaviour in `js/wallboard.js`).
struct WallboardPage: PageView {
    let page: PageFrame
    let queues: [PageOption]
    let reasons: [PageOption]
    /// Whether the reader may set agents' states and move them between queues.
    let directs: Bool
    /// From `HTML.json`: safe inside a `<script type="application/json">` block.
    let setupJSON: String
}
