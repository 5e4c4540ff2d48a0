import CLibpq
import Foundation
import RecEditCore
import XCTest

/// The PostgreSQL server the tests use: `RECEDIT_TEST_PG` (a URL or conninfo, from `scripts/pg-server start`).
/// Without it the PostgreSQL tests skip, unless `RECEDIT_REQUIRE_PG=1` (as under scripts/test): then they fail.
enum PGTestServer {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The server's URL, or a skip (or failure) when none is configured.
    static func baseURL(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        if let url = environment["RECEDIT_TEST_PG"], !url.isEmpty { return url }
        if environment["RECEDIT_REQUIRE_PG"] == "1" {
            XCTFail("RECEDIT_TEST_PG is not set but RECEDIT_REQUIRE_PG=1: start a server with scripts/pg-server start DIR", file: file, line: line)
            throw StoreError.cannotOpen(location: "RECEDIT_TEST_PG", reason: "not set")
        }
        throw XCTSkip("RECEDIT_TEST_PG is not set (scripts/pg-server start DIR prints it)")
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var created: [String: String] = [:]

    /// A database of this test process's own, created once (named by pid and `tag`); returns its URL.
    static func database(tag: String) throws -> String {
        let base = try baseURL()
        lock.lock()
        defer { lock.unlock() }
        if let url = created[tag] { return url }
        let name = "recedit_test_\(getpid())_\(tag)"
        let admin = try RawPG(base)
        _ = try admin.exec("DROP DATABASE IF EXISTS \(quoteIdentifier(name)) WITH (FORCE)")
        _ = try admin.exec("CREATE DATABASE \(quoteIdentifier(name))")
        let url = withDatabase(base, name)
        created[tag] = url
        return url
    }

    /// Drops the database `database(tag:)` created (at the end of a test class).
    static func dropDatabase(tag: String) {
        lock.lock()
        defer { lock.unlock() }
        guard created.removeValue(forKey: tag) != nil, let base = try? baseURL(), let admin = try? RawPG(base) else { return }
        _ = try? admin.exec("DROP DATABASE IF EXISTS \(quoteIdentifier("recedit_test_\(getpid())_\(tag)")) WITH (FORCE)")
    }

    /// An empty `public` schema in the database at `url`.
    static func reset(_ url: String) throws {
        let conn = try RawPG(url)
        _ = try conn.exec("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public")
    }

    /// `url` pointing at database `name` (URL or keyword/value conninfo).
    static func withDatabase(_ url: String, _ name: String) -> String {
        guard let scheme = url.range(of: "://") else { return url + " dbname=\(name)" }
        let afterScheme = url[scheme.upperBound...]
        let queryStart = afterScheme.firstIndex(of: "?") ?? url.endIndex
        let authorityEnd = afterScheme[..<queryStart].firstIndex(of: "/") ?? queryStart
        return String(url[..<authorityEnd]) + "/" + name + String(url[queryStart...])
    }

    /// `url` with a password (the test server trusts local connections and ignores it).
    static func withPassword(_ password: String, _ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url + " password=\(password)" }
        let rest = url[scheme.upperBound...]
        guard let at = rest.firstIndex(of: "@") else {
            return String(url[..<scheme.upperBound]) + "postgres:\(password)@" + rest
        }
        let user = rest[..<at].split(separator: ":").first.map(String.init) ?? "postgres"
        return String(url[..<scheme.upperBound]) + user + ":" + password + String(rest[at...])
    }

    /// `url` with an extra connection parameter (e.g. options=-c default_transaction_isolation=serializable).
    static func adding(_ key: String, _ value: String, to url: String) -> String {
        if url.contains("://") {
            let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
            return url + (url.contains("?") ? "&" : "?") + key + "=" + encoded
        }
        let quoted = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        return url + " \(key)='" + quoted + "'"
    }
}

/// A bare libpq connection: the "foreign writer" (psql, an ORM) and the benchmark's baseline.
final class RawPG {
    let conn: OpaquePointer

    struct Failure: Error, CustomStringConvertible {
        var sqlstate: String
        var message: String
        var description: String { "\(sqlstate): \(message)" }
    }

