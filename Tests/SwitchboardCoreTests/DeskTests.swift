import SwitchboardCore
import Testing

@Suite("Call scripts: placeholders from a fixed vocabulary, filled from the records")
struct ScriptTemplateTests {
    @Test("placeholders are filled; one without a value shows … and is listed as missing")
    func render() {
        let text = ScriptTemplate.render("Hello {{customer.firstName}}, invoice {{ invoice.number }} is {{invoice.openAmount}} open.",
                                         values: ["customer.firstName": "Emma", "invoice.number": "INV-1"])
        #expect(text.text == "Hello Emma, invoice INV-1 is … open.")
        #expect(text.missing == ["invoice.openAmount"])
        #expect(ScriptTemplate.render("No {{placeholders here", values: [:]).text == "No {{placeholders here")
    }

    @Test("a script with an unknown placeholder is refused, naming the step and answer")
    func unknownPlaceholder() {
        let script = CallScript(name: "Billing", steps: [
            .init(kind: .greeting, title: "Hello", answers: ["Hi {{customer.firstName}}"]),
            .init(kind: .request, title: "Invoice", answers: ["Fine", "Your {{invoice.nummer}}"]),
        ])
        let error = #expect(throws: SwitchboardError.self) { try script.validated() }
        #expect(error?.field == "steps[1].answers[1]")
        #expect(error?.message.contains("invoice.nummer") == true)
    }

    @Test("validation trims, defaults the language and refuses empty or oversized parts")
    func validation() throws {
        let checked = try CallScript(name: "  General ", steps: [.init(kind: .closing, title: " Bye ", guidance: " Thank them ", answers: [" Goodbye {{customer.name}} "])]).validated()
        #expect(checked.name == "General")
        #expect(checked.language == .en)
        #expect(checked.steps[0].answers == ["Goodbye {{customer.name}}"])
        #expect(throws: SwitchboardError.self) { try CallScript(name: "x", steps: []).validated() }
        #expect(throws: SwitchboardError.self) { try CallScript(name: "x", steps: [.init(kind: .other, title: "t", answers: [" "])]).validated() }
        #expect(throws: SwitchboardError.self) {
            try CallScript(name: "x", steps: [.init(kind: .other, title: "t", answers: Array(repeating: "a", count: 21))]).validated()
        }
    }

    @Test("amounts, dates and shipment states read naturally in Dutch and English")
    func phrases() {
        #expect(Phrases.money(123_456, currency: "EUR", .nl) == "€ 1.234,56")
        #expect(Phrases.money(123_456, currency: "EUR", .en) == "€1,234.56")
        #expect(Phrases.money(5, currency: "GBP", .en) == "£0.05")
        #expect(Phrases.money(-1_000, currency: "SEK", .en) == "-SEK 10.00")
        #expect(Phrases.date("2026-12-03", .nl) == "3 december 2026")
        #expect(Phrases.date("2026-12-03", .en) == "3 December 2026")
        #expect(Phrases.date("soon", .en) == "soon")
        #expect(Phrases.shipmentState(.inTransit, .nl) == "onderweg")
        #expect(Phrases.shipmentState(.outForDelivery, .en) == "out for delivery today")
    }
}

@Suite("Cross-sell: simple rules on the customer's records")
struct CrossSellTests {
    let today = LocalDate(year: 2026, month: 11, day: 27)

    func customer(consent: Bool = true, segment: String = "retail") -> Customer {
        Customer(id: 1, firstName: "Emma", lastName: "de Vries", phones: [], email: nil, street: nil, postalCode: nil, city: nil, country: "NL",
                 language: .nl, segment: segment, consentMarketing: consent, consentRecording: true)
    }

    func warranty(_ product: String, ends: String, claims: [Warranty.Claim] = []) -> Warranty {
        Warranty(id: 1, product: product, serialNumber: "SN1", purchasedOn: "2024-01-01", endsOn: ends, claims: claims)
    }

    func invoice(_ status: Invoice.Status) -> Invoice {
        Invoice(id: 1, number: "INV-1", issuedOn: "2026-10-01", dueOn: "2026-10-31", currency: "EUR", status: status,
                lines: [.init(description: "Fee", quantity: 1, unitPriceMinor: 1_000)], amountMinor: 1_000, openMinor: 1_000)
    }

    @Test("an expiring warranty suggests its extension; an active one does not")
    func expiringWarranty() {
        let advice = CrossSell.advise(customer: customer(), warranties: [warranty("Laptop Aero 14", ends: "2026-12-20"), warranty("TV", ends: "2028-01-01")],
                                      invoices: [], orders: [], today: today)
        #expect(advice.offers.map(\.product) == ["Extended warranty: Laptop Aero 14"])
        #expect(advice.withheld == nil)
    }

    @Test("nothing is offered to a customer behind on payments or without marketing consent, and the reason says why")
    func withheld() {
        let expiring = [warranty("Laptop Aero 14", ends: "2026-12-20")]
        let overdue = CrossSell.advise(customer: customer(), warranties: expiring, invoices: [invoice(.overdue)], orders: [], today: today)
        #expect(overdue.offers.isEmpty)
        #expect(overdue.withheld?.contains("overdue") == true)
        let noConsent = CrossSell.advise(customer: customer(consent: false), warranties: expiring, invoices: [invoice(.open)], orders: [], today: today)
        #expect(noConsent.offers.isEmpty)
        #expect(noConsent.withheld?.contains("consent") == true)
    }

