import RecEditCore
import XCTest

@testable import EditorCore

/// The table in memory, answering page requests the way the store contract says (filter, sort with the key
/// as tie-break, keyset cursor in either direction), so the browser is tested without a database.
struct FakeTable {
    var records: [Record]

    static func compare(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.integer(let x), .integer(let y)): return x < y ? -1 : x == y ? 0 : 1
        default:
            let x = a.displayText, y = b.displayText
            return x < y ? -1 : x == y ? 0 : 1
        }
    }

    func order(_ request: RowPageRequest, _ a: (Value?, Value), _ b: (Value?, Value)) -> Int {
        var c = FakeTable.compare(a.0 ?? .null, b.0 ?? .null)
        if c == 0 { c = FakeTable.compare(a.1, b.1) }
        return request.descending ? -c : c
    }

    func matches(_ record: Record, _ request: RowPageRequest) -> Bool {
        for filter in request.equals where record[filter.column] != filter.value { return false }
        guard let search = request.search?.lowercased(), !search.isEmpty else { return true }
        return request.searchColumns.contains { record[$0].displayText.lowercased().contains(search) }
    }

    func page(_ request: RowPageRequest) -> RowPage {
        let sortKey = { (r: Record) in (request.sortColumn.map { r[$0] }, r.key) }
        let sorted = records.filter { matches($0, request) }.sorted { order(request, sortKey($0), sortKey($1)) < 0 }
        guard let cursor = request.cursor else {
            if request.direction == .forward {
                return RowPage(rows: Array(sorted.prefix(request.limit)), hasMore: sorted.count > request.limit)
            }
            return RowPage(rows: Array(sorted.suffix(request.limit)), hasMore: sorted.count > request.limit)
        }
        let at = (cursor.sortValue, cursor.key)
        if request.direction == .forward {
            let after = sorted.filter { order(request, sortKey($0), at) > 0 }
            return RowPage(rows: Array(after.prefix(request.limit)), hasMore: after.count > request.limit)
        }
        let before = sorted.filter { order(request, sortKey($0), at) < 0 }
        return RowPage(rows: Array(before.suffix(request.limit)), hasMore: before.count > request.limit)
    }
}

let browserNow = Stamp.microseconds(from: "2026-11-27 14:10:00")!

func stamp(_ micros: Int64) -> String { Stamp.text(microseconds: micros) }

/// The demo rows, a few changed to show NULL, '' and a control character, then plain rows up to `count`.
func browserTable(count: Int = 60) -> FakeTable {
    var records = (1...6).map { demoRecord($0) }
    records[3].fields["status"] = .text("")
    records[5].fields["title"] = .text("Plan the \u{1B}[31moffsite")
    for id in 7...max(7, count) {
        records.append(
            Record(
                key: .integer(Int64(id)),
                fields: [
                    "id": .integer(Int64(id)), "title": .text("Task \(id)"), "status": .text("open"), "owner": .text("erin"),
                    "priority": .integer(Int64(id % 5)), "due": .null, "body": .text("Line one\nline two"),
                ], updatedAt: loadedStamp))
    }
    return FakeTable(records: records)
}

extension AppState {
    /// Performs the page and estimate effects against `table` (as the loop would) and returns the others.
    mutating func answer(_ effects: [EditorEffect], from table: FakeTable) -> [EditorEffect] {
        var others: [EditorEffect] = []
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            switch effect {
            case .fetchPage(let request, let generation):
                queue += update(.pageFetched(table.page(request), generation: generation))
            case .estimateRowCount:
                queue += update(.rowCountEstimated(table.records.count))
            default:
                others.append(effect)
            }
        }
        return others
    }

    @discardableResult
    mutating func browse(_ keys: [Key], table: FakeTable) -> [EditorEffect] {
        var others: [EditorEffect] = []
        for key in keys { others += answer(update(.key(key)), from: table) }
        return others
    }

    var browserState: BrowserScreen { browser! }
}

func makeBrowser(table: FakeTable, width: Int = 80, height: Int = 24, colors: Bool = true) -> AppState {
    var app = AppState(
        browsing: demoSchema(), location: "sqlite:/tmp/demo.db", config: config(colors: colors), width: width, height: height)
    XCTAssertEqual(app.answer(app.start(), from: table), [])
    _ = app.update(.tick(nowMicroseconds: browserNow))
    return app
}

