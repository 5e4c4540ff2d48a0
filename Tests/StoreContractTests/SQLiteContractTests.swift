import CSQLite
import Foundation
import RecEditCore
import SQLiteStore
import XCTest

/// The store contract on real SQLite files.
final class SQLiteContractTests: StoreContractTests {
    var directory: URL!
    var path: String { directory.appendingPathComponent("test.db").path }

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("recedit-contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    override func makeDatabase() throws -> RecordDatabase {
        try SQLiteDatabase(path: path, options: StoreOptions(), create: true)
    }

    override var oldReceditTableSQL: String {
        """
        CREATE TABLE "records" (
            "id" INTEGER PRIMARY KEY ,
            "title" TEXT NOT NULL,
            "status" TEXT CHECK (status IN ('open','in_progress','done')),
            "owner" TEXT ,
            "priority" INTEGER ,
            "due" TEXT ,
            "body" TEXT ,
            "edit_state" TEXT NOT NULL DEFAULT 'idle' CHECK ("edit_state" IN ('idle','editing')),
            "edit_owner" TEXT,
            "edit_lease_until" TEXT,
            "edit_token" INTEGER NOT NULL DEFAULT 0,
            "updated_at" TEXT
        );
        CREATE TABLE recedit_history (
            id INTEGER PRIMARY KEY,
            table_name TEXT NOT NULL,
            row_key,
            operation TEXT NOT NULL CHECK (operation IN ('update','delete')),
            updated_at TEXT,
            replaced_at TEXT,
            replaced_by TEXT,
            fields TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX recedit_history_row ON recedit_history (table_name, row_key, replaced_at);
        CREATE TRIGGER "recedit_records_update" AFTER UPDATE ON "records"
        WHEN ((old."id" IS NOT new."id" OR old."title" IS NOT new."title" OR old."status" IS NOT new."status" OR old."owner" IS NOT new."owner" OR old."priority" IS NOT new."priority" OR old."due" IS NOT new."due" OR old."body" IS NOT new."body") OR (old."updated_at" IS NOT NULL AND old."updated_at" IS NOT new."updated_at") OR ((old."edit_state" IS new."edit_state" AND old."edit_owner" IS new."edit_owner" AND old."edit_lease_until" IS new."edit_lease_until" AND old."edit_token" IS new."edit_token") AND old."updated_at" IS new."updated_at"))
             AND ((old."id" IS NOT new."id" OR old."title" IS NOT new."title" OR old."status" IS NOT new."status" OR old."owner" IS NOT new."owner" OR old."priority" IS NOT new."priority" OR old."due" IS NOT new."due" OR old."body" IS NOT new."body") OR NOT EXISTS (SELECT 1 FROM recedit_history
                  WHERE table_name = 'records' AND row_key = new."id" AND replaced_at = new."updated_at"))
        BEGIN
            INSERT INTO recedit_history (table_name, row_key, operation, updated_at, replaced_at, fields, recorded_at)
            VALUES ('records', old."id", 'update', old."updated_at",
                    CASE WHEN (new."updated_at" IS NOT NULL AND (old."updated_at" IS NULL OR new."updated_at" > old."updated_at")) THEN new."updated_at" ELSE coalesce(max((strftime('%Y-%m-%d %H:%M:%f','now') || '000'), (strftime('%Y-%m-%d %H:%M:%S', ((unixepoch(substr(old."updated_at",1,19)) * 1000000 + CAST(substr(substr(old."updated_at",21) || '000000',1,6) AS INTEGER)) + 1) / 1000000, 'unixepoch') || printf('.%06d', ((unixepoch(substr(old."updated_at",1,19)) * 1000000 + CAST(substr(substr(old."updated_at",21) || '000000',1,6) AS INTEGER)) + 1) % 1000000))), (strftime('%Y-%m-%d %H:%M:%f','now') || '000')) END,
                    json_object('id', CASE typeof(old."id") WHEN 'blob' THEN json_object('$blob', hex(old."id")) ELSE old."id" END, 'title', CASE typeof(old."title") WHEN 'blob' THEN json_object('$blob', hex(old."title")) ELSE old."title" END, 'status', CASE typeof(old."status") WHEN 'blob' THEN json_object('$blob', hex(old."status")) ELSE old."status" END, 'owner', CASE typeof(old."owner") WHEN 'blob' THEN json_object('$blob', hex(old."owner")) ELSE old."owner" END, 'priority', CASE typeof(old."priority") WHEN 'blob' THEN json_object('$blob', hex(old."priority")) ELSE old."priority" END, 'due', CASE typeof(old."due") WHEN 'blob' THEN json_object('$blob', hex(old."due")) ELSE old."due" END, 'body', CASE typeof(old."body") WHEN 'blob' THEN json_object('$blob', hex(old."body")) ELSE old."body" END), (strftime('%Y-%m-%d %H:%M:%f','now') || '000'));
            UPDATE "records" SET "updated_at" = (SELECT replaced_at FROM recedit_history WHERE id = last_insert_rowid())
            WHERE "id" = new."id" AND NOT (new."updated_at" IS NOT NULL AND (old."updated_at" IS NULL OR new."updated_at" > old."updated_at"));
        END;
        CREATE TRIGGER "recedit_records_insert" AFTER INSERT ON "records"
        WHEN new."updated_at" IS NULL
        BEGIN
            UPDATE "records" SET "updated_at" = (strftime('%Y-%m-%d %H:%M:%f','now') || '000') WHERE "id" = new."id";
        END;
        CREATE TRIGGER "recedit_records_delete" AFTER DELETE ON "records"
        BEGIN
            INSERT INTO recedit_history (table_name, row_key, operation, updated_at, replaced_at, fields, recorded_at)
            VALUES ('records', old."id", 'delete', old."updated_at", NULL, json_object('id', CASE typeof(old."id") WHEN 'blob' THEN json_object('$blob', hex(old."id")) ELSE old."id" END, 'title', CASE typeof(old."title") WHEN 'blob' THEN json_object('$blob', hex(old."title")) ELSE old."title" END, 'status', CASE typeof(old."status") WHEN 'blob' THEN json_object('$blob', hex(old."status")) ELSE old."status" END, 'owner', CASE typeof(old."owner") WHEN 'blob' THEN json_object('$blob', hex(old."owner")) ELSE old."owner" END, 'priority', CASE typeof(old."priority") WHEN 'blob' THEN json_object('$blob', hex(old."priority")) ELSE old."priority" END, 'due', CASE typeof(old."due") WHEN 'blob' THEN json_object('$blob', hex(old."due")) ELSE old."due" END, 'body', CASE typeof(old."body") WHEN 'blob' THEN json_object('$blob', hex(old."body")) ELSE old."body" END), (strftime('%Y-%m-%d %H:%M:%f','now') || '000'));
        END;
        """
    }

