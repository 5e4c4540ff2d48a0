import Foundation
import XCTest

/// The command line on PostgreSQL: the demo table's rules match SQLite's, and a lock held past lockTimeoutMs
/// is "busy" (exit 5), as on SQLite.
final class CLIPostgresTests: CLITestCase {
    func testTheDemoTableRefusesAnUnknownStatusLikeSQLite() throws {
        let (url, name) = try CLIPostgres.create("demo")
        defer { CLIPostgres.drop(name) }
        XCTAssertEqual(try run(["--db", url, "init", "--demo"]).status, 0)
        assertOneLineError(try run(["--db", url, "set", "1", "status=bogus"]), code: 1, mentions: "refused")
        XCTAssertEqual(try run(["--db", url, "set", "1", "status=done"]).status, 0)
        XCTAssertEqual(try run(["--db", url, "new", "title=x", "status=nope"]).status, 1)
        let shown = try json(try run(["--db", url, "show", "1", "--json"]).stdout)
        XCTAssertEqual((shown["fields"] as? [String: Any])?["status"] as? String, "done")
    }

    func testALockHeldPastLockTimeoutExits5() throws {
        let (url, name) = try CLIPostgres.create("busy")
        defer { CLIPostgres.drop(name) }
        XCTAssertEqual(try run(["--db", url, "init", "--demo"]).status, 0)
        try Data(#"{"lockTimeoutMs": 200}"#.utf8).write(to: home.appendingPathComponent("recedit.json"))
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        holder.arguments = ["-X", "-q", "-A", "-t", "-d", url]
        let input = Pipe(), output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        defer {
            try? input.fileHandleForWriting.write(contentsOf: Data("ROLLBACK;\n\\q\n".utf8))
            try? input.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        try input.fileHandleForWriting.write(contentsOf: Data("BEGIN; SELECT 1 FROM records WHERE id = 1 FOR UPDATE; SELECT 'locked';\n".utf8))
        var seen = ""
        while !seen.contains("locked") {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else { return XCTFail("psql ended before taking the lock: \(seen)") }
            seen += String(decoding: data, as: UTF8.self)
        }
        let result = try run(["--db", url, "set", "1", "title=x"])
        assertOneLineError(result, code: 5, mentions: "busy")
    }
}
