import RecEditCore
import XCTest

final class CheckConstraintValuesTests: XCTestCase {
    func testSQLiteInList() {
        XCTAssertEqual(
            CheckConstraintValues.values(column: "status", check: "CHECK (status IN ('open','in_progress','done'))", dialect: .sqlite),
            ["open", "in_progress", "done"])
        XCTAssertEqual(
            CheckConstraintValues.values(column: "Status", check: "check(  \"Status\"\n in ( 'a' , 'it''s' ) )", dialect: .sqlite),
            ["a", "it's"])
        XCTAssertEqual(CheckConstraintValues.values(column: "a\"b", check: "CHECK (\"a\"\"b\" IN ('x'))", dialect: .sqlite), ["x"])
        XCTAssertEqual(CheckConstraintValues.values(column: "a b", check: "CHECK ([a b] IN ('x')) ", dialect: .sqlite), ["x"])
    }

    func testUnquotedNamesMatchWithoutRegardToCaseQuotedOnesExactly() {
        XCTAssertEqual(CheckConstraintValues.values(column: "status", check: "STATUS IN ('a')", dialect: .sqlite), ["a"])
        XCTAssertNil(CheckConstraintValues.values(column: "status", check: "\"Status\" IN ('a')", dialect: .postgres))
        XCTAssertNil(CheckConstraintValues.values(column: "other", check: "status IN ('a')", dialect: .sqlite))
    }

    func testOtherShapesGiveNothing() {
        for check in [
            "status NOT IN ('a')", "status IN ('a', 1)", "status IN ('a') OR status IS NULL", "length(status) IN ('a')",
            "status IN (SELECT x FROM t)", "status = 'a'", "status IN ()", "status IN ('a'", "status IN ('a)",
        ] {
            XCTAssertNil(CheckConstraintValues.values(column: "status", check: check, dialect: .sqlite), check)
        }
    }

    func testPostgresForms() {
        XCTAssertEqual(
            CheckConstraintValues.values(column: "b", check: "CHECK ((b = ANY (ARRAY['p'::text, 'q'::text])))", dialect: .postgres),
            ["p", "q"])
        XCTAssertEqual(
            CheckConstraintValues.values(
                column: "a", check: "CHECK (((a)::text = ANY ((ARRAY['x'::character varying, 'y''z'::character varying])::text[])))",
                dialect: .postgres), ["x", "y'z"])
        XCTAssertEqual(
            CheckConstraintValues.values(column: "b", check: "CHECK ((b = ANY (ARRAY['p'::text]))) NOT VALID", dialect: .postgres),
            ["p"])
        XCTAssertEqual(
            CheckConstraintValues.values(
                column: "c\"d", check: "CHECK ((\"c\"\"d\" = ANY (ARRAY['1'::text, '2'::text])))",
                dialect: .postgres), ["1", "2"])
    }

    func testMariaDBForms() {
        XCTAssertEqual(CheckConstraintValues.values(column: "a", check: "`a` in ('x','y\\'z')", dialect: .mariadb), ["x", "y'z"])
        XCTAssertEqual(CheckConstraintValues.values(column: "c`d", check: "`c``d` in ('1','2')", dialect: .mariadb), ["1", "2"])
        XCTAssertEqual(CheckConstraintValues.enumValues("enum('a','b''c')", dialect: .mariadb), ["a", "b'c"])
        XCTAssertNil(CheckConstraintValues.enumValues("set('a','b')", dialect: .mariadb))
    }

    func testCreateTableChecksAreFoundAndCombined() {
        let sql = """
            CREATE TABLE "t" (
                id INTEGER PRIMARY KEY, -- CHECK (s IN ('comment'))
                s TEXT DEFAULT 'CHECK (s IN (''no''))' CHECK (s IN ('a', 'b', 'c')),
                "CHECK" TEXT, /* CHECK (s IN ('x')) */
                CONSTRAINT two CHECK ((s IN ('b', 'c', 'd'))),
                CHECK (length(s) < 3)
            )
            """
        XCTAssertEqual(CheckConstraintValues.values(columns: ["id", "s", "CHECK"], createTable: sql, dialect: .sqlite), ["s": ["b", "c"]])
        XCTAssertEqual(CheckConstraintValues.values(columns: ["s"], createTable: "CREATE TABLE t (s TEXT CHECK (s IN ('a'", dialect: .sqlite), [:])
    }
}
