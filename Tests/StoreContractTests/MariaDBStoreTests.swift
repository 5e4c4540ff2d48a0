import Foundation
import MariaDBStore
import RecEditCore
import XCTest

/// What only MariaDB needs: stamps by trigger against foreign clients, history of foreign writers, the polling
/// change feed, lock-wait and deadlock retries, a connection killed mid-save, adopt's refusals, URLs.
final class MariaDBStoreTests: XCTestCase {
    var url = ""
    let names = ReceditColumnNames()

    override func setUpWithError() throws {
        url = try MariaDBTestServer.freshDatabase(tag: "store")
    }

    override class func tearDown() {
        MariaDBTestServer.dropDatabase(tag: "store")
        super.tearDown()
    }

    func demo(_ options: StoreOptions = StoreOptions()) throws -> RecordStore {
        let database = try MariaDBDatabase(url: url, options: options)
        _ = try database.initialize(demo: true, names: names)
        return try database.openTable("records", key: nil, names: names)
    }

    func saved(_ outcome: SaveOutcome, file: StaticString = #filePath, line: UInt = #line) throws -> Record {
        guard case .saved(let record) = outcome else {
            XCTFail("expected saved, got \(outcome)", file: file, line: line)
            throw XCTSkip("cannot continue")
        }
        return record
    }

    func micros(_ stamp: String) -> Int64 { Stamp.microseconds(from: stamp)! }

    // MARK: Stamps

    func testStampsStrictlyIncreaseWithinOneSecondAcrossRecediteAndAForeignClient() throws {
        let store = try demo()
        let foreign = try RawMariaDB(url)
        var stamps: [String] = []
        var current = try XCTUnwrap(try store.load(.integer(1)))
        let start = Date()
        for i in 0..<100 {
            current = try saved(
                try store.save(.integer(1), changes: ["priority": .integer(Int64(i))], expected: current.updatedAt, writer: "w@h:1", fencingToken: nil))
            stamps.append(current.updatedAt)
            try foreign.exec("UPDATE records SET priority = priority + 1000 WHERE id = 1")
            current = try XCTUnwrap(try store.load(.integer(1)))
            stamps.append(current.updatedAt)
        }
        let values = stamps.map(micros)
        XCTAssertEqual(Set(values).count, 200, "every write has its own stamp")
        XCTAssertEqual(values, values.sorted(), "and they only go up")
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
        // A foreign writer that sets the stamp back (or leaves it, or sets it equal) still moves it forward.
        let before = try XCTUnwrap(try store.load(.integer(1)))
        try foreign.exec("UPDATE records SET title = 'rewound', updated_at = '2001-01-01 00:00:00' WHERE id = 1")
        try foreign.exec("UPDATE records SET title = 'same stamp', updated_at = updated_at WHERE id = 1")
        let after = try XCTUnwrap(try store.load(.integer(1)))
        XCTAssertEqual(after["title"], .text("same stamp"))
        XCTAssertGreaterThan(micros(after.updatedAt), micros(before.updatedAt))
        XCTAssertEqual(try store.history(.integer(1)).count, 202)
        // An INSERT by the foreign client gets a stamp from the database.
        try foreign.exec("INSERT INTO records (title) VALUES ('from the shell')")
        let inserted = try XCTUnwrap(try store.list(limit: 100, after: nil).last)
        XCTAssertNotNil(Stamp.microseconds(from: inserted.updatedAt))
    }

    func testHistoryOfAForeignWriterNamesNoRecediteWriter() throws {
        let store = try demo()
        let v0 = try XCTUnwrap(try store.load(.integer(2)))
        let v1 = try saved(try store.save(.integer(2), changes: ["title": .text("mine")], expected: v0.updatedAt, writer: "alice@h:1", fencingToken: nil))
        // The foreign client writes after recedit's save on recedit's own session set @recedit_writer.
        try RawMariaDB(url).exec("UPDATE records SET title = 'django' WHERE id = 2")
        try RawMariaDB(url).exec("DELETE FROM records WHERE id = 2")
        let history = try store.history(.integer(2))
        XCTAssertEqual(history.map(\.operation), [.delete, .update, .update])
        XCTAssertEqual(history.map(\.replacedBy), [nil, nil, "alice@h:1"])
        XCTAssertEqual(history[1].fields["title"], .text("mine"))
        XCTAssertEqual(history[1].writtenBy, "alice@h:1")
        XCTAssertEqual(history[1].updatedAt, v1.updatedAt)
        XCTAssertEqual(history[0].fields["title"], .text("django"))
    }

