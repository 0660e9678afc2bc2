import SQLKit
import SwitchboardCore

/// Notes, dispositions and referrals.
public struct CallWorkRepository {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) { self.sql = sql }

    public func saveNote(_ note: CallNote) async throws {
        // One statement, so two saves at once cannot collide (both databases know ON CONFLICT).
        try await sql.raw("""
            INSERT INTO call_notes (call_id, text, agent_id, updated_at_ms)
            VALUES (\(bind: note.callId), \(bind: note.text), \(bind: note.agentId), \(bind: note.updatedAt.millisecondsSinceEpoch))
            ON CONFLICT (call_id) DO UPDATE SET text = excluded.text, agent_id = excluded.agent_id, updated_at_ms = excluded.updated_at_ms
            """).run()
    }

    public func note(of callId: Int64) async throws -> CallNote? {
        try await sql.raw("SELECT call_id, text, agent_id, updated_at_ms FROM call_notes WHERE call_id = \(bind: callId)").first().map {
            CallNote(callId: try $0.int64("call_id"), text: try $0.string("text"), agentId: try $0.optionalInt64("agent_id"),
                     updatedAt: Instant(millisecondsSinceEpoch: try $0.int64("updated_at_ms")))
        }
    }

    public func dispositionCodes() async throws -> [DispositionCode] {
        try await sql.raw("SELECT code, label FROM disposition_codes ORDER BY position, code").all().map {
            DispositionCode(code: try $0.string("code"), label: try $0.string("label"))
        }
    }

    public func saveDisposition(_ disposition: CallDisposition) async throws {
        try await sql.raw("""
            INSERT INTO call_dispositions (call_id, code, reason, follow_up_due, follow_up_text, agent_id, updated_at_ms)
            VALUES (\(bind: disposition.callId), \(bind: disposition.code), \(bind: disposition.reason), \(bind: disposition.followUpDue),
                \(bind: disposition.followUpText), \(bind: disposition.agentId), \(bind: disposition.updatedAt.millisecondsSinceEpoch))
            ON CONFLICT (call_id) DO UPDATE SET code = excluded.code, reason = excluded.reason, follow_up_due = excluded.follow_up_due,
                follow_up_text = excluded.follow_up_text, agent_id = excluded.agent_id, updated_at_ms = excluded.updated_at_ms
            """).run()
    }

    public func disposition(of callId: Int64) async throws -> CallDisposition? {
        try await sql.raw("""
            SELECT call_id, code, reason, follow_up_due, follow_up_text, agent_id, updated_at_ms FROM call_dispositions WHERE call_id = \(bind: callId)
            """).first().map {
            CallDisposition(
                callId: try $0.int64("call_id"), code: try $0.string("code"), reason: try $0.decode(column: "reason", as: String?.self),
                followUpDue: try $0.decode(column: "follow_up_due", as: String?.self), followUpText: try $0.decode(column: "follow_up_text", as: String?.self),
                agentId: try $0.optionalInt64("agent_id"), updatedAt: Instant(millisecondsSinceEpoch: try $0.int64("updated_at_ms")))
        }
    }

    /// Whether the agent already recorded this product for this customer on this call.
    public func hasReferral(customerId: Int64, product: String, agentId: Int64, callId: Int64?) async throws -> Bool {
        try await sql.raw("""
            SELECT COUNT(*) AS n FROM referrals WHERE customer_id = \(bind: customerId) AND LOWER(product) = \(bind: product.lowercased())
              AND agent_id = \(bind: agentId) AND COALESCE(call_id, -1) = \(bind: callId ?? -1)
            """).first()!.int("n") > 0
    }

    public func insertReferral(customerId: Int64, product: String, agentId: Int64, callId: Int64?, at now: Instant) async throws -> Referral {
        let id = try await sql.raw("""
            INSERT INTO referrals (customer_id, product, agent_id, call_id, at_ms)
            VALUES (\(bind: customerId), \(bind: product), \(bind: agentId), \(bind: callId), \(bind: now.millisecondsSinceEpoch))
            RETURNING id
            """).first()!.int64("id")
        return Referral(id: id, customerId: customerId, product: product, agentId: agentId, callId: callId, at: now)
    }

    /// How many referrals these agents recorded in [from, to) (a team's goal).
    public func referralCount(agentIds: [Int64], from: Instant, to: Instant) async throws -> Int {
        guard !agentIds.isEmpty else { return 0 }
        return try await sql.raw("""
            SELECT COUNT(*) AS n FROM referrals WHERE agent_id IN (\(binds: agentIds))
              AND at_ms >= \(bind: from.millisecondsSinceEpoch) AND at_ms < \(bind: to.millisecondsSinceEpoch)
            """).first()!.int("n")
    }

    /// An agent's referrals in [from, to), oldest first.
    public func referrals(agentId: Int64, from: Instant, to: Instant) async throws -> [Referral] {
        try await sql.raw("""
            SELECT id, customer_id, product, agent_id, call_id, at_ms FROM referrals
            WHERE agent_id = \(bind: agentId) AND at_ms >= \(bind: from.millisecondsSinceEpoch) AND at_ms < \(bind: to.millisecondsSinceEpoch)
            ORDER BY at_ms, id
            """).all().map {
            Referral(id: try $0.int64("id"), customerId: try $0.int64("customer_id"), product: try $0.string("product"), agentId: try $0.int64("agent_id"),
                     callId: try $0.optionalInt64("call_id"), at: Instant(millisecondsSinceEpoch: try $0.int64("at_ms")))
        }
    }

    // MARK: Follow-ups

    /// Follow-up tasks (dispositions with a due date): one agent's or everyone's, open or all,
    /// the earliest due first.
    public func followUps(agentId: Int64?, includeDone: Bool, callId: Int64? = nil, limit: Int = 500) async throws -> [FollowUp] {
        var filter = SQLQueryString("")
        if let callId { filter.appendInterpolation(unsafeRaw: " AND d.call_id = "); filter.appendInterpolation(bind: callId) }
        if let agentId { filter.appendInterpolation(unsafeRaw: " AND d.agent_id = "); filter.appendInterpolation(bind: agentId) }
        if !includeDone { filter.appendInterpolation(unsafeRaw: " AND d.follow_up_done_at_ms IS NULL") }
        return try await sql.raw("""
            SELECT d.call_id, d.code, d.follow_up_due, d.follow_up_text, d.agent_id, d.follow_up_done_at_ms, c.from_number, c.customer_id
            FROM call_dispositions d JOIN calls c ON c.id = d.call_id
            WHERE d.follow_up_due IS NOT NULL\(filter)
            ORDER BY d.follow_up_due, d.call_id LIMIT \(bind: limit)
            """).all().map {
            FollowUp(
                callId: try $0.int64("call_id"), code: try $0.string("code"), due: try $0.string("follow_up_due"), text: try $0.optionalString("follow_up_text"),
                agentId: try $0.optionalInt64("agent_id"), from: try $0.string("from_number"), customerId: try $0.optionalString("customer_id"),
                doneAt: try $0.optionalInt64("follow_up_done_at_ms").map(Instant.init(millisecondsSinceEpoch:)))
        }
    }

    /// Marks a call's follow-up done (or open again); false when the call has none.
    public func setFollowUpDone(callId: Int64, at moment: Instant?) async throws -> Bool {
        try await sql.raw("""
            UPDATE call_dispositions SET follow_up_done_at_ms = \(bind: moment?.millisecondsSinceEpoch)
            WHERE call_id = \(bind: callId) AND follow_up_due IS NOT NULL RETURNING call_id
            """).first() != nil
    }
}
