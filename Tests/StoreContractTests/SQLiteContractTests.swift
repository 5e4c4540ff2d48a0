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
