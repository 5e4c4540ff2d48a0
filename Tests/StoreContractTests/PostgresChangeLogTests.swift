import Foundation
import PostgresStore
import RecEditCore
import XCTest

/// PostgreSQL assigns a change's position (a sequence value) before its transaction commits: a reader must never
/// go past a lower position that a running transaction may still commit (issue 14).
final class PostgresChangeLogTests: XCTestCase {
    var url = ""
    let names = ReceditColumnNames()

    override func setUpWithError() throws {
        url = try PGTestServer.database(tag: "changes")
        try PGTestServer.reset(url)
    }

    override class func tearDown() {
        PGTestServer.dropDatabase(tag: "changes")
        super.tearDown()
    }

    func testALowerPositionCommittedLaterIsNotSkipped() throws {
        let database = try PostgresDatabase(conninfo: url, options: StoreOptions())
        _ = try database.initialize(demo: true, names: names)
        let store = try database.openTable("records", key: nil, names: names)
        let start = try store.changePosition()
        let slow = try RawPG(url), fast = try RawPG(url)
        // The slow writer takes the lower position and stays open; the fast one takes a higher one and commits.
        try slow.exec("BEGIN; UPDATE records SET title = 'slow' WHERE id = 1")
        try fast.exec("UPDATE records SET title = 'fast' WHERE id = 2")
        let early = try store.changes(after: start, limit: 100)
        XCTAssertEqual(early, [], "nothing is handed out past a position a running transaction holds")
        try slow.exec("COMMIT")
        let log = try store.changes(after: start, limit: 100)
        XCTAssertEqual(log.map(\.key), [.integer(1), .integer(2)], "both, in position order")
        XCTAssertEqual(try store.changes(after: log.last!.sequence, limit: 100), [])
    }

    func testARunningTransactionOnAnotherTableOnlyDelaysTheReader() throws {
        let database = try PostgresDatabase(conninfo: url, options: StoreOptions())
        _ = try database.initialize(demo: true, names: names)
        let store = try database.openTable("records", key: nil, names: names)
        let start = try store.changePosition()
        let idle = try RawPG(url)
        try idle.exec("CREATE TABLE scratch (x int); BEGIN; INSERT INTO scratch VALUES (1)")
        try RawPG(url).exec("UPDATE records SET title = 'x' WHERE id = 3")
        XCTAssertEqual(try store.changes(after: start, limit: 10), [], "held back while an older transaction runs")
        try idle.exec("ROLLBACK")
        XCTAssertEqual(try store.changes(after: start, limit: 10).map(\.key), [.integer(3)])
    }

    /// The case a snapshot's xmax misses: the writer holding the lower position has the higher xid, and the last
    /// transaction to complete has a lower one (xmax = latest completed + 1 does not cover the running writer).
    func testAWriterWithAHigherXidAndALowerPositionIsWaitedFor() throws {
        let database = try PostgresDatabase(conninfo: url, options: StoreOptions())
        _ = try database.initialize(demo: true, names: names)
        let store = try database.openTable("records", key: nil, names: names)
        let start = try store.changePosition()
        let early = try RawPG(url), late = try RawPG(url)
        try early.exec("BEGIN; SELECT pg_current_xact_id()")  // the lower xid, no position yet
        try late.exec("BEGIN; UPDATE records SET title = 'late' WHERE id = 1")  // a higher xid, the lower position
        try early.exec("UPDATE records SET title = 'early' WHERE id = 2; COMMIT")  // the higher position, completes last
        XCTAssertEqual(try store.changes(after: start, limit: 100), [], "the running writer's lower position is waited for")
        try late.exec("COMMIT")
        XCTAssertEqual(try store.changes(after: start, limit: 100).map(\.key), [.integer(1), .integer(2)])
    }
}
