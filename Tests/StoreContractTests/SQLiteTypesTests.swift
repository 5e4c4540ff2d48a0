import RecEditCore
import XCTest

@testable import SQLiteStore

/// SQLite's affinity rules (https://sqlite.org/datatype3.html §3.1) as recedit reads a declared type.
final class SQLiteTypesTests: XCTestCase {
    func testAffinityFollowsTheRulesInOrder() {
        let cases: [(String, ColumnKind)] = [
            ("INTEGER", .integer), ("bigint", .integer), ("POINT", .integer), ("VARCHAR(20)", .text), ("nchar", .text),
            ("CLOB", .text), ("text", .text), ("CHARINT", .integer), ("BLOB", .blob), ("", .any), ("REAL", .real),
            ("float8", .real), ("DOUBLE PRECISION", .real), ("BOOLEAN", .boolean), ("DECIMAL(10,2)", .numeric),
            ("DATETIME", .numeric), ("数字", .numeric), ("长TEXT", .text),
        ]
        for (declared, kind) in cases {
            XCTAssertEqual(SQLiteTypes.kind(declaredType: declared), kind, declared)
        }
        XCTAssertEqual(SQLiteTypes.maxLength(declaredType: "varchar( 40 )"), 40)
        XCTAssertNil(SQLiteTypes.maxLength(declaredType: "TEXT(40)"))
        XCTAssertTrue(SQLiteTypes.has("ABC", "ABC"))
        XCTAssertFalse(SQLiteTypes.has("AB", "ABC"))
        XCTAssertFalse(SQLiteTypes.has("", "A"))
    }
}
