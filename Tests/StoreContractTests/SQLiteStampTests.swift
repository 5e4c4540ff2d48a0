import CSQLite
import Foundation
import RecEditCore
import XCTest

@testable import SQLiteStore

/// SQLite stamps never end in `.000000`: Django binds a datetime whose microseconds are 0 as text without the
/// fraction (`str(datetime)`), so its timestamp check (`filter(updated_at=loaded)`) would never match such a
/// stored stamp and an application following the README's recipe would retry forever
/// (Tests/e2e/django-lost-update.sh runs the recipe itself).
final class SQLiteStampTests: XCTestCase {
    var path = ""

    override func setUpWithError() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("recedit-stamps-\(UUID().uuidString).db").path
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

    func query(_ sql: String) throws -> String? {
        var db: OpaquePointer?
        sqlite3_open(path, &db)
        defer { sqlite3_close(db) }
        var statement: OpaquePointer?
        XCTAssertEqual(sqlite3_prepare_v2(db, sql, -1, &statement, nil), SQLITE_OK, String(cString: sqlite3_errmsg(db)))
        defer { sqlite3_finalize(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW, let text = sqlite3_column_text(statement, 0) else { return nil }
        return String(cString: text)
    }

    func adoptedStore() throws -> (SQLiteDatabase, RecordStore) {
        try exec("CREATE TABLE items_item (id INTEGER PRIMARY KEY, title TEXT NOT NULL, updated_at datetime)")
        try exec("INSERT INTO items_item VALUES (1, 'a', '2026-12-01 10:00:00.123456')")
        let db = try SQLiteDatabase(path: path, options: StoreOptions())
        _ = try db.adopt(table: "items_item", key: nil, names: ReceditColumnNames())
        return (db, try db.openTable("items_item", key: nil, names: ReceditColumnNames()))
    }

    func testAStampOneMicrosecondBeforeASecondSkipsTheZeroFraction() throws {
        let (_, store) = try adoptedStore()
        // A stamp ahead of the clock (another server's clock, or a burst) ending in .999999.
        try exec("UPDATE items_item SET updated_at = '2099-01-01 00:00:00.999999' WHERE id = 1")
        guard
            case .saved(let saved) = try store.save(
                .integer(1), changes: ["title": .text("b")],
                expected: "2099-01-01 00:00:00.999999", writer: "w", fencingToken: nil)
        else {
            return XCTFail("the save did not land")
        }
        XCTAssertEqual(saved.updatedAt, "2099-01-01 00:00:01.000001")
        // A writer that leaves the stamp alone (the trigger stamps it) likewise.
        try exec("UPDATE items_item SET updated_at = '2099-01-01 00:00:01.999999' WHERE id = 1")
        try exec("UPDATE items_item SET title = 'c' WHERE id = 1")
        XCTAssertEqual(try query("SELECT updated_at FROM items_item WHERE id = 1"), "2099-01-01 00:00:02.000001")
    }

    func testClockStampsNeverEndInAZeroFraction() throws {
        let (_, store) = try adoptedStore()
        // SQLite's clock has milliseconds: its stamps' last three digits are fixed, and must not be 000
        // (one stamp in a thousand would end in .000000).
        var expected = try XCTUnwrap(try store.load(.integer(1))).updatedAt
        for i in 0..<3 {
            guard
                case .saved(let saved) = try store.save(
                    .integer(1), changes: ["title": .text("s\(i)")], expected: expected,
                    writer: "w", fencingToken: nil)
            else { return XCTFail("save \(i)") }
            XCTAssertFalse(saved.updatedAt.hasSuffix("000"), saved.updatedAt)
            expected = saved.updatedAt
        }
        try exec("UPDATE items_item SET title = 'foreign' WHERE id = 1")
        XCTAssertNotEqual(try query("SELECT substr(updated_at, 24) FROM items_item WHERE id = 1"), "000")
        try exec("INSERT INTO items_item (id, title) VALUES (2, 'new')")
        XCTAssertNotEqual(try query("SELECT substr(updated_at, 24) FROM items_item WHERE id = 2"), "000")
    }

    func testTriggersOfAnEarlierRecEditAreRenewedWhenTheTableIsOpened() throws {
        var (db, _) = try adoptedStore()
        let schema = try db.readSchema(table: "items_item", key: nil, names: ReceditColumnNames())
        try exec(
            SQLiteSQL.triggers(
                table: "items_item", key: "id", dataColumns: schema.dataColumns.map(\.name),
                names: ReceditColumnNames(), legacy: true))
        // A reading command cannot renew them (the CLI then opens the file read-write once).
        let reader = try SQLiteDatabase(path: path, options: StoreOptions(), readOnly: true)
        XCTAssertThrowsError(try reader.openTable("items_item", key: nil, names: ReceditColumnNames())) {
            guard case StoreError.notAdopted = $0 else { return XCTFail("expected notAdopted, got \($0)") }
        }
        db = try SQLiteDatabase(path: path, options: StoreOptions())
        _ = try db.openTable("items_item", key: nil, names: ReceditColumnNames())
        let current = SQLiteSQL.triggerStatements(
            table: "items_item", key: "id", dataColumns: schema.dataColumns.map(\.name),
            names: ReceditColumnNames())
        XCTAssertEqual(try query("SELECT sql FROM sqlite_master WHERE name = 'recedit_items_item_update'"), current[0])
        XCTAssertEqual(try query("SELECT sql FROM sqlite_master WHERE name = 'recedit_items_item_insert'"), current[1])
    }

    func testNewAndReCreatedRowsOfADjangoTableGetAStamp() throws {
        // Django's column is NOT NULL without a default; recedit's first stamp must come with the INSERT.
        try exec("CREATE TABLE items_item (id integer NOT NULL PRIMARY KEY AUTOINCREMENT, title varchar(200) NOT NULL, updated_at datetime NOT NULL)")
        let db = try SQLiteDatabase(path: path, options: StoreOptions())
        _ = try db.adopt(table: "items_item", key: nil, names: ReceditColumnNames())
        let store = try db.openTable("items_item", key: nil, names: ReceditColumnNames())
        let row = try store.insert(["title": .text("new")], writer: "w")
        XCTAssertEqual(row.fields["title"], .text("new"))
        XCTAssertFalse(row.updatedAt.hasSuffix("000"), row.updatedAt)
        try exec("DELETE FROM items_item WHERE id = \(row.key.displayText)")
        let back = try XCTUnwrap(try store.recreate(["id": row.key, "title": .text("again")], writer: "w"))
        XCTAssertEqual(back.fields["title"], .text("again"))
        XCTAssertGreaterThan(back.updatedAt, row.updatedAt)
    }
}
