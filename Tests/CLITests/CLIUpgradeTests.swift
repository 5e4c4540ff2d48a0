import Foundation
import XCTest

/// A database made by recedit 0.1 (the demo table as `recedit init --demo` left it, dumped with `.dump`):
/// the first command after an upgrade may well be one that only reads.
final class CLIUpgradeTests: CLITestCase {
    func loadFixture(_ name: String) throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [home.appendingPathComponent("test.db").path]
        process.standardInput = try FileHandle(forReadingFrom: fixture)
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "sqlite3 could not load \(name)")
    }

    func testReadingCommandsWorkOnATableAnOlderReceditSetUp() throws {
        try loadFixture("recedit-0.1-demo.sql")
        let list = try recedit("list")
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("Quarterly report"), list.stdout)
        let status = try json(try recedit("status", "1", "--json").stdout)
        XCTAssertEqual(status["edit_state"] as? String, "idle")
        // Upgraded once: a locked claim now fits the state column, and another client's save is refused.
        XCTAssertEqual(try recedit("claim", "1", "--lock", environment: ["RECEDIT_OWNER": "alice@h:1"]).status, 0)
        XCTAssertEqual(try recedit("set", "1", "title=x", environment: ["RECEDIT_OWNER": "bob@h:2"]).status, 5)
        XCTAssertEqual(try json(try recedit("show", "1", "--json").stdout)["edit_state"] as? String, "locked")
    }
}
