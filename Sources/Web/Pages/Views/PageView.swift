/// A page's view model: the values its template shows, already in the reader's language where
/// they are words, and its frame for the layout. Templates escape every value they print.
protocol PageView {
    var page: PageFrame { get }
}