    init(_ conninfo: String) throws {
        guard let c = PQconnectdb(conninfo) else { throw Failure(sqlstate: "", message: "out of memory") }
        guard PQstatus(c) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(c))
            PQfinish(c)
            throw Failure(sqlstate: "08006", message: message)
        }
        conn = c
        _ = try exec("SET TimeZone = 'UTC'; SET client_min_messages = warning")
    }

    deinit { PQfinish(conn) }

    /// Runs SQL (several statements allowed without parameters); returns the last result's rows.
    @discardableResult
    func exec(_ sql: String, _ params: [String?] = []) throws -> [[String?]] {
        let result: OpaquePointer?
        if params.isEmpty {
            result = PQexec(conn, sql)
        } else {
            let buffers: [UnsafeMutablePointer<CChar>?] = params.map { $0.map { strdup($0) } }
            defer { buffers.forEach { free($0) } }
            let pointers = buffers.map { UnsafePointer($0) }
            result = PQexecParams(conn, sql, Int32(params.count), nil, pointers, nil, nil, 0)
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let state = recedit_pq_sqlstate(result).map { String(cString: $0) } ?? ""
            throw Failure(sqlstate: state, message: String(cString: PQresultErrorMessage(result)))
        }
        var rows: [[String?]] = []
        for r in 0..<PQntuples(result) {
            rows.append(
                (0..<PQnfields(result)).map { c in
                    PQgetisnull(result, r, c) != 0 ? nil : String(cString: PQgetvalue(result, r, c))
                })
        }
        return rows
    }

    private var preparedNames: [String: String] = [:]

    /// The first cell of `sql` run as a named prepared statement (PQprepare once, then PQexecPrepared).
    func preparedScalar(_ sql: String, _ params: [String?]) throws -> String? {
        let name: String
        if let known = preparedNames[sql] {
            name = known
        } else {
            name = "raw_\(preparedNames.count)"
            let made = PQprepare(conn, name, sql, Int32(params.count), nil)
            defer { PQclear(made) }
            guard PQresultStatus(made) == PGRES_COMMAND_OK else {
                throw Failure(sqlstate: recedit_pq_sqlstate(made).map { String(cString: $0) } ?? "", message: String(cString: PQresultErrorMessage(made)))
            }
            preparedNames[sql] = name
        }
        let buffers: [UnsafeMutablePointer<CChar>?] = params.map { $0.map { strdup($0) } }
        defer { buffers.forEach { free($0) } }
        let pointers = buffers.map { UnsafePointer($0) }
        let result = PQexecPrepared(conn, name, Int32(params.count), pointers, nil, nil, 0)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw Failure(sqlstate: recedit_pq_sqlstate(result).map { String(cString: $0) } ?? "", message: String(cString: PQresultErrorMessage(result)))
        }
        guard PQntuples(result) > 0, PQgetisnull(result, 0, 0) == 0 else { return nil }
        return String(cString: PQgetvalue(result, 0, 0))
    }

    func scalar(_ sql: String, _ params: [String?] = []) throws -> String? {
        try exec(sql, params).first?.first ?? nil
    }

    var backendPID: Int32 { PQbackendPID(conn) }
}

extension PGTestServer {
    /// The TCP host and port of `url` (a skip when it names a Unix socket).
    static func tcpEndpoint(_ url: String) throws -> (host: String, port: Int) {
        var host = "localhost", port = 5432
        if let scheme = url.range(of: "://") {
            let rest = url[scheme.upperBound...]
            let end = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            var authority = rest[..<end]
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            if let colon = authority.lastIndex(of: ":") {
                port = Int(authority[authority.index(after: colon)...]) ?? 5432
                authority = authority[..<colon]
            }
            if !authority.isEmpty { host = String(authority) }
        } else {
            for pair in url.split(separator: " ") {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2 else { continue }
                if kv[0] == "host" || kv[0] == "hostaddr" { host = kv[1] }
                if kv[0] == "port" { port = Int(kv[1]) ?? 5432 }
            }
        }
        if host.hasPrefix("/") { throw XCTSkip("RECEDIT_TEST_PG names a Unix socket; this test needs TCP") }
        return (host == "localhost" ? "127.0.0.1" : host, port)
    }

    /// `url` with its host and port replaced.
    static func withEndpoint(_ url: String, host: String, port: Int) -> String {
        guard let scheme = url.range(of: "://") else { return url + " host=\(host) port=\(port)" }
        let rest = url[scheme.upperBound...]
        let end = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<end]
        let user = authority.lastIndex(of: "@").map { String(authority[...$0]) } ?? ""
        return String(url[..<scheme.upperBound]) + user + "\(host):\(port)" + String(rest[end...])
    }

    /// The repository's scripts directory (test sources may be reached through a symlink).
    static var scriptsDirectory: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts")
    }
}

/// A server of one test's own (scripts/pg-server), for tests that restart or stop it.
final class PrivateServer {
    let directory: String
    private(set) var url = ""
    private var stopped = false

    init() throws {
        _ = try PGTestServer.baseURL()  // only where PostgreSQL tests run at all
        directory = NSTemporaryDirectory() + "recedit-pg-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let output = try PrivateServer.script(["start", directory])
        for line in output.split(separator: "\n") where line.hasPrefix("export RECEDIT_TEST_PG='") {
            url = String(line.dropFirst("export RECEDIT_TEST_PG='".count).dropLast())
        }
        guard !url.isEmpty else { throw StoreError.cannotOpen(location: directory, reason: "pg-server printed no URL: \(output)") }
    }