    // MARK: The change feed

    func testTheRowFeedPollsOneRowAndHearsWritesDeletesAndClaimsOfAnyClient() throws {
        let store = try demo()
        let feed = try store.makeChangeFeed(watching: .integer(3))
        XCTAssertNil(feed.fileDescriptor, "a poll: the editor checks it on its timer")
        XCTAssertFalse(try feed.check())
        let foreign = try RawMariaDB(url)
        func heard(within seconds: Double = 2) throws -> Bool {
            let end = Date().addingTimeInterval(seconds)
            while Date() < end {
                if try feed.check() { return true }
                usleep(100_000)
            }
            return false
        }
        try foreign.exec("UPDATE records SET title = 'other row' WHERE id = 4")
        XCTAssertFalse(try heard(within: 1.2), "another row is not this row's change")
        try foreign.exec("UPDATE records SET title = 'shell' WHERE id = 3")
        XCTAssertTrue(try heard())
        _ = try store.apply(.claim(owner: "bob@h:2", leaseSeconds: 60), to: .integer(3))
        XCTAssertTrue(try heard(), "a claim is heard")
        try foreign.exec("DELETE FROM records WHERE id = 3")
        XCTAssertTrue(try heard(), "a delete is heard")
        // At most one read every 0.5 s.
        let queries = { () throws -> Int in Int(try foreign.exec("SHOW GLOBAL STATUS LIKE 'Com_select'").first?[1] ?? "0") ?? 0 }
        let q0 = try queries()
        for _ in 0..<50 { _ = try feed.check() }
        XCTAssertLessThanOrEqual(try queries() - q0, 3, "50 quick checks read at most once (plus the status query)")
    }

    // MARK: The change log

    /// Positions follow commit order across rows: a writer that logged a change and has not committed keeps
    /// the next writer (of another row) from taking a position, so a reader never sees a later position first
    /// and skips an earlier one (what an AUTO_INCREMENT, assigned at insert, would allow).
    func testAnOpenWriterHoldsBackLaterPositionsSoNoneIsSkipped() throws {
        let store = try demo()
        let start = try store.changePosition()
        let first = try RawMariaDB(url), second = try RawMariaDB(url)
        try first.exec("START TRANSACTION")
        try first.exec("UPDATE records SET title = 'first' WHERE id = 1")
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: Error?
        DispatchQueue.global().async {
            do { try second.exec("UPDATE records SET title = 'second' WHERE id = 2") } catch { failure = error }
            done.signal()
        }
        usleep(300_000)
        XCTAssertEqual(done.wait(timeout: .now()), .timedOut, "the second writer waits for the first one to end")
        XCTAssertEqual(try store.changes(after: start, limit: 10), [], "nothing is visible while the first is open")
        XCTAssertEqual(try store.changePosition(), start)
        try first.exec("COMMIT")
        XCTAssertEqual(done.wait(timeout: .now() + 20), .success)
        XCTAssertNil(failure)
        let log = try store.changes(after: start, limit: 10)
        XCTAssertEqual(log.map(\.key), [.integer(1), .integer(2)], "in commit order")
        XCTAssertEqual(log.map(\.sequence), [start + 1, start + 2], "no gap")

        // A writer that rolls back gives its position up; the next change takes it, and nothing was handed out.
        try first.exec("START TRANSACTION")
        try first.exec("UPDATE records SET title = 'never' WHERE id = 3")
        try first.exec("ROLLBACK")
        try second.exec("UPDATE records SET title = 'third' WHERE id = 3")
        XCTAssertEqual(try store.changes(after: start + 2, limit: 10).map(\.sequence), [start + 3])
    }

    // MARK: Retries

