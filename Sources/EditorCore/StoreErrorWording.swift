import RecEditCore

/// How a `StoreError` reads to a person: one line, what went wrong and what to do (the command names and config
/// keys that fix it). The command line and the editor both word store errors here, so a translation has one place.
public enum StoreErrorWording {
    public static func message(_ error: StoreError) -> String {
        switch error {
        case .cannotOpen(let location, let reason):
            return "cannot open database \(location): \(reason)"
        case .tableMissing(let table, let location):
            return "table '\(table)' does not exist in \(location); run 'recedit init' (or 'recedit adopt --table \(table)' once it exists)"
        case .notAdopted(let table, let missing):
            return "table '\(table)' is not set up for recedit (missing \(missing.joined(separator: ", "))); run 'recedit adopt --table \(table)'"
        case .columnsInUse(let table, let columns, let roles):
            return
                "table '\(table)' already has columns named \(columns.map { "'\($0)'" }.joined(separator: ", ")) that recedit would use for its edit state; nothing changed. Give recedit's columns other names in the config (\(roles.map { "\"columns\": {\"\($0)\": ...}" }.joined(separator: ", ")))"
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