final class BrowserTests: XCTestCase {
    func assertBrowserSnapshots(
        _ name: String, table: FakeTable, file: StaticString = #filePath, line: UInt = #line, _ build: (inout AppState) -> Void
    ) {
        for (w, h) in [(80, 24), (132, 40)] {
            var app = makeBrowser(table: table, width: w, height: h)
            build(&app)
            let buffer = app.render()
            assertTerminalSafe(buffer, file: file, line: line)
            assertSnapshot(buffer, named: "\(name)_\(w)x\(h)", file: file, line: line)
        }
    }

    func testFirstScreenShowsNullEmptyControlAndCJKCutAtTheEdge() {
        var table = browserTable()
        table.records[1].edit = EditInfo(
            state: .editing, owner: "alice@laptop:42", leaseUntil: stamp(browserNow + 50_000_000), token: 3,
            since: stamp(browserNow - 125_000_000))
        table.records[3].edit = EditInfo(
            state: .editing, owner: "bob@desk:7", leaseUntil: stamp(browserNow - 1_000_000), token: 2,
            since: stamp(browserNow - 600_000_000))
        assertBrowserSnapshots("browser_first", table: table) { _ in }
        let app = makeBrowser(table: table)
        XCTAssertEqual(app.screenKinds, [.browser])
        let text = app.screenText
        XCTAssertTrue(text.contains("alice, 2 min"), text)
        XCTAssertTrue(text.contains("bob, expired"), text)
        XCTAssertTrue(text.contains("∅"), "NULL is drawn as ∅")
        XCTAssertTrue(text.contains("^["), "the escape character is shown visibly")
        XCTAssertTrue(text.contains("1–20 of ~60"), text)
        XCTAssertTrue(text.contains("sqlite:/tmp/demo.db"), text)
    }

    func testMovingByKeysetPages() {
        let table = browserTable()
        var app = makeBrowser(table: table)
        XCTAssertEqual(app.browserState.selectedKey, .integer(1))
        app.browse([.character("j"), .down], table: table)
        XCTAssertEqual(app.browserState.selectedKey, .integer(3))
        app.browse([.pageDown], table: table)
        XCTAssertEqual(app.browserState.rows.first?.key, .integer(21))
        XCTAssertEqual(app.browserState.selectedKey, .integer(23))
        XCTAssertTrue(app.screenText.contains("21–40 of ~60"))
        app.browse([.character("G")], table: table)
        XCTAssertEqual(app.browserState.selectedKey, .integer(60))
        XCTAssertTrue(app.screenText.contains("41–60 of 60"), app.screenText)
        // Down on the last row of the table does nothing; up past the top of the window scrolls by one row.
        XCTAssertEqual(app.browse([.down], table: table), [])
        app.browse(Array(repeating: .up, count: 20), table: table)
        XCTAssertEqual(app.browserState.selectedKey, .integer(40))
        XCTAssertEqual(app.browserState.rows.first?.key, .integer(40))
        app.browse([.character("g")], table: table)
        XCTAssertEqual(app.browserState.selectedKey, .integer(1))
        app.browse(Array(repeating: .character("j"), count: 20), table: table)
        XCTAssertEqual(app.browserState.selectedKey, .integer(21))
        XCTAssertEqual(app.browserState.rows.first?.key, .integer(2))
        XCTAssertTrue(app.screenText.contains("2–21 of ~60"), app.screenText)
        app.browse([.pageUp, .pageUp], table: table)
        XCTAssertEqual(app.browserState.rows.first?.key, .integer(1))
        XCTAssertEqual(app.browserState.selectedKey, .integer(1))
    }

