import Foundation
import RecEditCore
import XCTest

/// The change log behind `recedit watch` (issue 14), on every database.
extension StoreContractTests {
    /// Reads the whole log of `store` after `position`, a few changes at a time, as a watcher does.
    func drain(_ store: RecordStore, after position: Int64, batch: Int = 2) throws -> [Change] {
        var out: [Change] = []
        var at = position
        while true {
            let next = try store.changes(after: at, limit: batch)
            guard let last = next.last else { return out }
            out += next
            at = last.sequence
        }
    }

    func testTheChangeLogHoldsEveryWriterInOrder() throws {
        if let why = changeLogMissing { throw XCTSkip(why) }
        let store = try demoStore()
        let start = try store.changePosition()
        XCTAssertEqual(try store.changes(after: start, limit: 100), [], "nothing after the newest position")
        let two = try XCTUnwrap(try store.load(.integer(2)))
        let saved2 = try saved(
            try store.save(
                .integer(2), changes: ["title": .text("saved"), "priority": .integer(9)],
                expected: two.updatedAt, writer: "alice@h:1", fencingToken: nil))
        try foreignExecute("UPDATE records SET status = 'done' WHERE id = 3")
        guard case .claimed(let token, _, _)? = try store.apply(.claim(owner: "bob@h:2", leaseSeconds: 60, lock: false), to: .integer(1)) else {
            return XCTFail("claim")
        }
        _ = try store.apply(.renew(owner: "bob@h:2", token: token, leaseSeconds: 60), to: .integer(1))
        _ = try store.apply(.release(owner: "bob@h:2", token: token), to: .integer(1))
        try foreignExecute("DELETE FROM records WHERE id = 4")
        let new = try store.insert(["title": .text("fresh"), "status": .text("open")], writer: "carol@h:3")

        let log = try drain(store, after: start)
        XCTAssertEqual(log.map(\.operation), [.update, .update, .claim, .release, .delete, .insert], "a heartbeat is not a change")
        XCTAssertEqual(log.map(\.key), [.integer(2), .integer(3), .integer(1), .integer(1), .integer(4), new.key])
        XCTAssertEqual(log[0].fields, ["title", "priority"], "the changed fields, in column order")
        XCTAssertEqual(log[0].updatedAt, saved2.updatedAt)
        XCTAssertEqual(log[0].writer, "alice@h:1")
        XCTAssertEqual(log[1].fields, ["status"])
        XCTAssertNil(log[1].writer, "a foreign writer is not known")
        XCTAssertEqual(try store.load(.integer(3))?.updatedAt, log[1].updatedAt, "a foreign update's new stamp")
        XCTAssertEqual(log[2].writer, "bob@h:2")
        XCTAssertEqual(log[3].writer, "bob@h:2")
        XCTAssertEqual(log[4].fields, [])
        XCTAssertEqual(log[5].fields, store.schema.dataColumns.map(\.name))
        XCTAssertEqual(log[5].updatedAt, new.updatedAt)
        XCTAssertEqual(log[5].writer, "carol@h:3")
        XCTAssertEqual(log.map(\.sequence), log.map(\.sequence).sorted())
        XCTAssertEqual(Set(log.map(\.sequence)).count, log.count)
        XCTAssertEqual(try store.changePosition(), log.last?.sequence)
        // Resuming from any position gives exactly the rest.
        XCTAssertEqual(try drain(store, after: log[2].sequence, batch: 100), Array(log[3...]))
    }

    func testTheChangeLogIsPerTableAndSkipsRolledBackWrites() throws {
        if let why = changeLogMissing { throw XCTSkip(why) }
        let database = try makeDatabase()
        _ = try database.initialize(demo: true, names: names)
        let store = try database.openTable("records", key: nil, names: names)
        try foreignExecute("CREATE TABLE parts (id INTEGER PRIMARY KEY, name TEXT)")
        try foreignExecute("INSERT INTO parts (id, name) VALUES (1, 'bolt')")
        _ = try database.adopt(table: "parts", key: nil, names: names)
        let parts = try database.openTable("parts", key: nil, names: names)
        let start = try store.changePosition()
        try foreignExecute("UPDATE parts SET name = 'nut' WHERE id = 1")
        try foreignExecute("BEGIN; UPDATE records SET title = 'never' WHERE id = 1; ROLLBACK")
        try foreignExecute("UPDATE records SET title = 'kept' WHERE id = 1")
        XCTAssertEqual(try drain(store, after: start).map(\.fields), [["title"]])
        XCTAssertEqual(try drain(parts, after: start).map(\.key), [.integer(1)])
    }

    func testATableFromAnOlderReceditGetsTheChangeLogWhenOpened() throws {
        if let why = changeLogMissing { throw XCTSkip(why) }
        try foreignExecute(oldReceditTableSQL)
        try foreignExecute("INSERT INTO records (id, title, status) VALUES (1, 'old', 'open')")
        let store = try makeDatabase().openTable("records", key: nil, names: names)
        let start = try store.changePosition()
        try foreignExecute("UPDATE records SET title = 'new' WHERE id = 1")
        XCTAssertEqual(try drain(store, after: start).map(\.operation), [.update])
    }

    /// A table adopted by the recedit just before the change log (every column, no `recedit_changes`) gets it
    /// the first time it is opened.
    func testATableAdoptedBeforeTheChangeLogGetsItWhenOpened() throws {
        if let why = changeLogMissing { throw XCTSkip(why) }
        _ = try demoStore()
        try foreignExecute("DROP TABLE recedit_changes")
        let store = try makeDatabase().openTable("records", key: nil, names: names)
        let start = try store.changePosition()
        try foreignExecute("UPDATE records SET title = 'after the upgrade' WHERE id = 1")
        XCTAssertEqual(try drain(store, after: start).map(\.fields), [["title"]])
    }

    func testAPositionFromAStampStartsAfterIt() throws {
        if let why = changeLogMissing { throw XCTSkip(why) }
        let store = try demoStore()
        try foreignExecute("UPDATE records SET title = 'before' WHERE id = 1")
        usleep(20_000)
        let stamp = Stamp.text(microseconds: Int64(Date().timeIntervalSince1970 * 1_000_000))
        usleep(20_000)
        try foreignExecute("UPDATE records SET title = 'after' WHERE id = 2")
        let log = try drain(store, after: try store.changePosition(after: stamp))
        XCTAssertEqual(log.map(\.key), [.integer(2)])
    }
}
