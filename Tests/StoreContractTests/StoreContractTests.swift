import Foundation
import RecEditCore
import XCTest

/// The store contract, run against every database. Subclasses say how to reach a fresh database.
class StoreContractTests: XCTestCase {
    // MARK: What a subclass provides

    /// A fresh, empty database (a new connection each call, to the same database within one test).
    /// Why this database keeps no change log (its change-log tests then skip); nil when it keeps one.
    var changeLogMissing: String? { nil }

    func makeDatabase() throws -> RecordDatabase { throw XCTSkip("abstract") }
    /// Runs SQL on a connection recedit does not own: the foreign writer (psql, Django, a script).
    func foreignExecute(_ sql: String) throws { throw XCTSkip("abstract") }
    /// DDL for a pre-existing application table with data and its own updated_at column.
    var legacyTableSQL: [String] {
        [
            "CREATE TABLE legacy (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER, updated_at TEXT)",
            "INSERT INTO legacy (id, name, qty, updated_at) VALUES (1, 'bolts', 10, '2024-01-02 03:04:05.123456'), (2, 'nuts', 20, NULL)",
        ]
    }
    var keylessTableSQL: String { "CREATE TABLE keyless (name TEXT, qty INTEGER)" }
    /// The demo table `records` exactly as the recedit before issue 8 set it up (states idle and editing only,
    /// no claim start), dumped from a database it created.
    var oldReceditTableSQL: String { "" }
    /// The database stores no infinity or NaN (MariaDB): a save of one is refused instead of kept.
    var refusesNonFiniteReals: Bool { false }

    override func setUpWithError() throws {
        if type(of: self) == StoreContractTests.self { throw XCTSkip("the contract runs in its SQLite and PostgreSQL subclasses") }
    }

    let names = ReceditColumnNames()

    func demoStore() throws -> RecordStore {
        let database = try makeDatabase()
        _ = try database.initialize(demo: true, names: names)
        return try database.openTable("records", key: nil, names: names)
    }

    func secondStore() throws -> RecordStore { try makeDatabase().openTable("records", key: nil, names: names) }

    func saved(_ outcome: SaveOutcome, file: StaticString = #filePath, line: UInt = #line) throws -> Record {
        guard case .saved(let record) = outcome else {
            XCTFail("expected saved, got \(outcome)", file: file, line: line)
            throw XCTSkip("cannot continue")
        }
        return record
    }

    // MARK: Schema

    func testInitCreatesDemoTableIdempotently() throws {
        let database = try makeDatabase()
        let inserted = try database.initialize(demo: true, names: names)
        XCTAssertGreaterThanOrEqual(inserted, 5)
        XCTAssertEqual(try database.initialize(demo: true, names: names), 0, "a second init adds nothing")
        let store = try database.openTable("records", key: nil, names: names)
        XCTAssertEqual(store.schema.dataColumns.map(\.name), ["id", "title", "status", "owner", "priority", "due", "body"])
        XCTAssertEqual(store.schema.keyColumn, "id")
        let rows = try store.list(limit: 100, after: nil)
        XCTAssertEqual(rows.count, inserted)
        XCTAssertTrue(rows.contains { $0.title.displayText.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }, "one demo row is Chinese")
        XCTAssertGreaterThanOrEqual(try rows.compactMap { try store.load($0.key) }.filter { $0["body"].displayText.contains("\n") }.count, 3)
    }

    func testListPaginates() throws {
        let store = try demoStore()
        let first = try store.list(limit: 2, after: nil)
        XCTAssertEqual(first.map(\.key), [.integer(1), .integer(2)])
        let next = try store.list(limit: 2, after: first.last!.key)
        XCTAssertEqual(next.map(\.key), [.integer(3), .integer(4)])
    }

    func testConstraintViolationIsAClearErrorAndWritesNothing() throws {
        let store = try demoStore()
        let before = try XCTUnwrap(try store.load(.integer(1)))
        XCTAssertThrowsError(try store.save(.integer(1), changes: ["status": .text("bogus")], expected: before.updatedAt, writer: "t", fencingToken: nil)) {
            guard case StoreError.constraint = $0 else { return XCTFail("expected a constraint error, got \($0)") }
        }
        XCTAssertEqual(try store.load(.integer(1)), before)
        XCTAssertEqual(try store.history(.integer(1)).count, 0)
    }