    func testALockWaitTimeoutIsRetriedAndTheSaveLandsOnce() throws {
        var options = StoreOptions()
        options.lockTimeoutMs = 1_000
        let store = try demo(options)
        let v0 = try XCTUnwrap(try store.load(.integer(1)))
        let holder = try RawMariaDB(url)
        try holder.exec("START TRANSACTION")
        try holder.exec("UPDATE records SET edit_owner = 'lock holder' WHERE id = 1")  // edit state only: no new version
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: Result<SaveOutcome, Error>?
        DispatchQueue.global().async {
            outcome = Result { try store.save(.integer(1), changes: ["title": .text("waited")], expected: v0.updatedAt, writer: "w@h:1", fencingToken: nil) }
            done.signal()
        }
        usleep(2_300_000)  // past two lock-wait timeouts of 1 s
        try holder.exec("COMMIT")
        XCTAssertEqual(done.wait(timeout: .now() + 20), .success)
        let record = try saved(try XCTUnwrap(outcome).get())
        XCTAssertEqual(record["title"], .text("waited"))
        XCTAssertEqual(try store.history(.integer(1)).count, 1, "written once")
    }

    func testADeadlockIsRetried() throws {
        let store = try demo()
        let v0 = try XCTUnwrap(try store.load(.integer(1)))
        let holder = try RawMariaDB(url)
        try holder.exec("START TRANSACTION")
        _ = try holder.exec("SELECT title FROM records WHERE id = 1 LOCK IN SHARE MODE")
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: Result<SaveOutcome, Error>?
        DispatchQueue.global().async {
            outcome = Result {
                try store.save(.integer(1), changes: ["title": .text("after deadlock")], expected: v0.updatedAt, writer: "w@h:1", fencingToken: nil)
            }
            done.signal()
        }
        usleep(300_000)
        // The holder asks for the lock the waiting save wants: one of the two is chosen as the deadlock victim.
        do {
            try holder.exec("UPDATE records SET edit_owner = 'holder' WHERE id = 1")
            try holder.exec("COMMIT")
        } catch {
            _ = try? holder.exec("ROLLBACK")
        }
        XCTAssertEqual(done.wait(timeout: .now() + 20), .success)
        let record = try saved(try XCTUnwrap(outcome).get())
        XCTAssertEqual(record["title"], .text("after deadlock"))
        XCTAssertEqual(try store.history(.integer(1)).count, 1)
    }

    // MARK: Lost connections

    func testAConnectionKilledDuringASaveIsSettledByReadingAndWritesOnce() throws {
        let store = try demo()
        let v0 = try XCTUnwrap(try store.load(.integer(1)))
        let holder = try RawMariaDB(url)
        try holder.exec("START TRANSACTION")
        try holder.exec("UPDATE records SET edit_owner = 'lock holder' WHERE id = 1")
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: Result<SaveOutcome, Error>?
        DispatchQueue.global().async {
            outcome = Result { try store.save(.integer(1), changes: ["title": .text("survives")], expected: v0.updatedAt, writer: "w@h:1", fencingToken: nil) }
            done.signal()
        }
        let admin = try RawMariaDB(url)
        func waiting(not old: String? = nil) throws -> String {
            for _ in 0..<100 {
                let rows = try admin.exec("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'UPDATE `records` SET `title`%'")
                if let id = rows.first?[0] ?? nil, id != old { return id }
                usleep(50_000)
            }
            throw StoreError.unsupported("the save never waited for the lock")
        }
        let id = try waiting()
        try admin.exec("KILL \(id)")
        // The store reconnects, finds the row still at the version it loaded, and runs the conditional UPDATE again.
        _ = try waiting(not: id)
        try holder.exec("COMMIT")
        XCTAssertEqual(done.wait(timeout: .now() + 15), .success)
        let record = try saved(try XCTUnwrap(outcome).get())
        XCTAssertEqual(record["title"], .text("survives"))
        let history = try store.history(.integer(1))
        XCTAssertEqual(history.count, 1, "written once")
        XCTAssertEqual(history.first?.replacedBy, "w@h:1")
    }

