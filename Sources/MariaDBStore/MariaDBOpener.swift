import RecEditCore

/// `mysql://…` or `mariadb://…` URLs (`MariaDBURL`). Applies `StoreOptions.lockTimeoutMs` and
/// `statementTimeoutMs` as `innodb_lock_wait_timeout` (whole seconds) and `max_statement_time`.
public struct MariaDBOpener: DatabaseOpener {
    public init() {}

    public var prefixes: [String] { MariaDBURL.schemes }
    public var example: String { "mysql://user@host/db" }

    public func location(_ url: String) -> String { MariaDBURL.redacted(url) }
    public func hasPassword(_ url: String) -> Bool { MariaDBURL.hasPassword(url) }
    public func withoutPassword(_ url: String) -> String { MariaDBURL.withoutPassword(url) ?? MariaDBURL.unparsable }
    public var passwordElsewhere: String? { "MYSQL_PWD" }

    public func open(_ url: String, options: StoreOptions, create: Bool, readOnly: Bool) throws -> RecordDatabase {
        try MariaDBDatabase(url: url, options: options)
    }
}
