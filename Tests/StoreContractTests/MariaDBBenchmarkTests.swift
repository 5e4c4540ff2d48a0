import CMariaDB
import Foundation
import MariaDBStore
import RecEditCore
import XCTest

/// Checked saves per second through `MariaDBRecordStore` against the same conditional UPDATE issued through
/// prepared statements of Connector/C. Runs only with RECEDIT_BENCH=1 (scripts/bench-mariadb); prints `bench:` lines.
///
/// Both sides loop on row 1 of the demo table (recedit's triggers and history in place for both):
/// UPDATE … SET priority = ? WHERE id = 1 AND updated_at = ?expected; then read the row's updated_at (the
/// baseline: a prepared SELECT of that one column; the store: the whole row, in the UPDATE's transaction).
final class MariaDBBenchmarkTests: XCTestCase {
    var url = ""
    let names = ReceditColumnNames()

    override func setUpWithError() throws {
        guard ProcessInfo.processInfo.environment["RECEDIT_BENCH"] == "1" else { throw XCTSkip("set RECEDIT_BENCH=1 (scripts/bench-mariadb)") }
        url = try MariaDBTestServer.freshDatabase(tag: "bench")
        _ = try MariaDBDatabase(url: url, options: StoreOptions()).initialize(demo: true, names: names)
    }

    override class func tearDown() {
        MariaDBTestServer.dropDatabase(tag: "bench")
        super.tearDown()
    }

    var seconds: Double { Double(ProcessInfo.processInfo.environment["RECEDIT_BENCH_SECONDS"] ?? "") ?? 3 }

    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    func runList(_ values: [Double]) -> String { values.map { String(format: "%.0f", $0) }.joined(separator: " ") }

    func testCheckedSavesPerSecond() throws {
        for clients in [1, 8] {
            var storeRates: [Double] = [], rawRates: [Double] = []
            var conflicts = (store: 0, raw: 0)
            for _ in 0..<3 {
                let s = try timeRun(clients: clients, body: storeClient)
                let r = try timeRun(clients: clients, body: rawClient)
                storeRates.append(s.rate); rawRates.append(r.rate)
                conflicts.store += s.conflicts; conflicts.raw += r.conflicts
            }
            let store = median(storeRates), raw = median(rawRates)
            print(
                String(
                    format:
                        "bench: %d client(s) on one row: MariaDBRecordStore %.0f saves/s; Connector/C prepared statements %.0f (ratio %.2f); conflicts retried %d / %d",
                    clients, store, raw, store / raw, conflicts.store, conflicts.raw))
            // Each run's figures, for scripts/bench's spread (machine-readable: rates in saves/s, run order).
            print("bench: runs \(clients) client(s): store \(runList(storeRates)); prepared \(runList(rawRates))")
            XCTAssertGreaterThan(store, 0)
        }
        let version = try RawMariaDB(url).exec("SELECT VERSION()").first?[0] ?? "?"
        print(
            "bench: server MariaDB \(version ?? "?"), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(seconds) s per run, median of 3 interleaved runs"
        )
    }

    struct Run {
        var saves = 0
        var conflicts = 0
        var seconds = 0.0
        var rate: Double { Double(saves) / seconds }
    }

    func timeRun(clients: Int, body: @escaping @Sendable (String, Double, SharedTally, SharedTally) -> Void) throws -> Run {
        let saves = SharedTally(), conflicts = SharedTally()
        let url = self.url, seconds = self.seconds
        let counter = try RawMariaDB(url)
        let historyBefore = Int(try counter.exec("SELECT COUNT(*) FROM recedit_history").first?[0] ?? "") ?? 0
        let started = Date()
        runOnThreads(clients) { _ in body(url, seconds, saves, conflicts) }
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(saves.errors + conflicts.errors, [])
        let historyAfter = Int(try counter.exec("SELECT COUNT(*) FROM recedit_history").first?[0] ?? "") ?? 0
        XCTAssertEqual(historyAfter - historyBefore, saves.count, "saves reported = versions written")
        return Run(saves: saves.count, conflicts: conflicts.count, seconds: elapsed)
    }

    let storeClient: @Sendable (String, Double, SharedTally, SharedTally) -> Void = { url, seconds, saves, conflicts in
        do {
            let store = try MariaDBDatabase(url: url, options: StoreOptions()).openTable("records", key: nil, names: ReceditColumnNames())
            var current = try store.load(.integer(1))!
            let end = Date().addingTimeInterval(seconds)
            var n = 0, c = 0, i: Int64 = 0
            while Date() < end {
                i += 1
                switch try store.save(.integer(1), changes: ["priority": .integer(i)], expected: current.updatedAt, writer: "bench@h:1", fencingToken: nil) {
                case .saved(let row): current = row; n += 1
                case .stale(let row), .locked(let row): current = row; c += 1
                case .deleted: throw StoreError.unsupported("row deleted")
                }
            }
            saves.add(n); conflicts.add(c)
        } catch {
            saves.fail(error)
        }
    }

