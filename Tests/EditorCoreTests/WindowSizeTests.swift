import XCTest
@testable import EditorCore
import RecEditCore

/// Scroll positions after a resize.
final class WindowSizeTests: XCTestCase {
    // MARK: Scroll after a resize

    func testHorizontalScrollIsRecomputedAfterAResize() {
        var e = claimedEditor()
        e.type(" edited")
        let shownBefore = e.render()
        let before = shownBefore.lines
        XCTAssertTrue(before[2].hasPrefix(">*title            Quarterly report edited "), before[2])
        e.update(.resize(width: 20, height: 5))
        e.update(.resize(width: 24, height: 8))
        XCTAssertTrue(e.render().lines.joined().contains("<"), "scrolled at the narrow width")
        e.update(.resize(width: 80, height: 24))
        XCTAssertEqual(e.render().lines, before, "room to spare again: no scroll")
        XCTAssertEqual(e.render().cursor?.column, shownBefore.cursor?.column)
    }

    func testMultiLineFieldScrollIsRecomputedAfterAResize() {
        var e = claimedEditor()
        e.focus("body")
        e.press(.down, .down, .end)
        let before = e.render()
        XCTAssertTrue(before.lines.contains { $0.contains("Collect the numbers from finance.") })
        e.update(.resize(width: 24, height: 8))
        XCTAssertFalse(e.render().lines.contains { $0.contains("Collect") }, "narrow and short: scrolled")
        e.update(.resize(width: 80, height: 24))
        XCTAssertEqual(e.render().lines, before.lines, "the whole body shows again, not only '<' marks")
        XCTAssertEqual(e.render().cursor?.row, before.cursor?.row)
        XCTAssertEqual(e.render().cursor?.column, before.cursor?.column)
    }
}
