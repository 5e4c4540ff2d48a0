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
        return localized("cli.either", ["some": forms.dropLast().joined(separator: localized("cli.listSeparator")), "last": forms.last!])
    }

    /// libpq and Connector/C are loaded when first needed; when one cannot be, the command ends with one line
    /// saying what to install (exit 1) instead of going on without it.
    static func reportMissingClientLibraries() {
        PostgresLibrary.onMissing {
            Output.error(localized("cli.library.libpq", ["file": PostgresLibrary.file]))
            exit(ExitCode.error.rawValue)
        }
        MariaDBLibrary.onMissing {
            Output.error(localized("cli.library.mariadb", ["file": MariaDBLibrary.file]))
            exit(ExitCode.error.rawValue)
        }
    }
}
