import SwitchboardCore

/// Where the records live, parsed from a URL:
/// `sqlite://./switchboard.sqlite`, `sqlite:///var/lib/switchboard.sqlite`, `sqlite::memory:`,
/// or `postgres://user:password@host:5432/database` (also `postgresql://`).
public enum DatabaseURL: Equatable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case sqliteInMemory
    case postgres(PostgresTarget)

    public struct PostgresTarget: Equatable, Sendable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        /// Tables are created and looked up in this schema first (tests isolate themselves with it).
        public var searchPath: String?
        /// libpq's `sslmode`: `disable` (the default), `prefer`, `require` or `verify-full`.
        public var sslMode: SSLMode = .disable

        public enum SSLMode: String, Sendable, Equatable {
            case disable, prefer, require
            case verifyFull = "verify-full"
        }

        public init(host: String, port: Int, username: String, password: String?, database: String, searchPath: String? = nil) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.searchPath = searchPath
        }
    }

    public static let defaultURL = "sqlite://./switchboard.sqlite"

    public init(parsing text: String) throws(SwitchboardError) {
        let invalid = SwitchboardError.invalid(
            "database",
            "Database URL '\(Self.redacted(text))' is not understood; use sqlite://PATH or postgres://user:password@host:port/database.")
        if text == "sqlite::memory:" || text == "sqlite://:memory:" {
            self = .sqliteInMemory
            return
        }
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw invalid }
            self = .sqlite(path: Self.percentDecoded(path))
            return
        }
        var rest: Substring
        if text.hasPrefix("postgres://") {
            rest = text.dropFirst("postgres://".count)
        } else if text.hasPrefix("postgresql://") {
            rest = text.dropFirst("postgresql://".count)
        } else {
            throw invalid
        }
        var searchPath: String?
        var sslMode = PostgresTarget.SSLMode.disable
        if let question = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map { Self.percentDecoded(String($0)) }
                switch (kv.first, kv.count == 2 ? kv[1] : nil) {
                case ("search_path", let value?): searchPath = value
                case ("sslmode", let value?):
                    guard let mode = PostgresTarget.SSLMode(rawValue: value) else {
                        throw SwitchboardError.invalid("database", "sslmode '\(value)' is not supported; use disable, prefer, require or verify-full.")
                    }
                    sslMode = mode
                default:
                    throw SwitchboardError.invalid("database", "The database URL parameter '\(kv.first ?? "")' is not understood; Switchboard reads search_path and sslmode.")
                }
            }
            rest = rest[..<question]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw invalid }
        let database = Self.percentDecoded(String(rest[rest.index(after: slash)...]))
        var authority = rest[..<slash]
        var username = "postgres"
        var password: String?
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                username = Self.percentDecoded(String(credentials[..<colon]))
                password = Self.percentDecoded(String(credentials[credentials.index(after: colon)...]))
            } else {
                username = Self.percentDecoded(String(credentials))
            }
        }
        var host = String(authority)
        var port = 5432
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            guard let parsed = Int(authority[authority.index(after: colon)...]), (1...65535).contains(parsed) else { throw invalid }
            port = parsed
            host = String(authority[..<colon])
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !database.isEmpty else { throw invalid }
        var target = PostgresTarget(host: host, port: port, username: username, password: password, database: database, searchPath: searchPath)
        target.sslMode = sslMode
        self = .postgres(target)
    }

    /// The URL with any password replaced by `***`, safe to log.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite://\(path)"
        case .sqliteInMemory: "sqlite::memory:"
        case .postgres(let t): "postgres://\(t.username)\(t.password == nil ? "" : ":***")@\(t.host):\(t.port)/\(t.database)"
        }
    }

    static func redacted(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let colonSlash = text.firstIndex(of: ":"),
            text[colonSlash...].hasPrefix("://"), colonSlash < at
        else { return text }
        let credentials = text[text.index(colonSlash, offsetBy: 3)..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }

    static func percentDecoded(_ text: String) -> String {
        let input = Array(text.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count,
                let value = UInt8(String(decoding: input[index + 1...index + 2], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
