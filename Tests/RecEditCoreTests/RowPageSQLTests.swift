import RecEditCore
import XCTest

final class RowPageSQLTests: XCTestCase {
    let schema = Schema(
        table: "t", keyColumn: "id",
        columns: [
            Column(name: "id", declaredType: "INTEGER", kind: .integer, isKey: true), Column(name: "a\"b", declaredType: "TEXT", kind: .text),
            Column(name: "n", declaredType: "INTEGER", kind: .integer), Column(name: "edit_owner", declaredType: "TEXT", kind: .text),
        ], recedit: ReceditColumnNames())

    func sql(_ request: RowPageRequest, rowValues: Bool = true, explicitNulls: Bool = false) throws -> (String, [Value]) {
        let builder = RowPageSQL<Value>(
            quote: quoteIdentifier, encode: { value, _ in value },
            contains: { column, needle, fold in fold ? "has(lower(\(column)), lower(\(needle)))" : "has(\(column), \(needle))" },
            explicitNulls: explicitNulls, rowValues: rowValues)
        var q = SQLBuilder<Value>(.positional, "SELECT * FROM t")
        try builder.append(request, schema: schema, into: &q)
        return (q.sql, q.arguments)
    }

    func testABackwardPageOfADescendingSortReadsAscendingAfterTheCursor() throws {
        let (text, arguments) = try sql(
            RowPageRequest(
                search: "Ab", searchColumns: ["a\"b"], equals: [ColumnEquals(column: "n", value: .null)], sortColumn: "a\"b",
                descending: true, cursor: RowCursor(sortValue: .text("x"), key: .integer(5)), direction: .backward, limit: 10))
        XCTAssertEqual(
            text,
            #"SELECT * FROM t WHERE (has(lower("a""b"), lower(?))) AND "n" IS NULL AND (("a""b", "id") > (?, ?)) ORDER BY "a""b" ASC, "id" ASC LIMIT 11"#)
        XCTAssertEqual(arguments, [.text("Ab"), .text("x"), .integer(5)])
    }

    func testANullCursorIsSpelledOutAndTheOrderPutsNullFirst() throws {
        let (text, arguments) = try sql(
            RowPageRequest(sortColumn: "n", cursor: RowCursor(sortValue: .null, key: .integer(3)), limit: 5), rowValues: false, explicitNulls: true)
        XCTAssertEqual(text, #"SELECT * FROM t WHERE (("n" IS NULL AND "id" > ?) OR "n" IS NOT NULL) ORDER BY "n" ASC NULLS FIRST, "id" ASC LIMIT 6"#)
        XCTAssertEqual(arguments, [.integer(3)])
        let (descending, _) = try sql(
            RowPageRequest(sortColumn: "n", descending: true, cursor: RowCursor(sortValue: .integer(4), key: .integer(3)), limit: 5),
            rowValues: false, explicitNulls: true)
        XCTAssertEqual(
            descending,
            #"SELECT * FROM t WHERE ("n" < ? OR ("n" = ? AND "id" < ?) OR "n" IS NULL) ORDER BY "n" DESC NULLS LAST, "id" DESC LIMIT 6"#)
    }

    func testCaselessNeedlesAreNotLowered() throws {
        XCTAssertEqual(
            try sql(RowPageRequest(search: "中文 100%", searchColumns: ["a\"b"], limit: 1)).0,
            #"SELECT * FROM t WHERE (has("a""b", ?)) ORDER BY "id" ASC LIMIT 2"#)
        XCTAssertTrue(try sql(RowPageRequest(search: "straße", searchColumns: ["a\"b"], limit: 1)).0.contains("lower"))
    }

    func testOnlyDataColumnsMayBeNamed() {
        for request in [RowPageRequest(sortColumn: "edit_owner", limit: 1), RowPageRequest(search: "x", searchColumns: ["nope"], limit: 1)] {
            XCTAssertThrowsError(try sql(request)) {
                guard case StoreError.unknownColumn = $0 else { return XCTFail("expected unknownColumn, got \($0)") }
            }
        }
    }

    func testABackwardPageIsTurnedRound() {
        let rows = (1...4).map { Record(key: .integer(Int64($0)), fields: [:], updatedAt: "") }
        let page = RowPageSQL<Value>.finish(rows, RowPageRequest(direction: .backward, limit: 3))
        XCTAssertEqual(page.rows.map(\.key), [.integer(3), .integer(2), .integer(1)])
        XCTAssertTrue(page.hasMore)
    }
}
