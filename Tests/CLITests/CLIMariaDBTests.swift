import Foundation
import XCTest

/// A database of its own on the MariaDB test server (`RECEDIT_TEST_MARIADB`, from scripts/mariadb-server), made
/// and dropped with the `mariadb` client. Without a server the test skips, unless `RECEDIT_REQUIRE_MARIADB=1`.
enum CLIMariaDB {
    static func baseURL() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let url = environment["RECEDIT_TEST_MARIADB"], !url.isEmpty { return url }
        if environment["RECEDIT_REQUIRE_MARIADB"] == "1" {
            XCTFail("RECEDIT_TEST_MARIADB is not set but RECEDIT_REQUIRE_MARIADB=1: start a server with scripts/mariadb-server start DIR")
        }
        throw XCTSkip("RECEDIT_TEST_MARIADB is not set (scripts/mariadb-server start DIR prints it)")
    }

    /// The `mariadb` client's arguments for the server of `url` (host, port, user; root has no password).
    static func clientArguments(_ url: String, database: String? = nil) -> [String] {
        var rest = Substring(url.drop { $0 != "/" }.dropFirst(2))
        if let q = rest.firstIndex(of: "?") { rest = rest[..<q] }
        var user = "root"
        if let at = rest.firstIndex(of: "@") { user = String(rest[..<at]); rest = rest[rest.index(after: at)...] }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        let hostPort = rest.split(separator: ":")
        var arguments = ["--no-defaults", "-u", user, "-h", String(hostPort[0]), "--protocol=TCP"]
        if hostPort.count > 1 { arguments += ["-P", String(hostPort[1])] }
        if let database { arguments.append(database) }
        return arguments
    }

    /// Runs SQL through the `mariadb` client.
    @discardableResult
    static func sql(_ url: String, _ sql: String, database: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/mariadb")
        process.arguments = clientArguments(url, database: database) + ["-N", "-B", "-e", sql]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "mariadb: \(sql)")
        return String(decoding: data, as: UTF8.self)
    }

    /// A new empty database; returns its URL (the caller drops it with `drop`).
    static func create(_ tag: String) throws -> (url: String, name: String) {
        let base = try baseURL()
        let name = "recedit_cli_\(getpid())_\(tag)"
        try sql(base, "DROP DATABASE IF EXISTS \(name); CREATE DATABASE \(name) CHARACTER SET utf8mb4")
        let scheme = base.range(of: "://")!
        let rest = base[scheme.upperBound...]
        let query = rest.firstIndex(of: "?") ?? base.endIndex
        let path = rest[..<query].firstIndex(of: "/") ?? query
        return (String(base[..<path]) + "/" + name + String(base[query...]), name)
    }

    static func drop(_ name: String) {
        guard let base = try? baseURL() else { return }
        try? sql(base, "DROP DATABASE IF EXISTS \(name)")
    }
}