    func testAStoreGoesOnAfterItsConnectionIsKilledBetweenCalls() throws {
        let store = try demo()
        let admin = try RawMariaDB(url)
        let v0 = try XCTUnwrap(try store.load(.integer(1)))
        for row in try admin.exec("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()") {
            _ = try? admin.exec("KILL \(row[0]!)")
        }
        let v1 = try saved(try store.save(.integer(1), changes: ["title": .text("again")], expected: v0.updatedAt, writer: "w@h:1", fencingToken: nil))
        XCTAssertEqual(try store.history(.integer(1)).first?.replacedBy, "w@h:1", "the writer is set again on the new session")
        guard case .claimed? = try store.apply(.claim(owner: "me", leaseSeconds: 30), to: .integer(1)) else { return XCTFail("claim") }
        XCTAssertEqual(try store.load(.integer(1))?.updatedAt, v1.updatedAt)
    }

    // MARK: Adopt

    func testAdoptReusesADatetime6AndRefusesTimestampAndLowPrecision() throws {
        let database = try MariaDBDatabase(url: url, options: StoreOptions())
        let foreign = try RawMariaDB(url)
        try foreign.exec("CREATE TABLE ts_table (id INT PRIMARY KEY, name TEXT, updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6))")
        XCTAssertThrowsError(try database.adopt(table: "ts_table", key: nil, names: names)) {
            XCTAssertTrue("\($0)".contains("TIMESTAMP"), "\($0)")
            XCTAssertTrue("\($0)".contains("DATETIME(6)"), "\($0)")
        }
        try foreign.exec("CREATE TABLE seconds (id INT PRIMARY KEY, name TEXT, updated_at DATETIME NOT NULL)")
        XCTAssertThrowsError(try database.adopt(table: "seconds", key: nil, names: names)) {
            XCTAssertTrue("\($0)".contains("microsecond"), "\($0)")
        }
        XCTAssertEqual(
            try foreign.exec("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME = 'edit_state'").first?[0], "0",
            "nothing was added")
    }

    func testAdoptWithoutTheTriggerPrivilegeIsRefusedBeforeAnythingChanges() throws {
        let database = MariaDBTestServer.parts(url).database!
        let admin = try RawMariaDB(url)
        let user = "recedit_nt_\(getpid())"
        try admin.exec("DROP USER IF EXISTS '\(user)'@'%'")
        try admin.exec("CREATE USER '\(user)'@'%' IDENTIFIED BY 'pw-Secret-9'")
        defer { _ = try? admin.exec("DROP USER IF EXISTS '\(user)'@'%'") }
        try admin.exec("GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP ON `\(database)`.* TO '\(user)'@'%'")
        try admin.exec("CREATE TABLE app (id INT PRIMARY KEY, name TEXT)")
        let limited = url.replacingOccurrences(of: "://root@", with: "://\(user):pw-Secret-9@")
        let db = try MariaDBDatabase(url: limited, options: StoreOptions())
        XCTAssertFalse(db.location.contains("pw-Secret-9"))
        XCTAssertThrowsError(try db.adopt(table: "app", key: nil, names: names)) {
            XCTAssertTrue("\($0)".contains("TRIGGER privilege"), "\($0)")
            XCTAssertTrue("\($0)".contains("GRANT TRIGGER"), "\($0)")
            XCTAssertFalse("\($0)".contains("pw-Secret-9"), "\($0)")
        }
        XCTAssertEqual(
            try admin.exec("SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'app'").first?[0], "2",
            "nothing was added")
    }

