import RecEditCore

/// `postgres://…` or `postgresql://…` URLs and libpq `keyword=value` conninfo strings. Applies
/// `StoreOptions.lockTimeoutMs` and `statementTimeoutMs` as `lock_timeout` and `statement_timeout`.
public struct PostgresOpener: DatabaseOpener {
    public init() {}

    public var prefixes: [String] { ["postgres://", "postgresql://"] }
    public var example: String { "postgres://user@host/db" }

    /// A keyword/value conninfo ("host=... dbname=..."), and any other string libpq reads as one, whatever its
    /// first keyword ("user=bob host=/run/postgresql").
    public func claims(unprefixed text: String) -> Bool {
        if text.contains("=") && !text.contains("/") || text.hasPrefix("host=") || text.hasPrefix("dbname=") { return true }
        return text.contains("=") && PostgresConninfo.isValid(text)
    }

    public func location(_ conninfo: String) -> String { PostgresConninfo.redacted(conninfo) }
    public func hasPassword(_ conninfo: String) -> Bool { PostgresConninfo.hasPassword(conninfo) }
    public func withoutPassword(_ conninfo: String) -> String {
        PostgresConninfo.withoutPassword(conninfo) ?? PostgresConninfo.unparsable
    }
    public var passwordElsewhere: String? { "PGPASSWORD or ~/.pgpass" }

    public func open(_ conninfo: String, options: StoreOptions, create: Bool, readOnly: Bool) throws -> RecordDatabase {
        try PostgresDatabase(conninfo: conninfo, options: options)
    }
}
