/// Everything a store can report. Each case carries enough to say what is wrong and what to do, in one line.
public enum StoreError: Error, Sendable, Equatable {
    /// The database file or server cannot be opened.
    case cannotOpen(location: String, reason: String)
    case tableMissing(table: String, location: String)
    /// The table exists but lacks recedit's columns or triggers.
    case notAdopted(table: String, missing: [String])
    case noSingleColumnKey(table: String)
    /// `adopt` found user columns under the names recedit needs for its edit state (and not from an earlier
    /// adopt): `roles` are the keys under "columns" in the config that rename recedit's columns.
    case columnsInUse(table: String, columns: [String], roles: [String])
    case unknownColumn(table: String, column: String)
    /// A CHECK, NOT NULL, UNIQUE or foreign-key rule refused the write.
    case constraint(message: String)
    /// Another writer held the database past the busy/lock timeout.
    case timeout(message: String)
    /// PostgreSQL serialization failure or deadlock that survived the retries.
    case serialization(message: String)
    case connectionLost(message: String)
    case unsupported(String)
    /// Any other database error, with the driver's code (SQLite result code or SQLSTATE).
    case database(code: String, message: String, detail: String?)

    /// One line for a person: what went wrong and what to do.
    public var userMessage: String {
        switch self {
        case .cannotOpen(let location, let reason):
            return "cannot open database \(location): \(reason)"
        case .tableMissing(let table, let location):
            return "table '\(table)' does not exist in \(location); run 'recedit init' (or 'recedit adopt --table \(table)' once it exists)"
        case .notAdopted(let table, let missing):
            return "table '\(table)' is not set up for recedit (missing \(missing.joined(separator: ", "))); run 'recedit adopt --table \(table)'"
        case .columnsInUse(let table, let columns, let roles):
            return "table '\(table)' already has columns named \(columns.map { "'\($0)'" }.joined(separator: ", ")) that recedit would use for its edit state; nothing changed. Give recedit's columns other names in the config (\(roles.map { "\"columns\": {\"\($0)\": ...}" }.joined(separator: ", ")))"
        case .noSingleColumnKey(let table):
            return "table '\(table)' has no single-column primary key; name a unique column with --key COL"
        case .unknownColumn(let table, let column):
            return "table '\(table)' has no column '\(column)'; see 'recedit show <id>' for the columns"
        case .constraint(let message):
            return "the database refused the change: \(message)"
        case .timeout(let message):
            return "the database stayed busy: \(message); try again, or raise busyTimeoutMs / lockTimeoutMs in the config"
        case .serialization(let message):
            return "the database could not serialize the write: \(message); try again"
        case .connectionLost(let message):
            return "lost the connection to the database: \(message)"
        case .unsupported(let what):
            return what
        case .database(let code, let message, let detail):
            return "database error \(code): \(message)" + (detail.map { " (\($0))" } ?? "")
        }
    }
}

extension StoreError: CustomStringConvertible {
    public var description: String { userMessage }
}
