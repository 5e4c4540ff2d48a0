/// Where the data lives: `sqlite:PATH`, a PostgreSQL URL / conninfo, or a MariaDB / MySQL URL.
public enum DatabaseURL: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(conninfo: String)
    /// `mysql://…` or `mariadb://…` (parsed and masked by the MariaDB adapter, MariaDBURL).
    case mariadb(url: String)

    public enum ParseError: Error, Equatable { case unrecognized(String), emptyPath }

    public static func parse(_ text: String) throws -> DatabaseURL {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw ParseError.emptyPath }
            return .sqlite(path: path)
        }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") { return .postgres(conninfo: text) }
        if text.hasPrefix("mysql://") || text.hasPrefix("mariadb://") { return .mariadb(url: text) }
        // A libpq keyword/value conninfo ("host=... dbname=...").
        if text.contains("=") && !text.contains("/") || text.hasPrefix("host=") || text.hasPrefix("dbname=") {
            return .postgres(conninfo: text)
        }
        throw ParseError.unrecognized(text)
    }

    // Passwords are found and masked by the PostgreSQL adapter, which parses with libpq (PostgresConninfo).
}

/// Settings a store takes when it opens.
public struct StoreOptions: Sendable, Equatable {
    /// SQLite busy_timeout.
    public var busyTimeoutMs: Int = 5_000
    /// PostgreSQL lock_timeout and statement_timeout (0 = off).
    public var lockTimeoutMs: Int = 5_000
    public var statementTimeoutMs: Int = 30_000

    public init() {}
}
