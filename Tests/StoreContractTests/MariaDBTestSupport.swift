import CMariaDB
import Foundation
import RecEditCore
import XCTest

/// The MariaDB server the tests use: `RECEDIT_TEST_MARIADB` (a mysql:// URL, from `scripts/mariadb-server start`).
/// Without it the MariaDB tests skip, unless `RECEDIT_REQUIRE_MARIADB=1` (as under scripts/test): then they fail.
enum MariaDBTestServer {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    static func baseURL(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        if let url = environment["RECEDIT_TEST_MARIADB"], !url.isEmpty { return url }
        if environment["RECEDIT_REQUIRE_MARIADB"] == "1" {
            XCTFail(
                "RECEDIT_TEST_MARIADB is not set but RECEDIT_REQUIRE_MARIADB=1: start a server with scripts/mariadb-server start DIR", file: file, line: line)
            throw StoreError.cannotOpen(location: "RECEDIT_TEST_MARIADB", reason: "not set")
        }
        throw XCTSkip("RECEDIT_TEST_MARIADB is not set (scripts/mariadb-server start DIR prints it)")
    }

    /// A fresh, empty database of this test process's own (named by pid and `tag`); returns its URL.
    static func freshDatabase(tag: String) throws -> String {
        let base = try baseURL()
        let name = "recedit_test_\(getpid())_\(tag)"
        let admin = try RawMariaDB(base)
        try admin.exec("DROP DATABASE IF EXISTS `\(name)`")
        try admin.exec("CREATE DATABASE `\(name)` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
        return withDatabase(base, name)
    }

    static func dropDatabase(tag: String) {
        guard let base = try? baseURL(), let admin = try? RawMariaDB(base) else { return }
        _ = try? admin.exec("DROP DATABASE IF EXISTS `recedit_test_\(getpid())_\(tag)`")
    }

    /// `url` pointing at database `name`.
    static func withDatabase(_ url: String, _ name: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let afterScheme = url[scheme.upperBound...]
        let queryStart = afterScheme.firstIndex(of: "?") ?? url.endIndex
        let authorityEnd = afterScheme[..<queryStart].firstIndex(of: "/") ?? queryStart
        return String(url[..<authorityEnd]) + "/" + name + String(url[queryStart...])
    }

    /// Host, port, user and database of a mysql:// URL of the test server (no password: root has none).
    static func parts(_ url: String) -> (host: String, port: UInt32, user: String, database: String?, socket: String?) {
        var rest = Substring(url.drop { $0 != "/" }.dropFirst(2))
        var socket: String?
        if let q = rest.firstIndex(of: "?") {
            let query = rest[rest.index(after: q)...]
            if query.hasPrefix("socket=") { socket = String(query.dropFirst(7)).removingPercentEncoding }
            rest = rest[..<q]
        }
        var user = "root"
        if let at = rest.firstIndex(of: "@") { user = String(rest[..<at]); rest = rest[rest.index(after: at)...] }
        var database: String?
        if let slash = rest.firstIndex(of: "/") { database = String(rest[rest.index(after: slash)...]); rest = rest[..<slash] }
        var host = String(rest), port: UInt32 = 0
        if let colon = rest.lastIndex(of: ":") { host = String(rest[..<colon]); port = UInt32(rest[rest.index(after: colon)...]) ?? 0 }
        return (host, port, user, database, socket)
    }
}

/// A bare Connector/C connection: the "foreign writer" (the mariadb shell, Django) and the benchmark's baseline.
final class RawMariaDB {
    let conn: UnsafeMutablePointer<MYSQL>

    struct Failure: Error, CustomStringConvertible {
        var code: UInt32
        var message: String
        var description: String { "\(code): \(message)" }
    }

    init(_ url: String, password: String? = nil) throws {
        let p = MariaDBTestServer.parts(url)
        guard let c = mysql_init(nil) else { throw Failure(code: 0, message: "out of memory") }
        mysql_options(c, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        guard
            mysql_real_connect(
                c, p.host, p.user, password, p.database, p.port, p.socket,
                UInt(CLIENT_FOUND_ROWS) | CLIENT_MULTI_STATEMENTS) != nil
        else {
            let failure = Failure(code: mysql_errno(c), message: String(cString: mysql_error(c)))
            mysql_close(c)
            throw failure
        }
        conn = c
        try exec("SET time_zone = '+00:00'")
    }

    deinit { mysql_close(conn) }

    /// Runs SQL (several statements allowed); returns the last result's rows, every cell as text.
    @discardableResult
    func exec(_ sql: String) throws -> [[String?]] {
        if mysql_real_query(conn, sql, UInt(sql.utf8.count)) != 0 {
            throw Failure(code: mysql_errno(conn), message: String(cString: mysql_error(conn)))
        }
        var rows: [[String?]] = []
        repeat {
            if let result = mysql_store_result(conn) {
                rows = []
                let n = Int(mysql_num_fields(result))
                while let row = mysql_fetch_row(result) {
                    rows.append((0..<n).map { row[$0].map { String(cString: $0) } })
                }
                mysql_free_result(result)
            }
            let next = mysql_next_result(conn)
            if next > 0 { throw Failure(code: mysql_errno(conn), message: String(cString: mysql_error(conn))) }
            if next != 0 { break }
        } while true
        return rows
    }

    var affectedRows: UInt64 { mysql_affected_rows(conn) }
}