    @Test("a frequent buyer is offered premium, a student with a laptop the student bundle, an expired product repaired this year a service plan")
    func otherRules() {
        let orders = (1...3).map { Order(id: Int64($0), number: "O\($0)", orderedOn: "2026-0\($0 + 5)-01", status: .delivered, totalMinor: 100, currency: "EUR", shipments: []) }
        let frequent = CrossSell.advise(customer: customer(), warranties: [], invoices: [], orders: orders, today: today)
        #expect(frequent.offers.map(\.rule) == ["frequentBuyer"])
        #expect(CrossSell.advise(customer: customer(segment: "premium"), warranties: [], invoices: [], orders: orders, today: today).offers.isEmpty)
        let student = CrossSell.advise(customer: customer(segment: "student"), warranties: [warranty("Laptop Aero 14", ends: "2028-01-01")],
                                       invoices: [], orders: [], today: today)
        #expect(student.offers.map(\.rule) == ["studentLaptop"])
        let claim = Warranty.Claim(id: 1, openedOn: "2026-05-01", status: .repaired, description: "Leaks")
        let service = CrossSell.advise(customer: customer(), warranties: [warranty("Washing machine WX8", ends: "2026-06-01", claims: [claim])],
                                       invoices: [], orders: [], today: today)
        #expect(service.offers.map(\.rule) == ["serviceAfterClaim"])
    }
}

@Suite("Knowledge base input")
struct KnowledgeInputTests {
    @Test("search terms are words only: no query syntax of either database gets through")
    func terms() {
        #expect(SearchTerms.words("Refund  policy?") == ["refund", "policy"])
        #expect(SearchTerms.words("\"OR\" NEAR(*) -x AND") == ["or", "near", "x", "and"])
        #expect(SearchTerms.words("café E4 e4") == ["café", "e4"])
        #expect(SearchTerms.words("   ").isEmpty)
        #expect(SearchTerms.words(String(repeating: "a ", count: 50)).count == 1)
        #expect(SearchTerms.words((1...20).map { "w\($0)" }.joined(separator: " ")).count == 12)
    }

    @Test("an article is checked: troubleshooting articles have steps, plain ones do not")
    func drafts() throws {
        let guided = try ArticleDraft(title: " Laptop will not start ", category: "Products", body: "Try this.", steps: ["Charge it", " Hold power 30 s "]).validated()
        #expect(guided.kind == .troubleshooting)
        #expect(guided.steps == ["Charge it", "Hold power 30 s"])
        #expect(guided.title == "Laptop will not start")
        #expect(guided.language == .en)
        let error = #expect(throws: SwitchboardError.self) { try ArticleDraft(title: "x", category: "c", kind: .article, body: "b", steps: ["s"]).validated() }
        #expect(error?.field == "steps")
        #expect(throws: SwitchboardError.self) { try ArticleDraft(title: "x", category: "c", kind: .troubleshooting, body: "b").validated() }
        #expect(throws: SwitchboardError.self) { try ArticleDraft(title: "x", category: "c", body: "  ").validated() }
        #expect(throws: SwitchboardError.self) { try ArticleDraft(title: "", category: "c", body: "b").validated() }
        #expect(ArticleHit.excerpt(of: String(repeating: "a", count: 300)).count == 200)
    }
}

@Suite("CSV files (RFC 4180)")
struct CSVRecordTests {
    @Test("quoted fields hold commas, doubled quotes and line breaks; each record knows the line it starts on")
    func records() {
        let (records, unterminated) = CSV.records("\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\n1,2,3\r4,5,6")
        #expect(unterminated == nil)
        #expect(records.map(\.line) == [1, 2, 5, 6])
        #expect(records[0].fields == ["a", "b", "c"])
        #expect(records[1].fields == ["x, y", "say \"hi\"", "two\nlines"])
        #expect(records[2].fields == ["1", "2", "3"])
        #expect(records[3].fields == ["4", "5", "6"])
    }

    @Test("a quote that never closes is reported with the line it opened on")
    func unterminated() {
        #expect(CSV.records("a,b\n1,\"open\n2,3\n").unterminated == 2)
        #expect(CSV.records("").records.isEmpty)
    }
}

@Suite("Report CSV")
struct ReportCSVTests {
    @Test("a name a spreadsheet would run as a formula is written as text; numbers and plain names are left alone")
    func formulas() {
        var totals = ReportTotals()
        totals.offered = 2
        let rows = [ReportRow(slot: "", id: 7, name: "=HYPERLINK(\"http://x\",\"y\")", totals: totals, agentTime: true),
                    ReportRow(slot: "", id: 8, name: "Anna de Vries", totals: totals, agentTime: true)]
        let report = Report(period: "2026-10", from: "2026-10-01", to: "2026-10-31", by: "agent", per: .none, rows: rows,
                            total: ReportRow(slot: "", id: nil, name: "Total", totals: totals + totals, agentTime: true))
        let lines = report.csv().split(separator: "\r\n")
        #expect(lines[1].hasPrefix("2026-10,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",7,2,"))
        #expect(lines[2].hasPrefix("2026-10,Anna de Vries,8,2,"))
        #expect(lines[3].hasPrefix("2026-10,Total,,4,"))
    }
}