    func testFilterAsYouTypeFindsTheChineseRowAndEscClearsIt() {
        let table = browserTable()
        var app = makeBrowser(table: table)
        app.browse([.character("/")], table: table)
        let first = app.update(.key(.character("季")))
        guard case .fetchPage(let request, let staleGeneration)? = first.first else { return XCTFail("\(first)") }
        XCTAssertEqual(request.search, "季")
        XCTAssertEqual(request.searchColumns, ["title", "status", "owner", "due", "body"])
        // The next letter before the answer: the first answer is dropped when it comes.
        let second = app.update(.key(.character("度")))
        XCTAssertEqual(app.update(.pageFetched(RowPage(rows: [], hasMore: false), generation: staleGeneration)), [])
        XCTAssertEqual(app.answer(second, from: table), [])
        XCTAssertEqual(app.browserState.rows.map(\.key), [.integer(3)])
        assertSnapshot(app.render(), named: "browser_filter_typing_80x24")
        app.browse([.enter], table: table)
        XCTAssertTrue(app.screenText.contains("filter /季度"))
        app.browse([.escape], table: table)
        XCTAssertEqual(app.browserState.rows.count, 20)
        XCTAssertFalse(app.screenText.contains("filter /"))
        // Esc while typing puts back the filter there was before.
        app.browse([.character("/")] + "task 5".map(Key.character) + [.escape], table: table)
        XCTAssertEqual(app.browserState.search, "")
        XCTAssertEqual(app.browserState.rows.count, 20)
        // A filter with % and _ is sent as typed (the store matches them literally).
        let percent = app.update(.key(.character("/"))) + app.update(.key(.character("%")))
        guard case .fetchPage(let literal, _)? = percent.first else { return XCTFail("\(percent)") }
        XCTAssertEqual(literal.search, "%")
    }

    func testColumnEqualsValueAndNull() {
        let table = browserTable()
        var app = makeBrowser(table: table)
        app.browse([.right, .right, .right, .character("="), .control("n")], table: table)
        XCTAssertEqual(app.browserState.equals, [ColumnEquals(column: "owner", value: .null)])
        XCTAssertEqual(app.browserState.rows.map(\.key), [.integer(5)])
        XCTAssertTrue(app.screenText.contains("owner=NULL"))
        app.browse([.right, .character("=")] + "3".map(Key.character) + [.enter], table: table)
        XCTAssertEqual(app.browserState.rows.map(\.key), [.integer(5)], "both filters hold")
        app.browse([.escape], table: table)
        app.browse([.character("=")] + "open".map(Key.character) + [.enter], table: table)
        XCTAssertEqual(app.browserState.equals, [])
        XCTAssertTrue(app.screenText.contains("Not a value for priority: open"), app.screenText)
    }

    func testSortByTheCurrentColumnThenDescending() {
        let table = browserTable(count: 8)
        assertBrowserSnapshots("browser_sorted_desc", table: table) { app in
            app.browse([.right, .character("s"), .character("s")], table: table)
        }
        var app = makeBrowser(table: table)
        app.browse([.right, .character("s")], table: table)
        XCTAssertEqual(app.browserState.rows.first?.key, .integer(2), "Fix login timeout < Order new laptops …")
        XCTAssertEqual(app.browserState.rows.first.map { $0["title"] }, .text("Fix login timeout"))
        XCTAssertTrue(app.screenText.contains("sort title ascending"))
        app.browse([.character("s")], table: table)
        XCTAssertEqual(app.browserState.rows.first.map { $0["title"] }, .text("季度销售报告"))
        XCTAssertTrue(app.screenText.contains("sort title descending"))
        app.browse([.escape], table: table)
        XCTAssertEqual(app.browserState.rows.first?.key, .integer(1))
    }

    func testJumpToAKey() {
        let table = browserTable()
        var app = makeBrowser(table: table)
        app.browse([.character("s"), .character(":")] + "45".map(Key.character) + [.enter], table: table)
        XCTAssertEqual(app.browserState.selectedKey, .integer(45))
        XCTAssertEqual(app.browserState.rows.first?.key, .integer(45))
        XCTAssertFalse(app.browserState.descending, "a jump is in key order")
        app.browse([.character(":")] + "999".map(Key.character) + [.enter], table: table)
        XCTAssertTrue(app.screenText.contains("No row with id = 999"), app.screenText)
    }

