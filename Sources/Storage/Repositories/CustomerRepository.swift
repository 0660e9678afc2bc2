import SQLKit
import SwitchboardCore

/// Customers and what they have with the organisation: billing, shipping, warranties.
public struct CustomerRepository {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    // MARK: Customers

    /// Stores a checked draft (`CustomerDraft.validated()`).
    public func insert(_ draft: CustomerDraft, at now: Instant) async throws -> Customer {
        let id = try await sql.raw("""
            INSERT INTO customers (first_name, last_name, email, street, postal_code, city, country, language, segment,
                consent_marketing, consent_recording, created_at_ms)
            VALUES (\(bind: draft.firstName), \(bind: draft.lastName), \(bind: draft.email), \(bind: draft.street), \(bind: draft.postalCode),
                \(bind: draft.city), \(bind: draft.country ?? "NL"), \(bind: (draft.language ?? .nl).rawValue), \(bind: draft.segment ?? "retail"),
                \(bind: (draft.consentMarketing ?? false) ? 1 : 0), \(bind: (draft.consentRecording ?? true) ? 1 : 0), \(bind: now.millisecondsSinceEpoch))
            RETURNING id
            """).first()!.int64("id")
        for (position, number) in draft.phones.enumerated() {
            try await sql.raw("INSERT INTO customer_phones (customer_id, number, position) VALUES (\(bind: id), \(bind: number), \(bind: position))").run()
        }
        return Customer(
            id: id, firstName: draft.firstName, lastName: draft.lastName, phones: draft.phones, email: draft.email, street: draft.street,
            postalCode: draft.postalCode, city: draft.city, country: draft.country ?? "NL", language: draft.language ?? .nl,
            segment: draft.segment ?? "retail", consentMarketing: draft.consentMarketing ?? false, consentRecording: draft.consentRecording ?? true)
    }

    /// Each customer's first number (the demo's callers ring from them).
    public func firstNumbers(limit: Int) async throws -> [String] {
        try await sql.raw("SELECT number FROM customer_phones WHERE position = 0 ORDER BY customer_id LIMIT \(bind: limit)").all().map { try $0.string("number") }
    }

