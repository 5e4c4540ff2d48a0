import CSQLite
import EditorCore
import Foundation
import PostgresStore
import RecEditCore
import SQLiteStore

/// The table browser's store calls on a 1,000,000-row table against the same on a 10-row table (issue 12):
/// the first page, a page down, the jump to the end, a search that matches only the last row and the first page
/// sorted by a text column that has no index. Medians (and the spread) of repeated runs; the ratio 1M/10.
///
///   recedit-bench browse [--rows N] [--runs N] [--dir PATH] [--pg CONNINFO]
///
/// The generated SQLite files are kept under PATH (default: the temp dir, recedit-bench-browse) and reused.
/// With `--pg`, the tables `browse_big` and `browse_small` of that PostgreSQL database are measured instead
/// (scripts/bench-browse creates them with psql and generate_series).
enum BrowseBench {
    static let pageSize = 50
    /// The only text of the last row the search looks for (Chinese, like the browser's e2e filter).
    static let lastRowMarker = "末行标记"

    struct Operation {
        var name: String
        var request: (RecordStore) throws -> RowPageRequest
    }

    static let operations: [Operation] = [
        Operation(name: "first page") { _ in RowPageRequest(limit: pageSize) },
        Operation(name: "page down") { store in
            let first = try store.page(RowPageRequest(limit: pageSize))
            return RowPageRequest(cursor: RowCursor(sortValue: nil, key: first.rows.last!.key), limit: pageSize)
        },
        Operation(name: "jump to end") { _ in RowPageRequest(direction: .backward, limit: pageSize) },
        Operation(name: "search (last row)") { _ in
            RowPageRequest(search: lastRowMarker, searchColumns: ["title", "owner"], limit: pageSize)
        },
        Operation(name: "sort by title") { _ in RowPageRequest(sortColumn: "title", limit: pageSize) },
    ]

