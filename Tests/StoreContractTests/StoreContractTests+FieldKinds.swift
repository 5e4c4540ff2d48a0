import EditorCore
import Foundation
import RecEditCore
import XCTest

/// Values set through the form's typed fields (a choice, a boolean, a date, JSON) save as the database's own
/// types: an enum label, a boolean, a date, a JSON document, checked in the database by a foreign statement.
extension StoreContractTests {
    private var typedTableSQL: [String] {
        switch self {
        case is SQLiteContractTests:
            return [
                """
                CREATE TABLE typed (id INTEGER PRIMARY KEY, mood TEXT NOT NULL CHECK (mood IN ('sad', 'ok', 'happy')),
                    flag BOOLEAN, born DATE, doc JSON)
                """,
                "INSERT INTO typed VALUES (1, 'ok', 1, '2024-02-28', '{\"a\":1}')",
            ]
        case is MariaDBContractTests:
            return [
                """
                CREATE TABLE typed (id BIGINT PRIMARY KEY, mood ENUM('sad', 'ok', 'happy') NOT NULL, flag TINYINT(1),
                    born DATE, doc JSON) ENGINE=InnoDB
                """,
                "INSERT INTO typed VALUES (1, 'ok', 1, '2024-02-28', '{\"a\":1}')",
            ]
        default:
            return [
                "CREATE TYPE feeling AS ENUM ('sad', 'ok', 'happy')",
                "CREATE TABLE typed (id BIGINT PRIMARY KEY, mood feeling NOT NULL, flag boolean, born date, doc jsonb)",
                "INSERT INTO typed VALUES (1, 'ok', true, '2024-02-28', '{\"a\":1}')",
            ]
        }
    }

    /// Fails unless `condition` holds for row 1 in the database (read by a foreign connection).
    private func assertInDatabase(_ condition: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try foreignExecute("DELETE FROM verdicts")
        XCTAssertNoThrow(
            try foreignExecute("INSERT INTO verdicts (ok) SELECT CASE WHEN \(condition) THEN 1 ELSE 0 END FROM typed WHERE id = 1"),
            condition, file: file, line: line)
    }

    func testTypedFieldsSaveAsTheDatabaseTypes() throws {
        let database = try makeDatabase()
        for sql in typedTableSQL { try foreignExecute(sql) }
        try foreignExecute("CREATE TABLE verdicts (ok INTEGER CHECK (ok = 1))")
        _ = try database.adopt(table: "typed", key: nil, names: names)
        let store = try database.openTable("typed", key: nil, names: names)
        let loaded = try XCTUnwrap(try store.load(.integer(1)))
        var e = AppState(schema: store.schema, record: loaded, config: EditorConfig(owner: "me@h:1"), width: 100, height: 30)
        _ = e.update(.rowOpened(schema: store.schema, record: loaded, orphanedDrafts: []))
        func focus(_ name: String) {
            for _ in 0..<10 where e.focusedColumn != name { _ = e.update(.key(.tab)) }
            XCTAssertEqual(e.focusedColumn, name)
        }
        focus("mood")
        _ = e.update(.key(.character(" ")))
        focus("flag")
        XCTAssertEqual(e.fieldText("flag"), "true")
        _ = e.update(.key(.character(" ")))
        focus("born")
        _ = e.update(.key(.character("+")))
        focus("doc")
        _ = e.update(.key(.control("o")))
        _ = e.update(.externalEditFinished("{\n  \"a\": 2\n}\n"))
        guard case .save(let changes, let expected, _)? = e.update(.key(.control("s"))).last else {
            return XCTFail("no save: \(e.statusMessage ?? "")")
        }
        let want: [String: Value] = [
            "mood": .text("happy"), "flag": .integer(0), "born": .text("2024-02-29"), "doc": .text(#"{"a": 2}"#),
        ]
        XCTAssertEqual(changes, want)
        let v1 = try saved(try store.save(.integer(1), changes: changes, expected: expected, writer: "me@h:1", fencingToken: nil))
        XCTAssertEqual(v1["mood"], .text("happy"))
        XCTAssertEqual(v1["flag"], .integer(0))
        XCTAssertEqual(v1["born"], .text("2024-02-29"))
        switch self {
        case is SQLiteContractTests:
            try assertInDatabase("mood = 'happy' AND typeof(flag) = 'integer' AND flag = 0 AND born = '2024-02-29' AND doc = '{\"a\": 2}'")
        case is MariaDBContractTests:
            try assertInDatabase("mood = 'happy' AND flag = 0 AND born = DATE '2024-02-29' AND JSON_EXTRACT(doc, '$.a') = 2")
        default:
            try assertInDatabase("mood = 'happy'::feeling AND flag = false AND born = DATE '2024-02-29' AND doc = '{\"a\": 2}'::jsonb")
        }

        // NULL is the boolean's third stop; the enum takes another label.
        var f = AppState(schema: store.schema, record: v1, config: EditorConfig(owner: "me@h:1"), width: 100, height: 30)
        _ = f.update(.rowOpened(schema: store.schema, record: v1, orphanedDrafts: []))
        for _ in 0..<10 where f.focusedColumn != "mood" { _ = f.update(.key(.tab)) }
        _ = f.update(.key(.character("s")))
        for _ in 0..<10 where f.focusedColumn != "flag" { _ = f.update(.key(.tab)) }
        _ = f.update(.key(.character(" ")))
        guard case .save(let changes2, _, _)? = f.update(.key(.control("s"))).last else { return XCTFail("no second save") }
        XCTAssertEqual(changes2, ["mood": .text("sad"), "flag": .null])
        _ = try saved(try store.save(.integer(1), changes: changes2, expected: v1.updatedAt, writer: "me@h:1", fencingToken: nil))
        switch self {
        case is PostgresContractTests: try assertInDatabase("mood = 'sad'::feeling AND flag IS NULL")
        default: try assertInDatabase("mood = 'sad' AND flag IS NULL")
        }
    }
}
