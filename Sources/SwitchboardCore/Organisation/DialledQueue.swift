/// Which queue a dialled string means: one rule for the API's `queue` field and a SIP
/// INVITE's request-URI user, so a number that reaches a queue by phone reaches it by API too.
///
/// In order: an extension (`800`); a name in any case, spacing or punctuation
/// (`Klantenservice NL`, `klantenservicenl`); a word of a queue's name that no other queue's
/// name has (`support`). Anything else means no queue.
public enum DialledQueue {
    public static func match(_ dialled: String, in queues: [Queue]) -> Queue? {
        let text = dialled.trimmingWhitespace
        guard !text.isEmpty else { return nil }
        if let queue = queues.first(where: { $0.settings.extensionNumber == text }) { return queue }
        let squashed = squash(text)
        if !squashed.isEmpty, let queue = queues.first(where: { squash($0.name) == squashed }) { return queue }
        let word = text.lowercased()
        let matches = queues.filter { $0.name.lowercased().split(separator: " ").contains { String($0) == word } }
        return matches.count == 1 ? matches[0] : nil
    }

    /// Lower case, letters and digits only.
    static func squash(_ text: String) -> String { text.lowercased().filter { $0.isLetter || $0.isNumber } }
}

extension String {
    /// Without leading and trailing spaces and tabs (the core has no Foundation).
    fileprivate var trimmingWhitespace: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
