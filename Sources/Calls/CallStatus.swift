/// A call's id and its state now (`ended` once it is over): the answer to acting on a call.
public struct CallStatus: Encodable, Sendable {
    public var id: Int64
    public var state: String
}
