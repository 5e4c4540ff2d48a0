import Foundation
import RecEditCore
import SQLiteStore
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The editor's SQLite change feed has a descriptor the loop sleeps on (inotify): another connection's commit
/// makes it readable, with no tick and no polling; nothing happening leaves it quiet.
final class SQLiteFeedWakeTests: DemoDatabaseTestCase {
    /// Waits for `fd` to become readable: the answer, or false when 30 s pass (a hung test, not a speed goal).
    func becomesReadable(_ fd: Int32) -> Bool {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        return poll(&fds, 1, 30_000) == 1 && fds[0].revents & Int16(POLLIN) != 0
    }

    func isReadableNow(_ fd: Int32) -> Bool {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        return poll(&fds, 1, 0) == 1
    }

    /// A commit may be announced a moment before it is visible (the loop checks again then): check until it says so.
    func checkSeesTheChange(_ feed: ChangeFeed) throws -> Bool {
        for _ in 0..<300 {
            if try feed.check() { return true }
            usleep(10_000)
        }
        return false
    }

    func testAnotherConnectionsSaveMakesTheRowFeedReadable() throws {
        let feed = try store.makeChangeFeed(watching: .integer(1))
        let fd = try XCTUnwrap(feed.fileDescriptor, "the SQLite feed has a descriptor to sleep on")
        XCTAssertFalse(try feed.check(), "nothing changed yet")
        XCTAssertFalse(isReadableNow(fd), "quiet while nothing happens")

        // Another process's connection, as `recedit set` or sqlite3 would write.
        let other = try SQLiteDatabase(path: directory + "/db.sqlite", create: false)
        let otherStore = try other.openTable("records", key: nil, names: ReceditColumnNames())
        let row = try XCTUnwrap(try otherStore.load(.integer(1)))
        guard
            case .saved = try otherStore.save(
                .integer(1), changes: ["title": .text("Changed elsewhere")], expected: row.updatedAt, writer: "alice", fencingToken: nil)
        else { return XCTFail("the other connection's save did not commit") }

        XCTAssertTrue(becomesReadable(fd), "the commit wakes whoever sleeps on the descriptor")
        XCTAssertTrue(try checkSeesTheChange(feed))
        XCTAssertFalse(isReadableNow(fd), "check() read the events")
        XCTAssertEqual(try store.load(.integer(1))?["title"], .text("Changed elsewhere"))
    }

    func testTheTableFeedHearsARawSQLWriteByAnotherConnection() throws {
        let feed = try store.makeChangeFeed()
        let fd = try XCTUnwrap(feed.fileDescriptor)
        let other = try SQLiteDatabase(path: directory + "/db.sqlite", create: false)
        let otherStore = try other.openTable("records", key: nil, names: ReceditColumnNames())
        _ = try otherStore.insert(["title": .text("A new row")], writer: "bob")
        XCTAssertTrue(becomesReadable(fd))
        XCTAssertTrue(try checkSeesTheChange(feed))
    }

    func testOwnWritesWakeButAreNoChange() throws {
        let feed = try store.makeChangeFeed(watching: .integer(2))
        let fd = try XCTUnwrap(feed.fileDescriptor)
        guard case .claimed? = try store.apply(.claim(owner: me, leaseSeconds: 60, lock: false), to: .integer(2)) else {
            return XCTFail("no claim")
        }
        XCTAssertTrue(becomesReadable(fd), "the heartbeat's own write wakes the loop once")
        XCTAssertFalse(try feed.check(), "data_version does not count this connection's own commits")
        XCTAssertFalse(isReadableNow(fd))
    }
}
