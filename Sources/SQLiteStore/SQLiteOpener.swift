import Glibc
import RecEditCore

/// `sqlite:PATH` (or `sqlite://PATH`): a database file. Applies `StoreOptions.busyTimeoutMs` as `busy_timeout`.
public struct SQLiteOpener: DatabaseOpener {
    public init() {}

    public var prefixes: [String] { ["sqlite:"] }
    public var example: String { "sqlite:PATH" }
    public var keepsFile: Bool { true }

    public func target(prefixed text: String) throws -> String {
        var path = String(text.dropFirst("sqlite:".count))
        if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
        guard !path.isEmpty else { throw DatabaseURL.ParseError.emptyPath }
        return path
    }

    public func location(_ path: String) -> String { "sqlite:" + path }

    public func readOnlyReason(_ path: String) -> String? {
        guard access(path, R_OK) == 0 else { return nil }
        let directory = PathText.directory(of: path).isEmpty ? "." : PathText.directory(of: path)
        if access(path, W_OK) != 0 {
            return errno == EROFS ? "the database is on a read-only file system" : "the database file is read-only for you"
        }
        if access(directory, W_OK) != 0 {
            return errno == EROFS ? "the database is on a read-only file system" : "its directory is not writable for you (SQLite needs it for the -wal file)"
        }
        return nil
    }

    public func open(_ path: String, options: StoreOptions, create: Bool, readOnly: Bool) throws -> RecordDatabase {
        try SQLiteDatabase(path: path, options: options, create: create, readOnly: readOnly)
    }
}