    // MARK: Checked saves

    func testStaleSaveIsDetectedAndReportsTheCurrentRow() throws {
        let alice = try demoStore()
        let bob = try secondStore()
        let loaded = try XCTUnwrap(try alice.load(.integer(1)))
        let afterAlice = try saved(
            try alice.save(.integer(1), changes: ["title": .text("Alice's title")], expected: loaded.updatedAt, writer: "alice@h:1", fencingToken: nil))
        XCTAssertGreaterThan(Stamp.microseconds(from: afterAlice.updatedAt)!, Stamp.microseconds(from: loaded.updatedAt)!)
        let outcome = try bob.save(.integer(1), changes: ["title": .text("Bob's title")], expected: loaded.updatedAt, writer: "bob@h:2", fencingToken: nil)
        XCTAssertEqual(outcome, .stale(current: afterAlice))
        XCTAssertEqual(try bob.load(.integer(1))?["title"], .text("Alice's title"), "the stale save wrote nothing")
    }

    func testSaveWritesOnlyTheChangedColumns() throws {
        let alice = try demoStore()
        let loaded = try XCTUnwrap(try alice.load(.integer(2)))
        let after = try saved(try alice.save(.integer(2), changes: ["priority": .integer(9)], expected: loaded.updatedAt, writer: "a", fencingToken: nil))
        var expected = loaded.fields
        expected["priority"] = .integer(9)
        XCTAssertEqual(after.fields, expected)
    }

    func testSaveOfADeletedRowReportsDeleted() throws {
        let store = try demoStore()
        let loaded = try XCTUnwrap(try store.load(.integer(4)))
        try foreignExecute("DELETE FROM records WHERE id = 4")
        XCTAssertEqual(try store.save(.integer(4), changes: ["title": .text("x")], expected: loaded.updatedAt, writer: "a", fencingToken: nil), .deleted)
        let history = try store.history(.integer(4))
        XCTAssertEqual(history.first?.operation, .delete)
        XCTAssertEqual(history.first?.fields["title"], loaded["title"])
    }

    func testStampsStrictlyIncreaseOverAThousandSaves() throws {
        let store = try demoStore()
        var current = try XCTUnwrap(try store.load(.integer(1)))
        var stamps = [current.updatedAt]
        for i in 0..<1000 {
            current = try saved(
                try store.save(.integer(1), changes: ["priority": .integer(Int64(i))], expected: current.updatedAt, writer: "w", fencingToken: nil))
            stamps.append(current.updatedAt)
        }
        let micros = stamps.map { Stamp.microseconds(from: $0)! }
        XCTAssertEqual(Set(stamps).count, 1001)
        XCTAssertEqual(micros, micros.sorted())
        XCTAssertEqual(try store.history(.integer(1)).count, 1000)
    }

    func testForeignWriterThatLeavesUpdatedAtAloneIsCaught() throws {
        let store = try demoStore()
        let loaded = try XCTUnwrap(try store.load(.integer(1)))
        try foreignExecute("UPDATE records SET title = 'from psql' WHERE id = 1")
        let now = try XCTUnwrap(try store.load(.integer(1)))
        XCTAssertEqual(now["title"], .text("from psql"))
        XCTAssertGreaterThan(Stamp.microseconds(from: now.updatedAt)!, Stamp.microseconds(from: loaded.updatedAt)!)
        XCTAssertEqual(
            try store.save(.integer(1), changes: ["title": .text("mine")], expected: loaded.updatedAt, writer: "a", fencingToken: nil),
            .stale(current: now))
        let history = try store.history(.integer(1))
        XCTAssertEqual(history.count, 1)
        XCTAssertEqual(history[0].fields["title"], loaded["title"])
        XCTAssertEqual(history[0].updatedAt, loaded.updatedAt)
        XCTAssertEqual(history[0].replacedAt, now.updatedAt)
        XCTAssertNil(history[0].replacedBy, "a foreign writer is not named")
        XCTAssertNil(try store.writer(of: .integer(1), at: now.updatedAt))
    }