    public func count() async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM customers").first()!.int("n")
    }

    public func find(id: Int64) async throws -> Customer? {
        try await customers(where: "c.id = ", id).first
    }

    /// Customers with this number (E.164): usually one; a shared family line finds several.
    /// Who already has one of these e-mail addresses (lower-cased) or numbers: for imports
    /// that must not add a customer twice. Read in chunks, so a large file costs few queries.
    public func identities(emails: [String], phones: [String]) async throws -> (byEmail: [String: Int64], byPhone: [String: [String: Int64]]) {
        var byEmail: [String: Int64] = [:]
        var byPhone: [String: [String: Int64]] = [:]
        let uniqueEmails = Array(Set(emails)), uniquePhones = Array(Set(phones))
        for start in stride(from: 0, to: uniqueEmails.count, by: 500) {
            let chunk = Array(uniqueEmails[start..<min(start + 500, uniqueEmails.count)])
            for row in try await sql.raw("SELECT id, LOWER(email) AS email FROM customers WHERE LOWER(email) IN (\(binds: chunk))").all() {
                byEmail[try row.string("email")] = try row.int64("id")
            }
        }
        for start in stride(from: 0, to: uniquePhones.count, by: 500) {
            let chunk = Array(uniquePhones[start..<min(start + 500, uniquePhones.count)])
            for row in try await sql.raw("""
                SELECT p.number, c.id, LOWER(c.last_name) AS last_name FROM customer_phones p JOIN customers c ON c.id = p.customer_id
                WHERE p.number IN (\(binds: chunk))
                """).all() {
                byPhone[try row.string("number"), default: [:]][try row.string("last_name")] = try row.int64("id")
            }
        }
        return (byEmail, byPhone)
    }

    public func find(phone: String) async throws -> [Customer] {
        try await customers(where: "c.id IN (SELECT customer_id FROM customer_phones WHERE number = ", phone, close: ")")
    }

    /// By name, e-mail or number; at most `limit`, by last name.
    public func search(_ text: String, limit: Int = 50) async throws -> [Customer] {
        // '%', '_' and the escape character itself are matched literally, alike on both databases.
        var escaped = ""
        for character in text.lowercased() {
            if character == "%" || character == "_" || character == "!" { escaped.append("!") }
            escaped.append(character)
        }
        let pattern = "%" + escaped + "%"
        return try await customers(from: sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM customers c
            WHERE LOWER(c.first_name || ' ' || c.last_name) LIKE \(bind: pattern) ESCAPE '!' OR LOWER(COALESCE(c.email, '')) LIKE \(bind: pattern) ESCAPE '!'
               OR c.id IN (SELECT customer_id FROM customer_phones WHERE number LIKE \(bind: pattern) ESCAPE '!')
            ORDER BY c.last_name, c.first_name, c.id
            LIMIT \(bind: limit)
            """).all())
    }

    static let columns = """
        c.id, c.first_name, c.last_name, c.email, c.street, c.postal_code, c.city, c.country, c.language, c.segment,
        c.consent_marketing, c.consent_recording
        """

    private func customers(where condition: String, _ value: some Encodable & Sendable, close: String = "") async throws -> [Customer] {
        try await customers(from: sql.raw("""
            SELECT \(unsafeRaw: Self.columns)
            FROM customers c WHERE \(unsafeRaw: condition)\(bind: value)\(unsafeRaw: close) ORDER BY c.id
            """).all())
    }

    /// Customer rows (`columns`) as customers, with all their numbers read in one query.
    private func customers(from rows: [any SQLRow]) async throws -> [Customer] {
        let ids = try rows.map { try $0.int64("id") }
        guard !ids.isEmpty else { return [] }
        var phones: [Int64: [String]] = [:]
        for row in try await sql.raw("""
            SELECT customer_id, number FROM customer_phones WHERE customer_id IN (\(binds: ids)) ORDER BY customer_id, position
            """).all() {
            phones[try row.int64("customer_id"), default: []].append(try row.string("number"))
        }
        return try zip(ids, rows).map { id, row in
            Customer(
                id: id, firstName: try row.string("first_name"), lastName: try row.string("last_name"), phones: phones[id] ?? [],
                email: try row.decode(column: "email", as: String?.self), street: try row.decode(column: "street", as: String?.self),
                postalCode: try row.decode(column: "postal_code", as: String?.self), city: try row.decode(column: "city", as: String?.self),
                country: try row.string("country"), language: Language(rawValue: try row.string("language")) ?? .nl, segment: try row.string("segment"),
                consentMarketing: try row.int64("consent_marketing") != 0, consentRecording: try row.int64("consent_recording") != 0)
        }
    }

    // MARK: Billing

    public func insertInvoice(customerId: Int64, number: String, issuedOn: String, dueOn: String, currency: String, status: Invoice.Status, lines: [Invoice.Line]) async throws -> Int64 {
        let id = try await sql.raw("""
            INSERT INTO invoices (customer_id, number, issued_on, due_on, currency, status)
            VALUES (\(bind: customerId), \(bind: number), \(bind: issuedOn), \(bind: dueOn), \(bind: currency), \(bind: status.rawValue))
            RETURNING id
            """).first()!.int64("id")
        for line in lines {
            try await sql.raw("""
                INSERT INTO invoice_lines (invoice_id, description, quantity, unit_price_minor)
                VALUES (\(bind: id), \(bind: line.description), \(bind: line.quantity), \(bind: line.unitPriceMinor))
                """).run()
        }
        return id
    }

    public func insertPayment(customerId: Int64, invoiceId: Int64?, paidOn: String, amountMinor: Int64, currency: String, method: String) async throws -> Int64 {
        try await sql.raw("""
            INSERT INTO payments (customer_id, invoice_id, paid_on, amount_minor, currency, method)
            VALUES (\(bind: customerId), \(bind: invoiceId), \(bind: paidOn), \(bind: amountMinor), \(bind: currency), \(bind: method))
            RETURNING id
            """).first()!.int64("id")
    }

    /// Newest first, with their lines and what is still open on each.
    public func invoices(of customerId: Int64) async throws -> [Invoice] {
        let rows = try await sql.raw("""
            SELECT i.id, i.number, i.issued_on, i.due_on, i.currency, i.status,
              CAST(COALESCE((SELECT SUM(l.quantity * l.unit_price_minor) FROM invoice_lines l WHERE l.invoice_id = i.id), 0) AS BIGINT) AS amount,
              CAST(COALESCE((SELECT SUM(p.amount_minor) FROM payments p WHERE p.invoice_id = i.id), 0) AS BIGINT) AS paid
            FROM invoices i WHERE i.customer_id = \(bind: customerId) ORDER BY i.issued_on DESC, i.id DESC
            """).all()
        var invoices: [Invoice] = []
        for row in rows {
            let id = try row.int64("id")
            let lines = try await sql.raw("SELECT description, quantity, unit_price_minor FROM invoice_lines WHERE invoice_id = \(bind: id) ORDER BY id").all().map {
                Invoice.Line(description: try $0.string("description"), quantity: try $0.int("quantity"), unitPriceMinor: try $0.int64("unit_price_minor"))
            }
            let amount = try row.int64("amount")
            let status = Invoice.Status(rawValue: try row.string("status")) ?? .open
            let open = [.paid, .cancelled].contains(status) ? 0 : max(0, amount - (try row.int64("paid")))
            invoices.append(Invoice(
                id: id, number: try row.string("number"), issuedOn: try row.string("issued_on"), dueOn: try row.string("due_on"),
                currency: try row.string("currency"), status: status, lines: lines, amountMinor: amount, openMinor: open))
        }
        return invoices
    }

    /// Newest first.
    public func payments(of customerId: Int64, limit: Int = 20) async throws -> [Payment] {
        try await sql.raw("""
            SELECT id, invoice_id, paid_on, amount_minor, currency, method FROM payments
            WHERE customer_id = \(bind: customerId) ORDER BY paid_on DESC, id DESC LIMIT \(bind: limit)
            """).all().map {
            Payment(id: try $0.int64("id"), invoiceId: try $0.optionalInt64("invoice_id"), paidOn: try $0.string("paid_on"),
                    amountMinor: try $0.int64("amount_minor"), currency: try $0.string("currency"), method: try $0.string("method"))
        }
    }

    // MARK: Shipping

    public func insertOrder(customerId: Int64, number: String, orderedOn: String, status: Order.Status, totalMinor: Int64, currency: String) async throws -> Int64 {
        try await sql.raw("""
            INSERT INTO orders (customer_id, number, ordered_on, status, total_minor, currency)
            VALUES (\(bind: customerId), \(bind: number), \(bind: orderedOn), \(bind: status.rawValue), \(bind: totalMinor), \(bind: currency))
            RETURNING id
            """).first()!.int64("id")
    }

    /// A shipment with its history (oldest first); its state is the last event's.
    public func insertShipment(orderId: Int64, carrier: String, trackingNumber: String, history: [Shipment.Event]) async throws -> Int64 {
        let id = try await sql.raw("""
            INSERT INTO shipments (order_id, carrier, tracking_number, state)
            VALUES (\(bind: orderId), \(bind: carrier), \(bind: trackingNumber), \(bind: (history.last?.state ?? .labelCreated).rawValue))
            RETURNING id
            """).first()!.int64("id")
        for event in history {
            try await sql.raw("""
                INSERT INTO shipment_events (shipment_id, at_ms, state, location)
                VALUES (\(bind: id), \(bind: event.at.millisecondsSinceEpoch), \(bind: event.state.rawValue), \(bind: event.location))
                """).run()
        }
        return id
    }

    /// Newest first, each with its shipments.
    public func orders(of customerId: Int64) async throws -> [Order] {
        let rows = try await sql.raw("""
            SELECT id, number, ordered_on, status, total_minor, currency FROM orders
            WHERE customer_id = \(bind: customerId) ORDER BY ordered_on DESC, id DESC
            """).all()
        var orders: [Order] = []
        for row in rows {
            let id = try row.int64("id")
            var shipments: [Shipment] = []
            for shipment in try await sql.raw("SELECT id, carrier, tracking_number, state FROM shipments WHERE order_id = \(bind: id) ORDER BY id").all() {
                let shipmentId = try shipment.int64("id")
                let history = try await sql.raw("""
                    SELECT at_ms, state, location FROM shipment_events WHERE shipment_id = \(bind: shipmentId) ORDER BY at_ms, id
                    """).all().map {
                    Shipment.Event(at: Instant(millisecondsSinceEpoch: try $0.int64("at_ms")), state: Shipment.State(rawValue: try $0.string("state")) ?? .inTransit,
                                   location: try $0.decode(column: "location", as: String?.self))
                }
                shipments.append(Shipment(
                    id: shipmentId, carrier: try shipment.string("carrier"), trackingNumber: try shipment.string("tracking_number"),
                    state: Shipment.State(rawValue: try shipment.string("state")) ?? .inTransit, history: history))
            }
            orders.append(Order(
                id: id, number: try row.string("number"), orderedOn: try row.string("ordered_on"),
                status: Order.Status(rawValue: try row.string("status")) ?? .placed, totalMinor: try row.int64("total_minor"),
                currency: try row.string("currency"), shipments: shipments))
        }
        return orders
    }

    // MARK: Warranties

    public func insertWarranty(customerId: Int64, product: String, serialNumber: String, purchasedOn: String, endsOn: String) async throws -> Int64 {
        try await sql.raw("""
            INSERT INTO warranties (customer_id, product, serial_number, purchased_on, ends_on)
            VALUES (\(bind: customerId), \(bind: product), \(bind: serialNumber), \(bind: purchasedOn), \(bind: endsOn))
            RETURNING id
            """).first()!.int64("id")
    }

    public func insertClaim(warrantyId: Int64, openedOn: String, status: Warranty.Claim.Status, description: String) async throws -> Int64 {
        try await sql.raw("""
            INSERT INTO warranty_claims (warranty_id, opened_on, status, description)
            VALUES (\(bind: warrantyId), \(bind: openedOn), \(bind: status.rawValue), \(bind: description))
            RETURNING id
            """).first()!.int64("id")
    }

    /// Latest-ending first, each with its claims.
    public func warranties(of customerId: Int64) async throws -> [Warranty] {
        let rows = try await sql.raw("""
            SELECT id, product, serial_number, purchased_on, ends_on FROM warranties
            WHERE customer_id = \(bind: customerId) ORDER BY ends_on DESC, id DESC
            """).all()
        var warranties: [Warranty] = []
        for row in rows {
            let id = try row.int64("id")
            let claims = try await sql.raw("SELECT id, opened_on, status, description FROM warranty_claims WHERE warranty_id = \(bind: id) ORDER BY opened_on, id").all().map {
                Warranty.Claim(id: try $0.int64("id"), openedOn: try $0.string("opened_on"),
                               status: Warranty.Claim.Status(rawValue: try $0.string("status")) ?? .open, description: try $0.string("description"))
            }
            warranties.append(Warranty(
                id: id, product: try row.string("product"), serialNumber: try row.string("serial_number"),
                purchasedOn: try row.string("purchased_on"), endsOn: try row.string("ends_on"), claims: claims))
        }
        return warranties
    }

    // MARK: Interactions

    public struct Interaction: Codable, Equatable, Sendable {
        public var callId: Int64
        public var at: Instant
        public var queueId: Int64
        public var agentId: Int64?
        public var outcome: String?
        /// What the agent wrote and chose for the call.
        public var note: String?
        public var disposition: String?

        public init(callId: Int64, at: Instant, queueId: Int64, agentId: Int64?, outcome: String?, note: String?, disposition: String?) {
            self.callId = callId
            self.at = at
            self.queueId = queueId
            self.agentId = agentId
            self.outcome = outcome
            self.note = note
            self.disposition = disposition
        }

        enum CodingKeys: String, CodingKey { case callId, at, queueId, agentId, outcome, note, disposition }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(callId, forKey: .callId)
            try container.encode(at.iso8601, forKey: .at)
            try container.encode(queueId, forKey: .queueId)
            try container.encode(agentId, forKey: .agentId)
            try container.encode(outcome, forKey: .outcome)
            try container.encode(note, forKey: .note)
            try container.encode(disposition, forKey: .disposition)
        }
    }

    /// Whose notes a reader of the last calls sees; a withheld note reads as null.
    public enum NoteVisibility: Equatable, Sendable {
        /// Every call's note (roles that read calls).
        case all
        /// Only the notes of calls this agent handled: the call's agent, or an agent who answered
        /// one of its queue visits.
        case callsHandledBy(agentId: Int64)
        /// No notes.
        case withheld
    }

    /// The customer's last calls: by their id on the call, or from one of their numbers; notes
    /// only as `notes` allows (none unless asked).
    public func interactions(of customer: Customer, limit: Int = 10, notes: NoteVisibility = .withheld) async throws -> [Interaction] {
        let numbers = customer.phones.isEmpty ? [""] : customer.phones
        let note: SQLQueryString
        switch notes {
        case .all:
            note = "n.text"
        case .callsHandledBy(let agentId):
            note = """
                CASE WHEN c.agent_id = \(bind: agentId) OR EXISTS (SELECT 1 FROM queue_visits v WHERE v.call_id = c.id AND v.agent_id = \(bind: agentId)
                    AND v.answered_at_ms IS NOT NULL) THEN n.text ELSE NULL END
                """
        case .withheld:
            note = "CAST(NULL AS TEXT)"
        }
        return try await sql.raw("""
            SELECT c.id, c.arrived_at_ms, c.last_queue_id, c.agent_id, c.outcome, \(note) AS note, d.code AS disposition FROM calls c
            LEFT JOIN call_notes n ON n.call_id = c.id LEFT JOIN call_dispositions d ON d.call_id = c.id
            WHERE c.customer_id = \(bind: String(customer.id)) OR c.from_number IN (\(binds: numbers))
            ORDER BY c.arrived_at_ms DESC, c.id DESC LIMIT \(bind: limit)
            """).all().map {
            Interaction(callId: try $0.int64("id"), at: Instant(millisecondsSinceEpoch: try $0.int64("arrived_at_ms")), queueId: try $0.int64("last_queue_id"),
                        agentId: try $0.optionalInt64("agent_id"), outcome: try $0.optionalString("outcome"),
                        note: try $0.optionalString("note"), disposition: try $0.optionalString("disposition"))
        }
    }
}
