import Foundation
import RecEditCore
import XCTest

/// What the table browser needs from every store: keyset pages (sorted, filtered), the row-count estimate and the
/// checked delete.
extension StoreContractTests {
    /// A table `browse` (id, name, n, `a"b`), adopted by recedit, holding `rows` with keys 1, 2, ….
    private func browseStore(_ rows: [(name: String?, n: Int64?, ab: String?)]) throws -> RecordStore {
        let ddl: String
        switch self {
        case is SQLiteContractTests: ddl = #"CREATE TABLE browse (id INTEGER PRIMARY KEY, name TEXT, n INTEGER, "a""b" TEXT)"#
        case is MariaDBContractTests: ddl = #"CREATE TABLE browse (id BIGINT PRIMARY KEY, name TEXT, n INT, `a"b` TEXT) ENGINE=InnoDB"#
        default: ddl = #"CREATE TABLE browse (id BIGINT PRIMARY KEY, name TEXT, n INTEGER, "a""b" TEXT)"#
        }
        try foreignExecute(ddl)
        let database = try makeDatabase()
        _ = try database.adopt(table: "browse", key: "id", names: names)
        let store = try database.openTable("browse", key: "id", names: names)
        for (i, row) in rows.enumerated() {
            _ = try store.insert(
                [
                    "id": .integer(Int64(i + 1)), "name": row.name.map(Value.text) ?? .null, "n": row.n.map(Value.integer) ?? .null,
                    "a\"b": row.ab.map(Value.text) ?? .null,
                ], writer: "setup")
        }
        return store
    }

    /// 50 rows with duplicate and NULL sort values; the words sort alike under every collation (lower-case ASCII).
    private var sortRows: [(name: String?, n: Int64?, ab: String?)] {
        let words = ["delta", "alpha", nil, "echo", "bravo", "charlie", "alpha"]
        return (1...50).map { i in
            (words[i % words.count], i % 6 == 0 ? nil : Int64((i * 37) % 11), i % 5 == 0 ? nil : "v\(i % 4)")
        }
    }

    /// NULL smallest, then the value; ties by key.
    private func expectedKeys(_ records: [Record], sort: String?, descending: Bool) -> [Value] {
        func less(_ a: Value, _ b: Value) -> Bool {
            switch (a, b) {
            case (.null, .null): return false
            case (.null, _): return true
            case (_, .null): return false
            case (.integer(let x), .integer(let y)): return x < y
            default: return a.displayText < b.displayText
            }
        }
        let sorted = records.sorted { a, b in
            let (x, y) = sort.map { (a[$0], b[$0]) } ?? (a.key, b.key)
            if x != y { return less(x, y) }
            return less(a.key, b.key)
        }
        return (descending ? sorted.reversed() : sorted).map(\.key)
    }

    private func cursor(_ record: Record, _ sort: String?) -> RowCursor {
        RowCursor(sortValue: sort.map { record[$0] }, key: record.key)
    }

    func testBrowsePagesForwardAndBackwardInEverySort() throws {
        let store = try browseStore(sortRows)
        let all = try (1...50).map { try XCTUnwrap(try store.load(.integer(Int64($0)))) }
        for sort in [nil, "id", "name", "n", "a\"b"] as [String?] {
            for descending in [false, true] {
                let label = "sort \(sort ?? "nil") \(descending ? "desc" : "asc")"
                let expected = expectedKeys(all, sort: sort == "id" ? nil : sort, descending: descending)
                var request = RowPageRequest(sortColumn: sort, descending: descending, limit: 7)

                // Forward from the top, each page also reached backward from the next one.
                var forward: [Record] = []
                var pages: [RowPage] = []
                while true {
                    request.direction = .forward
                    request.cursor = forward.last.map { cursor($0, sort) }
                    let page = try store.page(request)
                    if let first = page.rows.first, let previous = pages.last {
                        request.direction = .backward
                        request.cursor = cursor(first, sort)
                        let up = try store.page(request)
                        XCTAssertEqual(up.rows, previous.rows, "\(label): a page up gives the page before")
                        XCTAssertEqual(up.hasMore, pages.count > 1, "\(label): more above unless it is the first page")
                    }
                    pages.append(page)
                    forward += page.rows
                    if !page.hasMore { break }
                    XCTAssertEqual(page.rows.count, 7, label)
                }
                XCTAssertEqual(pages.count, 8, label)
                XCTAssertEqual(forward.map(\.key), expected, label)
                XCTAssertEqual(forward, forward.map { all[Int($0.key.displayText)! - 1] }, "\(label): whole rows, as load gives them")

                // Backward from the end (nil cursor): the last page first.
                var backward: [Record] = []
                request.direction = .backward
                request.cursor = nil
                var first = true
                while true {
                    let page = try store.page(request)
                    if first { XCTAssertEqual(page.rows.map(\.key), Array(expected.suffix(7)), "\(label): the last page") }
                    first = false
                    backward = page.rows + backward
                    if !page.hasMore { break }
                    request.cursor = cursor(page.rows[0], sort)
                }
                XCTAssertEqual(backward.map(\.key), expected, label)
            }
        }
    }