    func testAnExplicitUniqueKeyAndTypesRoundTrip() throws {
        let foreign = try RawMariaDB(url)
        try foreign.exec(
            """
            CREATE TABLE things (id INT AUTO_INCREMENT PRIMARY KEY, code VARCHAR(20) NOT NULL UNIQUE, flag TINYINT(1), amount DECIMAL(10,2),
                                 ratio DOUBLE, data BLOB, day DATE, note TEXT, big BIGINT UNSIGNED)
            """)
        try foreign.exec(
            "INSERT INTO things (code, flag, amount, ratio, data, day, note, big) VALUES ('A-1', 1, 12.50, 0.1, x'00ff10', '2024-02-29', 'ünï 😀', 18446744073709551615)"
        )
        let database = try MariaDBDatabase(url: url, options: StoreOptions())
        XCTAssertEqual(try database.adopt(table: "things", key: "code", names: names), "code")
        let store = try database.openTable("things", key: "code", names: names)
        let v0 = try XCTUnwrap(try store.load(.text("A-1")))
        XCTAssertEqual(v0["flag"], .integer(1))
        XCTAssertEqual(v0["amount"], .real(12.5))
        XCTAssertEqual(v0["ratio"], .real(0.1))
        XCTAssertEqual(v0["data"], .blob([0, 255, 16]))
        XCTAssertEqual(v0["day"], .text("2024-02-29"))
        XCTAssertEqual(v0["note"], .text("ünï 😀"))
        XCTAssertEqual(v0["big"], .text("18446744073709551615"))
        let v1 = try saved(try store.save(.text("A-1"), changes: ["note": .text("x")], expected: v0.updatedAt, writer: "w", fencingToken: nil))
        XCTAssertEqual(try store.version(.text("A-1"), at: v0.updatedAt)?.fields, v0.fields, "history keeps every type")
        XCTAssertEqual(v1["note"], .text("x"))
        XCTAssertThrowsError(try database.adopt(table: "things", key: "note", names: names)) {
            XCTAssertTrue("\($0)".contains("not unique"), "\($0)")
        }
    }

    // MARK: URLs

    func testTheSocketFormAndTheMariadbScheme() throws {
        if let socket = ProcessInfo.processInfo.environment["RECEDIT_TEST_MARIADB_SOCKET"], !socket.isEmpty {
            let name = MariaDBTestServer.parts(url).database!
            let viaSocket = MariaDBTestServer.withDatabase(socket, name)
            let database = try MariaDBDatabase(url: viaSocket, options: StoreOptions())
            _ = try database.initialize(demo: true, names: names)
            XCTAssertEqual(try database.openTable("records", key: nil, names: names).list(limit: 10, after: nil).count, 6)
        }
        let other = url.replacingOccurrences(of: "mysql://", with: "mariadb://")
        _ = try MariaDBDatabase(url: other, options: StoreOptions()).initialize(demo: false, names: names)
    }

    func testURLsParseAndNeverShowThePassword() throws {
        let u = try MariaDBURL.parse("mysql://bob:p%40ss:w@db.example:3307/shop?socket=/run/my%20sql.sock")
        XCTAssertEqual(u.user, "bob")
        XCTAssertEqual(u.password, "p@ss:w")
        XCTAssertEqual(u.host, "db.example")
        XCTAssertEqual(u.port, 3307)
        XCTAssertEqual(u.database, "shop")
        XCTAssertEqual(u.socket, "/run/my sql.sock")
        for text in [
            "mysql://bob:hunter2@h/db", "mariadb://bob:hunter2@h:1/db", "mysql://bob@h/db?password=hunter2",
            "mysql://bob:hun%74er2@h/db",
        ] {
            XCTAssertTrue(MariaDBURL.hasPassword(text), text)
            XCTAssertFalse(MariaDBURL.redacted(text).contains("hunter2"), MariaDBURL.redacted(text))
            XCTAssertFalse(MariaDBURL.redacted(text).contains("hun%74er2"), MariaDBURL.redacted(text))
            XCTAssertFalse((MariaDBURL.withoutPassword(text) ?? "").contains("hunter2"))
        }
        XCTAssertEqual(MariaDBURL.redacted("mysql://bob:hunter2@h:3306/db"), "mysql://bob:***@h:3306/db")
        XCTAssertEqual(MariaDBURL.withoutPassword("mysql://bob:hunter2@h:3306/db"), "mysql://bob@h:3306/db")
        XCTAssertFalse(MariaDBURL.hasPassword("mysql://root@localhost/db?socket=/tmp/s"))
        XCTAssertThrowsError(try MariaDBURL.parse("mysql://h:99999/db"))
        XCTAssertEqual(MariaDBURL.redacted("mysql://bob:hunter2@h:x/db"), MariaDBURL.unparsable)
        XCTAssertThrowsError(try MariaDBDatabase(url: "mysql://bob:hunter2@127.0.0.1:1/db", options: StoreOptions())) {
            XCTAssertFalse("\($0)".contains("hunter2"), "\($0)")
        }
    }
}