    func testForeignWritesInOneStatementBurstStillIncrease() throws {
        let store = try demoStore()
        var stamps: [String] = []
        for i in 0..<50 {
            try foreignExecute("UPDATE records SET priority = \(i) WHERE id = 2")
            stamps.append(try XCTUnwrap(try store.load(.integer(2))).updatedAt)
        }
        let micros = stamps.map { Stamp.microseconds(from: $0)! }
        XCTAssertEqual(Set(micros).count, 50)
        XCTAssertEqual(micros, micros.sorted())
    }

    func testHistoryKeepsEveryReplacedVersionWithItsWriter() throws {
        let store = try demoStore()
        let v0 = try XCTUnwrap(try store.load(.integer(3)))
        let v1 = try saved(try store.save(.integer(3), changes: ["title": .text("one")], expected: v0.updatedAt, writer: "alice@h:1", fencingToken: nil))
        let v2 = try saved(
            try store.save(.integer(3), changes: ["title": .text("two"), "priority": .null], expected: v1.updatedAt, writer: "bob@h:2", fencingToken: nil))
        let history = try store.history(.integer(3))
        XCTAssertEqual(history.map(\.updatedAt), [v1.updatedAt, v0.updatedAt])
        XCTAssertEqual(history.map(\.replacedBy), ["bob@h:2", "alice@h:1"])
        XCTAssertEqual(history[0].writtenBy, "alice@h:1")
        XCTAssertEqual(history[0].fields, v1.fields)
        XCTAssertEqual(history[1].fields, v0.fields, "CJK text and every type come back exactly")
        XCTAssertEqual(try store.writer(of: .integer(3), at: v2.updatedAt), "bob@h:2")
        XCTAssertEqual(try store.version(.integer(3), at: v0.updatedAt)?.fields, v0.fields)
        XCTAssertEqual(try store.version(.integer(3), at: v2.updatedAt)?.fields, v2.fields)
        XCTAssertNil(try store.version(.integer(3), at: "1999-01-01 00:00:00.000000"))
    }

    func testInsertGetsAKeyAndAStamp() throws {
        let store = try demoStore()
        let record = try store.insert(["title": .text("new row"), "priority": .integer(2)], writer: "a")
        XCTAssertNotEqual(record.key, .null)
        XCTAssertNotNil(Stamp.microseconds(from: record.updatedAt))
        XCTAssertEqual(record.edit.state, .idle)
        XCTAssertEqual(try store.load(record.key)?["title"], .text("new row"))
    }

    // MARK: The edit-state machine

    func testClaimRenewReleaseLeaveDataAndStampAlone() throws {
        let store = try demoStore()
        let before = try XCTUnwrap(try store.load(.integer(1)))
        guard case .claimed(let token, _, nil)? = try store.apply(.claim(owner: "alice@h:1", leaseSeconds: 60), to: .integer(1)) else {
            return XCTFail("claim on an idle row must succeed")
        }
        XCTAssertEqual(token, before.edit.token + 1)
        guard case .renewed? = try store.apply(.renew(owner: "alice@h:1", token: token, leaseSeconds: 60), to: .integer(1)) else {
            return XCTFail("the holder renews")
        }
        let during = try XCTUnwrap(try store.load(.integer(1)))
        XCTAssertEqual(during.edit.state, .editing)
        XCTAssertEqual(during.edit.owner, "alice@h:1")
        XCTAssertEqual(try store.apply(.release(owner: "alice@h:1", token: token), to: .integer(1)), .released)
        let after = try XCTUnwrap(try store.load(.integer(1)))
        XCTAssertEqual(after.updatedAt, before.updatedAt, "edit-state changes are not data changes")
        XCTAssertEqual(after.fields, before.fields)
        XCTAssertEqual(after.edit, EditInfo(state: .idle, owner: nil, leaseUntil: nil, token: token))
        XCTAssertEqual(try store.history(.integer(1)).count, 0)
    }