/// Every command on MariaDB: init, list, show, new, set, history, restore (a deleted row too), claim, status,
/// release, adopt of an application's table with its own DATETIME(6) updated_at; passwords never shown.
final class CLIMariaDBTests: CLITestCase {
    func testEveryCommandWorksOnMariaDB() throws {
        let (url, name) = try CLIMariaDB.create("all")
        defer { CLIMariaDB.drop(name) }
        let r = { (arguments: [String]) throws -> Result in try self.run(["--db", url] + arguments) }
        let initialized = try r(["init", "--demo"])
        XCTAssertEqual(initialized.status, 0, initialized.stderr)
        XCTAssertEqual(try r(["init", "--demo"]).status, 0, "init is idempotent")
        let list = try r(["list"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("季度销售报告"), list.stdout)
        XCTAssertEqual(list.stdout.split(separator: "\n").count, 7)
        let shown = try json(try r(["show", "4", "--json"]).stdout)
        let original = try XCTUnwrap(shown["updated_at"] as? String)
        XCTAssertEqual(try r(["set", "4", "title=Changed"]).status, 0)
        // A checked save with a stale --expect is a conflict (exit 3).
        XCTAssertEqual(try r(["set", "4", "title=stale", "--expect", original]).status, 3)
        assertOneLineError(try r(["set", "1", "status=bogus"]), code: 1, mentions: "refused")
        let inserted = try r(["new", "title=from the CLI", "priority=2"])
        XCTAssertEqual(inserted.status, 0, inserted.stderr)
        XCTAssertTrue(inserted.stdout.contains("7"), inserted.stdout)
        // history and restore
        try CLIMariaDB.sql(url, "UPDATE records SET owner = 'shell' WHERE id = 4", database: name)
        let history = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try r(["history", "4", "--json"]).stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(history.count, 2)
        XCTAssertEqual(history[1]["updated_at"] as? String, original)
        XCTAssertEqual(try r(["restore", "4", original]).status, 0)
        XCTAssertEqual((try json(try r(["show", "4", "--json"]).stdout)["fields"] as? [String: Any])?["title"] as? String, "Order new laptops")
        // A deleted row is re-created from history.
        try CLIMariaDB.sql(url, "DELETE FROM records WHERE id = 6", database: name)
        let deleted = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try r(["history", "6", "--json"]).stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(deleted.first?["operation"] as? String, "delete")
        let stamp = try XCTUnwrap(deleted.first?["updated_at"] as? String)
        let recreated = try r(["restore", "6", stamp])
        XCTAssertEqual(recreated.status, 0, recreated.stderr)
        XCTAssertTrue(recreated.stdout.hasPrefix("re-created row 6"), recreated.stdout)
        // claim, status, release; a second claimant is busy (exit 5)
        XCTAssertEqual(try run(["--db", url, "claim", "2"], environment: ["RECEDIT_OWNER": "alice@h:1"]).status, 0)
        let busy = try run(["--db", url, "claim", "2"], environment: ["RECEDIT_OWNER": "bob@h:2"])
        XCTAssertEqual(busy.status, 5, busy.stderr)
        let status = try r(["status", "2"])
        XCTAssertTrue(status.stdout.contains("editing by alice@h:1"), status.stdout)
        XCTAssertEqual(try run(["--db", url, "release", "2"], environment: ["RECEDIT_OWNER": "alice@h:1"]).status, 0)
        XCTAssertTrue(try r(["status", "2"]).stdout.contains("idle"))
        XCTAssertEqual(try run(["--db", url, "claim", "3", "--lock"], environment: ["RECEDIT_OWNER": "alice@h:1"]).status, 0)
        assertOneLineError(try run(["--db", url, "set", "3", "title=x"], environment: ["RECEDIT_OWNER": "bob@h:2"]), code: 5, mentions: "exclusive")
        XCTAssertEqual(try r(["release", "3", "--force"]).status, 0)
    }

    func testAdoptReusesAnApplicationsUpdatedAtAndKeepsItsWritesWorking() throws {
        let (url, name) = try CLIMariaDB.create("adopt")
        defer { CLIMariaDB.drop(name) }
        try CLIMariaDB.sql(
            url,
            """
            CREATE TABLE app_item (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, qty INT NOT NULL,
                                   updated_at DATETIME(6) NOT NULL);
            INSERT INTO app_item (name, qty, updated_at) VALUES ('bolts', 1, UTC_TIMESTAMP(6));
            """, database: name)
        let adopted = try run(["--db", url, "--table", "app_item", "adopt", "--table", "app_item"])
        XCTAssertEqual(adopted.status, 0, adopted.stderr)
        let columns = try CLIMariaDB.sql(
            url, "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'app_item' AND COLUMN_NAME = 'updated_at'",
            database: name)
        XCTAssertEqual(columns.trimmingCharacters(in: .whitespacesAndNewlines), "1", "the application's updated_at is reused")
        // The application's own writes (an ORM's INSERT with its own stamp, an UPDATE) keep working.
        try CLIMariaDB.sql(
            url,
            "INSERT INTO app_item (name, qty, updated_at) VALUES ('nuts', 2, UTC_TIMESTAMP(6)); UPDATE app_item SET qty = qty + 1, updated_at = UTC_TIMESTAMP(6) WHERE id = 1",
            database: name)
        let set = try run(["--db", url, "--table", "app_item", "set", "1", "qty=10"])
        XCTAssertEqual(set.status, 0, set.stderr)
        let history = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(try run(["--db", url, "--table", "app_item", "history", "1", "--json"]).stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(history.compactMap { ($0["fields"] as? [String: Any])?["qty"] as? Int }, [2, 1])
        // No single-column key: refused, clearly.
        try CLIMariaDB.sql(url, "CREATE TABLE pairs (a INT, b INT, PRIMARY KEY (a, b))", database: name)
        assertOneLineError(try run(["--db", url, "adopt", "--table", "pairs"]), code: 1, mentions: "single-column")
    }

    func testAPasswordIsNeverShownAndAConfigHoldingOneMustBePrivate() throws {
        let (url, name) = try CLIMariaDB.create("pw")
        defer { CLIMariaDB.drop(name) }
        assertOneLineError(try run(["--db", "mysql://root@127.0.0.1", "list"]), code: 1, mentions: "names no database")
        let withPassword = url.replacingOccurrences(of: "://root@", with: "://root:Sekr1t-pw@")
        let failed = try run(["--db", withPassword, "list"])
        XCTAssertNotEqual(failed.status, 0)
        XCTAssertFalse(failed.stderr.contains("Sekr1t-pw"), failed.stderr)
        XCTAssertTrue(failed.stderr.contains("***"), failed.stderr)
        let config = home.appendingPathComponent("recedit.json")
        try Data(#"{"database": "\#(withPassword)"}"#.utf8).write(to: config)
        chmod(config.path, 0o644)
        let open = try run(["--config", config.path, "list"])
        XCTAssertNotEqual(open.status, 0)
        XCTAssertTrue(open.stderr.contains("0600") || open.stderr.contains("chmod"), open.stderr)
        XCTAssertFalse(open.stderr.contains("Sekr1t-pw"), open.stderr)
    }

    /// A row lock held past lockTimeoutMs (rounded up to MariaDB's whole seconds, tried three times) is busy:
    /// exit 5 within seconds, nothing written.
    func testALockHeldPastLockTimeoutExits5() throws {
        let (url, name) = try CLIMariaDB.create("busy")
        defer { CLIMariaDB.drop(name) }
        XCTAssertEqual(try run(["--db", url, "init", "--demo"]).status, 0)
        try Data(#"{"lockTimeoutMs": 200}"#.utf8).write(to: home.appendingPathComponent("recedit.json"))
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/mariadb")
        holder.arguments = CLIMariaDB.clientArguments(url, database: name) + ["-N", "-B", "-n"]
        let input = Pipe(), output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        defer {
            try? input.fileHandleForWriting.write(contentsOf: Data("ROLLBACK;\n".utf8))
            try? input.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        try input.fileHandleForWriting.write(contentsOf: Data("START TRANSACTION; SELECT 1 FROM records WHERE id = 1 FOR UPDATE; SELECT 'locked';\n".utf8))
        var seen = ""
        while !seen.contains("locked") {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { return XCTFail("the mariadb client ended before taking the lock: \(seen)") }
            seen += String(decoding: data, as: UTF8.self)
        }
        let started = Date()
        let result = try run(["--db", url, "set", "1", "title=x"])
        assertOneLineError(result, code: 5, mentions: "busy")
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
    }
}
