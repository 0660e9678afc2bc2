import Storage
import SwitchboardCore

/// What the web layer needs of the database without holding it: a health probe, how to tell
/// an outage from a fault, and where idempotent answers are kept.
extension OrganisationService {
    /// Throws unless the database answers a read within `timeout` (`/healthz`).
    public func pingDatabase(timeout: Duration) async throws {
        try await database.ping(timeout: timeout)
    }

    /// Whether an error means the database could not be reached or did not answer in time
    /// (503 with Retry-After: nothing was acknowledged) rather than a fault (500).
    public static func meansDatabaseUnreachable(_ error: any Error) -> Bool {
        Database.meansUnreachable(error)
    }

    /// The idempotent answers of this database (`Idempotency-Key`).
    public var idempotentAnswers: any IdempotentAnswers {
        DatabaseIdempotentAnswers(database: database, clock: clock)
    }
}