    func testPresenceAndChangeMarksFollowTheTable() {
        var table = browserTable()
        var app = makeBrowser(table: table)
        XCTAssertFalse(app.screenText.contains("alice,"))
        table.records[1].edit = EditInfo(
            state: .editing, owner: "alice@laptop:42", leaseUntil: stamp(browserNow + 150_000_000), token: 1, since: stamp(browserNow))
        table.records[2].fields["title"] = .text("季度销售报告 v2")
        table.records[2].updatedAt = "2026-11-27 14:09:59.000001"
        XCTAssertEqual(app.answer(app.update(.tableChanged), from: table), [])
        assertSnapshot(app.render(), named: "browser_presence_80x24")
        XCTAssertTrue(app.screenText.contains("alice, 0 min"))
        XCTAssertTrue(app.render().line(4).hasPrefix("*"), "the row someone changed is marked")
        XCTAssertFalse(app.render().line(3).hasPrefix("*"), "a claim alone is no change of the row")
        _ = app.update(.tick(nowMicroseconds: browserNow + 120_000_000))
        XCTAssertTrue(app.screenText.contains("alice, 2 min"))
        XCTAssertFalse(app.render().line(4).hasPrefix("*"), "the mark goes after a few seconds")
        _ = app.update(.tick(nowMicroseconds: browserNow + 150_000_000))
        XCTAssertTrue(app.screenText.contains("alice, expired"))
    }

    func testOpeningARowAndComingBackWithItsNewValues() {
        var table = browserTable()
        var app = makeBrowser(table: table)
        app.browse([.down], table: table)
        XCTAssertEqual(app.browse([.enter], table: table), [.open(key: .integer(2))])
        XCTAssertEqual(app.update(.rowOpened(schema: demoSchema(), record: table.records[1], orphanedDrafts: [])), [.claim])
        XCTAssertEqual(app.screenKinds, [.browser, .form])
        XCTAssertFalse(app.isBrowsing)
        XCTAssertTrue(app.screenText.contains("Fix login timeout"))
        XCTAssertEqual(app.update(.editOutcome(.claimed(token: 9, leaseUntil: "2026-11-27 14:11:00", previousOwner: nil))), [])
        // My save changed the row; quitting the form releases the claim and comes back to the list.
        table.records[1].fields["title"] = .text("Fix login timeout (30 min)")
        table.records[1].updatedAt = "2026-11-27 14:10:30"
        let effects = app.update(.key(.control("q")))
        XCTAssertEqual(Array(effects.prefix(2)), [.release(token: 9), .closeRow])
        XCTAssertFalse(effects.contains(.quit))
        XCTAssertEqual(app.answer(effects, from: table), [.release(token: 9), .closeRow])
        XCTAssertFalse(app.isFinished)
        XCTAssertEqual(app.screenKinds, [.browser])
        XCTAssertEqual(app.browserState.selectedKey, .integer(2))
        XCTAssertTrue(app.screenText.contains("Fix login timeout (30 min)"))
        XCTAssertFalse(app.render().line(3).hasPrefix("*"), "my own save is not someone else's change")
        assertSnapshot(app.render(), named: "browser_back_from_row_80x24")
        // Late answers about the closed row change nothing.
        XCTAssertEqual(app.update(.editOutcome(.released)), [])
        XCTAssertEqual(app.browse([.character("q")], table: table), [.quit])
        XCTAssertTrue(app.isFinished)
    }

    func testHistoryDeleteAndNewRowOpenTheirScreensOverTheList() {
        let table = browserTable()
        var app = makeBrowser(table: table)
        app.browse([.down], table: table)
        XCTAssertEqual(app.browse([.character("h")], table: table), [.loadHistory(key: .integer(2))])
        XCTAssertEqual(app.screenKinds, [.browser, .history])
        XCTAssertTrue(app.screenText.contains("History of records id=2"))
        app.browse([.escape], table: table)
        XCTAssertEqual(app.screenKinds, [.browser])

        XCTAssertEqual(app.browse([.character("d")], table: table), [])
        XCTAssertEqual(app.screenKinds, [.browser, .deleteConfirm])
        XCTAssertTrue(app.screenText.contains("Delete row 2"), app.screenText)
        // Confirmed: the checked delete against the version the list drew.
        XCTAssertEqual(app.browse([.character("y")], table: table), [.deleteRow(key: .integer(2), expected: loadedStamp)])
        // Deleted: the list asks for its page again (the row is gone from it).
        let after = app.update(.deleteFinished(key: .integer(2), .deleted, writer: nil, history: []))
        XCTAssertEqual(app.screenKinds, [.browser])
        XCTAssertTrue(after.contains { if case .fetchPage = $0 { return true } else { return false } }, "\(after)")

        XCTAssertEqual(app.browse([.character("n")], table: table), [.openNewRow])
    }

