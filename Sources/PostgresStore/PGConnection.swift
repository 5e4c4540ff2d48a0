import CLibpq
import Glibc
import RecEditCore

/// A failure reported by libpq or the server, before it is mapped to a `StoreError`.
struct PGFailure: Error, Sendable {
    /// SQLSTATE, or nil when the connection broke (no server answer).
    var sqlstate: String?
    var message: String
    var detail: String?
    /// The connection is gone: the outcome of the statement in flight is unknown.
    var connectionBroken: Bool

    var isRetryable: Bool { sqlstate == "40001" || sqlstate == "40P01" }
}

/// A result copied out of libpq at once: every cell as text (or nil for NULL).
struct PGRows {
    var columns: [String] = []
    var types: [UInt32] = []
    var rows: [[String?]] = []
    /// The number of rows a command touched (UPDATE/INSERT/DELETE), from PQcmdTuples.
    var affected: Int = 0

    var first: [String?]? { rows.first }
    var isEmpty: Bool { rows.isEmpty }
}

/// One libpq connection with recedit's session settings. A libpq connection must not be used by two threads
/// at once: every call here holds a (recursive) mutex, and `locked` holds it across several calls (a transaction).
final class PGConnection {
    private var mutex = pthread_mutex_t()
    let conninfo: String
    let options: StoreOptions
    /// Where it connects, for messages: never holds a password.
    let location: String
    private(set) var raw: OpaquePointer?
    /// Secrets (the password) removed from every message libpq or the server produces.
    private let secrets: [String]
    /// Statements sent after every (re)connect.
    private let sessionSQL: String
    /// Named prepared statements of this session, by SQL text (cleared when the connection is re-opened).
    private var prepared: [String: String] = [:]
    private var preparedCount = 0
    static let maxPrepared = 200
    /// libpq's connect_timeout unless the conninfo sets one.
    var connectTimeoutSeconds = 10
    /// How long `reconnect()` keeps trying, in milliseconds.
    var reconnectBudgetMs: Int = 5_000