    func testBrowseSearchIsALiteralCaseInsensitiveSubstring() throws {
        let store = try browseStore([
            ("100% done", 1, nil), ("100 percent", 2, nil), ("a_b", 3, nil), ("axb", 4, nil), ("it's", 5, nil), ("its", 6, nil),
            ("MiXeD Case", 7, nil), ("mixed case", 8, "x"), ("中文测试行", 9, nil), ("中文", nil, nil), (nil, nil, "the Needle"),
        ])
        func keys(_ search: String, columns: [String] = ["name", "a\"b"], equals: [ColumnEquals] = []) throws -> [Int64] {
            try store.page(RowPageRequest(search: search, searchColumns: columns, equals: equals, limit: 50)).rows.map {
                Int64($0.key.displayText)!
            }
        }
        XCTAssertEqual(try keys("%"), [1])
        XCTAssertEqual(try keys("_"), [3])
        XCTAssertEqual(try keys("'"), [5])
        XCTAssertEqual(try keys("MIXED"), [7, 8])
        XCTAssertEqual(try keys("文测"), [9])
        XCTAssertEqual(try keys("100"), [1, 2], "digits: no case to fold")
        XCTAssertEqual(try keys("D c"), [7, 8])
        XCTAssertEqual(try keys("中文"), [9, 10])
        XCTAssertEqual(try keys("needle"), [11], "the hostile column is searched too")
        XCTAssertEqual(try keys("needle", columns: ["name"]), [])
        XCTAssertEqual(try keys(""), Array(1...11), "an empty search filters nothing")
        XCTAssertEqual(try keys("mixed", equals: [ColumnEquals(column: "a\"b", value: .text("x"))]), [8])

        // Searching, page by page.
        var request = RowPageRequest(search: "1", searchColumns: ["name"], limit: 1)
        let first = try store.page(request)
        XCTAssertEqual(first.rows.map(\.key.displayText), ["1"])
        XCTAssertTrue(first.hasMore)
        request.cursor = RowCursor(sortValue: nil, key: first.rows[0].key)
        let second = try store.page(request)
        XCTAssertEqual(second.rows.map(\.key.displayText), ["2"])
        XCTAssertFalse(second.hasMore)
    }

    func testBrowseEqualsFiltersIncludingNull() throws {
        let store = try browseStore(sortRows)
        let all = try (1...50).map { try XCTUnwrap(try store.load(.integer(Int64($0)))) }
        for filter in [
            ColumnEquals(column: "n", value: .integer(3)), ColumnEquals(column: "n", value: .null),
            ColumnEquals(column: "a\"b", value: .text("v1")), ColumnEquals(column: "name", value: .null),
        ] {
            let expected = all.filter { $0[filter.column] == filter.value }.map(\.key)
            XCTAssertFalse(expected.isEmpty)
            var request = RowPageRequest(equals: [filter], sortColumn: "name", descending: true, limit: 4)
            var got: [Record] = []
            while true {
                let page = try store.page(request)
                got += page.rows
                if !page.hasMore { break }
                request.cursor = cursor(page.rows.last!, "name")
            }
            XCTAssertEqual(got.map(\.key), expectedKeys(all.filter { $0[filter.column] == filter.value }, sort: "name", descending: true))
        }
    }

    func testBrowseRefusesUnknownColumns() throws {
        let store = try browseStore([("a", 1, nil)])
        for request in [
            RowPageRequest(sortColumn: "nope", limit: 5), RowPageRequest(sortColumn: names.owner, limit: 5),
            RowPageRequest(search: "a", searchColumns: ["name\"; DROP TABLE browse; --"], limit: 5),
            RowPageRequest(equals: [ColumnEquals(column: "x", value: .integer(1))], limit: 5),
        ] {
            XCTAssertThrowsError(try store.page(request)) {
                guard case StoreError.unknownColumn = $0 else { return XCTFail("expected unknownColumn, got \($0)") }
            }
        }
        XCTAssertEqual(try store.page(RowPageRequest(limit: 5)).rows.count, 1)
    }

    func testEstimatedRowCountComesFromStatistics() throws {
        let store = try demoStore()
        let count = try store.list(limit: 1000, after: nil).count
        switch self {
        case is SQLiteContractTests:
            XCTAssertEqual(try store.estimatedRowCount(), count, "the largest rowid")
            try foreignExecute("ANALYZE")
            XCTAssertEqual(try store.estimatedRowCount(), count, "sqlite_stat1")
        case is MariaDBContractTests:
            try foreignExecute("ANALYZE TABLE records")
            XCTAssertNotNil(try store.estimatedRowCount())
        default:
            try foreignExecute("ANALYZE records")
            XCTAssertEqual(try store.estimatedRowCount(), count)
        }
    }