    func testReadOnlyBrowserRefusesDeleteAndNewRow() {
        let table = browserTable()
        var readOnly = config(colors: true)
        readOnly.readOnly = true
        var app = AppState(browsing: demoSchema(), location: "sqlite:/tmp/demo.db", config: readOnly, width: 80, height: 24)
        _ = app.answer(app.start(), from: table)
        for key in ["d", "n"] {
            XCTAssertEqual(app.browse([.character(Character(key))], table: table), [])
            XCTAssertEqual(app.screenKinds, [.browser])
        }
        XCTAssertTrue(app.screenText.contains("read-only"), app.screenText)
    }

    func testHelpListsTheKeys() {
        let table = browserTable()
        var app = makeBrowser(table: table)
        app.browse([.function(1)], table: table)
        assertSnapshot(app.render(), named: "browser_help_80x24")
        app.browse([.character("x")], table: table)
        XCTAssertFalse(app.screenText.contains("recedit keys"))
    }

    func testColumnsHideShowAndMove() {
        let table = browserTable(count: 8)
        var app = makeBrowser(table: table, width: 132, height: 40)
        app.browse([.right, .character("-")], table: table)
        XCTAssertEqual(app.browserState.columns, ["id", "status", "owner", "priority", "due", "body"])
        XCTAssertFalse(app.render().line(1).contains("title"))
        app.browse([.character("]"), .character("]")], table: table)
        XCTAssertEqual(app.browserState.columns, ["id", "owner", "priority", "status", "due", "body"])
        app.browse([.character("+")], table: table)
        XCTAssertEqual(app.browserState.columns.last, "title")
        app.browse([.left, .left, .left, .left, .left, .left, .character("-")], table: table)
        XCTAssertEqual(app.browserState.columns.first, "id", "the key stays first and shown")
        assertSnapshot(app.render(), named: "browser_columns_132x40")
    }

    func testAFailedPageIsSaidAndAChangeHeardDuringAFetchFetchesAgain() {
        var table = browserTable()
        var app = makeBrowser(table: table)
        guard case .fetchPage(_, let failing)? = app.update(.key(.pageDown)).first else { return XCTFail("no page asked") }
        XCTAssertEqual(app.update(.pageFailed("database busy", generation: failing)), [])
        XCTAssertTrue(app.screenText.contains("database busy"))
        XCTAssertEqual(app.browserState.rows.first?.key, .integer(1), "the page shown stays")
        let pageDown = app.update(.key(.pageDown))
        XCTAssertEqual(app.update(.tableChanged), [], "one page at a time")
        let old = table
        table.records[20].fields["title"] = .text("Changed meanwhile")
        table.records[20].updatedAt = "2026-11-27 14:09:00"
        guard case .fetchPage(let request, let generation)? = pageDown.first else { return XCTFail("no page asked") }
        let again = app.update(.pageFetched(old.page(request), generation: generation))
        XCTAssertEqual(app.browserState.rows.first?.key, .integer(21))
        XCTAssertFalse(app.screenText.contains("Changed meanwhile"))
        XCTAssertEqual(app.answer(again, from: table), [])
        XCTAssertTrue(app.screenText.contains("Changed meanwhile"))
    }

    func testResizeFetchesAPageThatFillsTheWindow() {
        let table = browserTable()
        var app = makeBrowser(table: table)
        app.browse([.down, .down], table: table)
        XCTAssertEqual(app.answer(app.update(.resize(width: 132, height: 40)), from: table), [])
        XCTAssertEqual(app.browserState.rows.count, 36)
        XCTAssertEqual(app.browserState.selectedKey, .integer(3))
    }
}
