import Glibc
import MariaDBStore
import PostgresStore
import RecEditCore
import SQLiteStore

/// The kinds of database recedit opens. A new database adds its adapter's opener to `openers`, and nothing else
/// here: parsing `--db`, masking passwords and opening go through the opener.
public enum Databases {
    public static let openers: [any DatabaseOpener] = [
        SQLiteOpener(),
        PostgresOpener(),
        MariaDBOpener(),
    ]

    /// Where the data lives when nothing names a database: a file (created with the demo table on first use).
    static let defaultOpener: any DatabaseOpener = SQLiteOpener()

    public static func parse(_ text: String) throws -> DatabaseURL {
        try DatabaseURL.parse(text, openers: openers)
    }

    /// The forms a database can be named in, for a message: "sqlite:PATH, postgres://user@host/db or mysql://…".
    static var examples: String {
        let forms = openers.map(\.example)
        guard forms.count > 1 else { return forms.joined() }
        return forms.dropLast().joined(separator: ", ") + " or " + forms.last!
    }

    /// libpq and Connector/C are loaded when first needed; when one cannot be, the command ends with one line
    /// saying what to install (exit 1) instead of going on without it.
    static func reportMissingClientLibraries() {
        PostgresLibrary.onMissing {
            Output.error("PostgreSQL support needs \(PostgresLibrary.file) (apt install libpq5)")
            exit(ExitCode.error.rawValue)
        }
        MariaDBLibrary.onMissing {
            Output.error("MariaDB and MySQL support needs \(MariaDBLibrary.file) (apt install libmariadb3)")
            exit(ExitCode.error.rawValue)
        }
    }
}
