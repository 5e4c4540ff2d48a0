import CMariaDB
import Glibc
import RecEditCore

/// A failure reported by Connector/C or the server, before it is mapped to a `StoreError`.
struct MariaDBFailure: Error, Sendable {
    /// The server's or client's error number (1213 deadlock, 1205 lock wait timeout, 2013 lost connection…).
    var code: UInt32
    var sqlstate: String
    var message: String

    /// The connection is gone: the outcome of the statement in flight is unknown.
    var connectionBroken: Bool {
        switch code {
        case 2002, 2003, 2006, 2013, 2026, 2055, 1927, 1053, 1152, 1158, 1159, 1160, 1161, 4031: return true
        default: return false
        }
    }

    /// Deadlock or lock-wait timeout: the transaction is rolled back (or should be) and may run again.
}

/// A value bound to a `?`.
enum MariaDBParam {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case bytes([UInt8])
    case blob([UInt8])
}

/// A cell copied out of a result at once.
enum MariaDBCell: Equatable {
    case null
    case bytes([UInt8])
    case double(Double)

    var string: String? {
        switch self {
        case .null: return nil
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        case .double(let d): return String(d)
        }
    }
}

struct MariaDBRows {
    var rows: [[MariaDBCell]] = []
    /// Rows matched by an UPDATE (CLIENT_FOUND_ROWS), inserted or deleted.
    var affected: Int = 0
    var insertID: UInt64 = 0

    var first: [MariaDBCell]? { rows.first }
}

/// One Connector/C connection with recedit's session settings (utf8mb4, UTC, timeouts, CLIENT_FOUND_ROWS).
/// A connection must not be used by two threads at once: every call holds a (recursive) mutex, and `locked`
/// holds it across several calls (a transaction). Prepared statements are kept per SQL text.
final class MariaDBConnection {
    private var mutex = pthread_mutex_t()
    let url: MariaDBURL
    let options: StoreOptions
    /// Where it connects, for messages: never holds a password.
    let location: String
    private(set) var raw: UnsafeMutablePointer<MYSQL>?
    private var statements: [String: MariaDBPrepared] = [:]
    /// The value of @recedit_writer in this session (set again only when it changes; forgotten on reconnect).
    var sessionWriter: String?
    /// How long `reconnect()` keeps trying, in milliseconds.
    var reconnectBudgetMs: Int = 5_000
    var connectTimeoutSeconds: UInt32 = 10

    private static let libraryReady: Int32 = recedit_mysql_library_init()

