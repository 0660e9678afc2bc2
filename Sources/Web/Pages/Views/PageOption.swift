/// One `<option>` of a select (`option.mustache`), or one checkbox of a set.
struct PageOption {
    let value: String
    let label: String
    var selected = false
}
