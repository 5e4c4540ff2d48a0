import RecEditCore
import XCTest

@testable import EditorCore

/// The editor in Simplified Chinese: golden screens at 80x24 and 132x40 beside the English ones, and the layout
/// rules that wide characters put to the test (no wide character split at an edge, every row exactly as wide as
/// the window).
final class ChineseInterfaceTests: XCTestCase {
    var savedLanguage = Language.english

    override func setUp() {
        super.setUp()
        savedLanguage = Language.current
        Language.current = .chinese
    }

    override func tearDown() {
        Language.current = savedLanguage
        super.tearDown()
    }

    func check(_ name: String, file: StaticString = #filePath, line: UInt = #line, _ build: (Int, Int) -> AppState) {
        for (w, h) in [(80, 24), (132, 40)] {
            let buffer = build(w, h).render()
            assertTerminalSafe(buffer, file: file, line: line)
            assertCellsLineUp(buffer, file: file, line: line)
            assertSnapshot(buffer, named: "zh_\(name)_\(w)x\(h)", file: file, line: line)
        }
    }

    func busyForm(width: Int, height: Int) -> AppState {
        var e = makeEditor(3, config: config(lock: .exclusive), width: width, height: height)
        _ = e.start()
        _ = e.claimRefused(.busy(owner: "alice@host:123", leaseUntil: "2026-11-27 14:05:00", since: "2026-11-27 14:04:00"))
        return e
    }

    func testFormWithBannerAndKeyBar() {
        check("form_busy") { w, h in busyForm(width: w, height: h) }
        let text = busyForm(width: 80, height: 24).screenText
        XCTAssertTrue(text.contains("由 alice@host:123 编辑中"), text)
        XCTAssertTrue(text.contains("帮助"), text)
        XCTAssertFalse(text.contains("help"), text)
    }

    func testEditedFormSaysModifiedAndMessage() {
        check("form_edited") { w, h in
            var e = claimedEditor(3, width: w, height: h)
            e.type("，已核对")
            e.press(.control("n"))
            return e
        }
    }

    func testConflictScreen() {
        check("conflict") { w, h in conflictEditor(width: w, height: h) }
        let text = conflictEditor(width: 132, height: 40).screenText
        for word in ["冲突", "原值（载入时）", "我的", "对方的（alice@host:123）", "结果", "片段"] {
            XCTAssertTrue(text.contains(word), "\(word) missing:\n\(text)")
        }
    }

    func testConflictScreenOnTextHunks() {
        check("conflict_body") { w, h in
            var e = conflictEditor(width: w, height: h)
            e.press(.character("m"))
            e.focusConflict("body")
            return e
        }
    }

    func testHelp() {
        check("help") { w, h in
            var e = claimedEditor(1, width: w, height: h)
            e.press(.function(1))
            return e
        }
    }

    func testBrowser() {
        var table = browserTable()
        table.records[2].edit = EditInfo(
            state: .editing, owner: "alice@host:123", leaseUntil: stamp(browserNow + 60_000_000), token: 1,
            since: stamp(browserNow - 120_000_000))
        for (w, h) in [(80, 24), (132, 40)] {
            let app = makeBrowser(table: table, width: w, height: h)
            let buffer = app.render()
            assertCellsLineUp(buffer)
            assertSnapshot(buffer, named: "zh_browser_\(w)x\(h)")
        }
        let text = makeBrowser(table: table).screenText
        XCTAssertTrue(text.contains("无筛选"), text)
        XCTAssertTrue(text.contains("alice，2 分钟"), text)
        XCTAssertTrue(text.contains("共 ~60 条"), text)
    }

    func testBrowserHelp() {
        let table = browserTable()
        var app = makeBrowser(table: table)
        app.browse([.function(1)], table: table)
        let buffer = app.render()
        assertCellsLineUp(buffer)
        assertSnapshot(buffer, named: "zh_browser_help_80x24")
    }