    init(url: MariaDBURL, options: StoreOptions) throws {
        _ = MariaDBConnection.libraryReady
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_RECURSIVE))
        pthread_mutex_init(&mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
        self.url = url
        self.options = options
        location = url.text(password: (url.password ?? "").isEmpty ? nil : "***")
        try connect()
    }

    deinit {
        close()
        pthread_mutex_destroy(&mutex)
    }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }

    var isConnected: Bool { raw != nil }

    func close() {
        locked {
            statements.removeAll()  // closes each statement (before the connection)
            if let raw { mysql_close(raw) }
            raw = nil
            sessionWriter = nil
        }
    }

    func connect() throws {
        try locked {
            close()
            guard let handle = mysql_init(nil) else { throw MariaDBFailure(code: 2008, sqlstate: "HY000", message: "out of memory") }
            var connectTimeout = connectTimeoutSeconds
            let lockSeconds = UInt32(max(1, (options.lockTimeoutMs + 999) / 1000))
            var ioTimeout = UInt32(max(30, options.statementTimeoutMs / 1000 + Int(lockSeconds) + 5))
            var noReconnect: my_bool = 0
            mysql_options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &connectTimeout)
            mysql_options(handle, MYSQL_OPT_READ_TIMEOUT, &ioTimeout)
            mysql_options(handle, MYSQL_OPT_WRITE_TIMEOUT, &ioTimeout)
            mysql_options(handle, MYSQL_OPT_RECONNECT, &noReconnect)
            mysql_options(handle, MYSQL_SET_CHARSET_NAME, "utf8mb4")
            let port = url.port
            // No password in the URL: MYSQL_PWD, as the mariadb client reads it (never argv).
            let password = (url.password ?? "").isEmpty ? getenv("MYSQL_PWD").map { String(cString: $0) } : url.password
            let connected = mysql_real_connect(
                handle, url.host, url.user, password, url.database, port, url.socket,
                UInt(CLIENT_FOUND_ROWS))
            guard connected != nil else {
                let failure = MariaDBConnection.failure(handle, scrub: password)
                mysql_close(handle)
                throw failure
            }
            raw = handle
            let statementSeconds = Double(max(0, options.statementTimeoutMs)) / 1000
            try execute(
                """
                SET time_zone = '+00:00', innodb_lock_wait_timeout = \(lockSeconds), lock_wait_timeout = \(lockSeconds),
                    max_statement_time = \(statementSeconds),
                    sql_mode = CONCAT(@@sql_mode, ',STRICT_TRANS_TABLES'), @recedit_writer = NULL
                """)
        }
    }

    /// Re-opens the connection, trying for up to `reconnectBudgetMs` (a restarting server takes a moment).
    func reconnect() throws {
        try locked {
            var waited = 0
            var delay = 50
            while true {
                do {
                    try connect()
                    return
                } catch let failure as MariaDBFailure {
                    guard failure.connectionBroken || failure.code == 2002 || failure.code == 2003, waited < reconnectBudgetMs else { throw failure }
                    usleep(UInt32(delay * 1000))
                    waited += delay
                    delay = min(delay * 2, 500)
                }
            }
        }
    }

    static func failure(_ handle: UnsafeMutablePointer<MYSQL>, scrub: String?) -> MariaDBFailure {
        var message = String(cString: mysql_error(handle))
        if let scrub, !scrub.isEmpty { message = message.replacingAll(scrub, with: "***") }
        return MariaDBFailure(code: mysql_errno(handle), sqlstate: String(cString: mysql_sqlstate(handle)), message: message)
    }

    private func handle() throws -> UnsafeMutablePointer<MYSQL> {
        guard let raw else { throw MariaDBFailure(code: 2006, sqlstate: "HY000", message: "not connected") }
        return raw
    }

    /// Runs SQL through the text protocol (DDL, transaction control); results are read and dropped.
    func execute(_ sql: String) throws {
        try locked {
            let h = try handle()
            let rc = sql.withCString { mysql_real_query(h, $0, UInt(strlen($0))) }
            if rc != 0 { throw broken(MariaDBConnection.failure(h, scrub: url.password)) }
            repeat {
                if let result = mysql_store_result(h) {
                    mysql_free_result(result)
                } else if mysql_field_count(h) != 0 {
                    throw broken(MariaDBConnection.failure(h, scrub: url.password))
                }
                let next = mysql_next_result(h)
                if next > 0 { throw broken(MariaDBConnection.failure(h, scrub: url.password)) }
                if next != 0 { break }
            } while true
        }
    }

    /// A failure that broke the connection closes it, so that the next call reconnects.
    private func broken(_ failure: MariaDBFailure) -> MariaDBFailure {
        if failure.connectionBroken { close() }
        return failure
    }

    /// Runs one statement as a prepared statement (kept for reuse), values bound; copies every row out.
    @discardableResult
    func query(_ sql: String, _ params: [MariaDBParam] = []) throws -> MariaDBRows {
        try locked {
            do {
                return try run(sql, params)
            } catch let failure as MariaDBFailure where failure.code == 1615 {
                // "Prepared statement needs to be re-prepared" (the table changed): once more, prepared anew.
                statements.removeValue(forKey: sql)
                return try run(sql, params)
            }
        }
    }

    private func statement(_ sql: String) throws -> MariaDBPrepared {
        if let prepared = statements[sql] { return prepared }
        let h = try handle()
        guard let stmt = mysql_stmt_init(h) else { throw MariaDBConnection.failure(h, scrub: url.password) }
        let rc = sql.withCString { mysql_stmt_prepare(stmt, $0, UInt(strlen($0))) }
        if rc != 0 {
            let failure = stmtFailure(stmt)
            mysql_stmt_close(stmt)
            throw broken(failure)
        }
        let prepared = MariaDBPrepared(stmt)
        if prepared.columns > 0, mysql_stmt_bind_result(stmt, prepared.results) != 0 {
            throw broken(stmtFailure(stmt))  // `prepared` closes the statement
        }
        if statements.count > 300 { statements.removeAll() }
        statements[sql] = prepared
        return prepared
    }

    private func stmtFailure(_ stmt: UnsafeMutablePointer<MYSQL_STMT>) -> MariaDBFailure {
        var message = String(cString: mysql_stmt_error(stmt))
        if let scrub = url.password, !scrub.isEmpty { message = message.replacingAll(scrub, with: "***") }
        return MariaDBFailure(code: mysql_stmt_errno(stmt), sqlstate: String(cString: mysql_stmt_sqlstate(stmt)), message: message)
    }

    private func run(_ sql: String, _ params: [MariaDBParam]) throws -> MariaDBRows {
        let prepared = try statement(sql)
        let stmt = prepared.stmt
        let fail = { () -> MariaDBFailure in
            let failure = self.stmtFailure(stmt)
            if failure.connectionBroken || failure.code == 1615 { self.statements.removeValue(forKey: sql) }
            return self.broken(failure)
        }
        // Parameters: buffers live until execute returns.
        let count = params.count
        let binds = recedit_mysql_binds(UInt32(count))!
        var buffers: [UnsafeMutableRawPointer] = []
        defer {
            buffers.forEach { $0.deallocate() }
            free(binds)
        }
        func store(_ bytes: [UInt8]) -> (UnsafeMutableRawPointer, UInt) {
            let p = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: 8)
            bytes.withUnsafeBytes { if let base = $0.baseAddress { p.copyMemory(from: base, byteCount: bytes.count) } }
            buffers.append(p)
            return (p, UInt(bytes.count))
        }
        for (i, param) in params.enumerated() {
            switch param {
            case .null:
                binds[i].buffer_type = MYSQL_TYPE_NULL
            case .int(let v):
                let p = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)
                p.storeBytes(of: v, as: Int64.self)
                buffers.append(p)
                binds[i].buffer_type = MYSQL_TYPE_LONGLONG
                binds[i].buffer = p
            case .double(let v):
                let p = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)
                p.storeBytes(of: v, as: Double.self)
                buffers.append(p)
                binds[i].buffer_type = MYSQL_TYPE_DOUBLE
                binds[i].buffer = p
            case .text(let s):
                let (p, n) = store(Array(s.utf8))
                binds[i].buffer_type = MYSQL_TYPE_STRING
                binds[i].buffer = p
                binds[i].buffer_length = n
            case .bytes(let b):
                let (p, n) = store(b)
                binds[i].buffer_type = MYSQL_TYPE_STRING
                binds[i].buffer = p
                binds[i].buffer_length = n
            case .blob(let b):
                let (p, n) = store(b)
                binds[i].buffer_type = MYSQL_TYPE_BLOB
                binds[i].buffer = p
                binds[i].buffer_length = n
            }
        }
        if count > 0, mysql_stmt_bind_param(stmt, binds) != 0 { throw fail() }
        if mysql_stmt_execute(stmt) != 0 { throw fail() }

        var out = MariaDBRows()
        guard prepared.columns > 0 else {
            out.affected = Int(truncatingIfNeeded: mysql_stmt_affected_rows(stmt))
            out.insertID = mysql_stmt_insert_id(stmt)
            return out
        }
        defer { mysql_stmt_free_result(stmt) }
        let columns = prepared.columns, capacity = MariaDBPrepared.capacity
        let data = prepared.data, lengths = prepared.lengths, nulls = prepared.nulls
        let isDouble = prepared.isDouble
        while true {
            let rc = mysql_stmt_fetch(stmt)
            if rc == MYSQL_NO_DATA { break }
            if rc != 0 && rc != MYSQL_DATA_TRUNCATED { throw fail() }
            var row: [MariaDBCell] = []
            row.reserveCapacity(columns)
            for c in 0..<columns {
                if nulls[c] != 0 { row.append(.null); continue }
                if isDouble[c] { row.append(.double((data + c * capacity).load(as: Double.self))); continue }
                let length = Int(lengths[c])
                if length <= capacity {
                    row.append(.bytes(Array(UnsafeRawBufferPointer(start: data + c * capacity, count: length))))
                } else {
                    var bytes = [UInt8](repeating: 0, count: length)
                    var got: UInt = 0
                    var isNull: my_bool = 0
                    let rc = bytes.withUnsafeMutableBytes { buffer -> Int32 in
                        let one = recedit_mysql_binds(1)!
                        defer { free(one) }
                        one[0].buffer_type = MYSQL_TYPE_STRING
                        one[0].buffer = buffer.baseAddress
                        one[0].buffer_length = UInt(length)
                        return withUnsafeMutablePointer(to: &got) { g in
                            withUnsafeMutablePointer(to: &isNull) { n in
                                one[0].length = g
                                one[0].is_null = n
                                return mysql_stmt_fetch_column(stmt, one, UInt32(c), 0)
                            }
                        }
                    }
                    if rc != 0 { throw fail() }
                    row.append(.bytes(bytes))
                }
            }
            out.rows.append(row)
        }
        out.affected = out.rows.count
        return out
    }
}