    /// Connector/C directly: the conditional UPDATE and the SELECT of updated_at, each prepared once (mysql_stmt_*).
    let rawClient: @Sendable (String, Double, SharedTally, SharedTally) -> Void = { url, seconds, saves, conflicts in
        do {
            let db = try RawMariaDB(url)
            let update = try RawStatement(db, "UPDATE records SET priority = ? WHERE id = ? AND updated_at = ?")
            let select = try RawStatement(db, "SELECT DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s.%f') FROM records WHERE id = ?")
            var expected = try select.run([.int(1)]).text!
            let end = Date().addingTimeInterval(seconds)
            var n = 0, c = 0, i: Int64 = 0
            while Date() < end {
                i += 1
                if try update.run([.int(i), .int(1), .text(expected)]).affected == 1 { n += 1 } else { c += 1 }
                expected = try select.run([.int(1)]).text!
            }
            saves.add(n); conflicts.add(c)
        } catch {
            saves.fail(error)
        }
    }
}

/// One Connector/C prepared statement with integer/text parameters and at most one text result column.
final class RawStatement {
    enum Param { case int(Int64), text(String) }
    let stmt: UnsafeMutablePointer<MYSQL_STMT>
    let db: RawMariaDB

    init(_ db: RawMariaDB, _ sql: String) throws {
        self.db = db
        stmt = mysql_stmt_init(db.conn)!
        guard mysql_stmt_prepare(stmt, sql, UInt(sql.utf8.count)) == 0 else {
            throw RawMariaDB.Failure(code: mysql_stmt_errno(stmt), message: String(cString: mysql_stmt_error(stmt)))
        }
    }

    deinit { mysql_stmt_close(stmt) }

    func run(_ params: [Param]) throws -> (affected: Int, text: String?) {
        let binds = UnsafeMutablePointer<MYSQL_BIND>.allocate(capacity: params.count)
        memset(binds, 0, MemoryLayout<MYSQL_BIND>.stride * params.count)
        var buffers: [UnsafeMutableRawPointer] = []
        defer { buffers.forEach { $0.deallocate() }; binds.deallocate() }
        for (i, p) in params.enumerated() {
            switch p {
            case .int(let v):
                let b = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)
                b.storeBytes(of: v, as: Int64.self)
                buffers.append(b)
                binds[i].buffer_type = MYSQL_TYPE_LONGLONG
                binds[i].buffer = b
            case .text(let s):
                let bytes = Array(s.utf8)
                let b = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: 8)
                bytes.withUnsafeBytes { b.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
                buffers.append(b)
                binds[i].buffer_type = MYSQL_TYPE_STRING
                binds[i].buffer = b
                binds[i].buffer_length = UInt(bytes.count)
            }
        }
        let fail = { RawMariaDB.Failure(code: mysql_stmt_errno(self.stmt), message: String(cString: mysql_stmt_error(self.stmt))) }
        guard mysql_stmt_bind_param(stmt, binds) == 0, mysql_stmt_execute(stmt) == 0 else { throw fail() }
        guard mysql_stmt_field_count(stmt) > 0 else { return (Int(mysql_stmt_affected_rows(stmt)), nil) }
        var buffer = [CChar](repeating: 0, count: 64)
        var length: UInt = 0
        var isNull: my_bool = 0
        let result = UnsafeMutablePointer<MYSQL_BIND>.allocate(capacity: 1)
        defer { result.deallocate() }
        memset(result, 0, MemoryLayout<MYSQL_BIND>.stride)
        var text: String?
        try buffer.withUnsafeMutableBytes { raw in
            try withUnsafeMutablePointer(to: &length) { len in
                try withUnsafeMutablePointer(to: &isNull) { null in
                    result[0].buffer_type = MYSQL_TYPE_STRING
                    result[0].buffer = raw.baseAddress
                    result[0].buffer_length = 64
                    result[0].length = len
                    result[0].is_null = null
                    guard mysql_stmt_bind_result(stmt, result) == 0 else { throw fail() }
                    while mysql_stmt_fetch(stmt) == 0 {
                        text = String(decoding: UnsafeRawBufferPointer(start: raw.baseAddress, count: Int(len.pointee)), as: UTF8.self)
                    }
                }
            }
        }
        mysql_stmt_free_result(stmt)
        return (0, text)
    }
}
