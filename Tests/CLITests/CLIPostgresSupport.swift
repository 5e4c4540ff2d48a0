import Foundation
import XCTest

/// A database of its own on the test server (`RECEDIT_TEST_PG`, from scripts/pg-server), for command-line tests.
/// Made and dropped with `psql`. Without a server the test skips, unless `RECEDIT_REQUIRE_PG=1`.
enum CLIPostgres {
    static func baseURL() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["RECEDIT_TEST_PG"], !url.isEmpty { return url }
        if environment["RECEDIT_REQUIRE_PG"] == "1" {
            XCTFail("RECEDIT_TEST_PG is not set but RECEDIT_REQUIRE_PG=1: start a server with scripts/pg-server start DIR")
        }
        throw XCTSkip("RECEDIT_TEST_PG is not set (scripts/pg-server start DIR prints it)")
    }

    /// Runs SQL through psql on `url`.
    static func psql(_ url: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "psql: \(sql)")
    }

    /// A new empty database; returns its URL (the caller drops it with `drop`).
    static func create(_ tag: String) throws -> (url: String, name: String) {
        let base = try baseURL()
        let name = "recedit_cli_\(getpid())_\(tag)"
        try psql(base, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try psql(base, "CREATE DATABASE \(name)")
        guard let scheme = base.range(of: "://") else { return (base + " dbname=\(name)", name) }
        let rest = base[scheme.upperBound...]
        let query = rest.firstIndex(of: "?") ?? base.endIndex
        let path = rest[..<query].firstIndex(of: "/") ?? query
        return (String(base[..<path]) + "/" + name + String(base[query...]), name)
    }

    static func drop(_ name: String) {
        guard let base = try? baseURL() else { return }
        try? psql(base, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// `url` carrying a password (trust authentication ignores it).
    static func withPassword(_ password: String, _ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url + " password=\(password)" }
        let rest = url[scheme.upperBound...]
        guard let at = rest.firstIndex(of: "@") else { return String(url[..<scheme.upperBound]) + "postgres:\(password)@" + rest }
        return String(url[..<scheme.upperBound]) + rest[..<at] + ":" + password + rest[at...]
    }
}