/// A prepared statement and its result buffers, bound once (mysql_stmt_bind_result holds across executions).
/// Closes the statement when dropped.
final class MariaDBPrepared {
    static let capacity = 256
    let stmt: UnsafeMutablePointer<MYSQL_STMT>
    let columns: Int
    var isDouble: [Bool] = []
    let results: UnsafeMutablePointer<MYSQL_BIND>
    let data: UnsafeMutableRawPointer
    let lengths: UnsafeMutablePointer<UInt>
    let nulls: UnsafeMutablePointer<my_bool>
    let errors: UnsafeMutablePointer<my_bool>

    init(_ stmt: UnsafeMutablePointer<MYSQL_STMT>) {
        self.stmt = stmt
        let meta = mysql_stmt_result_metadata(stmt)
        columns = meta.map { Int(mysql_num_fields($0)) } ?? 0
        let n = max(1, columns)
        results = recedit_mysql_binds(UInt32(n))!
        data = UnsafeMutableRawPointer.allocate(byteCount: n * MariaDBPrepared.capacity, alignment: 8)
        lengths = UnsafeMutablePointer<UInt>.allocate(capacity: n)
        nulls = UnsafeMutablePointer<my_bool>.allocate(capacity: n)
        errors = UnsafeMutablePointer<my_bool>.allocate(capacity: n)
        if let meta {
            let fields = mysql_fetch_fields(meta)!
            for c in 0..<columns {
                let type = fields[c].type
                let double = type == MYSQL_TYPE_DOUBLE || type == MYSQL_TYPE_FLOAT
                isDouble.append(double)
                results[c].buffer_type = double ? MYSQL_TYPE_DOUBLE : MYSQL_TYPE_STRING
                results[c].buffer = data + c * MariaDBPrepared.capacity
                results[c].buffer_length = UInt(MariaDBPrepared.capacity)
                results[c].length = lengths + c
                results[c].is_null = nulls + c
                results[c].error = errors + c
            }
            mysql_free_result(meta)
        }
    }

    deinit {
        mysql_stmt_close(stmt)
        free(results)
        data.deallocate()
        lengths.deallocate()
        nulls.deallocate()
        errors.deallocate()
    }
}
