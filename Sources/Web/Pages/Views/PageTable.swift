/// A table on a page (`table.mustache`): headers and rows of cells. A cell is text, optionally
/// a link, several lines, or a delete button; the template escapes all of it, so no caller
/// hands a table raw HTML.
struct PageTable {
    let id: String
    let headers: [String]
    let rows: [Row]

    struct Row {
        let cells: [Cell]
        var rowClass: String? = nil
    }

    struct Cell {
        var text: String = ""
        /// Makes the text a link to this address.
        var href: String? = nil
        /// Lines shown one under another (opening hours, warnings).
        var lines: [String]? = nil
        /// Adds a delete button that posts to this address after the reader confirms.
        var delete: String? = nil
        var cellClass: String? = nil

        init(_ text: String = "", href: String? = nil, lines: [String]? = nil, delete: String? = nil, cellClass: String? = nil) {
            self.text = text
            self.href = href
            self.lines = lines
            self.delete = delete
            self.cellClass = cellClass
        }
    }
}