    override func foreignExecute(_ sql: String) throws {
        var db: OpaquePointer?
        XCTAssertEqual(sqlite3_open(path, &db), SQLITE_OK)
        defer { sqlite3_close(db) }
        sqlite3_busy_timeout(db, 5000)
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "?"
            sqlite3_free(message)
            throw StoreError.database(code: "\(rc)", message: text, detail: sql)
        }
    }

    func testAnExplicitMissingFileIsNotCreated() throws {
        XCTAssertThrowsError(try SQLiteDatabase(path: path + ".missing", options: StoreOptions(), create: false)) {
            XCTAssertTrue("\($0)".contains("recedit"), "the message names the fix: \($0)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".missing"))
    }

    func testTheDatabaseIsInWALMode() throws {
        let store = try demoStore()
        _ = store
        var db: OpaquePointer?
        sqlite3_open(path, &db)
        defer { sqlite3_close(db) }
        var stmt: OpaquePointer?
        sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nil)
        XCTAssertEqual(sqlite3_step(stmt), SQLITE_ROW)
        XCTAssertEqual(String(cString: sqlite3_column_text(stmt, 0)), "wal")
        sqlite3_finalize(stmt)
    }

    func testANonDatabaseFileIsAClearError() throws {
        try Data("this is not a database, just text that is long enough to look like a header".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try SQLiteDatabase(path: path, options: StoreOptions(), create: false)) {
            guard case StoreError.cannotOpen = $0 else { return XCTFail("expected cannotOpen, got \($0)") }
        }
    }
}

