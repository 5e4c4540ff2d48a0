import CSQLite
import Foundation
import RecEditCore
import SQLiteStore

// Checked saves per second through recedit's SQLite store, against the same conditional UPDATE issued
// straight through the sqlite3 C API with the same settings (WAL, busy_timeout, the same triggers writing
// the same history row), in the same run. Prints both rates and their ratio.
//
//   swift run -c release recedit-bench [saves] [rounds]
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

let saves = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 2000 : 2000
let rounds = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 5 : 5
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recedit-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

func seconds(_ body: () throws -> Void) rethrows -> Double {
    var start = timespec(), end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    try body()
    clock_gettime(CLOCK_MONOTONIC, &end)
    return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
}

func freshDatabase(_ name: String) throws -> String {
    let path = directory.appendingPathComponent(name).path
    try? FileManager.default.removeItem(atPath: path)
    let database = try SQLiteDatabase(path: path, options: StoreOptions(), create: true)
    _ = try database.initialize(demo: true, names: ReceditColumnNames())
    return path
}

func throughStore(_ path: String) throws -> Double {
    let store = try SQLiteDatabase(path: path, options: StoreOptions()).openTable("records", key: nil, names: ReceditColumnNames())
    var current = try store.load(.integer(1))!
    return try seconds {
        for i in 0..<saves {
            guard
                case .saved(let next) = try store.save(
                    .integer(1), changes: ["priority": .integer(Int64(i))], expected: current.updatedAt,
                    writer: "bench@host:1", fencingToken: nil)
            else { fatalError("stale in a single-writer run") }
            current = next
        }
    }
}

func check(_ rc: Int32, _ db: OpaquePointer?) {
    if rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE { fatalError(String(cString: sqlite3_errmsg(db))) }
}

func throughCAPI(_ path: String) throws -> Double {
    var db: OpaquePointer?
    check(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil), db)
    defer { sqlite3_close(db) }
    sqlite3_busy_timeout(db, 5000)
    check(sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON", nil, nil, nil), db)
    let now = "(strftime('%Y-%m-%d %H:%M:%f','now') || '000')"
    let us = "(unixepoch(substr(updated_at,1,19)) * 1000000 + CAST(substr(substr(updated_at,21) || '000000',1,6) AS INTEGER) + 1)"
    let next = "max(\(now), strftime('%Y-%m-%d %H:%M:%S', \(us) / 1000000, 'unixepoch') || printf('.%06d', \(us) % 1000000))"
    let sql = "UPDATE records SET priority = ?, updated_at = \(next) WHERE id = ? AND updated_at = ? RETURNING updated_at"
    var update: OpaquePointer?, begin: OpaquePointer?, commit: OpaquePointer?, select: OpaquePointer?
    check(sqlite3_prepare_v2(db, sql, -1, &update, nil), db)
    check(sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nil), db)
    check(sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nil), db)
    check(sqlite3_prepare_v2(db, "SELECT updated_at FROM records WHERE id = 1", -1, &select, nil), db)
    defer { [update, begin, commit, select].forEach { sqlite3_finalize($0) } }
    check(sqlite3_step(select), db)
    var stamp = String(cString: sqlite3_column_text(select, 0))
    sqlite3_reset(select)
    return seconds {
        for i in 0..<saves {
            check(sqlite3_step(begin), db); sqlite3_reset(begin)
            sqlite3_bind_int64(update, 1, Int64(i))
            sqlite3_bind_int64(update, 2, 1)
            sqlite3_bind_text(update, 3, stamp, -1, recedit_sqlite_transient())
            guard sqlite3_step(update) == SQLITE_ROW else { fatalError("stale in a single-writer run") }
            stamp = String(cString: sqlite3_column_text(update, 0))
            check(sqlite3_step(update), db)
            sqlite3_reset(update)
            check(sqlite3_step(commit), db); sqlite3_reset(commit)
        }
    }
}

print("checked saves, one row, \(saves) saves per round, \(rounds) rounds (median), each save writes one history row")
var storeTimes: [Double] = [], directTimes: [Double] = []
for _ in 0..<rounds {
    // Alternate so that neither side always runs on a warmer cache.
    directTimes.append(try throughCAPI(try freshDatabase("direct.db")))
    storeTimes.append(try throughStore(try freshDatabase("store.db")))
}
let median = { (xs: [Double]) in xs.sorted()[xs.count / 2] }
let storeRate = Double(saves) / median(storeTimes), directRate = Double(saves) / median(directTimes)
print(String(format: "sqlite3 C API (baseline): %8.0f saves/s", directRate))
print(String(format: "recedit SQLite store:     %8.0f saves/s", storeRate))
print(String(format: "ratio store/baseline:     %8.2f (target >= 0.80)", storeRate / directRate))
