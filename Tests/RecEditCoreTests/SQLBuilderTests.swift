import RecEditCore
import XCTest

final class SQLBuilderTests: XCTestCase {
    func testNumberedPlaceholdersFollowTheValues() {
        var q = SQLBuilder<String?>(.numbered)
        let key = q.placeholder(for: "7")
        q.append("UPDATE \(quoteIdentifier("t")) SET ")
        q.append("\(quoteIdentifier("a")) = ", "x")
        q.append(", \(quoteIdentifier("b")) = ", nil)
        q.append(" WHERE \(quoteIdentifier("id")) = \(key) OR \(quoteIdentifier("id")) = \(key) + ", "1")
        XCTAssertEqual(q.sql, #"UPDATE "t" SET "a" = $2, "b" = $3 WHERE "id" = $1 OR "id" = $1 + $4"#)
        XCTAssertEqual(q.arguments, ["7", "x", nil, "1"])
    }

    func testPositionalPlaceholdersOnePerValueInOrder() {
        var q = SQLBuilder<Int>(.positional, "INSERT INTO t (a, b, c) VALUES (")
        q.append(list: [1, 2, 3])
        q.append(") ON CONFLICT DO UPDATE SET a = ", 4)
        q.append(" WHERE b = ")
        q.bind(5)
        XCTAssertEqual(q.sql, "INSERT INTO t (a, b, c) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET a = ? WHERE b = ?")
        XCTAssertEqual(q.arguments, [1, 2, 3, 4, 5])
        XCTAssertEqual(q.sql.filter { $0 == "?" }.count, q.arguments.count)
    }

    func testAnEmptyListAddsNothing() {
        var q = SQLBuilder<Int>(.numbered, "SELECT ")
        q.append(list: [])
        XCTAssertEqual(q.sql, "SELECT ")
        XCTAssertTrue(q.arguments.isEmpty)
    }

    /// Values never reach the text, whatever they hold.
    func testValuesStayOutOfTheText() {
        var q = SQLBuilder<String?>(.numbered)
        q.append("SELECT 1 WHERE x = ", "'; DROP TABLE t; --")
        XCTAssertEqual(q.sql, "SELECT 1 WHERE x = $1")
    }
}
