import CSQLite
import EditorCore
import Foundation
import RecEditCore
import SQLiteStore
import XCTest

/// Values SQLite keeps whatever the column says (blobs in TEXT columns, text that is not UTF-8), loaded
/// from a real file, edited in the headless editor, and saved back through the store.
final class SQLiteValueTests: XCTestCase {
    var path: String!

    override func setUpWithError() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("recedit-values-\(UUID().uuidString).db").path
    }

    override func tearDownWithError() throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    func exec(_ sql: String) throws {
        var db: OpaquePointer?
        sqlite3_open(path, &db)
        defer { sqlite3_close(db) }
        XCTAssertEqual(sqlite3_exec(db, sql, nil, nil, nil), SQLITE_OK, String(cString: sqlite3_errmsg(db)))
    }

    /// `SELECT typeof(col), hex(col)` for row 1.
    func stored(_ column: String) throws -> (type: String, hex: String) {
        var db: OpaquePointer?
        sqlite3_open(path, &db)
        defer { sqlite3_close(db) }
        var stmt: OpaquePointer?
        XCTAssertEqual(
            sqlite3_prepare_v2(db, "SELECT typeof(\(quoteIdentifier(column))), hex(\(quoteIdentifier(column))) FROM notes WHERE id = 1", -1, &stmt, nil),
            SQLITE_OK)
        defer { sqlite3_finalize(stmt) }
        XCTAssertEqual(sqlite3_step(stmt), SQLITE_ROW)
        return (String(cString: sqlite3_column_text(stmt, 0)), String(cString: sqlite3_column_text(stmt, 1)))
    }

    func store() throws -> RecordStore {
        let db = try SQLiteDatabase(path: path, options: StoreOptions(), create: true)
        _ = try db.adopt(table: "notes", key: nil, names: ReceditColumnNames())
        return try db.openTable("notes", key: nil, names: ReceditColumnNames())
    }

    /// Opens row 1 in the headless editor holding the claim, focused on `column`.
    func editor(_ store: RecordStore, focus column: String) throws -> AppState {
        let record = try XCTUnwrap(try store.load(.integer(1)))
        var e = AppState(schema: store.schema, record: record, config: EditorConfig(owner: "me@h:1"), width: 100, height: 30)
        _ = e.start()
        _ = e.update(.editOutcome(.claimed(token: 1, leaseUntil: "2999-01-01 00:00:00", previousOwner: nil)))
        for _ in 0..<10 where e.focusedColumn != column { _ = e.update(.key(.tab)) }
        XCTAssertEqual(e.focusedColumn, column)
        return e
    }

    /// Runs the editor's save effect against the store; returns the saved row.
    @discardableResult
    func save(_ e: inout AppState, in store: RecordStore) throws -> Record {
        let effects = e.update(.key(.control("s")))
        guard case .save(let changes, let expected, let token)? = effects.first(where: { if case .save = $0 { true } else { false } }) else {
            XCTFail("no save: \(effects), \(e.statusMessage ?? "")")
            throw XCTSkip("cannot continue")
        }
        let outcome = try store.save(.integer(1), changes: changes, expected: expected, writer: "me@h:1", fencingToken: token)
        guard case .saved(let row) = outcome else {
            XCTFail("\(outcome)")
            throw XCTSkip("cannot continue")
        }
        _ = e.update(.saveFinished(outcome, writer: nil))
        return row
    }

    /// issue 8, item 4: a BLOB in a TEXT column, edited in the form, is still a BLOB in the file. (VARCHAR: TEXT affinity,
    /// and a one-line field, so the cursor starts at the end as the typing below expects.)
    func testABlobInATextColumnStaysABlob() throws {
        try exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT, note VARCHAR(100)); INSERT INTO notes VALUES (1, 'a', x'00ff41')")
        let store = try store()
        var e = try editor(store, focus: "note")
        XCTAssertEqual(e.fieldText("note"), "x'00ff41'")
        for c in "42" { _ = e.update(.key(.character(c))) }
        try save(&e, in: store)
        let note = try stored("note")
        XCTAssertEqual(note.type, "blob")
        XCTAssertEqual(note.hex, "00FF4142")
    }

    /// issue 8, item 5: text that is not UTF-8 is read without U+FFFD; an untouched field is never rewritten,
    /// a touched one is saved as shown.
    func testTextThatIsNotUTF8IsNeverRewrittenUnlessTouched() throws {
        try exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT, note TEXT); INSERT INTO notes VALUES (1, 'a', CAST(x'41ff42' AS TEXT))")
        let store = try store()
        let loaded = try XCTUnwrap(try store.load(.integer(1)))
        XCTAssertEqual(loaded["note"], .textBytes([0x41, 0xFF, 0x42]))
        var e = try editor(store, focus: "title")
        XCTAssertEqual(e.fieldText("note"), #"A\xffB"#)
        _ = e.update(.key(.character("!")))
        let saved = try save(&e, in: store)
        XCTAssertEqual(saved["note"], .textBytes([0x41, 0xFF, 0x42]))
        XCTAssertEqual(try stored("note").type, "text")
        XCTAssertEqual(try stored("note").hex, "41FF42", "untouched: the same bytes")
        XCTAssertEqual(try store.history(.integer(1)).first?.fields["title"], .text("a"), "history with such bytes still reads")
        XCTAssertEqual(try store.history(.integer(1)).first?.fields["note"], .textBytes([0x41, 0xFF, 0x42]), "and keeps them")

        // A save that re-creates every field (a stale merge, a version read back) keeps the bytes too.
        XCTAssertEqual(try store.version(.integer(1), at: saved.updatedAt)?["note"], .textBytes([0x41, 0xFF, 0x42]))

        for _ in 0..<3 { _ = e.update(.key(.tab)) }
        XCTAssertEqual(e.focusedColumn, "note")
        _ = e.update(.key(.end))
        _ = e.update(.key(.character("?")))
        XCTAssertEqual(e.statusMessage, #"note held bytes that are not UTF-8, shown as \xNN; saving writes the text as you see it"#)
        try save(&e, in: store)
        XCTAssertEqual(try stored("note").hex, Array(#"A\xffB?"#.utf8).map { String(format: "%02X", $0) }.joined(), "saved as shown")
    }
}