    // MARK: The checked delete

    func testDeleteRemovesTheRowAndKeepsItInHistoryWithTheWriter() throws {
        let store = try demoStore()
        let position = changeLogMissing == nil ? try store.changePosition() : 0
        let loaded = try XCTUnwrap(try store.load(.integer(1)))
        XCTAssertEqual(try store.delete(.integer(1), expected: loaded.updatedAt, writer: "alice@h:1"), .deleted)
        XCTAssertNil(try store.load(.integer(1)))
        let entry = try XCTUnwrap(try store.history(.integer(1)).first)
        XCTAssertEqual(entry.operation, .delete)
        XCTAssertEqual(entry.updatedAt, loaded.updatedAt)
        XCTAssertEqual(entry.replacedBy, "alice@h:1")
        XCTAssertEqual(entry.fields["title"], loaded["title"])
        XCTAssertEqual(try store.version(.integer(1), at: loaded.updatedAt)?.fields, loaded.fields, "the deleted version can be restored")
        if changeLogMissing == nil {
            let change = try XCTUnwrap(try store.changes(after: position, limit: 10).last)
            XCTAssertEqual(change.operation, .delete)
            XCTAssertEqual(change.writer, "alice@h:1")
        }
        XCTAssertEqual(try store.delete(.integer(1), expected: loaded.updatedAt, writer: "alice@h:1"), .missing, "a second delete finds nothing")
    }

    func testDeleteOfAChangedRowIsStaleAndDeletesNothing() throws {
        let alice = try demoStore()
        let bob = try secondStore()
        let loaded = try XCTUnwrap(try alice.load(.integer(2)))
        let changed = try saved(try bob.save(.integer(2), changes: ["title": .text("Bob's")], expected: loaded.updatedAt, writer: "bob", fencingToken: nil))
        XCTAssertEqual(try alice.delete(.integer(2), expected: loaded.updatedAt, writer: "alice"), .stale(current: changed))
        XCTAssertEqual(try alice.load(.integer(2)), changed)
        try foreignExecute("UPDATE records SET priority = 7 WHERE id = 2")
        let foreign = try XCTUnwrap(try alice.load(.integer(2)))
        XCTAssertEqual(try alice.delete(.integer(2), expected: changed.updatedAt, writer: "alice"), .stale(current: foreign))
        XCTAssertEqual(try alice.delete(.integer(2), expected: "not a stamp", writer: "alice"), .stale(current: foreign))
        XCTAssertEqual(try alice.delete(.integer(2), expected: foreign.updatedAt, writer: "alice"), .deleted)
    }

    func testDeleteOfARowLockedBySomeoneElseIsRefused() throws {
        let alice = try demoStore()
        let bob = try secondStore()
        guard case .claimed(let token, _, _)? = try bob.apply(.claim(owner: "bob", leaseSeconds: 60, lock: true), to: .integer(3)) else {
            return XCTFail("bob's lock")
        }
        let locked = try XCTUnwrap(try alice.load(.integer(3)))
        XCTAssertEqual(try alice.delete(.integer(3), expected: locked.updatedAt, writer: "alice"), .locked(current: locked))
        XCTAssertEqual(try alice.load(.integer(3)), locked, "nothing deleted")
        // An `editing` claim does not stop a delete (the browser asks first).
        _ = try bob.apply(.release(owner: "bob", token: token), to: .integer(3))
        XCTAssertNotNil(try bob.apply(.claim(owner: "bob", leaseSeconds: 60, lock: false), to: .integer(3)))
        let editing = try XCTUnwrap(try alice.load(.integer(3)))
        XCTAssertEqual(editing.edit.state, .editing)
        XCTAssertEqual(try alice.delete(.integer(3), expected: editing.updatedAt, writer: "alice"), .deleted)
    }

    func testDeleteOfAMissingOrForeignDeletedRow() throws {
        let store = try demoStore()
        XCTAssertEqual(try store.delete(.integer(999), expected: "2024-01-01 00:00:00.000001", writer: "alice"), .missing)
        let loaded = try XCTUnwrap(try store.load(.integer(4)))
        try foreignExecute("DELETE FROM records WHERE id = 4")
        XCTAssertEqual(try store.delete(.integer(4), expected: loaded.updatedAt, writer: "alice"), .missing)
        let entry = try XCTUnwrap(try store.history(.integer(4)).first)
        XCTAssertEqual(entry.operation, .delete)
        XCTAssertNil(entry.replacedBy, "deleted by a foreign writer, not by alice")
        XCTAssertEqual(try store.history(.integer(4)).filter { $0.operation == .delete }.count, 1)
    }
}
