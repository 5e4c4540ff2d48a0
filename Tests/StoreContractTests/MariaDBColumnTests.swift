import Foundation
import RecEditCore
import XCTest

/// MariaDB's own column metadata: ENUM columns.
extension MariaDBContractTests {
    func testEnumColumnListsItsMembersAndRoundTripsAsText() throws {
        let database = try makeDatabase()
        try foreignExecute(
            """
            CREATE TABLE feelings (
                id BIGINT PRIMARY KEY,
                m ENUM('sad', 'ok', 'it''s') NOT NULL DEFAULT 'ok',
                `c``d` ENUM('x', 'y') NULL
            ) ENGINE=InnoDB
            """)
        try foreignExecute("INSERT INTO feelings (id) VALUES (1)")
        _ = try database.adopt(table: "feelings", key: nil, names: names)
        let store = try database.openTable("feelings", key: nil, names: names)
        let m = try XCTUnwrap(store.schema.column(named: "m"))
        XCTAssertEqual(m.allowedValues, ["sad", "ok", "it's"])
        XCTAssertEqual(m.kind, .text)
        XCTAssertEqual(m.typeClass, .text)
        XCTAssertEqual(m.defaultExpression, "'ok'")
        XCTAssertTrue(m.notNull)
        XCTAssertEqual(store.schema.column(named: "c`d")?.allowedValues, ["x", "y"])
        XCTAssertNil(store.schema.column(named: "c`d")?.defaultExpression)

        let v0 = try XCTUnwrap(try store.load(.integer(1)))
        XCTAssertEqual(v0["m"], .text("ok"))
        XCTAssertEqual(v0["c`d"], .null)
        let v1 = try saved(
            try store.save(
                .integer(1), changes: ["m": .text("it's"), "c`d": .text("y")], expected: v0.updatedAt,
                writer: "alice@h:1", fencingToken: nil))
        XCTAssertEqual(v1["m"], .text("it's"))
        XCTAssertEqual(v1["c`d"], .text("y"))
        XCTAssertEqual(try store.load(.integer(1)), v1)
        _ = try saved(try store.save(.integer(1), changes: ["m": .text("sad")], expected: v1.updatedAt, writer: "bob@h:2", fencingToken: nil))
        XCTAssertEqual(try store.version(.integer(1), at: v1.updatedAt)?.fields, v1.fields, "history keeps the enum as text")
    }
}
