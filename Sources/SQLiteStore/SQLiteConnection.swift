import CSQLite
import RecEditCore

/// Owns one `sqlite3*` handle, its prepared-statement cache and its settings.
final class SQLiteConnection {
    let path: String
    private(set) var handle: OpaquePointer?
    private var cache: [String: SQLiteStatement] = [:]

    /// Opens `path`. With `create` false a missing file is an error (an explicitly named database is never created implicitly).
    init(path: String, create: Bool, options: StoreOptions) throws {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let reason = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            if rc == SQLITE_CANTOPEN && !create {
                throw StoreError.cannotOpen(location: "sqlite:" + path, reason: "no such database file; create it with 'recedit --db sqlite:\(path) init'")
            }
            throw StoreError.cannotOpen(location: "sqlite:" + path, reason: reason)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        // Double-quoted strings are identifiers only: a typo'd column name must not become a string literal.
        _ = recedit_sqlite_db_config_int(db, SQLITE_DBCONFIG_DQS_DML, 0)
        _ = recedit_sqlite_db_config_int(db, SQLITE_DBCONFIG_DQS_DDL, 0)
        sqlite3_busy_timeout(db, Int32(options.busyTimeoutMs))
        do {
            try execute("PRAGMA foreign_keys = ON")
            let mode = try scalar("PRAGMA journal_mode = WAL")
            if mode != .text("wal") && path != ":memory:" {
                throw StoreError.cannotOpen(location: "sqlite:" + path, reason: "could not switch to WAL journal mode (got \(mode.displayText))")
            }
            _ = try scalar("PRAGMA user_version") // reads the header: fails early on a file that is not a database
        } catch let error as StoreError {
            close()
            if case .database(_, let message, _) = error {
                throw StoreError.cannotOpen(location: "sqlite:" + path, reason: message)
            }
            throw error
        }
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

    static func error(code: Int32, message: String) -> StoreError {
        switch code & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED:
            return .timeout(message: message)
        case SQLITE_CONSTRAINT:
            return .constraint(message: message)
        default:
            let name = String(cString: sqlite3_errstr(code))
            return .database(code: "SQLITE \(code) (\(name))", message: message, detail: nil)
        }
    }

    func lastError(_ code: Int32) -> StoreError {
        SQLiteConnection.error(code: code, message: String(cString: sqlite3_errmsg(handle)))
    }
}
