/// Amounts, dates and states as a script says them, in its language.
public enum Phrases {
    /// "€ 56,90" in Dutch, "€56.90" in English; other currencies by their code.
    public static func money(_ minor: Int64, currency: String, _ language: Language) -> String {
        let negative = minor < 0
        let magnitude = minor.magnitude
        let cents = magnitude % 100
        var whole = String(magnitude / 100)
        let separator: Character = language == .nl ? "." : ","
        var index = whole.count - 3
        while index > 0 {
            whole.insert(separator, at: whole.index(whole.startIndex, offsetBy: index))
            index -= 3
        }
        let amount = whole + (language == .nl ? "," : ".") + (cents < 10 ? "0\(cents)" : "\(cents)")
        let symbol = ["EUR": "€", "GBP": "£", "USD": "$"][currency]
        let text: String
        if let symbol {
            text = language == .nl ? "\(symbol) \(amount)" : "\(symbol)\(amount)"
        } else {
            text = "\(currency) \(amount)"
        }
        return negative ? "-" + text : text
    }

    static let monthsEnglish = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    static let monthsDutch = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"]

    /// "17 December 2026" / "17 december 2026"; the text itself when it is not a date.
    public static func date(_ text: String, _ language: Language) -> String {
        guard let date = try? LocalDate(parsing: text, field: "date"), (1...12).contains(date.month) else { return text }
        let month = (language == .nl ? monthsDutch : monthsEnglish)[date.month - 1]
        return "\(date.day) \(month) \(date.year)"
    }

    public static func shipmentState(_ state: Shipment.State, _ language: Language) -> String {
        switch (state, language) {
        case (.labelCreated, .en): "registered, not yet picked up"
        case (.labelCreated, .nl): "aangemeld, nog niet opgehaald"
        case (.pickedUp, .en): "picked up by the carrier"
        case (.pickedUp, .nl): "opgehaald door de vervoerder"
        case (.inTransit, .en): "in transit"
        case (.inTransit, .nl): "onderweg"
        case (.outForDelivery, .en): "out for delivery today"
        case (.outForDelivery, .nl): "vandaag onderweg voor bezorging"
        case (.delivered, .en): "delivered"
        case (.delivered, .nl): "bezorgd"
        case (.delayed, .en): "delayed"
        case (.delayed, .nl): "vertraagd"
        case (.returned, .en): "returned to us"
        case (.returned, .nl): "aan ons teruggestuurd"
        case (.lost, .en): "lost by the carrier"
        case (.lost, .nl): "zoekgeraakt bij de vervoerder"
        }
    }

    public static func invoiceStatus(_ status: Invoice.Status, _ language: Language) -> String {
        switch (status, language) {
        case (.open, .en): "open"
        case (.open, .nl): "openstaand"
        case (.paid, .en): "paid"
        case (.paid, .nl): "betaald"
        case (.overdue, .en): "overdue"
        case (.overdue, .nl): "te laat"
        case (.disputed, .en): "disputed"
        case (.disputed, .nl): "betwist"
        case (.cancelled, .en): "cancelled"
        case (.cancelled, .nl): "geannuleerd"
        }
    }
}
