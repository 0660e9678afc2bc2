/// One line of the audit log: who did what to which record, when, with the record before and
/// after the change as JSON (absent for creation and deletion respectively).
public struct AuditEntry: Codable, Equatable, Sendable {
    public var id: Int64
    public var at: Instant
    public var actorUserId: Int64?
    public var actorUsername: String?
    /// `user.create`, `queue.update`, `session.signIn`, `session.signInFailed`, …
    public var action: String
    public var entity: String
    public var entityId: Int64?
    public var before: String?
    public var after: String?

    public init(
        id: Int64 = 0, at: Instant, actorUserId: Int64?, actorUsername: String?, action: String, entity: String, entityId: Int64?,
        before: String? = nil, after: String? = nil
    ) {
        self.id = id
        self.at = at
        self.actorUserId = actorUserId
        self.actorUsername = actorUsername
        self.action = action
        self.entity = entity
        self.entityId = entityId
        self.before = before
        self.after = after
    }
}
