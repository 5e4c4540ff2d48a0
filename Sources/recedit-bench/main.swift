import CSQLite
import Foundation
import RecEditCore
import SQLiteStore

// Checked saves per second through recedit's SQLite store, against the same conditional UPDATE issued
// straight through the sqlite3 C API with the same settings (WAL, busy_timeout, the same triggers writing
// the same history row), in the same run. Prints both rates and their ratio.
//
//   swift run -c release recedit-bench [saves per round, 500] [rounds, 21]
//   swift run -c release recedit-bench editor [keys]     (EditorBench.swift)
//   swift run -c release recedit-bench browse [--rows N] [--runs N] [--dir PATH]   (BrowseBench.swift)

if CommandLine.arguments.dropFirst().first == "editor" {
    EditorBench.run(keys: CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 200 : 200)
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "browse" {
    try BrowseBench.run(arguments: Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}

let saves = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 500 : 500
let rounds = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 21 : 21
guard saves > 0, rounds > 0 else {
    FileHandle.standardError.write("recedit-bench: give a positive number of saves per round and of rounds, e.g. recedit-bench 500 21\n".data(using: .utf8)!)
    exit(2)
}
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recedit-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// This process's CPU time (user + system), in seconds.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func freshDatabase(_ name: String) throws -> String {
    let path = directory.appendingPathComponent(name).path
    try? FileManager.default.removeItem(atPath: path)
    let database = try SQLiteDatabase(path: path, options: StoreOptions(), create: true)
    _ = try database.initialize(demo: true, names: ReceditColumnNames())
    return path
}

func check(_ rc: Int32, _ db: OpaquePointer?) {
    if rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE { fatalError(String(cString: sqlite3_errmsg(db))) }
}

/// A writer that runs `saves` checked saves on row 1 and says how long they took (wall and CPU seconds).
protocol Writer: AnyObject {
    func run(_ saves: Int) throws -> (wall: Double, cpu: Double)
}

/// Through recedit's store, as the editor saves: one store, opened once.
final class StoreWriter: Writer {
    let store: RecordStore
    var current: Record
    var i: Int64 = 0

    init(_ path: String) throws {
        store = try SQLiteDatabase(path: path, options: StoreOptions()).openTable("records", key: nil, names: ReceditColumnNames())
        current = try store.load(.integer(1))!
    }

    func run(_ saves: Int) throws -> (wall: Double, cpu: Double) {
        let (start, cpu) = (now(), cpuSeconds())
        for _ in 0..<saves {
            i += 1
            guard
                case .saved(let next) = try store.save(
                    .integer(1), changes: ["priority": .integer(i)], expected: current.updatedAt,
                    writer: "bench@host:1", fencingToken: nil)
            else { fatalError("stale in a single-writer run") }
            current = next
        }
        return (now() - start, cpuSeconds() - cpu)
    }
}

/// The same conditional UPDATE straight through the C API, each in its own BEGIN IMMEDIATE … COMMIT,
/// with the same settings (WAL, default synchronous, busy_timeout, foreign keys); statements prepared once.
final class DirectWriter: Writer {
    var db: OpaquePointer?
    var update: OpaquePointer?, begin: OpaquePointer?, commit: OpaquePointer?
    var stamp: String
    var i: Int64 = 0

    init(_ path: String) {
        check(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil), db)
        sqlite3_busy_timeout(db, 5000)
        check(sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON", nil, nil, nil), db)
        let now = "(strftime('%Y-%m-%d %H:%M:%f','now') || '000')"
        let us = "(unixepoch(substr(updated_at,1,19)) * 1000000 + CAST(substr(substr(updated_at,21) || '000000',1,6) AS INTEGER) + 1)"
        let next = "max(\(now), strftime('%Y-%m-%d %H:%M:%S', \(us) / 1000000, 'unixepoch') || printf('.%06d', \(us) % 1000000))"
        let sql = "UPDATE records SET priority = ?, updated_at = \(next) WHERE id = ? AND updated_at = ? RETURNING updated_at"
        check(sqlite3_prepare_v2(db, sql, -1, &update, nil), db)
        check(sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nil), db)
        check(sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nil), db)
        var select: OpaquePointer?
        check(sqlite3_prepare_v2(db, "SELECT updated_at FROM records WHERE id = 1", -1, &select, nil), db)
        check(sqlite3_step(select), db)
        stamp = String(cString: sqlite3_column_text(select, 0))
        sqlite3_finalize(select)
    }

    deinit {
        [update, begin, commit].forEach { sqlite3_finalize($0) }
        sqlite3_close(db)
    }

    func run(_ saves: Int) throws -> (wall: Double, cpu: Double) {
        let (start, cpu) = (now(), cpuSeconds())
        for _ in 0..<saves {
            i += 1
            check(sqlite3_step(begin), db); sqlite3_reset(begin)
            sqlite3_bind_int64(update, 1, i)
            sqlite3_bind_int64(update, 2, 1)
            sqlite3_bind_text(update, 3, stamp, -1, recedit_sqlite_transient())
            guard sqlite3_step(update) == SQLITE_ROW else { fatalError("stale in a single-writer run") }
            stamp = String(cString: sqlite3_column_text(update, 0))
            check(sqlite3_step(update), db)
            sqlite3_reset(update)
            check(sqlite3_step(commit), db); sqlite3_reset(commit)
        }
        return (now() - start, cpuSeconds() - cpu)
    }
}

// Both databases stay open for the whole run, and the rounds alternate which side goes first (ABBA), so that
// both see the same disk, cache and machine load; one warm-up round each is not counted. The ratio is the
// median of the per-round ratios (each round's pair ran back to back).
let direct = DirectWriter(try freshDatabase("direct.db"))
let store = try StoreWriter(try freshDatabase("store.db"))
_ = try direct.run(saves)
_ = try store.run(saves)
var directRates: [Double] = [], storeRates: [Double] = [], ratios: [Double] = []
var directCPU: [Double] = [], storeCPU: [Double] = []
for round in 0..<rounds {
    let order: [Writer] = round % 2 == 0 ? [direct, store] : [store, direct]
    var times: [ObjectIdentifier: (wall: Double, cpu: Double)] = [:]
    for writer in order { times[ObjectIdentifier(writer)] = try writer.run(saves) }
    let d = times[ObjectIdentifier(direct)]!, s = times[ObjectIdentifier(store)]!
    directRates.append(Double(saves) / d.wall); storeRates.append(Double(saves) / s.wall)
    ratios.append(d.wall / s.wall)
    directCPU.append(d.cpu / Double(saves) * 1e6); storeCPU.append(s.cpu / Double(saves) * 1e6)
}
let median = { (xs: [Double]) in xs.sorted()[xs.count / 2] }
print("checked saves, one row, \(saves) saves per round, \(rounds) rounds interleaved after a warm-up round, each save writes one history row")
print(String(format: "sqlite3 C API (baseline): %8.0f saves/s (median; rounds %.0f-%.0f)", median(directRates), directRates.min()!, directRates.max()!))
print(String(format: "recedit SQLite store:     %8.0f saves/s (median; rounds %.0f-%.0f)", median(storeRates), storeRates.min()!, storeRates.max()!))
print(String(format: "CPU per save:             %8.1f µs baseline, %.1f µs store (medians)", median(directCPU), median(storeCPU)))
print(String(format: "ratio store/baseline:     %8.2f (median of per-round ratios; %.2f-%.2f; target >= 0.90)", median(ratios), ratios.min()!, ratios.max()!))