    func testOtherOwnersAreBusyAndCannotReleaseByName() throws {
        let alice = try demoStore()
        let bob = try secondStore()
        guard case .claimed(let token, let until, _)? = try alice.apply(.claim(owner: "alice@h:1", leaseSeconds: 60), to: .integer(1)) else {
            return XCTFail("claim")
        }
        let since = try alice.load(.integer(1))?.edit.since
        XCTAssertNotNil(since)
        XCTAssertEqual(try bob.apply(.claim(owner: "bob@h:2", leaseSeconds: 60), to: .integer(1)), .busy(owner: "alice@h:1", leaseUntil: until, since: since))
        // Same user name, another process: a different owner.
        XCTAssertEqual(try bob.apply(.claim(owner: "alice@h:2", leaseSeconds: 60), to: .integer(1)), .busy(owner: "alice@h:1", leaseUntil: until, since: since))
        guard case .lost(let current)? = try bob.apply(.release(owner: "alice@h:2", token: token), to: .integer(1)) else {
            return XCTFail("a release by name alone must not succeed")
        }
        XCTAssertEqual(current.owner, "alice@h:1")
        guard case .lost? = try bob.apply(.release(owner: "alice@h:1", token: token - 1), to: .integer(1)) else {
            return XCTFail("a stale token must not release")
        }
        XCTAssertEqual(try alice.load(.integer(1))?.edit.state, .editing)
        XCTAssertNil(try alice.apply(.claim(owner: "x", leaseSeconds: 60), to: .integer(999)), "no row, no outcome")
    }

    func testExpiredLeaseIsTakenOverAndTheOldOwnerLearnsItLost() throws {
        let alice = try demoStore()
        let bob = try secondStore()
        guard case .claimed(let aliceToken, _, _)? = try alice.apply(.claim(owner: "alice@h:1", leaseSeconds: 0), to: .integer(1)) else {
            return XCTFail("claim")
        }
        guard case .claimed(let bobToken, _, let previous)? = try bob.apply(.claim(owner: "bob@h:2", leaseSeconds: 60), to: .integer(1)) else {
            return XCTFail("an expired lease is taken over")
        }
        XCTAssertEqual(previous, "alice@h:1")
        XCTAssertEqual(bobToken, aliceToken + 1)
        guard case .lost(let current)? = try alice.apply(.renew(owner: "alice@h:1", token: aliceToken, leaseSeconds: 60), to: .integer(1)) else {
            return XCTFail("the old owner's heartbeat learns it lost")
        }
        XCTAssertEqual(current.owner, "bob@h:2")
        // Exclusive mode fences saves with the token: alice's save is refused even with a fresh updated_at.
        let row = try XCTUnwrap(try alice.load(.integer(1)))
        XCTAssertEqual(
            try alice.save(.integer(1), changes: ["title": .text("late")], expected: row.updatedAt, writer: "alice@h:1", fencingToken: aliceToken),
            .stale(current: row))
        _ = try saved(try bob.save(.integer(1), changes: ["title": .text("bob")], expected: row.updatedAt, writer: "bob@h:2", fencingToken: bobToken))
        XCTAssertEqual(try bob.apply(.forceRelease, to: .integer(1)), .released)
        XCTAssertEqual(try bob.load(.integer(1))?.edit.state, .idle)
    }

