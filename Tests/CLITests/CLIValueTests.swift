import Foundation
import XCTest

/// Values JSON cannot hold, and values that are not what their column says, on the command line.
final class CLIValueTests: CLITestCase {
    func items(_ arguments: String...) throws -> Result {
        try run(["--db", db, "--table", "items"] + arguments)
    }

    func historyJSON() throws -> [[String: Any]] {
        let result = try items("history", "B 2", "--json")
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    func price(_ fields: Any?) -> Any? { (fields as? [String: Any])?["price"] }

    /// issue 8, item 8: `UPDATE items SET price=9e999` then history, --expect and show --json.
    func testAnInfiniteRealRoundTripsThroughHistoryMergingAndJSON() throws {
        try initDemo()
        try sqlite("CREATE TABLE items (sku TEXT PRIMARY KEY, name TEXT, price REAL); INSERT INTO items VALUES ('A 1', 'apple', 1.5), ('B 2', 'bread', 2.25)")
        XCTAssertEqual(try run(["--db", db, "adopt", "--table", "items"]).status, 0)
        let finite = try XCTUnwrap(json(try items("show", "B 2", "--json").stdout)["updated_at"] as? String)
        try sqlite("UPDATE items SET price=9e999 WHERE sku='B 2'")
        let infinite = try XCTUnwrap(json(try items("show", "B 2", "--json").stdout)["updated_at"] as? String)
        let set = try items("set", "B 2", "name=X")
        XCTAssertEqual(set.status, 0, set.stderr)

        let text = try items("history", "B 2")
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertEqual(text.stderr, "")
        let history = try historyJSON()
        XCTAssertEqual(history.count, 2)
        XCTAssertEqual(price(history[0]["fields"]) as? [String: String], ["$real": "Infinity"], "the documented encoding")
        XCTAssertEqual(price(history[1]["fields"]) as? Double, 2.25)

        let shown = try json(try items("show", "B 2", "--json").stdout)
        XCTAssertEqual(price(shown["fields"]) as? [String: String], ["$real": "Infinity"], "never null")
        XCTAssertTrue(try items("show", "B 2").stdout.contains("Infinity"))

        // --expect the version whose price was infinite (it is in history now): my price wins over theirs' name.
        let merged = try items("set", "B 2", "price=4", "--expect", infinite)
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertTrue(merged.stderr.contains("kept theirs: name"), merged.stderr)
        // --expect the older finite version: both changed price, a conflict report, not a parse error.
        let conflict = try items("set", "B 2", "price=5", "--expect", finite)
        XCTAssertEqual(conflict.status, 3, conflict.stderr)
        XCTAssertTrue(conflict.stdout.contains("theirs: 4.0"), conflict.stdout)
        let now = try json(try items("show", "B 2", "--json").stdout)
        XCTAssertEqual(price(now["fields"]) as? Double, 4)
        XCTAssertEqual((now["fields"] as? [String: Any])?["name"] as? String, "X")
        XCTAssertEqual(price(try historyJSON()[0]["fields"]) as? [String: String], ["$real": "Infinity"])
    }

    func testUnreadableHistoryIsAOneLineErrorWithoutSwiftTypes() throws {
        try initDemo()
        try sqlite(
            "INSERT INTO recedit_history (table_name, row_key, operation, updated_at, fields, recorded_at) VALUES ('records', 1, 'update', '2000-01-01 00:00:00.000000', '{\"price\":Inf', '2000-01-01 00:00:00.000000')"
        )
        let result = try recedit("history", "1")
        assertOneLineError(result, code: 1, mentions: "recedit_history")
        XCTAssertFalse(result.stderr.contains("ParseError"), result.stderr)
        XCTAssertFalse(result.stderr.contains("message:"), result.stderr)
    }
}

final class CLIMergeWriterTests: CLITestCase {
    /// issue 8, item 9: each field a merge keeps from theirs names who wrote it, not only the last writer.
    func testSetNamesTheWriterOfEachFieldItKeeps() throws {
        try initDemo()
        let loaded = try updatedAt("2")
        XCTAssertEqual(try recedit("set", "2", "title=Bob's title", "status=done", environment: ["RECEDIT_OWNER": "bob@vm:2000"]).status, 0)
        XCTAssertEqual(try recedit("set", "2", "owner=alice", environment: ["RECEDIT_OWNER": "alice@vm:1020"]).status, 0)
        let result = try recedit("set", "2", "priority=9", "--expect", loaded, environment: ["RECEDIT_OWNER": "carol@vm:3000"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let notes = result.stderr.split(separator: "\n").map(String.init)
        XCTAssertTrue(notes.contains { $0.contains("kept theirs: title") && $0.contains("bob@vm:2000") }, result.stderr)
        XCTAssertTrue(notes.contains { $0.contains("kept theirs: status") && $0.contains("bob@vm:2000") }, result.stderr)
        XCTAssertTrue(notes.contains { $0.contains("kept theirs: owner") && $0.contains("alice@vm:1020") }, result.stderr)
        XCTAssertFalse(notes.contains { $0.contains("kept theirs: title") && $0.contains("alice") }, result.stderr)
    }
}
