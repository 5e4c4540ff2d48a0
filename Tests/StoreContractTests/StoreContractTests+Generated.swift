import EditorCore
import Foundation
import RecEditCore
import XCTest

/// A generated column is the database's: the form never offers it, and a save, a merge or a re-create from
/// the editor never writes it (PostgreSQL and MariaDB refuse a write to one; SQLite leaves them out of the
/// schema).
extension StoreContractTests {
    private var generatedTableSQL: String {
        switch self {
        case is SQLiteContractTests:
            return "CREATE TABLE gen (id INTEGER PRIMARY KEY, qty INTEGER NOT NULL, note TEXT, doubled INTEGER GENERATED ALWAYS AS (qty * 2) STORED)"
        case is MariaDBContractTests:
            return "CREATE TABLE gen (id BIGINT PRIMARY KEY, qty INT NOT NULL, note TEXT, doubled INT AS (qty * 2) STORED) ENGINE=InnoDB"
        default:
            return "CREATE TABLE gen (id BIGINT PRIMARY KEY, qty INTEGER NOT NULL, note TEXT, doubled INTEGER GENERATED ALWAYS AS (qty * 2) STORED)"
        }
    }

    func testEditorSavesAndRecreatesBesideAGeneratedColumn() throws {
        let database = try makeDatabase()
        try foreignExecute(generatedTableSQL)
        try foreignExecute("INSERT INTO gen (id, qty, note) VALUES (1, 3, 'a')")
        _ = try database.adopt(table: "gen", key: nil, names: names)
        let store = try database.openTable("gen", key: nil, names: names)
        XCTAssertFalse(store.schema.editableColumns.map(\.name).contains("doubled"))

        let loaded = try XCTUnwrap(try store.load(.integer(1)))
        var e = AppState(schema: store.schema, record: loaded, config: EditorConfig(owner: "me@h:1"), width: 100, height: 30)
        _ = e.start()
        _ = e.update(.editOutcome(.claimed(token: 1, leaseUntil: "2999-01-01 00:00:00", previousOwner: nil)))
        var offered: [String] = []
        for _ in 0..<6 {
            offered.append(e.focusedColumn ?? "")
            _ = e.update(.key(.tab))
        }
        XCTAssertFalse(offered.contains("doubled"), "the form offers \(offered)")
        XCTAssertEqual(e.focusedColumn, "qty")
        _ = e.update(.key(.backspace))
        _ = e.update(.key(.character("5")))
        let effects = e.update(.key(.control("s")))
        guard case .save(let changes, let expected, let token)? = effects.last else { return XCTFail("no save: \(effects)") }
        XCTAssertEqual(changes, ["qty": .integer(5)])
        guard case .saved(let row) = try store.save(.integer(1), changes: changes, expected: expected, writer: "me@h:1", fencingToken: token) else {
            return XCTFail("not saved")
        }
        XCTAssertEqual(row["qty"], .integer(5))
        if !(self is SQLiteContractTests) { XCTAssertEqual(row["doubled"], .integer(10)) }
        _ = e.update(.saveFinished(.saved(row), writer: nil))

        // Deleted under the editor, then re-created from it: the generated column is filled by the database.
        try foreignExecute("DELETE FROM gen WHERE id = 1")
        _ = e.update(.saveFinished(.deleted, writer: nil))
        guard case .recreate(let fields)? = e.update(.key(.character("r"))).last else { return XCTFail("no re-create") }
        XCTAssertNil(fields["doubled"])
        let recreated = try XCTUnwrap(try store.recreate(fields, writer: "me@h:1"))
        XCTAssertEqual(recreated["qty"], .integer(5))
        if !(self is SQLiteContractTests) { XCTAssertEqual(recreated["doubled"], .integer(10)) }
    }
}
