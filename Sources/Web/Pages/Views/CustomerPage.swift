/// One customer (`customer.mustache`): the card is drawn in the browser from `cardJSON` by the
/// same script as the desk's screen pop.
struct CustomerPage: PageView {
    let page: PageFrame
    /// From `HTML.json`: safe inside a `<script type="application/json">` block.
    let setupJSON: String
    let cardJSON: String
}
