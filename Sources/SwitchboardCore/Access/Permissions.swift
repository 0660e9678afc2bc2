/// The groups of things a person can read or change; each API endpoint belongs to one.
public enum Resource: String, CaseIterable, Sendable {
    /// The signed-in person's own profile and session.
    case profile
    /// Accounts: usernames, roles, passwords, activation.
    case users
    case teams
    case skills
    case queues
    /// Agent records: team membership and skills (what routing uses).
    case agents
    /// The audit log of sign-ins and organisation changes.
    case audit
    /// Call records and timelines (read); the simulated telephony that injects calls and hangs
    /// up for callers (write). Agents act on their own calls whatever this says.
    case calls
    /// Customer records and what they have: billing, shipping, warranties (the screen pop).
    case customers
    /// Staffing and what-if computations (Erlang, simulation): they change nothing stored, so
    /// only reading applies.
    case staffing
    /// Call scripts and the knowledge base: everyone reads them; supervisors and quality
    /// specialists (who coach what agents say) write them.
    case knowledge
    /// Goals for agents and teams: agents read their own, team leaders set and read their
    /// team's, supervisors everyone's.
    case goals
}

/// Reading is listing or showing; writing is creating, changing or deleting.
public enum Operation: String, CaseIterable, Sendable {
    case read
    case write
}

/// The one table that decides what each role may do. Every endpoint asks it; the tests check
/// it as a matrix (every role × every resource × read/write) through the HTTP API.
public enum Permissions {
    /// Roles allowed per resource and operation. A person holding several roles may do what
    /// any of them may.
    public static let table: [Resource: [Operation: Set<Role>]] = [
        .profile: [.read: Set(Role.allCases), .write: Set(Role.allCases)],
        // Accounts carry roles and sign-in rights: only administrators change them; supervisors
        // see them to run the floor.
        .users: [.read: [.admin, .supervisor], .write: [.admin]],
        // The shape of the organisation is visible to every employee.
        .teams: [.read: Set(Role.allCases), .write: [.admin, .supervisor]],
        .skills: [.read: Set(Role.allCases), .write: [.admin]],
        .queues: [.read: Set(Role.allCases), .write: [.admin, .supervisor]],
        // Skills and team membership drive routing: supervisors and workforce planners set them.
        .agents: [.read: Set(Role.allCases), .write: [.admin, .supervisor, .workforce]],
        .audit: [.read: [.admin, .supervisor], .write: []],
        .calls: [.read: [.admin, .supervisor, .teamLeader, .qa], .write: [.admin, .supervisor]],
        // Everyone who talks to customers or checks the talking reads them; imports are managers'.
        .customers: [.read: [.admin, .supervisor, .teamLeader, .qa, .agent], .write: [.admin, .supervisor]],
        // Workforce planners' tools; supervisors and team leaders plan their floor too.
        .staffing: [.read: [.admin, .supervisor, .teamLeader, .workforce], .write: []],
        .knowledge: [.read: Set(Role.allCases), .write: [.admin, .supervisor, .qa]],
        .goals: [.read: [.admin, .supervisor, .teamLeader, .qa, .agent], .write: [.admin, .supervisor, .teamLeader]],
    ]

    public static func allows(_ roles: some Sequence<Role>, to operation: Operation, _ resource: Resource) -> Bool {
        let allowed = table[resource]?[operation] ?? []
        return roles.contains { allowed.contains($0) }
    }

    /// Throws `forbidden` unless one of `roles` may do `operation` on `resource`.
    public static func require(_ roles: some Sequence<Role>, to operation: Operation, _ resource: Resource) throws(SwitchboardError) {
        guard allows(roles, to: operation, resource) else {
            throw .forbidden("\(operation == .read ? "read" : "change") \(resource.rawValue)")
        }
    }
}