    func testTwoClaimantsRacingNeverBothWin() throws {
        _ = try demoStore()
        let stores = [try secondStore(), try secondStore()]
        let owners = ["alice@h:1", "bob@h:2"]
        for round in 0..<40 {
            _ = try stores[0].apply(.forceRelease, to: .integer(1))
            var outcomes: [EditOutcome?] = [nil, nil]
            var errors: [Error] = []
            let lock = NSLock()
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                do {
                    let outcome = try stores[i].apply(.claim(owner: owners[i], leaseSeconds: 60), to: .integer(1))
                    lock.lock(); outcomes[i] = outcome; lock.unlock()
                } catch {
                    lock.lock(); errors.append(error); lock.unlock()
                }
            }
            XCTAssertTrue(errors.isEmpty, "round \(round): \(errors)")
            let winners = outcomes.filter { if case .claimed? = $0 { return true } else { return false } }
            XCTAssertEqual(winners.count, 1, "round \(round): exactly one claimant wins, got \(outcomes)")
            let holder = try stores[0].load(.integer(1))?.edit.owner
            for (i, outcome) in outcomes.enumerated() {
                if case .claimed? = outcome { XCTAssertEqual(holder, owners[i]) }
                if case .busy(let owner, _, _, _)? = outcome { XCTAssertEqual(owner, holder) }
            }
        }
    }

    func testTakingOverAGoneHolderIsACompareAndSet() throws {
        _ = try demoStore()
        let stores = [try secondStore(), try secondStore()]
        guard case .claimed(let deadToken, _, _)? = try stores[0].apply(.claim(owner: "dead@h:9", leaseSeconds: 600), to: .integer(2)) else {
            return XCTFail("claim")
        }
        XCTAssertEqual(
            try stores[0].apply(.takeOver(owner: "x@h:1", leaseSeconds: 60, from: "dead@h:9", token: deadToken - 1), to: .integer(2)),
            .busy(
                owner: "dead@h:9", leaseUntil: try stores[0].load(.integer(2))?.edit.leaseUntil,
                since: try stores[0].load(.integer(2))?.edit.since), "a stale token takes nothing")
        var outcomes: [EditOutcome?] = [nil, nil]
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let outcome = try? stores[i].apply(.takeOver(owner: "editor\(i)@h:\(i)", leaseSeconds: 60, from: "dead@h:9", token: deadToken), to: .integer(2))
            lock.lock(); outcomes[i] = outcome; lock.unlock()
        }
        let winners = outcomes.compactMap { outcome -> String? in
            if case .claimed(_, _, let previous)? = outcome { return previous } else { return nil }
        }
        XCTAssertEqual(winners, ["dead@h:9"], "exactly one takes over, and learns whose claim it replaced: \(outcomes)")
    }

    /// Issue 8 item 10: the row keeps when a claim began; heartbeats move only the lease.
    func testTheClaimStartIsKeptByRenewalsAndEndsWithTheClaim() throws {
        let alice = try demoStore()
        let bob = try secondStore()
        guard case .claimed(let token, _, _)? = try alice.apply(.claim(owner: "alice@h:1", leaseSeconds: 60), to: .integer(1)) else {
            return XCTFail("claim")
        }
        let claimed = try XCTUnwrap(try alice.load(.integer(1))?.edit)
        let since = try XCTUnwrap(claimed.since, "a claim records when it began")
        XCTAssertLessThanOrEqual(Stamp.microseconds(from: since)!, Stamp.microseconds(from: claimed.leaseUntil!)! - 59_000_000)
        usleep(30_000)
        guard case .renewed(let renewedUntil)? = try alice.apply(.renew(owner: "alice@h:1", token: token, leaseSeconds: 60), to: .integer(1)) else {
            return XCTFail("renew")
        }
        XCTAssertGreaterThan(Stamp.microseconds(from: renewedUntil)!, Stamp.microseconds(from: claimed.leaseUntil!)!)
        XCTAssertEqual(try bob.load(.integer(1))?.edit.since, since, "a heartbeat does not move the claim's start")
        guard case .busy(_, _, false, let seen)? = try bob.apply(.claim(owner: "bob@h:2", leaseSeconds: 60), to: .integer(1)) else {
            return XCTFail("busy")
        }
        XCTAssertEqual(seen, since, "busy says when the holder's claim began")
        // Re-claimed by its holder, the claim goes on.
        _ = try alice.apply(.claim(owner: "alice@h:1", leaseSeconds: 60), to: .integer(1))
        XCTAssertEqual(try bob.load(.integer(1))?.edit.since, since)
        XCTAssertEqual(try alice.apply(.forceRelease, to: .integer(1)), .released)
        XCTAssertNil(try bob.load(.integer(1))?.edit.since, "an idle row has no claim start")
        XCTAssertEqual(try bob.list(limit: 1, after: nil).first?.edit.since, nil)
        guard case .claimed? = try bob.apply(.claim(owner: "bob@h:2", leaseSeconds: 60), to: .integer(1)) else { return XCTFail("claim") }
        let bobs = try XCTUnwrap(try alice.load(.integer(1))?.edit.since)
        XCTAssertGreaterThan(Stamp.microseconds(from: bobs)!, Stamp.microseconds(from: since)!, "a new claim begins anew")
        XCTAssertEqual(try alice.list(limit: 1, after: nil).first?.edit.since, bobs)
        XCTAssertEqual(try alice.history(.integer(1)).count, 0, "claims write no history")
    }

    /// Issue 8 item 7: a row claimed `locked` (exclusive mode) refuses every save without the holder's token,
    /// whatever mode the saving client runs in; the holder saves, and a lock whose lease ran out holds nobody.
    func testALockedRowRefusesOthersSaves() throws {
        let alice = try demoStore()
        let bob = try secondStore()
        guard case .claimed(let token, _, _)? = try alice.apply(.claim(owner: "alice@h:1", leaseSeconds: 60, lock: true), to: .integer(1)) else {
            return XCTFail("claim")
        }
        let row = try XCTUnwrap(try bob.load(.integer(1)))
        XCTAssertEqual(row.edit.state, .locked)
        XCTAssertEqual(
            try bob.save(.integer(1), changes: ["owner": .text("x")], expected: row.updatedAt, writer: "bob@h:2", fencingToken: nil),
            .locked(current: row), "an advisory client's save is refused")
        XCTAssertEqual(
            try bob.save(.integer(1), changes: ["owner": .text("x")], expected: row.updatedAt, writer: "bob@h:2", fencingToken: token - 1),
            .locked(current: row), "another claim's token is refused")
        XCTAssertEqual(try bob.save(.integer(1), changes: [:], expected: row.updatedAt, writer: "bob@h:2", fencingToken: nil), .locked(current: row))
        XCTAssertEqual(try bob.load(.integer(1)), row, "nothing written")
        guard case .busy(let holder, _, true, _)? = try bob.apply(.claim(owner: "bob@h:2", leaseSeconds: 60), to: .integer(1)) else {
            return XCTFail("a locked row is busy, and says it is locked")
        }
        XCTAssertEqual(holder, "alice@h:1")
        let mine = try saved(try alice.save(.integer(1), changes: ["owner": .text("alice")], expected: row.updatedAt, writer: "alice@h:1", fencingToken: token))
        guard case .renewed? = try alice.apply(.renew(owner: "alice@h:1", token: token, leaseSeconds: 60), to: .integer(1)) else { return XCTFail("renew") }
        XCTAssertEqual(try bob.load(.integer(1))?.edit.state, .locked, "a heartbeat keeps the lock")
        XCTAssertEqual(try alice.apply(.release(owner: "alice@h:1", token: token), to: .integer(1)), .released)
        _ = try saved(try bob.save(.integer(1), changes: ["owner": .text("bob")], expected: mine.updatedAt, writer: "bob@h:2", fencingToken: nil))
        // A lock whose lease has run out refuses nothing.
        guard case .claimed? = try alice.apply(.claim(owner: "alice@h:1", leaseSeconds: 0, lock: true), to: .integer(2)) else { return XCTFail("claim") }
        let two = try XCTUnwrap(try bob.load(.integer(2)))
        _ = try saved(try bob.save(.integer(2), changes: ["owner": .text("bob")], expected: two.updatedAt, writer: "bob@h:2", fencingToken: nil))
    }

    // MARK: Restore

    /// Issue 8 item 11: a deleted row is re-created from its history, as a checked insert.
    func testADeletedRowIsRecreatedOnlyWhileItsKeyIsFree() throws {
        let store = try demoStore()
        let before = try XCTUnwrap(try store.load(.integer(4)))
        try foreignExecute("DELETE FROM records WHERE id = 4")
        let deleted = try XCTUnwrap(try store.history(.integer(4)).first)
        XCTAssertEqual(deleted.operation, .delete)
        let version = try XCTUnwrap(try store.version(.integer(4), at: deleted.updatedAt), "the deleted version is in history")
        let back = try XCTUnwrap(try store.recreate(version.fields, writer: "w@h:1"))
        XCTAssertEqual(back.fields, before.fields)
        XCTAssertEqual(back.edit.state, .idle)
        XCTAssertGreaterThan(Stamp.microseconds(from: back.updatedAt)!, Stamp.microseconds(from: before.updatedAt)!)
        // The key is taken again: the checked insert writes nothing.
        var other = version.fields
        other["title"] = .text("not this")
        XCTAssertNil(try store.recreate(other, writer: "w@h:1"))
        XCTAssertEqual(try store.load(.integer(4))?["title"], before["title"])
    }

    // MARK: Adopt

    /// Issue 8 item 3: adopt never takes over a user's column that has one of recedit's names.
    func testAdoptRefusesColumnsNamedLikeRecedits() throws {
        let database = try makeDatabase()
        try foreignExecute("CREATE TABLE d (id INTEGER PRIMARY KEY, edit_state TEXT, edit_since TEXT)")
        try foreignExecute("INSERT INTO d (id, edit_state, edit_since) VALUES (1, 'mine', 'also mine')")
        XCTAssertThrowsError(try database.adopt(table: "d", key: nil, names: names)) {
            guard case StoreError.columnsInUse("d", let columns, let roles) = $0 else { return XCTFail("expected columnsInUse, got \($0)") }
            XCTAssertEqual(columns, ["edit_state", "edit_since"])
            XCTAssertEqual(roles, ["state", "since"])
        }
        XCTAssertThrowsError(try database.openTable("d", key: nil, names: names)) {
            guard case StoreError.notAdopted = $0 else { return XCTFail("nothing was added: \($0)") }
        }
        // Renamed in the config, recedit's columns live beside the user's.
        var renamed = names
        renamed.state = "recedit_state"
        renamed.since = "recedit_since"
        XCTAssertEqual(try database.adopt(table: "d", key: nil, names: renamed), "id")
        XCTAssertEqual(try database.adopt(table: "d", key: nil, names: renamed), "id", "recedit's own columns are no clash")
        let store = try database.openTable("d", key: nil, names: renamed)
        guard case .claimed(let token, _, _)? = try store.apply(.claim(owner: "a@h:1", leaseSeconds: 60), to: .integer(1)) else { return XCTFail("claim") }
        XCTAssertEqual(try store.apply(.release(owner: "a@h:1", token: token), to: .integer(1)), .released)
        let row = try XCTUnwrap(try store.load(.integer(1)))
        XCTAssertEqual(row["edit_state"], .text("mine"), "the user's data is untouched")
        XCTAssertEqual(row["edit_since"], .text("also mine"))
        // A table adopted before keeps working: its recedit columns are recedit's own.
        _ = try database.initialize(demo: false, names: names)
        XCTAssertEqual(try database.adopt(table: "records", key: nil, names: names), "id")
    }

    func testAdoptAddsColumnsToATableWithDataAndReusesUpdatedAt() throws {
        let database = try makeDatabase()
        for sql in legacyTableSQL { try foreignExecute(sql) }
        XCTAssertThrowsError(try database.openTable("legacy", key: nil, names: names)) {
            guard case StoreError.notAdopted = $0 else { return XCTFail("expected notAdopted, got \($0)") }
        }
        XCTAssertEqual(try database.adopt(table: "legacy", key: nil, names: names), "id")
        XCTAssertEqual(try database.adopt(table: "legacy", key: nil, names: names), "id", "adopt is idempotent")
        let store = try database.openTable("legacy", key: nil, names: names)
        XCTAssertEqual(store.schema.columns.filter { $0.name == "updated_at" }.count, 1, "the existing updated_at is reused")
        let one = try XCTUnwrap(try store.load(.integer(1)))
        XCTAssertEqual(one["name"], .text("bolts"))
        XCTAssertEqual(one["qty"], .integer(10))
        XCTAssertEqual(Stamp.microseconds(from: one.updatedAt), Stamp.microseconds(from: "2024-01-02 03:04:05.123456"))
        let two = try XCTUnwrap(try store.load(.integer(2)))
        XCTAssertNotNil(Stamp.microseconds(from: two.updatedAt), "rows without a stamp get one")
        let after = try saved(try store.save(.integer(1), changes: ["qty": .integer(11)], expected: one.updatedAt, writer: "a", fencingToken: nil))
        XCTAssertGreaterThan(Stamp.microseconds(from: after.updatedAt)!, Stamp.microseconds(from: one.updatedAt)!)
        try foreignExecute("UPDATE legacy SET qty = 12 WHERE id = 1")
        XCTAssertEqual(
            try store.save(.integer(1), changes: ["qty": .integer(13)], expected: after.updatedAt, writer: "a", fencingToken: nil),
            .stale(current: try XCTUnwrap(try store.load(.integer(1)))))
        XCTAssertEqual(try store.history(.integer(1)).map { $0.fields["qty"] }, [.integer(11), .integer(10)])
    }

    func testAdoptRefusesATableWithoutASingleColumnKey() throws {
        let database = try makeDatabase()
        try foreignExecute(keylessTableSQL)
        XCTAssertThrowsError(try database.adopt(table: "keyless", key: nil, names: names)) {
            guard case StoreError.noSingleColumnKey("keyless") = $0 else { return XCTFail("expected noSingleColumnKey, got \($0)") }
        }
        XCTAssertThrowsError(try database.adopt(table: "missing_table", key: nil, names: names)) {
            guard case StoreError.tableMissing = $0 else { return XCTFail("expected tableMissing, got \($0)") }
        }
    }

    /// Issue 8 item 7: a database set up by an older recedit keeps working. Opening its table lets the state
    /// take `locked` and adds the claim start; claims still write no history, saves still do.
    func testATableFromAnOlderReceditIsUpgradedWhenOpened() throws {
        try foreignExecute(oldReceditTableSQL)
        try foreignExecute(
            """
            INSERT INTO records (id, title, status, edit_state, edit_owner, edit_lease_until, edit_token)
            VALUES (1, 'old claim', 'open', 'editing', 'bob@x:1', '2999-01-01 00:00:00.000000', 3), (2, 'free', 'open', 'idle', NULL, NULL, 0)
            """)
        let store = try makeDatabase().openTable("records", key: nil, names: names)
        let one = try XCTUnwrap(try store.load(.integer(1)))
        XCTAssertEqual(one.edit.state, .editing)
        XCTAssertEqual(one.edit.owner, "bob@x:1")
        XCTAssertEqual(one.edit.token, 3)
        XCTAssertNil(one.edit.since, "a claim from before recedit kept its start")
        guard case .renewed? = try store.apply(.renew(owner: "bob@x:1", token: 3, leaseSeconds: 60), to: .integer(1)) else {
            return XCTFail("the old claim's holder goes on")
        }
        guard case .claimed(let token, _, _)? = try store.apply(.claim(owner: "alice@h:1", leaseSeconds: 60, lock: true), to: .integer(2)) else {
            return XCTFail("a locked claim on an upgraded table")
        }
        let two = try XCTUnwrap(try store.load(.integer(2)))
        XCTAssertEqual(two.edit.state, .locked)
        XCTAssertNotNil(two.edit.since)
        XCTAssertEqual(try store.history(.integer(2)).count, 0, "a claim is not a new version")
        let other = try makeDatabase().openTable("records", key: nil, names: names)
        XCTAssertEqual(
            try other.save(.integer(2), changes: ["title": .text("x")], expected: two.updatedAt, writer: "b", fencingToken: nil),
            .locked(current: two))
        let saved = try saved(try other.save(.integer(2), changes: ["title": .text("mine")], expected: two.updatedAt, writer: "alice@h:1", fencingToken: token))
        XCTAssertEqual(try other.history(.integer(2)).map { $0.fields["title"] }, [.text("free")])
        XCTAssertEqual(saved["title"], .text("mine"))
    }

    // MARK: Change feed

    func testChangeFeedHearsAnotherWriter() throws {
        let store = try demoStore()
        let feed = try store.makeChangeFeed()
        _ = try feed.check()
        XCTAssertFalse(try feed.check())
        try foreignExecute("UPDATE records SET title = 'changed elsewhere' WHERE id = 2")
        var heard = false
        for _ in 0..<50 where !heard {
            heard = try feed.check()
            if !heard { usleep(20_000) }
        }
        XCTAssertTrue(heard, "a foreign write is heard")
    }
}