/// SQLite-specific schema checks found in review.
final class SQLiteAdoptTests: XCTestCase {
    var path: String!

    override func setUpWithError() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("recedit-adopt-\(UUID().uuidString).db").path
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

    func database() throws -> SQLiteDatabase { try SQLiteDatabase(path: path, options: StoreOptions(), create: true) }

    func testANonUniqueKeyColumnIsRefused() throws {
        try exec("CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT, v TEXT); INSERT INTO p VALUES (1, 'X', 'a'), (2, 'X', 'b')")
        XCTAssertThrowsError(try database().adopt(table: "p", key: "code", names: ReceditColumnNames())) {
            XCTAssertTrue("\($0)".contains("not unique"), "\($0)")
        }
        try exec("CREATE TABLE q (id INTEGER PRIMARY KEY, code TEXT UNIQUE)")
        XCTAssertEqual(try database().adopt(table: "q", key: "code", names: ReceditColumnNames()), "code")
    }

    func testAColumnAddedAfterAdoptIsNoticedAndReAdoptRecordsIt() throws {
        try exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)")
        let db = try database()
        _ = try db.adopt(table: "items", key: nil, names: ReceditColumnNames())
        try exec("ALTER TABLE items ADD COLUMN extra TEXT; INSERT INTO items (id, name) VALUES (1, 'a')")
        XCTAssertThrowsError(try db.openTable("items", key: nil, names: ReceditColumnNames())) {
            guard case StoreError.notAdopted = $0 else { return XCTFail("expected notAdopted, got \($0)") }
        }
        _ = try db.adopt(table: "items", key: nil, names: ReceditColumnNames())
        let store = try db.openTable("items", key: nil, names: ReceditColumnNames())
        let row = try XCTUnwrap(try store.load(.integer(1)))
        guard case .saved = try store.save(.integer(1), changes: ["extra": .text("hello")], expected: row.updatedAt, writer: "w", fencingToken: nil) else {
            return XCTFail("save")
        }
        XCTAssertEqual(try store.history(.integer(1)).first?.fields["extra"], .null)
        XCTAssertEqual(try store.history(.integer(1)).count, 1)
    }

    func testAStampOnlyWriteIsAVersionToo() throws {
        try exec("CREATE TABLE m (id INTEGER PRIMARY KEY, price NUMERIC); INSERT INTO m VALUES (1, 1)")
        let db = try database()
        _ = try db.adopt(table: "m", key: nil, names: ReceditColumnNames())
        let store = try db.openTable("m", key: nil, names: ReceditColumnNames())
        let row = try XCTUnwrap(try store.load(.integer(1)))
        // 1.0 is stored as 1: the data does not change, the stamp does; the old version must be kept.
        guard case .saved(let saved) = try store.save(.integer(1), changes: ["price": .real(1.0)], expected: row.updatedAt, writer: "w", fencingToken: nil)
        else {
            return XCTFail("save")
        }
        XCTAssertEqual(try store.history(.integer(1)).map(\.updatedAt), [row.updatedAt])
        XCTAssertEqual(try store.version(.integer(1), at: row.updatedAt)?.fields["price"], .integer(1))
        // A foreign "touch" of updated_at alone (Django's save() with nothing changed) is kept too.
        try exec("UPDATE m SET updated_at = '2999-01-01 00:00:00.000000' WHERE id = 1")
        XCTAssertEqual(try store.history(.integer(1)).first?.updatedAt, saved.updatedAt)
    }

    func testAnUpdatedAtThatIsNotATimestampIsRefused() throws {
        try exec("CREATE TABLE n (id INTEGER PRIMARY KEY, name TEXT, updated_at INTEGER); INSERT INTO n VALUES (1, 'a', 1700000000)")
        XCTAssertThrowsError(try database().adopt(table: "n", key: nil, names: ReceditColumnNames())) {
            XCTAssertTrue("\($0)".contains("not timestamps"), "\($0)")
        }
    }
}
