/// A queue as a request names it: an id (a JSON number, checked to be a whole positive
/// number before use), what a caller would dial (a string: extension or name), or something
/// that is neither.
public enum QueueReference: Sendable, Equatable {
    case number(Double)
    case dialled(String)
    case other
}