    init(conninfo: String, options: StoreOptions) throws {
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_RECURSIVE))
        pthread_mutex_init(&mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
        self.conninfo = conninfo
        self.options = options
        secrets = PGConnection.passwords(in: conninfo)
        // Masked by parsing; a string libpq cannot parse is never shown (nor handed to libpq, whose parse
        // error would quote part of it, password included).
        location = PostgresConninfo.redacted(conninfo)
        sessionSQL = [
            "SET client_encoding = 'UTF8'",
            "SET client_min_messages = warning",
            "SET TimeZone = 'UTC'",
            "SET DateStyle = 'ISO, YMD'",
            "SET application_name = 'recedit'",
            "SET lock_timeout = \(max(0, options.lockTimeoutMs))",
            "SET statement_timeout = \(max(0, options.statementTimeoutMs))",
        ].joined(separator: "; ")
        guard PostgresConninfo.isValid(conninfo) else {
            throw StoreError.cannotOpen(
                location: location,
                reason:
                    "libpq cannot parse it; write key=value pairs, quoting a value that holds spaces or quotes as key='it\\'s here', or a postgresql:// URL with %-encoded special characters"
            )
        }
        do {
            try open()
        } catch let failure as PGFailure {
            throw StoreError.cannotOpen(location: location, reason: failure.message)
        }
    }

    deinit {
        if let raw { PQfinish(raw) }
        pthread_mutex_destroy(&mutex)
    }

    /// Runs `body` holding the connection's mutex (recursive: the calls inside take it again).
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }

    var isConnected: Bool { raw.map { PQstatus($0) == CONNECTION_OK } ?? false }

    var socket: Int32? {
        guard let raw, PQstatus(raw) == CONNECTION_OK else { return nil }
        let fd = PQsocket(raw)
        return fd >= 0 ? fd : nil
    }

    private func open() throws {
        if let raw { PQfinish(raw); self.raw = nil }
        // connect_timeout comes before the expanded conninfo, so a value the user gave wins (libpq: later entries
        // override earlier ones); it keeps an unreachable host from hanging a reconnect for minutes.
        let keywords = ["connect_timeout", "dbname"]
        let values = [String(connectTimeoutSeconds), conninfo]
        let kw = keywords.map { strdup($0) } + [nil]
        let vals = values.map { strdup($0) } + [nil]
        defer { kw.forEach { free($0) }; vals.forEach { free($0) } }
        let made = kw.map { UnsafePointer($0) }.withUnsafeBufferPointer { k in
            vals.map { UnsafePointer($0) }.withUnsafeBufferPointer { v in PQconnectdbParams(k.baseAddress, v.baseAddress, 1) }
        }
        guard let conn = made else {
            throw PGFailure(sqlstate: nil, message: "out of memory", detail: nil, connectionBroken: true)
        }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = scrub(String(cString: PQerrorMessage(conn)))
            PQfinish(conn)
            throw PGFailure(sqlstate: nil, message: message, detail: nil, connectionBroken: true)
        }
        recedit_pq_silence_notices(conn)
        raw = conn
        prepared.removeAll()
        try simple(sessionSQL)
    }

    /// Drops the broken connection and opens a new one, retrying with backoff for `reconnectBudgetMs` of wall
    /// time, the connection attempts included (each may take connect_timeout: scripts/faults F3).
    func reconnect() throws {
        try locked {
            var delayMs = 25
            var start = timespec()
            clock_gettime(CLOCK_MONOTONIC, &start)
            func waited() -> Int {
                var now = timespec()
                clock_gettime(CLOCK_MONOTONIC, &now)
                return (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1_000_000
            }
            while true {
                do {
                    try open()
                    return
                } catch let failure as PGFailure {
                    let spent = waited()
                    if spent >= reconnectBudgetMs { throw failure }
                    let pause = min(delayMs, reconnectBudgetMs - spent)
                    usleep(UInt32(pause) * 1000)
                    delayMs = min(delayMs * 2, 1000)
                }
            }
        }
    }

    /// Runs text without parameters (may hold several statements); returns nothing.
    func simple(_ sql: String) throws {
        try locked {
            guard let raw else { throw brokenFailure("not connected") }
            let result = try exchange(raw) { PQsendQuery($0, sql) }
            defer { PQclear(result) }
            try check(result)
        }
    }

    /// Runs one statement with parameters bound as text ($1, $2, ...; nil is NULL).
    @discardableResult
    func query(_ sql: String, _ params: [String?] = []) throws -> PGRows {
        try locked {
            guard let raw, PQstatus(raw) == CONNECTION_OK else { throw brokenFailure("not connected") }
            // Copies of the parameters live until PQexecParams returns; freed right after.
            let buffers: [UnsafeMutablePointer<CChar>?] = params.map { $0.map { strdup($0) } }
            defer { for b in buffers { free(b) } }
            let pointers = buffers.map { UnsafePointer($0) }
            let result = try pointers.withUnsafeBufferPointer { values in
                try exchange(raw) { PQsendQueryParams($0, sql, Int32(params.count), nil, values.baseAddress, nil, nil, 0) }
            }
            defer { PQclear(result) }
            try check(result)
            return copy(result!)
        }
    }

    /// Like `query`, through a named prepared statement made on first use (the hot paths: saves, loads,
    /// claims), so the server parses and plans each statement once per session.
    @discardableResult
    func queryPrepared(_ sql: String, _ params: [String?] = []) throws -> PGRows {
        try locked {
            guard let raw, PQstatus(raw) == CONNECTION_OK else { throw brokenFailure("not connected") }
            let buffers: [UnsafeMutablePointer<CChar>?] = params.map { $0.map { strdup($0) } }
            defer { for b in buffers { free(b) } }
            let pointers = buffers.map { UnsafePointer($0) }
            var retried = false
            while true {
                let name: String
                if let known = prepared[sql] {
                    name = known
                } else {
                    if prepared.count >= Self.maxPrepared {
                        try simple("DEALLOCATE ALL")
                        prepared.removeAll()
                    }
                    preparedCount += 1
                    name = "recedit_\(preparedCount)"
                    let made = try exchange(raw) { PQsendPrepare($0, name, sql, Int32(params.count), nil) }
                    defer { PQclear(made) }
                    try check(made)
                    prepared[sql] = name
                }
                let result = try pointers.withUnsafeBufferPointer { values in
                    try exchange(raw) { PQsendQueryPrepared($0, name, Int32(params.count), values.baseAddress, nil, nil, 0) }
                }
                defer { PQclear(result) }
                do {
                    try check(result)
                } catch let failure as PGFailure {
                    // The statement vanished (DISCARD ALL by a pooler) or its result type changed (ALTER TABLE): make it again.
                    if !retried, !failure.connectionBroken, failure.sqlstate == "26000" || failure.sqlstate == "0A000" {
                        retried = true
                        prepared[sql] = nil
                        if failure.sqlstate == "0A000" { _ = try? simple("DEALLOCATE \(name)") }
                        continue
                    }
                    throw failure
                }
                return copy(result!)
            }
        }
    }

    /// How long a statement's answer is awaited: the server's statement_timeout plus 2 s, so that a server (or a
    /// network path) that stops answering becomes an error instead of a hang (scripts/faults F3). 0 = no limit.
    var replyTimeoutMs: Int { options.statementTimeoutMs > 0 ? options.statementTimeoutMs + 2_000 : 0 }

    /// PQexec with a deadline: sends with `send`, then waits in poll() for the answer. The result is what PQexec
    /// would return (the last one, or the first error). Past the deadline the connection is dropped: the
    /// statement's outcome is unknown, and the caller settles it as for any broken connection.
    private func exchange(_ raw: OpaquePointer, _ send: (OpaquePointer) -> Int32) throws -> OpaquePointer? {
        guard send(raw) == 1 else { return nil }
        let limit = replyTimeoutMs
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        func elapsedMs() -> Int {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            return (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1_000_000
        }
        var kept: OpaquePointer?
        while true {
            while PQisBusy(raw) == 1 {
                let wait = limit > 0 ? limit - elapsedMs() : -1
                var ready: Int32 = 0
                if limit == 0 || wait > 0 {
                    var descriptor = pollfd(fd: PQsocket(raw), events: Int16(POLLIN), revents: 0)
                    ready = poll(&descriptor, 1, Int32(wait))
                    if ready < 0 && errno == EINTR { continue }
                }
                if ready == 0 {
                    PQclear(kept)
                    PQfinish(raw)
                    self.raw = nil
                    prepared.removeAll()
                    throw brokenFailure("no answer from the server within \(limit / 1000) s (statementTimeoutMs + 2 s); the connection was dropped")
                }
                if PQconsumeInput(raw) == 0 { break }
            }
            guard let next = PQgetResult(raw) else { return kept }
            if let held = kept, PQresultStatus(held) == PGRES_FATAL_ERROR {
                PQclear(next)
            } else {
                PQclear(kept)
                kept = next
            }
            if PQstatus(raw) != CONNECTION_OK && PQisBusy(raw) == 1 { return kept }
        }
    }

    private func check(_ result: OpaquePointer?) throws {
        guard let result else { throw brokenFailure(currentError()) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        default:
            let broken = raw.map { PQstatus($0) != CONNECTION_OK } ?? true
            let state = recedit_pq_sqlstate(result).map { String(cString: $0) }
            let primary =
                recedit_pq_message(result).map { String(cString: $0) }
                ?? String(cString: PQresultErrorMessage(result))
            let detail = recedit_pq_detail(result).map { scrub(String(cString: $0)) }
            var message = scrub(primary).trimmingTrailingNewlines()
            if message.isEmpty { message = currentError() }
            // Without an SQLSTATE the failure came from libpq (the socket), not the server.
            if state == nil || broken {
                throw PGFailure(sqlstate: state, message: message, detail: detail, connectionBroken: true)
            }
            throw PGFailure(sqlstate: state, message: message, detail: detail, connectionBroken: false)
        }
    }

    private func copy(_ result: OpaquePointer) -> PGRows {
        var out = PGRows()
        let nFields = Int(PQnfields(result))
        let nTuples = Int(PQntuples(result))
        out.columns.reserveCapacity(nFields)
        for c in 0..<nFields {
            out.columns.append(String(cString: PQfname(result, Int32(c))))
            out.types.append(UInt32(PQftype(result, Int32(c))))
        }
        out.rows.reserveCapacity(nTuples)
        for r in 0..<nTuples {
            var row: [String?] = []
            row.reserveCapacity(nFields)
            for c in 0..<nFields {
                if PQgetisnull(result, Int32(r), Int32(c)) != 0 {
                    row.append(nil)
                } else {
                    row.append(String(cString: PQgetvalue(result, Int32(r), Int32(c))))
                }
            }
            out.rows.append(row)
        }
        if let tuples = PQcmdTuples(result) { out.affected = Int(String(cString: tuples)) ?? nTuples }
        return out
    }

    private func currentError() -> String {
        guard let raw else { return "no connection" }
        let text = scrub(String(cString: PQerrorMessage(raw))).trimmingTrailingNewlines()
        return text.isEmpty ? "the server closed the connection" : text
    }

    private func brokenFailure(_ message: String) -> PGFailure {
        PGFailure(sqlstate: nil, message: message, detail: nil, connectionBroken: true)
    }

    /// Removes any password from a message (libpq does not print passwords, but a server message might echo one).
    func scrub(_ text: String) -> String {
        var out = text.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmedPG(of: " \t") }.joined(separator: "; ")
        for secret in secrets where !secret.isEmpty {
            out = out.replacingAll(secret, with: "***")
        }
        return out
    }

    /// Password values a conninfo holds (keyword form or URL), found with libpq's own parser.
    static func passwords(in conninfo: String) -> [String] {
        var found: [String] = []
        var error: UnsafeMutablePointer<CChar>?
        if let options = PQconninfoParse(conninfo, &error) {
            var p = options
            while let keyword = p.pointee.keyword {
                if String(cString: keyword) == "password", let value = p.pointee.val {
                    found.append(String(cString: value))
                }
                p += 1
            }
            PQconninfoFree(options)
        }
        if let error { PQfreemem(error) }
        return found.filter { !$0.isEmpty }
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = Substring(self)
        while let last = s.last, last == "\n" || last == " " || last == "\r" { s = s.dropLast() }
        return String(s)
    }

    func trimmedPG(of set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return replacing(target, with: replacement)
    }
}

extension Substring {
    func trimmedPG(of set: String) -> String { String(self).trimmedPG(of: set) }
}
