import RecEditCore
import XCTest

@testable import EditorCore

/// A window below the minimum size, and scroll positions after a resize.
final class WindowSizeTests: XCTestCase {
    // MARK: Too small

    func testKeysDoNotActWhileTheWindowIsTooSmall() {
        var e = claimedEditor()
        XCTAssertEqual(e.update(.resize(width: 20, height: 5)), [])
        XCTAssertTrue(e.render().lines[0].hasPrefix("recedit: window too"))
        XCTAssertEqual(e.type("zz"), [])
        XCTAssertEqual(e.press(.control("s"), .control("o"), .control("k"), .tab, .enter, .control("t")), [])
        XCTAssertEqual(e.fieldText("title"), "Quarterly report", "nothing typed unseen")
        XCTAssertFalse(e.isDirty)
        XCTAssertEqual(e.focusedColumn, "title")
        e.update(.resize(width: 80, height: 24))
        XCTAssertFalse(e.screenText.contains("zz"))
    }

    func testCtrlQQuitsWhileTheWindowIsTooSmall() {
        var e = claimedEditor()
        e.update(.resize(width: 12, height: 4))
        XCTAssertEqual(e.press(.control("q")), [.release(token: 7), .quit])
    }

    func testCtrlQAsksInWordsThatFitWhenThereAreUnsavedChanges() {
        var e = claimedEditor()
        e.type("!")
        e.update(.resize(width: 20, height: 5))
        XCTAssertEqual(e.press(.control("q")), [])
        XCTAssertEqual(
            e.render().lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            ["Discard unsaved", "changes? (y/N)"])
        XCTAssertEqual(e.press(.character("y")), [.deleteDraft, .release(token: 7), .quit])
    }

    func testCtrlCSaysHowToQuitWhileTheWindowIsTooSmall() {
        var e = claimedEditor()
        e.update(.resize(width: 20, height: 5))
        XCTAssertEqual(e.press(.control("c")), [])
        e.update(.resize(width: 80, height: 24))
        XCTAssertEqual(e.statusMessage, "Ctrl-C does nothing here; Ctrl-Q quits")
    }

    func testTheTooSmallMessageFitsTheWindow() {
        func shown(_ w: Int, _ h: Int) -> String {
            var e = claimedEditor()
            e.update(.resize(width: w, height: h))
            let buffer = e.render()
            XCTAssertEqual(buffer.width, w)
            XCTAssertEqual(buffer.height, h)
            return buffer.lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
        }
        XCTAssertEqual(shown(20, 5), "recedit: window too small (20x5); needs at least 20x6. Ctrl-Q quits")
        XCTAssertEqual(shown(19, 24), "recedit: window too small (19x24); needs at least 20x6. Ctrl-Q quits")
        XCTAssertEqual(shown(80, 2), "recedit: window too small (80x2); needs at least 20x6. Ctrl-Q quits")
        XCTAssertEqual(shown(16, 3), "window too small (16x3 < 20x6); Ctrl-Q quits")
        XCTAssertEqual(shown(12, 3), "too small: 12x3 < 20x6")
        XCTAssertEqual(shown(12, 1), "too small")
        XCTAssertEqual(shown(5, 1), "small")
        var e = claimedEditor()
        e.update(.resize(width: 20, height: 5))
        XCTAssertEqual(e.render().lines[0], "recedit: window too ")
        XCTAssertEqual(e.render().lines[1], "small (20x5); needs ")
    }

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
