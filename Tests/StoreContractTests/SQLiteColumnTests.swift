import Foundation
import RecEditCore
import XCTest

/// SQLite's own column metadata: what its declared types and foreign keys say.
extension SQLiteContractTests {
    func testForeignKeysToAnImplicitPrimaryKeyAndCompositeKeys() throws {
        let database = try makeDatabase()
        try foreignExecute(
            """
            CREATE TABLE parents (code TEXT PRIMARY KEY);
            CREATE TABLE pairs (x INTEGER, y INTEGER, PRIMARY KEY (x, y));
            CREATE TABLE kids (
                id INTEGER PRIMARY KEY,
                parent TEXT REFERENCES parents,
                x INTEGER, y INTEGER,
                "when" DATETIME, day date, at time, doc jsonb, flag BOOLEAN, label nchar(3),
                FOREIGN KEY (x, y) REFERENCES pairs (x, y)
            );
            """)
        _ = try database.adopt(table: "kids", key: nil, names: names)
        let schema = try database.openTable("kids", key: nil, names: names).schema
        XCTAssertEqual(schema.column(named: "parent")?.references, ColumnReference(table: "parents", column: "code"))
        XCTAssertNil(schema.column(named: "x")?.references, "a composite key names no single target")
        XCTAssertNil(schema.column(named: "y")?.references)
        XCTAssertEqual(schema.column(named: "when")?.typeClass, .timestamp)
        XCTAssertEqual(schema.column(named: "when")?.kind, .numeric, "affinity decides how values are stored, as before")
        XCTAssertEqual(schema.column(named: "day")?.typeClass, .date)
        XCTAssertEqual(schema.column(named: "at")?.typeClass, .time)
        XCTAssertEqual(schema.column(named: "doc")?.typeClass, .json)
        XCTAssertEqual(schema.column(named: "flag")?.typeClass, .boolean)
        XCTAssertEqual(schema.column(named: "label")?.maxLength, 3)
        XCTAssertEqual(schema.column(named: "label")?.kind, .text)
    }
}
