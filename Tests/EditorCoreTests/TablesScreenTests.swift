import RecEditCore
import XCTest

@testable import EditorCore

/// The tables list: the first screen when more than one table is set up for recedit.
final class TablesScreenTests: XCTestCase {
    func tablesEditor(width: Int = 80, height: Int = 24) -> AppState {
        var e = AppState(config: config(), width: width, height: height)
        XCTAssertEqual(TablesScreen.open(names: ["records", "customers", "订单"], screens: &e.screens), [.describeTables])
        return e
    }

    func testEstimatesArriveThenEnterOpensATable() {
        var e = tablesEditor()
        XCTAssertTrue(e.screenText.contains("records       ..."), e.screenText)
        _ = e.update(
            .tablesDescribed([
                TableSummary(name: "records", estimatedRows: 6), TableSummary(name: "customers", estimatedRows: 1_250_000),
                TableSummary(name: "订单", estimatedRows: nil),
            ]))
        let text = e.screenText
        XCTAssertTrue(text.contains("~1,250,000"), text)
        XCTAssertTrue(text.contains("many"), text)
        assertSnapshot(e.render(), named: "tables_80x24")
        e.press(.down)
        XCTAssertEqual(e.press(.enter), [.openTable("customers")])
        XCTAssertTrue(e.screenText.contains("Opening customers..."))
        _ = e.update(.tableOpened(schema: demoSchema()))
        XCTAssertFalse(e.screenText.contains("Opening customers..."))
    }

    func testMovingAndQuitting() {
        var e = tablesEditor(width: 132, height: 40)
        e.press(.end)
        _ = e.update(
            .tablesDescribed([
                TableSummary(name: "records", estimatedRows: 0), TableSummary(name: "customers", estimatedRows: 12), TableSummary(name: "订单", estimatedRows: 7),
            ]))
        assertSnapshot(e.render(), named: "tables_132x40")
        XCTAssertEqual(e.press(.enter), [.openTable("订单")], "the selection stays on the same table when the estimates arrive")
        e.press(.character("g"))
        XCTAssertEqual(e.press(.enter), [.openTable("records")])
        XCTAssertEqual(e.press(.character("q")), [.quit])
    }

    func testAFailureIsShown() {
        var e = tablesEditor()
        _ = e.update(.failure("permission denied for table customers", connectionLost: false))
        XCTAssertTrue(e.render().lines[23].contains("permission denied for table customers"))
    }
}
