import CLibpq
import Foundation
import PostgresStore
import RecEditCore
import XCTest

/// Checked saves per second through `PostgresRecordStore` against the same conditional UPDATE sent with
/// libpq directly. Runs only with RECEDIT_BENCH=1 (scripts/bench-pg); prints `bench:` lines.
///
/// Both sides run the same protocol on row 1 of the demo table: UPDATE … WHERE id = 1 AND updated_at = $expected;
/// when it touches no row (another client wrote first) read the current updated_at and try again.
/// The store's save also sets recedit.writer (for history) and returns the whole row; the baseline returns
/// only updated_at. Same server, same triggers.
final class PostgresBenchmarkTests: XCTestCase {
    var url = ""
    let names = ReceditColumnNames()

    override func setUpWithError() throws {
        guard ProcessInfo.processInfo.environment["RECEDIT_BENCH"] == "1" else { throw XCTSkip("set RECEDIT_BENCH=1 (scripts/bench-pg)") }
        url = try PGTestServer.database(tag: "bench")
        try PGTestServer.reset(url)
        let database = try PostgresDatabase(conninfo: url, options: StoreOptions())
        _ = try database.initialize(demo: true, names: names)
    }

    override class func tearDown() {
        PGTestServer.dropDatabase(tag: "bench")
        super.tearDown()
    }

    struct Run {
        var saves = 0
        var conflicts = 0
        var seconds = 0.0
        /// This process's CPU time (user + system) per attempted save, in microseconds.
        var clientCPUMicros = 0.0
        var rate: Double { Double(saves) / seconds }
    }

    var seconds: Double {
        Double(ProcessInfo.processInfo.environment["RECEDIT_BENCH_SECONDS"] ?? "") ?? 3
    }

    func testCheckedSavesPerSecond() throws {
        for clients in [1, 8] {
            var storeRates: [Double] = [], rawRates: [Double] = [], preparedRates: [Double] = []
            var conflicts = (store: 0, raw: 0, prepared: 0)
            var cpu = (store: [Double](), raw: [Double](), prepared: [Double]())
            // Interleaved rounds: the machine is shared, so compare like with like.
            for _ in 0..<3 {
                let s = try timeRun(clients: clients, body: storeClient)
                let r = try timeRun(clients: clients, body: rawClient(prepared: false))
                let p = try timeRun(clients: clients, body: rawClient(prepared: true))
                storeRates.append(s.rate); rawRates.append(r.rate); preparedRates.append(p.rate)
                conflicts.store += s.conflicts; conflicts.raw += r.conflicts; conflicts.prepared += p.conflicts
                cpu.store.append(s.clientCPUMicros); cpu.raw.append(r.clientCPUMicros); cpu.prepared.append(p.clientCPUMicros)
            }
            let store = median(storeRates), raw = median(rawRates), prepared = median(preparedRates)
            let line = String(
                format:
                    "bench: %d client(s) on one row: PostgresRecordStore %.0f saves/s; libpq PQexecParams %.0f (ratio %.2f); libpq PQexecPrepared %.0f (ratio %.2f); conflicts retried %d / %d / %d",
                clients, store, raw, store / raw, prepared, store / prepared, conflicts.store, conflicts.raw, conflicts.prepared)
            print(line)
            // Each run's figures, for scripts/bench's spread (machine-readable: rates in saves/s, run order).
            print("bench: runs \(clients) client(s): store \(runList(storeRates)); prepared \(runList(preparedRates)); params \(runList(rawRates))")
            // Each round's three runs ran back to back: the store's ratio to each baseline per round, as a spread.
            let perRound = { (baseline: [Double]) in zip(storeRates, baseline).map { String(format: "%.2f", $0 / $1) }.joined(separator: ", ") }
            print("bench: \(clients) client(s): ratio per round: PQexecParams \(perRound(rawRates)); PQexecPrepared \(perRound(preparedRates))")
            print(
                String(
                    format: "bench: %d client(s): client CPU per attempt: store %.1f µs, PQexecParams %.1f µs, PQexecPrepared %.1f µs",
                    clients, median(cpu.store), median(cpu.raw), median(cpu.prepared)))
            XCTAssertGreaterThan(store, 0)
        }
        print(
            "bench: server \(try RawPG(url).scalar("SHOW server_version") ?? "?"), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(seconds) s per run, median of 3 interleaved runs"
        )
    }

    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    func runList(_ values: [Double]) -> String { values.map { String(format: "%.0f", $0) }.joined(separator: " ") }

    static func cpuMicros() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
    }

    /// Runs `clients` threads for `seconds`, each with its own connection; sums what they did.
    func timeRun(clients: Int, body: @escaping @Sendable (String, Double, SharedTally, SharedTally) -> Void) throws -> Run {
        let saves = SharedTally(), conflicts = SharedTally()
        let url = self.url, seconds = self.seconds
        let counter = try RawPG(url)
        let historyBefore = Int(try counter.scalar("SELECT count(*) FROM recedit_history") ?? "") ?? 0
        let started = Date()
        let cpuBefore = Self.cpuMicros()
        runOnThreads(clients) { _ in body(url, seconds, saves, conflicts) }
        let elapsed = Date().timeIntervalSince(started)
        let cpu = Self.cpuMicros() - cpuBefore
        XCTAssertEqual(saves.errors + conflicts.errors, [])
        // Every save reported as done wrote exactly one version (one history row); no conflict wrote any.
        let historyAfter = Int(try counter.scalar("SELECT count(*) FROM recedit_history") ?? "") ?? 0
        XCTAssertEqual(historyAfter - historyBefore, saves.count, "saves reported = versions written")
        return Run(
            saves: saves.count, conflicts: conflicts.count, seconds: elapsed,
            clientCPUMicros: cpu / Double(max(1, saves.count + conflicts.count)))
    }

    /// Through recedit: PostgresRecordStore.save; on .stale the outcome already holds the current row.
    let storeClient: @Sendable (String, Double, SharedTally, SharedTally) -> Void = { url, seconds, saves, conflicts in
        do {
            let store = try PostgresDatabase(conninfo: url, options: StoreOptions()).openTable("records", key: nil, names: ReceditColumnNames())
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

    /// Directly through libpq: the same conditional UPDATE (PQexecParams, or a statement prepared once and run
    /// with PQexecPrepared); when it touches no row, read updated_at.
    func rawClient(prepared: Bool) -> @Sendable (String, Double, SharedTally, SharedTally) -> Void {
        { url, seconds, saves, conflicts in
            do {
                let pg = try RawPG(url)
                let stamp = "to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
                let update = "UPDATE records SET priority = $1 WHERE id = $2 AND updated_at = $3 RETURNING \(stamp)"
                let select = "SELECT \(stamp) FROM records WHERE id = $1"
                let run = { (sql: String, params: [String?]) throws -> String? in
                    prepared ? try pg.preparedScalar(sql, params) : try pg.scalar(sql, params)
                }
                var expected = try run(select, ["1"])!
                let end = Date().addingTimeInterval(seconds)
                var n = 0, c = 0, i = 0
                while Date() < end {
                    i += 1
                    if let next = try run(update, [String(i), "1", expected + "+00"]) {
                        expected = next; n += 1
                    } else {
                        expected = try run(select, ["1"])!; c += 1
                    }
                }
                saves.add(n); conflicts.add(c)
            } catch {
                saves.fail(error)
            }
        }
    }
}
