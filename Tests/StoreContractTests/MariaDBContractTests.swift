import Foundation
import MariaDBStore
import RecEditCore
import XCTest

/// The store contract on a real MariaDB server (`RECEDIT_TEST_MARIADB`): each test starts from an empty
/// database of this test process's own.
final class MariaDBContractTests: StoreContractTests {
    var url = ""
    var foreign: RawMariaDB?

    override func setUpWithError() throws {
        try super.setUpWithError()
        url = try MariaDBTestServer.freshDatabase(tag: "contract")
        foreign = nil
    }

    override func tearDownWithError() throws {
        foreign = nil
    }

    override class func tearDown() {
        MariaDBTestServer.dropDatabase(tag: "contract")
        super.tearDown()
    }

    /// The change log is not kept on MariaDB yet (MariaDBRecordStore+Changes.swift tells the user so).
    override var changeLogMissing: String? { "MariaDB keeps no change log yet: recedit watch refuses MariaDB tables" }

    override func makeDatabase() throws -> RecordDatabase {
        try MariaDBDatabase(url: url, options: StoreOptions())
    }

    override func foreignExecute(_ sql: String) throws {
        if foreign == nil { foreign = try RawMariaDB(url) }
        try foreign!.exec(sql)
    }

    /// MariaDB's legacy table keeps its stamps in a DATETIME(6) column, as Django's auto_now makes it.
    override var legacyTableSQL: [String] {
        ["CREATE TABLE legacy (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER, updated_at DATETIME(6) NULL)",
         "INSERT INTO legacy (id, name, qty, updated_at) VALUES (1, 'bolts', 10, '2024-01-02 03:04:05.123456'), (2, 'nuts', 20, NULL)"]
    }

    /// No recedit before this one set up MariaDB tables. What stands in: a table that gained a column after adopt
    /// gets new triggers when opened, so history keeps the new column too.
    override func testATableFromAnOlderReceditIsUpgradedWhenOpened() throws {
        let store = try demoStore()
        try foreignExecute("ALTER TABLE records ADD COLUMN tag VARCHAR(20) NULL")
        try foreignExecute("UPDATE records SET tag = 'red' WHERE id = 1")
        let reopened = try makeDatabase().openTable("records", key: nil, names: names)
        let v0 = try XCTUnwrap(try reopened.load(.integer(1)))
        XCTAssertEqual(v0["tag"], .text("red"))
        _ = try saved(try reopened.save(.integer(1), changes: ["tag": .text("blue")], expected: v0.updatedAt, writer: "a@h:1", fencingToken: nil))
        XCTAssertEqual(try reopened.history(.integer(1)).first?.fields["tag"], .text("red"), "the new column is in history")
        _ = store
    }

    override var refusesNonFiniteReals: Bool { true }

    func testLocationNeverHoldsThePassword() throws {
        let withPassword = url.replacingOccurrences(of: "://root@", with: "://root:s3cr3t-PW@")
        XCTAssertThrowsError(try MariaDBDatabase(url: withPassword, options: StoreOptions())) {
            XCTAssertFalse("\($0)".contains("s3cr3t-PW"), "\($0)")
            XCTAssertTrue("\($0)".contains("***"), "\($0)")
        }
        let database = try MariaDBDatabase(url: url, options: StoreOptions())
        XCTAssertEqual(database.location, url)
    }
}
