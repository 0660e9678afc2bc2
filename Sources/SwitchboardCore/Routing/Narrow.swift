/// An index or a count kept in 32 bits and used as an `Int` (values beyond 32 bits are clamped:
/// counts of holds or transfers never get there, indexes are bounded far below).
@propertyWrapper
@usableFromInline struct Narrow: Sendable {
    @usableFromInline var value: Int32

    @inlinable init(wrappedValue: Int) { value = Int32(clamping: wrappedValue) }

    @inlinable var wrappedValue: Int {
        get { Int(value) }
        set { value = Int32(clamping: newValue) }
    }
}
