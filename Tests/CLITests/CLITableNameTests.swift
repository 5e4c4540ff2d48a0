import Foundation
import XCTest

/// `--table` names a table the way the database does: SQLite ignores ASCII letter case; PostgreSQL folds an
/// unquoted name to lower case and otherwise needs the exact spelling (and recedit names the near miss).
final class CLITableNameTests: CLITestCase {
    func testSQLiteTableNamesIgnoreLetterCase() throws {
        try initDemo()
        let listed = try run(["--db", db, "--table", "RECORDS", "list"])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stdout.contains("Quarterly report"), listed.stdout)
        XCTAssertTrue(try run(["--db", db, "--table", "Records", "show", "1", "--json"]).stdout.contains(#""table": "records""#))

        try sqlite("CREATE TABLE Items (sku TEXT PRIMARY KEY, qty INTEGER); INSERT INTO Items VALUES ('a', 1)")
        let notYet = try run(["--db", db, "--table", "ITEMS", "list"])
        assertOneLineError(notYet, code: 1, mentions: "adopt --table Items")
        let adopted = try run(["--db", db, "--table", "ITEMS", "adopt"])
        XCTAssertEqual(adopted.status, 0, adopted.stderr)
        XCTAssertTrue(adopted.stdout.contains("table 'Items'"), adopted.stdout)
        XCTAssertEqual(try run(["--db", db, "--table", "items", "set", "a", "qty=2"]).status, 0)
        XCTAssertTrue(try run(["--db", db, "--table", "Items", "show", "a"]).stdout.contains("qty         2"))
        XCTAssertEqual(
            try run(["--db", db, "--table", "iTeMs", "history", "a", "--json"]).stdout.contains("\"qty\": 1"), true,
            "one set of triggers, named after the stored name")
    }

    func testPostgreSQLFoldsUnquotedNamesAndNamesTheNearMiss() throws {
        let (url, name) = try CLIPostgres.create("tables")
        defer { CLIPostgres.drop(name) }
        try CLIPostgres.psql(url, #"CREATE TABLE items (sku text PRIMARY KEY, qty int); CREATE TABLE "Mixed" (id int PRIMARY KEY, v text)"#)
        let adopted = try run(["--db", url, "--table", "ITEMS", "adopt"])
        XCTAssertEqual(adopted.status, 0, adopted.stderr)
        XCTAssertTrue(adopted.stdout.contains("table 'items'"), adopted.stdout)
        XCTAssertEqual(try run(["--db", url, "--table", "Items", "new", "sku=a", "qty=1"]).status, 0)
        XCTAssertTrue(try run(["--db", url, "--table", "items", "list"]).stdout.contains("a "))

        XCTAssertEqual(try run(["--db", url, "--table", "Mixed", "adopt"]).status, 0, "the exact spelling reaches a quoted name")
        assertOneLineError(try run(["--db", url, "--table", "mixed", "adopt"]), code: 1, mentions: "did you mean --table 'Mixed'")
        assertOneLineError(try run(["--db", url, "--table", "MIXED", "list"]), code: 1, mentions: "did you mean --table 'Mixed'")
        assertOneLineError(try run(["--db", url, "--table", "nothing", "list"]), code: 1, mentions: "recedit init")
    }
}