    deinit { stop() }

    func restart() throws { _ = try PrivateServer.script(["restart", directory]) }

    func stop() {
        guard !stopped else { return }
        stopped = true
        _ = try? PrivateServer.script(["stop", directory])
    }

    /// Runs scripts/pg-server (posix_spawn + waitpid: Foundation's Process can miss the exit of a child
    /// that started a daemon). Returns its standard output.
    @discardableResult
    static func script(_ arguments: [String]) throws -> String {
        let path = PGTestServer.scriptsDirectory.appendingPathComponent("pg-server").path
        let outPath = NSTemporaryDirectory() + "pg-server-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).out"
        defer { unlink(outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard rc == 0 else { throw StoreError.unsupported("cannot run \(path): errno \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw StoreError.unsupported("pg-server \(arguments.joined(separator: " ")) failed (status \(status)): \(output)")
        }
        return output
    }
}

/// A TCP proxy in front of the server that can drop the server's next reply and the connection with it:
/// the client's statement ran (and committed) but the client never hears so.
final class DroppingProxy: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let targetHost: String
    private let targetPort: Int
    private let lock = NSLock()
    private var armed = false
    private var onDrop: (() -> Void)?
    private var _dropped = false
    private var running = true

    var dropped: Bool { lock.lock(); defer { lock.unlock() }; return _dropped }

    init(targetHost: String, targetPort: Int) throws {
        self.targetHost = targetHost
        self.targetPort = targetPort
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { throw StoreError.unsupported("proxy: bind/listen failed") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = Int(UInt16(bigEndian: addr.sin_port))
        listener = fd
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// The server's next answer to an UPDATE is not forwarded: both sides of that connection are closed instead,
    /// after `then` runs (e.g. another writer's UPDATE).
    func dropNextReply(then: (() -> Void)? = nil) {
        lock.lock()
        armed = true
        _dropped = false
        onDrop = then
        lock.unlock()
    }

    func stop() {
        lock.lock(); running = false; lock.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                lock.lock(); let go = running; lock.unlock()
                if go { continue } else { return }
            }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr(targetHost)
            addr.sin_port = UInt16(targetPort).bigEndian
            let ok = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard ok == 0 else { close(client); close(upstream); continue }
            Thread.detachNewThread { [self] in pump(from: client, to: upstream, serverSide: false) }
            Thread.detachNewThread { [self] in pump(from: upstream, to: client, serverSide: true) }
        }
    }

    private func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        var i = haystack.startIndex
        while i <= haystack.endIndex - needle.count {
            if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    private func pump(from source: Int32, to destination: Int32, serverSide: Bool) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(source, &buffer, buffer.count)
            if n <= 0 { break }
            // Armed, it drops the server's answer to a completed UPDATE (CommandComplete "UPDATE n"), which the
            // server sends after the statement's transaction committed.
            if serverSide, contains(buffer[0..<n], Array("UPDATE ".utf8)) {
                lock.lock()
                let drop = armed
                let then = onDrop
                if drop { armed = false; onDrop = nil }
                lock.unlock()
                if drop {
                    then?()
                    lock.lock(); _dropped = true; lock.unlock()
                    break
                }
            }
            var offset = 0
            while offset < n {
                let w = buffer.withUnsafeBytes { write(destination, $0.baseAddress! + offset, n - offset) }
                if w <= 0 { break }
                offset += w
            }
        }
        shutdown(source, Int32(SHUT_RDWR))
        shutdown(destination, Int32(SHUT_RDWR))
    }
}

/// Runs `body(0..<count)` on `count` threads of their own, started together (DispatchQueue.concurrentPerform
/// would cap the width at the number of cores), and waits for all of them.
func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    let start = DispatchSemaphore(value: 0)
    for i in 0..<count {
        group.enter()
        Thread.detachNewThread {
            start.wait()
            body(i)
            group.leave()
        }
    }
    for _ in 0..<count { start.signal() }
    group.wait()
}

/// A counter and error list shared by test threads.
final class SharedTally: @unchecked Sendable {
    private let lock = NSLock()
    private var _count = 0
    private var _errors: [String] = []
    private var _items: [Int] = []

    func add(_ n: Int) { lock.lock(); _count += n; lock.unlock() }
    func fail(_ error: Error) { lock.lock(); _errors.append("\(error)"); lock.unlock() }
    func append(_ i: Int) { lock.lock(); _items.append(i); lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return _count }
    var errors: [String] { lock.lock(); defer { lock.unlock() }; return _errors }
    var items: [Int] { lock.lock(); defer { lock.unlock() }; return _items }
}
