import Foundation
import PostgresStore
import RecEditCore
import XCTest

/// What only PostgreSQL has: transactions that freeze now(), isolation levels, lock and statement timeouts,
/// terminated backends, server restarts, LISTEN/NOTIFY, and its own types.
final class PostgresStoreTests: XCTestCase {
    var url = ""
    let names = ReceditColumnNames()

    override func setUpWithError() throws {
        url = try PGTestServer.database(tag: "pg")
        try PGTestServer.reset(url)
    }

    override class func tearDown() {
        PGTestServer.dropDatabase(tag: "pg")
        super.tearDown()
    }

    func demo(_ url: String? = nil, options: StoreOptions = StoreOptions()) throws -> RecordStore {
        let database = try PostgresDatabase(conninfo: url ?? self.url, options: options)
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

    func micros(_ stamp: String?) -> Int64 { stamp.flatMap(Stamp.microseconds(from:)) ?? -1 }

    // MARK: Stamps

    func test500UpdatesInOneTransactionGive500IncreasingStamps() throws {
        let store = try demo()
        let foreign = try RawPG(url)
        try foreign.exec("BEGIN")
        var stamps: [String] = []
        for i in 0..<500 {
            let row = try foreign.exec(
                """
                UPDATE records SET priority = $1 WHERE id = 1
                RETURNING to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')
                """, [String(i)])
            stamps.append(try XCTUnwrap(row.first?.first ?? nil))
        }
        XCTAssertEqual(try foreign.scalar("SELECT now() = statement_timestamp()"), "f", "now() is frozen inside the transaction")
        try foreign.exec("COMMIT")
        let values = stamps.map(micros)
        XCTAssertEqual(Set(values).count, 500)
        XCTAssertEqual(values, values.sorted(), "strictly increasing although now() did not move")
        XCTAssertEqual(try store.load(.integer(1))?.updatedAt, stamps.last)
        let history = try store.history(.integer(1))
        XCTAssertEqual(history.count, 500)
        XCTAssertEqual(history.first?.replacedAt, stamps.last)
        XCTAssertEqual(history.first?.fields["priority"], .integer(498))
        XCTAssertNil(history.first?.replacedBy, "a foreign writer is not named")
    }

    func testAForeignWriterCannotKeepOrRewindTheStamp() throws {
        let store = try demo()
        let foreign = try RawPG(url)
        var last = try XCTUnwrap(try store.load(.integer(2)))
        for sql in [
            "UPDATE records SET title = 'kept', updated_at = updated_at WHERE id = 2",
            "UPDATE records SET title = 'rewound', updated_at = '2000-01-01 00:00:00+00' WHERE id = 2",
            "UPDATE records SET title = title WHERE id = 2",
            "UPDATE records SET updated_at = NULL WHERE id = 2",
        ] {
            try foreign.exec(sql)
            let now = try XCTUnwrap(try store.load(.integer(2)))
            XCTAssertGreaterThan(micros(now.updatedAt), micros(last.updatedAt), sql)
            XCTAssertEqual(
                try store.save(.integer(2), changes: ["owner": .text("me")], expected: last.updatedAt, writer: "w", fencingToken: nil),
                .stale(current: now), sql)
            last = now
        }
        // A writer that advances the stamp itself keeps its value.
        try foreign.exec("UPDATE records SET title = 'future', updated_at = '2999-01-01 00:00:00+00' WHERE id = 2")
        XCTAssertEqual(try store.load(.integer(2))?.updatedAt, "2999-01-01 00:00:00.000000")
        // Edit-state-only changes by anyone are not versions.
        let before = try XCTUnwrap(try store.load(.integer(2)))
        try foreign.exec("UPDATE records SET edit_state = 'editing', edit_owner = 'psql', edit_token = edit_token + 1 WHERE id = 2")
        let after = try XCTUnwrap(try store.load(.integer(2)))
        XCTAssertEqual(after.updatedAt, before.updatedAt)
        XCTAssertEqual(after.edit.owner, "psql")
        XCTAssertEqual(try store.history(.integer(2)).count, 5)
    }

    func testInsertsGetAStampFromTheDatabase() throws {
        let store = try demo()
        let foreign = try RawPG(url)
        try foreign.exec("INSERT INTO records (id, title, updated_at) VALUES (100, 'explicit null', NULL)")
        let row = try XCTUnwrap(try store.load(.integer(100)))
        XCTAssertNotNil(Stamp.microseconds(from: row.updatedAt))
        let inserted = try store.insert(["title": .text("mine")], writer: "w")
        XCTAssertGreaterThan(micros(inserted.updatedAt), micros(row.updatedAt))
    }

    // MARK: Isolation levels

    func testRepeatableReadSaveIsRetriedAfterAConcurrentCommit() throws {
        let rr = PGTestServer.adding("options", "-c default_transaction_isolation=repeatable\\ read", to: url)
        let store = try demo(rr)
        let v0 = try XCTUnwrap(try store.load(.integer(1)))
        let foreign = try RawPG(url)
        // An edit-state change holds the row lock; our UPDATE waits, then its snapshot is too old: 40001.
        try foreign.exec("BEGIN")
        try foreign.exec("UPDATE records SET edit_owner = 'lock holder' WHERE id = 1")
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: Result<SaveOutcome, Error>?
        DispatchQueue.global().async {
            outcome = Result { try store.save(.integer(1), changes: ["title": .text("after retry")], expected: v0.updatedAt, writer: "rr", fencingToken: nil) }
            done.signal()
        }
        try waitForLockWait(foreign: RawPG(url))
        try foreign.exec("COMMIT")
        XCTAssertEqual(done.wait(timeout: .now() + 10), .success)
        let record = try saved(try XCTUnwrap(outcome).get())
        XCTAssertEqual(record["title"], .text("after retry"))
        XCTAssertEqual(record.edit.owner, "lock holder")
        XCTAssertEqual(try store.history(.integer(1)).count, 1)
    }

    func testConcurrentIncrementsUnderSerializableAndRepeatableReadLoseNothing() throws {
        for level in ["serializable", "repeatable\\ read", "read\\ committed"] {
            try PGTestServer.reset(url)
            let levelURL = PGTestServer.adding("options", "-c default_transaction_isolation=\(level)", to: url)
            let first = try demo(levelURL)
            XCTAssertEqual(try RawPG(levelURL).scalar("SHOW default_transaction_isolation"), level.replacingOccurrences(of: "\\", with: ""))
            let start = try XCTUnwrap(try first.load(.integer(1)))["priority"]
            let stores = try (0..<6).map { _ in try PostgresDatabase(conninfo: levelURL, options: StoreOptions()).openTable("records", key: nil, names: names) }
            nonisolated(unsafe) let shared = stores
            let tally = SharedTally()
            runOnThreads(stores.count) { i in
                let store = shared[i]
                var mine = 0
                do {
                    while mine < 25 {
                        let row = try store.load(.integer(1))!
                        guard case .integer(let p) = row["priority"] else { throw StoreError.unsupported("priority") }
                        if case .saved = try store.save(
                            .integer(1), changes: ["priority": .integer(p + 1)], expected: row.updatedAt,
                            writer: "w\(i)", fencingToken: nil)
                        {
                            mine += 1
                        }
                    }
                } catch {
                    tally.fail(error)
                }
                tally.add(mine)
            }
            let errors = tally.errors, successes = tally.count
            XCTAssertEqual(errors, [], level)
            guard case .integer(let s) = start else { return XCTFail("priority") }
            XCTAssertEqual(try first.load(.integer(1))?["priority"], .integer(s + Int64(successes)), "\(level): no lost update")
            XCTAssertEqual(try first.history(.integer(1)).count, successes, level)
        }
    }

    // MARK: Timeouts and errors

    func testLockTimeoutIsATimeout() throws {
        var options = StoreOptions()
        options.lockTimeoutMs = 200
        let store = try demo(options: options)
        let v0 = try XCTUnwrap(try store.load(.integer(1)))
        let foreign = try RawPG(url)
        try foreign.exec("BEGIN; SELECT 1 FROM records WHERE id = 1 FOR UPDATE")
        let started = Date()
        XCTAssertThrowsError(try store.save(.integer(1), changes: ["title": .text("x")], expected: v0.updatedAt, writer: "w", fencingToken: nil)) {
            guard case StoreError.timeout(let message) = $0 else { return XCTFail("expected timeout, got \($0)") }
            XCTAssertTrue(message.contains("lock"), message)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
        XCTAssertThrowsError(try store.apply(.claim(owner: "me", leaseSeconds: 60), to: .integer(1))) {
            guard case StoreError.timeout = $0 else { return XCTFail("expected timeout, got \($0)") }
        }
        try foreign.exec("ROLLBACK")
        _ = try saved(try store.save(.integer(1), changes: ["title": .text("x")], expected: v0.updatedAt, writer: "w", fencingToken: nil))
    }

    func testStatementTimeoutIsATimeout() throws {
        var options = StoreOptions()
        options.lockTimeoutMs = 0
        options.statementTimeoutMs = 200
        let store = try demo(options: options)
        let v0 = try XCTUnwrap(try store.load(.integer(1)))
        let foreign = try RawPG(url)
        try foreign.exec("BEGIN; LOCK TABLE records IN ACCESS EXCLUSIVE MODE")
        XCTAssertThrowsError(try store.save(.integer(1), changes: ["title": .text("x")], expected: v0.updatedAt, writer: "w", fencingToken: nil)) {
            guard case StoreError.timeout = $0 else { return XCTFail("expected timeout, got \($0)") }
        }
        try foreign.exec("ROLLBACK")
    }

    func testSQLStatesMapToStoreErrors() throws {
        let store = try demo()
        let foreign = try RawPG(url)
        try foreign.exec("CREATE UNIQUE INDEX records_title ON records (title)")
        let row = try XCTUnwrap(try store.load(.integer(2)))
        XCTAssertThrowsError(
            try store.save(.integer(2), changes: ["title": .text("Quarterly report")], expected: row.updatedAt, writer: "w", fencingToken: nil)
        ) {
            guard case StoreError.constraint(let message) = $0 else { return XCTFail("expected constraint, got \($0)") }
            XCTAssertTrue(message.contains("records_title"), message)
        }
        XCTAssertThrowsError(try store.save(.integer(2), changes: ["title": .null], expected: row.updatedAt, writer: "w", fencingToken: nil)) {
            guard case StoreError.constraint = $0 else { return XCTFail("expected constraint (NOT NULL), got \($0)") }
        }
        XCTAssertThrowsError(try store.save(.integer(2), changes: ["priority": .text("high")], expected: row.updatedAt, writer: "w", fencingToken: nil)) {
            guard case StoreError.database(let code, _, _) = $0 else { return XCTFail("expected database error, got \($0)") }
            XCTAssertEqual(code, "22P02")
        }
        XCTAssertThrowsError(try store.save(.integer(2), changes: ["nope": .text("x")], expected: row.updatedAt, writer: "w", fencingToken: nil)) {
            XCTAssertEqual($0 as? StoreError, .unknownColumn(table: "records", column: "nope"))
        }
        try foreign.exec("DROP TABLE records")
        XCTAssertThrowsError(try store.load(.integer(1))) {
            guard case StoreError.tableMissing(let table, let location) = $0 else { return XCTFail("expected tableMissing, got \($0)") }
            XCTAssertEqual(table, "records")
            XCTAssertFalse(location.isEmpty)
        }
    }

    func testPasswordsNeverAppearInErrorsOrLocations() throws {
        let secret = "Pa55-w0rd-XYZ"
        for conninfo in [
            "postgresql://alice:\(secret)@127.0.0.1:1/nowhere",
            "host=127.0.0.1 port=1 user=alice password=\(secret) dbname=nowhere",
            "postgresql://alice@127.0.0.1:1/nowhere?password=\(secret)",
        ] {
            XCTAssertThrowsError(try PostgresDatabase(conninfo: conninfo, options: StoreOptions())) {
                guard case StoreError.cannotOpen(let location, let reason) = $0 else { return XCTFail("expected cannotOpen, got \($0)") }
                XCTAssertFalse("\($0)".contains(secret), "\($0)")
                XCTAssertFalse(location.contains(secret), location)
                XCTAssertFalse(reason.isEmpty)
            }
        }
        // A reachable server with a password in the URL (trust ignores it): still masked everywhere.
        let database = try PostgresDatabase(conninfo: PGTestServer.withPassword(secret, url), options: StoreOptions())
        XCTAssertFalse(database.location.contains(secret))
        XCTAssertThrowsError(try database.openTable("no_such_table", key: nil, names: names)) {
            XCTAssertFalse("\($0)".contains(secret), "\($0)")
        }
    }

    // MARK: Lost connections

    func testATerminatedBackendDuringASaveIsSettledWithoutWritingTwice() throws {
        let store = try demo()
        let v0 = try XCTUnwrap(try store.load(.integer(1)))
        let holder = try RawPG(url)
        try holder.exec("BEGIN")
        try holder.exec("UPDATE records SET edit_owner = 'lock holder' WHERE id = 1")
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: Result<SaveOutcome, Error>?
        DispatchQueue.global().async {
            outcome = Result { try store.save(.integer(1), changes: ["title": .text("survives")], expected: v0.updatedAt, writer: "w@h:1", fencingToken: nil) }
            done.signal()
        }
        let admin = try RawPG(url)
        let pid = try waitForLockWait(foreign: admin)
        XCTAssertEqual(try admin.scalar("SELECT pg_terminate_backend($1)", [String(pid)]), "t")
        // The store reconnects, finds the row still at the version it loaded, and runs the conditional UPDATE again.
        let newPID = try waitForLockWait(foreign: admin, notPID: pid)
        XCTAssertNotEqual(newPID, pid)
        try holder.exec("COMMIT")
        XCTAssertEqual(done.wait(timeout: .now() + 10), .success)
        let record = try saved(try XCTUnwrap(outcome).get())
        XCTAssertEqual(record["title"], .text("survives"))
        let history = try store.history(.integer(1))
        XCTAssertEqual(history.count, 1, "written once")
        XCTAssertEqual(history.first?.replacedBy, "w@h:1")
    }

    func testACommitWhoseAnswerIsLostIsReportedAsSaved() throws {
        _ = try demo()
        let server = try PGTestServer.tcpEndpoint(url)
        let proxy = try DroppingProxy(targetHost: server.host, targetPort: server.port)
        defer { proxy.stop() }
        let viaProxy = PGTestServer.withEndpoint(url, host: "127.0.0.1", port: proxy.port)
        let store = try PostgresDatabase(conninfo: viaProxy, options: StoreOptions()).openTable("records", key: nil, names: names)
        let v0 = try XCTUnwrap(try store.load(.integer(1)))
        // The server commits the UPDATE; its answer never reaches us. Settled by reading, not by writing again.
        proxy.dropNextReply()
        let record = try saved(try store.save(.integer(1), changes: ["title": .text("committed")], expected: v0.updatedAt, writer: "w@h:1", fencingToken: nil))
        XCTAssertTrue(proxy.dropped, "the proxy dropped a reply")
        XCTAssertEqual(record["title"], .text("committed"))
        XCTAssertEqual(try store.history(.integer(1)).count, 1, "not written twice")
        XCTAssertEqual(try store.load(.integer(1)), record)

        // The same, when another writer wrote after us before we could look: still our save, reported as saved
        // with the version we wrote (the next save from it will be stale, as it should).
        let url = self.url
        proxy.dropNextReply(then: { _ = try? RawPG(url).exec("UPDATE records SET title = 'someone else' WHERE id = 1") })
        let mine = try saved(try store.save(.integer(1), changes: ["priority": .integer(42)], expected: record.updatedAt, writer: "w@h:1", fencingToken: nil))
        XCTAssertTrue(proxy.dropped)
        XCTAssertEqual(mine["priority"], .integer(42))
        XCTAssertEqual(mine["title"], .text("committed"))
        let now = try XCTUnwrap(try store.load(.integer(1)))
        XCTAssertEqual(now["title"], .text("someone else"))
        XCTAssertGreaterThan(micros(now.updatedAt), micros(mine.updatedAt))
        XCTAssertEqual(try store.history(.integer(1)).count, 3)
        XCTAssertEqual(try store.writer(of: .integer(1), at: mine.updatedAt), "w@h:1")

        // And when the answer to a save that did NOT apply is lost, the save is stale, not saved.
        proxy.dropNextReply()
        XCTAssertEqual(
            try store.save(.integer(1), changes: ["priority": .integer(7)], expected: mine.updatedAt, writer: "w@h:1", fencingToken: nil),
            .stale(current: now))
    }

    func testReconnectsAfterAnImmediateServerRestart() throws {
        let server = try PrivateServer()
        defer { server.stop() }
        let database = try PostgresDatabase(conninfo: server.url, options: StoreOptions())
        _ = try database.initialize(demo: true, names: names)
        let store = try database.openTable("records", key: nil, names: names)
        let feed = try store.makeChangeFeed()
        XCTAssertNotNil(feed.fileDescriptor)
        _ = try feed.check()
        let v0 = try XCTUnwrap(try store.load(.integer(1)))

        try server.restart()
        // Reads reconnect transparently.
        XCTAssertEqual(try store.load(.integer(1)), v0)
        // So do saves (on the connection just re-opened) …
        let v1 = try saved(try store.save(.integer(1), changes: ["title": .text("after restart")], expected: v0.updatedAt, writer: "w", fencingToken: nil))
        try server.restart()
        // … and saves whose connection died under them: the row says it was not written; the UPDATE runs again.
        let v2 = try saved(
            try store.save(.integer(1), changes: ["title": .text("after second restart")], expected: v1.updatedAt, writer: "w", fencingToken: nil))
        XCTAssertEqual(try store.history(.integer(1)).count, 2)
        XCTAssertEqual(try store.history(.integer(1)).first?.replacedAt, v2.updatedAt)
        guard case .claimed? = try store.apply(.claim(owner: "me", leaseSeconds: 30), to: .integer(1)) else { return XCTFail("claim after restart") }

        // The change feed re-LISTENs and says "maybe changed" (notifications are not replayed).
        var heard = false
        for _ in 0..<60 where !heard {
            heard = try feed.check()
            if !heard { usleep(50_000) }
        }
        XCTAssertTrue(heard, "the feed reconnects and reports a possible change")
        XCTAssertNotNil(feed.fileDescriptor)
        XCTAssertFalse(try feed.check())
        try RawPG(server.url).exec("UPDATE records SET title = 'psql' WHERE id = 2")
        heard = false
        for _ in 0..<50 where !heard {
            heard = try feed.check()
            if !heard { usleep(20_000) }
        }
        XCTAssertTrue(heard, "and hears writes again")
    }

    func testAStoppedServerIsAConnectionLostError() throws {
        let server = try PrivateServer()
        let database = try PostgresDatabase(conninfo: server.url, options: StoreOptions())
        _ = try database.initialize(demo: true, names: names)
        let store = try database.openTable("records", key: nil, names: names)
        let feed = try store.makeChangeFeed()
        server.stop()
        let started = Date()
        XCTAssertThrowsError(try store.load(.integer(1))) {
            guard case StoreError.connectionLost = $0 else { return XCTFail("expected connectionLost, got \($0)") }
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 15, "bounded reconnect")
        // The event loop calls check() when the socket turns readable (EOF); the feed then finds the server gone.
        for _ in 0..<20 where feed.fileDescriptor != nil {
            XCTAssertFalse(try feed.check())
            usleep(10_000)
        }
        XCTAssertNil(feed.fileDescriptor, "a broken feed asks for a timer")
        XCTAssertFalse(try feed.check())
    }

    // MARK: Change feed

    func testChangeFeedDescriptorBecomesReadableOnAForeignWrite() throws {
        let store = try demo()
        let feed = try store.makeChangeFeed()
        let fd = try XCTUnwrap(feed.fileDescriptor)
        XCTAssertFalse(try feed.check())
        try RawPG(url).exec("DELETE FROM records WHERE id = 6")
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        XCTAssertEqual(poll(&pfd, 1, 5_000), 1, "the LISTEN socket is readable")
        XCTAssertTrue(try feed.check())
        XCTAssertFalse(try feed.check(), "drained")
        // Claims are heard too (another editor's holder line changes).
        guard case .claimed? = try store.apply(.claim(owner: "me", leaseSeconds: 30), to: .integer(1)) else { return XCTFail("claim") }
        XCTAssertEqual(poll(&pfd, 1, 5_000), 1)
        XCTAssertTrue(try feed.check())
    }

    // MARK: Claims

    func testEightClaimantsRacingNeverTwoWin() throws {
        _ = try demo()
        let stores = try (0..<8).map { _ in try PostgresDatabase(conninfo: url, options: StoreOptions()).openTable("records", key: nil, names: names) }
        nonisolated(unsafe) let shared = stores
        for round in 0..<25 {
            _ = try stores[0].apply(.forceRelease, to: .integer(3))
            let tally = SharedTally()
            runOnThreads(stores.count) { i in
                do {
                    if case .claimed? = try shared[i].apply(.claim(owner: "owner\(i)@h:\(i)", leaseSeconds: 60), to: .integer(3)) {
                        tally.append(i)
                    }
                } catch {
                    tally.fail(error)
                }
            }
            XCTAssertEqual(tally.errors, [])
            let winners = tally.items
            XCTAssertEqual(winners.count, 1, "round \(round)")
            if let w = winners.first { XCTAssertEqual(try stores[0].load(.integer(3))?.edit.owner, "owner\(w)@h:\(w)") }
        }
    }

    // MARK: Types and names

    func testTypesRoundTripThroughLoadSaveAndHistory() throws {
        let foreign = try RawPG(url)
        try foreign.exec(
            """
            CREATE TABLE things (
                code varchar(20) PRIMARY KEY, n int2, big int8, r float8, price numeric(10,2), ok boolean,
                data bytea, day date, doc jsonb, note text)
            """)
        try foreign.exec(
            """
            INSERT INTO things VALUES ('a"b', 7, 9007199254740993, 0.1, 12.50, true, '\\x00ff10', '2026-12-15', '{"k": [1, 2]}', '季度')
            """)
        let database = try PostgresDatabase(conninfo: url, options: StoreOptions())
        XCTAssertEqual(try database.adopt(table: "things", key: nil, names: names), "code")
        let store = try database.openTable("things", key: nil, names: names)
        XCTAssertEqual(
            store.schema.columns.prefix(10).map(\.kind),
            [.text, .integer, .integer, .real, .numeric, .boolean, .blob, .text, .text, .text])
        let v0 = try XCTUnwrap(try store.load(.text("a\"b")))
        XCTAssertEqual(v0["n"], .integer(7))
        XCTAssertEqual(v0["big"], .integer(9_007_199_254_740_993))
        XCTAssertEqual(v0["r"], .real(0.1))
        XCTAssertEqual(v0["price"], .real(12.5))
        XCTAssertEqual(v0["ok"], .integer(1))
        XCTAssertEqual(v0["data"], .blob([0, 255, 16]))
        XCTAssertEqual(v0["day"], .text("2026-12-15"))
        XCTAssertEqual(v0["note"], .text("季度"))
        let v1 = try saved(
            try store.save(
                .text("a\"b"), changes: ["data": .blob([1, 2]), "ok": .integer(0), "r": .real(2.5), "note": .null],
                expected: v0.updatedAt, writer: "w", fencingToken: nil))
        XCTAssertEqual(v1["data"], .blob([1, 2]))
        XCTAssertEqual(v1["ok"], .integer(0))
        XCTAssertEqual(v1["r"], .real(2.5))
        XCTAssertEqual(v1["note"], .null)
        let history = try store.history(.text("a\"b"))
        XCTAssertEqual(history.count, 1)
        XCTAssertEqual(history[0].fields, v0.fields, "every type comes back from history as load reads it")
        XCTAssertEqual(try store.version(.text("a\"b"), at: v0.updatedAt)?.fields, v0.fields)
        XCTAssertEqual(try store.list(limit: 10, after: nil).map(\.key), [.text("a\"b")])
    }

    func testCustomColumnNamesAndAnExplicitKey() throws {
        var custom = ReceditColumnNames()
        custom.state = "re_state"
        custom.owner = "re_owner"
        custom.leaseUntil = "re_lease"
        custom.token = "re_token"
        custom.updatedAt = "modified"
        let foreign = try RawPG(url)
        try foreign.exec("CREATE TABLE \"Mixed Case\" (rid serial, slug text UNIQUE NOT NULL, body text)")
        try foreign.exec("INSERT INTO \"Mixed Case\" (slug, body) VALUES ('one', 'x'), ('two', 'y')")
        let database = try PostgresDatabase(conninfo: url, options: StoreOptions())
        XCTAssertThrowsError(try database.adopt(table: "Mixed Case", key: nil, names: custom)) {
            XCTAssertEqual($0 as? StoreError, .noSingleColumnKey(table: "Mixed Case"))
        }
        XCTAssertThrowsError(try database.adopt(table: "Mixed Case", key: "body", names: custom)) {
            guard case StoreError.unsupported(let message) = $0 else { return XCTFail("a key that is not unique is refused, got \($0)") }
            XCTAssertTrue(message.contains("not unique"), message)
        }
        XCTAssertEqual(try database.adopt(table: "Mixed Case", key: "slug", names: custom), "slug")
        let store = try database.openTable("Mixed Case", key: "slug", names: custom)
        let v0 = try XCTUnwrap(try store.load(.text("two")))
        guard case .claimed(let token, _, _)? = try store.apply(.claim(owner: "me", leaseSeconds: 30), to: .text("two")) else { return XCTFail("claim") }
        XCTAssertEqual(try store.load(.text("two"))?.updatedAt, v0.updatedAt)
        let v1 = try saved(try store.save(.text("two"), changes: ["body": .text("z")], expected: v0.updatedAt, writer: "me", fencingToken: token))
        XCTAssertEqual(try store.writer(of: .text("two"), at: v1.updatedAt), "me")
        XCTAssertEqual(try store.history(.text("two")).first?.fields["body"], .text("y"))
        XCTAssertEqual(
            try foreign.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'Mixed Case' AND column_name = 'updated_at'"), "0")
    }

    func testAnUpdatedAtOfTheWrongTypeIsRefused() throws {
        let foreign = try RawPG(url)
        try foreign.exec("CREATE TABLE t1 (id int PRIMARY KEY, updated_at text)")
        try foreign.exec("CREATE TABLE t2 (id int PRIMARY KEY, updated_at timestamptz(0))")
        let database = try PostgresDatabase(conninfo: url, options: StoreOptions())
        for table in ["t1", "t2"] {
            XCTAssertThrowsError(try database.adopt(table: table, key: nil, names: names)) {
                guard case StoreError.unsupported(let message) = $0 else { return XCTFail("expected unsupported, got \($0)") }
                XCTAssertTrue(message.contains("updated_at"), message)
            }
        }
    }

    // MARK: Helpers

    /// Waits until a recedit backend waits on a lock; returns its pid.
    @discardableResult
    func waitForLockWait(foreign: RawPG, notPID: Int32? = nil) throws -> Int32 {
        for _ in 0..<500 {
            if let pid = try foreign.scalar(
                """
                SELECT pid FROM pg_stat_activity
                WHERE application_name = 'recedit' AND wait_event_type = 'Lock' AND datname = current_database()
                  AND pid <> $1 LIMIT 1
                """, [String(notPID ?? 0)]
            ).flatMap({ Int32($0) }) {
                return pid
            }
            usleep(10_000)
        }
        throw StoreError.unsupported("no recedit backend waited on a lock")
    }
}