    /// Every screen at every size from the smallest up: rows stay exactly as wide as the window and no wide
    /// character is cut in half at an edge or a column.
    func testNarrowWindowsKeepTheLayout() {
        let table = browserTable()
        let builds: [(String, (Int, Int) -> AppState)] = [
            ("form", { w, h in self.busyForm(width: w, height: h) }),
            ("conflict", { w, h in conflictEditor(width: w, height: h) }),
            (
                "help",
                { w, h in
                    var e = claimedEditor(3, width: w, height: h)
                    e.press(.function(1))
                    return e
                }
            ),
            ("browser", { w, h in makeBrowser(table: table, width: w, height: h) }),
            (
                "quit",
                { w, h in
                    var e = claimedEditor(3, width: w, height: h)
                    e.type("改")
                    e.press(.control("q"))
                    return e
                }
            ),
        ]
        for (name, build) in builds {
            for (w, h) in [(20, 5), (20, 6), (21, 7), (23, 8), (31, 9), (47, 12), (79, 24)] {
                // Built at 80x24 (some need room to get there), then resized.
                var app = build(80, 24)
                app.update(.resize(width: w, height: h))
                assertCellsLineUp(app.render(), "\(name) \(w)x\(h)")
            }
        }
    }

    func testTooSmallWindowWrapsChineseBetweenCharacters() {
        var e = claimedEditor(1)
        e.update(.resize(width: 20, height: 5))
        let lines = e.render().lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        XCTAssertEqual(lines.first, "recedit：窗口太小")
        XCTAssertTrue(lines.joined().contains("至少需要"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines.joined().contains("Ctrl-Q"), lines.joined(separator: "\n"))
    }

    func testTablesAndHistory() {
        var tables = AppState(config: config(), width: 80, height: 24)
        _ = TablesScreen.open(names: ["records", "customers", "订单"], screens: &tables.screens)
        _ = tables.update(
            .tablesDescribed([
                TableSummary(name: "records", estimatedRows: 6), TableSummary(name: "customers", estimatedRows: 1_250_000),
                TableSummary(name: "订单", estimatedRows: nil),
            ]))
        assertCellsLineUp(tables.render())
        assertSnapshot(tables.render(), named: "zh_tables_80x24")
        XCTAssertTrue(tables.screenText.contains("最后修改"), tables.screenText)

        var history = AppState(config: config(), width: 80, height: 24)
        _ = HistoryScreen.open(schema: demoSchema(), key: .integer(2), screens: &history.screens)
        _ = history.update(
            .historyLoaded(key: .integer(2), current: HistoryScreenTests.rowNow(), writer: "bob@vm:12", history: HistoryScreenTests.history()))
        history.press(.down)
        assertCellsLineUp(history.render())
        assertSnapshot(history.render(), named: "zh_history_80x24")
        XCTAssertTrue(history.screenText.contains("的历史"), history.screenText)
    }

    func testEnglishIsUntouchedOutsideAChineseLocale() {
        Language.current = .english
        let text = busyForm(width: 80, height: 24).screenText
        XCTAssertTrue(text.contains("locked by alice@host:123"), text)
        XCTAssertFalse(text.contains("锁定"), text)
    }
}

/// Each row of the buffer is exactly the window's width in display cells, every wide character is followed by its
/// continuation and every continuation follows a wide character.
func assertCellsLineUp(_ buffer: CellBuffer, _ what: String = "", file: StaticString = #filePath, line: UInt = #line) {
    for row in 0..<buffer.height {
        var column = 0
        while column < buffer.width {
            let cell = buffer[row, column]
            if cell.width == 0 {
                XCTFail("\(what) row \(row) column \(column): half a wide character\n\(buffer.line(row))", file: file, line: line)
                return
            }
            if cell.width == 2 {
                guard column + 1 < buffer.width, buffer[row, column + 1].width == 0, buffer[row, column + 1].text.isEmpty else {
                    XCTFail("\(what) row \(row) column \(column): a wide character cut at the edge\n\(buffer.line(row))", file: file, line: line)
                    return
                }
            }
            column += cell.width
        }
        XCTAssertEqual(DisplayWidth.of(buffer.line(row)), buffer.width, "\(what) row \(row) is not the window's width", file: file, line: line)
    }
}
