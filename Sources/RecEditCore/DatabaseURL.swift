/// How one kind of database is named, shown and opened. Each adapter provides one (`SQLiteOpener`,
/// `PostgresOpener`, `MariaDBOpener`); the command line lists them, in one place, and asks them instead of
/// knowing the kinds itself. A *target* is what the opener works from: a file path, a conninfo, a URL.
public protocol DatabaseOpener: Sendable {
    /// Beginnings of the text that name this kind (`sqlite:`, `postgres://`). Every opener's prefixes are
    /// tried before any `claims(unprefixed:)`; no two openers may share one.
    var prefixes: [String] { get }
    /// How messages show the form ("sqlite:PATH"), in the list of forms a mistyped database gets.
    var example: String { get }
    /// The target for a text that starts with one of `prefixes`; throws `DatabaseURL.ParseError` when the rest
    /// cannot name a database.
    func target(prefixed text: String) throws -> String
    /// True when a text no opener's prefix names is still this kind (a libpq `keyword=value` conninfo).
    /// Asked in the order the openers are listed.
    func claims(unprefixed text: String) -> Bool
    /// True for a database kept in a local file whose path is the target: the command line then expands
    /// `~/` in it and checks its directory before creating it.
    var keepsFile: Bool { get }
    /// Why this user can read the database but not write it (the file's mode, its directory, a read-only file
    /// system), or nil: `recedit open` then opens the row read-only, saying why, instead of failing.
    func readOnlyReason(_ target: String) -> String?
    /// The target as messages show it, any password masked (the same text as the opened database's `location`).
    func location(_ target: String) -> String
    /// True when the target carries a password, or cannot be parsed (then it might).
    func hasPassword(_ target: String) -> Bool
    /// The target with its password left out, for a command printed to be pasted (a placeholder when it
    /// cannot be parsed).
    func withoutPassword(_ target: String) -> String
    /// Where the driver takes a password left out of the target ("PGPASSWORD or ~/.pgpass"); nil when this
    /// kind has no passwords.
    var passwordElsewhere: String? { get }
    /// Opens the database; throws `StoreError.cannotOpen` (password-free) when it cannot be reached.
    /// - Parameter create: make it when missing (a file database, for `init` and the default database).
    /// - Parameter readOnly: the command only reads (a file database is then opened read-only).
    func open(_ target: String, options: StoreOptions, create: Bool, readOnly: Bool) throws -> RecordDatabase
}

extension DatabaseOpener {
    public func target(prefixed text: String) throws -> String { text }
    public func claims(unprefixed text: String) -> Bool { false }
    public var keepsFile: Bool { false }
    public func readOnlyReason(_ target: String) -> String? { nil }
    public func hasPassword(_ target: String) -> Bool { false }
    public func withoutPassword(_ target: String) -> String { target }
    public var passwordElsewhere: String? { nil }
}

/// Where the data lives: the opener of its kind and the target that opener works from.
public struct DatabaseURL: Sendable {
    public var opener: any DatabaseOpener
    public var target: String

    public init(opener: any DatabaseOpener, target: String) {
        self.opener = opener
        self.target = target
    }

    public enum ParseError: Error, Equatable { case unrecognized(String), emptyPath }

    /// The database `text` names: the opener whose prefix it starts with, else the first that claims it.
    public static func parse(_ text: String, openers: [any DatabaseOpener]) throws -> DatabaseURL {
        for opener in openers where opener.prefixes.contains(where: { text.hasPrefix($0) }) {
            return DatabaseURL(opener: opener, target: try opener.target(prefixed: text))
        }
        if let opener = openers.first(where: { $0.claims(unprefixed: text) }) {
            return DatabaseURL(opener: opener, target: text)
        }
        throw ParseError.unrecognized(text)
    }

    /// The target as messages show it, any password masked.
    public var location: String { opener.location(target) }
}

/// Limits a store applies to its connection. They are named by what they bound, not by a database's setting;
/// each adapter applies those its database has (see its opener) and maps them onto its own settings.
public struct StoreOptions: Sendable, Equatable {
    /// How long a write waits while another writer holds the whole database (a file lock).
    public var busyTimeoutMs: Int = 5_000
    /// How long a statement waits for a row or table lock another session holds (0 = no limit).
    public var lockTimeoutMs: Int = 5_000
    /// How long one statement may run (0 = no limit).
    public var statementTimeoutMs: Int = 30_000

    public init() {}
}
