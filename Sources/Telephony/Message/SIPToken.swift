/// Random tokens for tags, Call-IDs and branches: 64 random bits in base 36.
enum SIPToken {
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(generator.next() as UInt64, radix: 36)
    }
}