    static func run(arguments: [String]) throws {
        var rows = 1_000_000, runs = 15
        var directory = FileManager.default.temporaryDirectory.appendingPathComponent("recedit-bench-browse").path
        var pg: String?
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--rows": rows = Int(arguments[i + 1]) ?? rows; i += 2
            case "--runs": runs = Int(arguments[i + 1]) ?? runs; i += 2
            case "--dir": directory = arguments[i + 1]; i += 2
            case "--pg": pg = arguments[i + 1]; i += 2
            default: fatalError("recedit-bench browse: unknown argument '\(arguments[i])'")
            }
        }
        if let pg {
            let database = try PostgresDatabase(conninfo: pg, options: StoreOptions())
            let names = ReceditColumnNames()
            for table in ["browse_big", "browse_small"] { _ = try database.adopt(table: table, key: "id", names: names) }
            let big = try database.openTable("browse_big", key: "id", names: names)
            let small = try database.openTable("browse_small", key: "id", names: names)
            print("PostgreSQL, table browser store calls, \(pageSize)-row pages, median of \(runs) runs (min–max), ms")
            report(big: big, small: small, rows: rows, runs: runs)
            return
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let big = try sqliteTable(rows: rows, directory: directory)
        let small = try sqliteTable(rows: 10, directory: directory)
        print("SQLite, table browser store calls, \(pageSize)-row pages, median of \(runs) runs (min–max), ms")
        report(big: big, small: small, rows: rows, runs: runs)
    }

    /// Prints each operation on both tables and the ratio.
    static func report(big: RecordStore, small: RecordStore, rows: Int, runs: Int) {
        let bigLabel = rows >= 1_000_000 ? "\(rows / 1_000_000)M rows" : "\(rows) rows"
        func pad(_ text: String, _ width: Int) -> String { text.count >= width ? text : text + String(repeating: " ", count: width - text.count) }
        func cell(_ m: (median: Double, min: Double, max: Double)) -> String {
            pad(String(format: "%9.3f (%.3f–%.3f)", m.median, m.min, m.max), 30)
        }
        print(pad("", 20) + pad(bigLabel, 30) + pad("10 rows", 30) + "ratio")
        for operation in operations {
            do {
                let a = try measure(operation, on: big, runs: runs)
                let b = try measure(operation, on: small, runs: runs)
                print(pad(operation.name, 20) + cell(a) + cell(b) + String(format: "%.2f", a.median / b.median))
            } catch {
                print("\(operation.name): \(error)")
            }
        }
        do {
            let a = try measureFirstScreen(on: big, runs: runs)
            let b = try measureFirstScreen(on: small, runs: runs)
            print(pad("first screen 132x40", 20) + cell(a) + cell(b) + String(format: "%.2f", a.median / b.median))
        } catch {
            print("first screen: \(error)")
        }
        let estimate = (try? big.estimatedRowCount()).flatMap { $0 }
        print("estimated row count of the big table: \(estimate.map(String.init) ?? "none")")
    }

    /// The browser's first screen in-process: the browser's state, its first page and the row estimate from the
    /// store (the effects `start()` asks for, performed as the loop does), drawn into a 132x40 cell buffer. What
    /// is left out is the process start and curses, the same for both tables.
    static func measureFirstScreen(on store: RecordStore, runs: Int) throws -> (median: Double, min: Double, max: Double) {
        func paint() throws -> CellBuffer {
            var app = AppState(
                browsing: store.schema, location: store.location, config: EditorConfig(owner: "bench@host:1"), width: 132, height: 40)
            var effects = app.start()
            while !effects.isEmpty {
                let effect = effects.removeFirst()
                switch effect {
                case .fetchPage(let request, let generation): effects += app.update(.pageFetched(try store.page(request), generation: generation))
                case .estimateRowCount: effects += app.update(.rowCountEstimated(try store.estimatedRowCount()))
                default: break
                }
            }
            return app.render()
        }
        let first = try paint()
        precondition((0..<first.height).contains { first.line($0).contains("1–") }, "the first screen must show its rows and position")
        var times: [Double] = []
        for _ in 0..<runs {
            var start = timespec(), end = timespec()
            clock_gettime(CLOCK_MONOTONIC, &start)
            _ = try paint()
            clock_gettime(CLOCK_MONOTONIC, &end)
            times.append((Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9) * 1000)
        }
        times.sort()
        return (times[times.count / 2], times[0], times[times.count - 1])
    }

    /// Milliseconds: the median, the fastest and the slowest run (after one warm-up run).
    static func measure(_ operation: Operation, on store: RecordStore, runs: Int) throws -> (median: Double, min: Double, max: Double) {
        let request = try operation.request(store)
        let warm = try store.page(request)
        if operation.name.hasPrefix("search") { precondition(warm.rows.count == 1, "the search must match only the last row") }
        var times: [Double] = []
        for _ in 0..<runs {
            var start = timespec(), end = timespec()
            clock_gettime(CLOCK_MONOTONIC, &start)
            _ = try store.page(request)
            clock_gettime(CLOCK_MONOTONIC, &end)
            times.append((Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9) * 1000)
        }
        times.sort()
        return (times[times.count / 2], times[0], times[times.count - 1])
    }

    /// A recedit table `records` of `rows` rows in `directory/browse-<rows>.sqlite`, generated once (one transaction,
    /// one prepared INSERT, stamps given so adopting it writes nothing per row) and reused.
    static func sqliteTable(rows: Int, directory: String) throws -> RecordStore {
        let path = directory + "/browse-\(rows).sqlite"
        let names = ReceditColumnNames()
        if FileManager.default.fileExists(atPath: path),
            let store = try? SQLiteDatabase(path: path, options: StoreOptions()).openTable("records", key: nil, names: names),
            try store.estimatedRowCount() == rows
        {
            return store
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        FileHandle.standardError.write("generating \(rows) rows in \(path)...\n".data(using: .utf8)!)
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { fatalError("cannot create \(path)") }
        func exec(_ sql: String) {
            if sqlite3_exec(db, sql, nil, nil, nil) != SQLITE_OK { fatalError(String(cString: sqlite3_errmsg(db))) }
        }
        exec("PRAGMA journal_mode = WAL")
        exec("CREATE TABLE records (id INTEGER PRIMARY KEY, title TEXT NOT NULL, owner TEXT, priority INTEGER, body TEXT, updated_at TEXT)")
        exec("BEGIN")
        var insert: OpaquePointer?
        guard sqlite3_prepare_v2(db, "INSERT INTO records VALUES (?, ?, ?, ?, ?, '2026-01-01 00:00:00.000001')", -1, &insert, nil) == SQLITE_OK else {
            fatalError(String(cString: sqlite3_errmsg(db)))
        }
        let owners = ["alice", "bob", "carol", "dave", nil]
        let words = ["Invoice", "Shipment", "Refund", "Ticket", "Order", "Report", "会议记录", "Draft"]
        for i in 1...rows {
            var hash = FNV1a.hash(Array("\(i)".utf8))
            let title = i == rows ? "Last row \(lastRowMarker)" : "\(words[Int(hash % 8)]) \(String(hash >> 20, radix: 36))"
            hash >>= 8
            sqlite3_bind_int64(insert, 1, Int64(i))
            sqlite3_bind_text(insert, 2, title, -1, recedit_sqlite_transient())
            if let owner = owners[Int(hash % 5)] { sqlite3_bind_text(insert, 3, owner, -1, recedit_sqlite_transient()) } else { sqlite3_bind_null(insert, 3) }
            sqlite3_bind_int64(insert, 4, Int64(hash % 10))
            sqlite3_bind_text(insert, 5, "Body of row \(i).\nSecond line.", -1, recedit_sqlite_transient())
            guard sqlite3_step(insert) == SQLITE_DONE else { fatalError(String(cString: sqlite3_errmsg(db))) }
            sqlite3_reset(insert)
        }
        sqlite3_finalize(insert)
        exec("COMMIT")
        sqlite3_close(db)
        let database = try SQLiteDatabase(path: path, options: StoreOptions())
        _ = try database.adopt(table: "records", key: "id", names: names)
        return try database.openTable("records", key: nil, names: names)
    }
}
