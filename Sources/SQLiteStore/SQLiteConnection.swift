import CSQLite
import Glibc
import RecEditCore

/// Owns one `sqlite3*` handle, its prepared-statement cache and its settings.
final class SQLiteConnection {
    let path: String
    private(set) var handle: OpaquePointer?
    private var cache: [String: SQLiteStatement] = [:]

    /// Opens `path`. With `create` false a missing file is an error (an explicitly named database is never created implicitly).
    /// With `readOnly` nothing is written (`query_only`, the journal mode left as it is), and a file the user may not
    /// write, or in a directory the user may not write, is opened SQLITE_OPEN_READONLY: reading commands work there.
    init(path: String, create: Bool, options: StoreOptions, readOnly: Bool = false) throws {
        self.path = path
        let location = "sqlite:" + path
        var info = stat()
        let exists = stat(path, &info) == 0
        if exists && (info.st_mode & S_IFMT) == S_IFDIR {
            let file = (path.hasSuffix("/") ? path : path + "/") + "recedit.db"
            throw StoreError.cannotOpen(location: location, reason: "it is a directory, not a database file; name a file, e.g. sqlite:\(file)")
        }
        let directory = SQLiteConnection.directory(of: path)
        let readOnlyHint = "or use list, show, history and status, which only read"
        // A reader that may not write the file or its directory would leave a -wal and -shm file the owner cannot
        // write (or cannot make them at all). With no -wal file no writer has the database open: it is read as an
        // immutable file instead. One who may write both opens it read-write but query-only: closing then tidies
        // the -wal/-shm files away as a writer's close does (a read-only handle leaves them).
        let mayWrite = exists && access(path, W_OK) == 0 && access(directory, W_OK) == 0
        let immutable = readOnly && exists && !mayWrite && access(path + "-wal", F_OK) != 0
        do {
            if immutable {
                handle = try SQLiteConnection.open(
                    SQLiteConnection.immutableURI(path), flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                    options: options, setWAL: false)
            } else if readOnly {
                handle = try SQLiteConnection.open(
                    path, flags: mayWrite ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY,
                    options: options, setWAL: false, queryOnly: true)
            } else {
                handle = try SQLiteConnection.open(
                    path, flags: SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0),
                    options: options, setWAL: true)
            }
        } catch SQLiteConnection.OpenFailure.failed(let code, let reason) {
            if !exists && !create && code & 0xFF == SQLITE_CANTOPEN {
                throw StoreError.cannotOpen(location: location, reason: "no such database file; create it with 'recedit --db sqlite:\(path) init'")
            }
            if exists && access(path, R_OK) != 0 {
                throw StoreError.cannotOpen(location: location, reason: "you may not read the file; ask for read access to it (its owner or mode)")
            }
            if access(directory, F_OK) != 0 {
                throw StoreError.cannotOpen(location: location, reason: "the directory '\(directory)' does not exist")
            }
            let directoryWritable = access(directory, W_OK) == 0
            if !directoryWritable && (code & 0xFF == SQLITE_READONLY || code & 0xFF == SQLITE_CANTOPEN) {
                let name = path.split(separator: "/").last.map(String.init) ?? path
                throw StoreError.cannotOpen(
                    location: location,
                    reason:
                        "the directory '\(directory)' is not writable for you, and SQLite keeps \(name)-wal and \(name)-shm there; ask for write access to the directory, "
                        + readOnlyHint)
            }
            if code & 0xFF == SQLITE_READONLY {
                throw StoreError.cannotOpen(location: location, reason: "the file is read-only for you; ask for write access to it, " + readOnlyHint)
            }
            if code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED { throw SQLiteConnection.error(code: code, message: reason) }
            // A full disk fails the open itself (SQLite makes its -shm file then): "disk I/O error" says little.
            if code & 0xFF == SQLITE_FULL || code & 0xFF == SQLITE_IOERR, SQLiteConnection.diskIsFull(directory) {
                throw StoreError.cannotOpen(location: location, reason: "the disk is full (\(reason)); free some space on it and try again")
            }
            throw StoreError.cannotOpen(location: location, reason: reason)
        }
        if !readOnly, let handle, sqlite3_db_readonly(handle, "main") == 1 {
            close()
            throw StoreError.cannotOpen(location: location, reason: "the file is read-only for you; ask for write access to it, " + readOnlyHint)
        }
    }

    enum OpenFailure: Error { case failed(code: Int32, reason: String) }

    /// Opens and sets up one handle; closes it again on any failure.
    private static func open(_ name: String, flags: Int32, options: StoreOptions, setWAL: Bool, queryOnly: Bool = false) throws -> OpaquePointer {
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(name, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let reason = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw OpenFailure.failed(code: rc, reason: reason)
        }
        func fail(_ code: Int32) -> OpenFailure {
            let failure = OpenFailure.failed(code: code, reason: String(cString: sqlite3_errmsg(db)))
            sqlite3_close_v2(db)
            return failure
        }
        sqlite3_extended_result_codes(db, 1)
        // Double-quoted strings are identifiers only: a typo'd column name must not become a string literal.
        _ = recedit_sqlite_db_config_int(db, SQLITE_DBCONFIG_DQS_DML, 0)
        _ = recedit_sqlite_db_config_int(db, SQLITE_DBCONFIG_DQS_DDL, 0)
        sqlite3_busy_timeout(db, Int32(options.busyTimeoutMs))
        var rc2 = sqlite3_exec(db, queryOnly ? "PRAGMA foreign_keys = ON; PRAGMA query_only = ON" : "PRAGMA foreign_keys = ON", nil, nil, nil)
        guard rc2 == SQLITE_OK else { throw fail(rc2) }
        if setWAL {
            var statement: OpaquePointer?
            rc2 = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &statement, nil)
            var mode = ""
            if rc2 == SQLITE_OK {
                rc2 = sqlite3_step(statement)
                if rc2 == SQLITE_ROW, let text = sqlite3_column_text(statement, 0) { mode = String(cString: text); rc2 = SQLITE_OK }
            }
            sqlite3_finalize(statement)
            guard rc2 == SQLITE_OK || rc2 == SQLITE_DONE else { throw fail(rc2) }
            if mode != "wal" && name != ":memory:" {
                sqlite3_close_v2(db)
                throw OpenFailure.failed(code: SQLITE_ERROR, reason: "could not switch to WAL journal mode (got \(mode))")
            }
        }
        // Reads the header: fails early on a file that is not a database.
        rc2 = sqlite3_exec(db, "PRAGMA user_version", nil, nil, nil)
        guard rc2 == SQLITE_OK else { throw fail(rc2) }
        return db
    }

    /// `file:PATH?immutable=1`, the path %-encoded where a URI would misread it.
    static func immutableURI(_ path: String) -> String {
        var bytes: [UInt8] = []
        for byte in path.utf8 {
            if byte == UInt8(ascii: "%") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") {
                bytes += Array(("%" + String(byte, radix: 16, uppercase: true)).utf8)
            } else {
                bytes.append(byte)
            }
        }
        let encoded = String(decoding: bytes, as: UTF8.self)
        let prefix = encoded.hasPrefix("//") ? "file:" + "///" + encoded.drop { $0 == "/" } : "file:" + encoded
        return prefix + "?immutable=1"
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    deinit { close() }

    func close() {
        cache.removeAll()
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// A cached prepared statement, reset and with bindings cleared.
    func statement(_ sql: String) throws -> SQLiteStatement {
        if let cached = cache[sql] {
            cached.reset()
            return cached
        }
        let statement = try SQLiteStatement(connection: self, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// Runs SQL that may hold several statements and returns no rows (DDL, pragmas, BEGIN/COMMIT).
    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteConnection.error(code: rc, message: text)
        }
    }

    func scalar(_ sql: String, _ arguments: [Value] = []) throws -> Value {
        let statement = try self.statement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        return try statement.step() ? statement.column(0) : .null
    }

    func rows(_ sql: String, _ arguments: [Value] = []) throws -> [[Value]] {
        let statement = try self.statement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        var out: [[Value]] = []
        while try statement.step() { out.append(statement.row()) }
        return out
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so the
    /// transaction cannot fail half-way on a lock upgrade. Rolls back on any error.
    func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try statement("BEGIN IMMEDIATE").run()
        do {
            let result = try body()
            try statement("COMMIT").run()
            return result
        } catch {
            if sqlite3_get_autocommit(handle) == 0 { try? execute("ROLLBACK") }
            throw error
        }
    }

    var changes: Int { Int(sqlite3_changes(handle)) }

    /// True when the file system holding `directory` has no block left for an ordinary user.
    static func diskIsFull(_ directory: String) -> Bool {
        var info = statvfs()
        return statvfs(directory, &info) == 0 && info.f_bavail == 0
    }

    static func error(code: Int32, message: String) -> StoreError {
        switch code & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .timeout(message: message)
        case SQLITE_CONSTRAINT:
            return .constraint(message: message)
        case SQLITE_FULL:
            // scripts/faults F7: said plainly; the transaction was rolled back.
            return .database(code: "SQLITE_FULL", message: "the disk is full (\(message)); nothing was written: free some space and try again", detail: nil)
        default:
            // The code's name only when it says more than the message ("attempt to write a readonly database" once).
            let name = String(cString: sqlite3_errstr(code))
            return .database(code: name == message ? "SQLITE \(code)" : "SQLITE \(code) (\(name))", message: message, detail: nil)
        }
    }

    func lastError(_ code: Int32) -> StoreError {
        SQLiteConnection.error(code: code, message: String(cString: sqlite3_errmsg(handle)))
    }
}
