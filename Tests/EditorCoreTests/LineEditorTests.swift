import XCTest
@testable import EditorCore

final class LineEditorTests: XCTestCase {
    func testInsertAndDeleteAtCursor() {
        var e = LineEditor(text: "helo", cursor: 3)
        e.insert("l")
        XCTAssertEqual(e.text, "hello")
        XCTAssertEqual(e.cursor, 4)
        e.moveToLineEnd()
        e.backspace()
        XCTAssertEqual(e.text, "hell")
        e.moveToLineStart()
        e.deleteForward()
        XCTAssertEqual(e.text, "ell")
        XCTAssertFalse(e.backspace())
    }

    func testKillToEndAndStartWorkOnTheCurrentLine() {
        var e = LineEditor(text: "one two\nthree four", cursor: 4)
        e.killToEnd()
        XCTAssertEqual(e.text, "one \nthree four")
        e.killToEnd()                       // at the end of the line: joins the next one
        XCTAssertEqual(e.text, "one three four")
        e.setCursor(10)
        e.killToStart()
        XCTAssertEqual(e.text, "four")
        XCTAssertEqual(e.cursor, 0)
    }

    func testDeleteWordBackward() {
        var e = LineEditor(text: "fix the  login")
        e.deleteWordBackward()
        XCTAssertEqual(e.text, "fix the  ")
        e.deleteWordBackward()
        XCTAssertEqual(e.text, "fix ")
    }

    func testVerticalMovesKeepTheDisplayColumn() {
        var e = LineEditor(text: "abcdef\n季度销售\nxy", cursor: 4)   // column 4 on line 0
        XCTAssertTrue(e.moveDown())
        XCTAssertEqual(e.cursorLine.line, 1)
        XCTAssertEqual(e.cursorColumn, 4)                 // after 季度 (2 columns each)
        XCTAssertTrue(e.moveDown())
        XCTAssertEqual(e.cursorColumn, 2)                 // "xy" is shorter
        XCTAssertFalse(e.moveDown())
        XCTAssertTrue(e.moveUp())
        XCTAssertEqual(e.cursorColumn, 4)                 // the goal column is remembered
        XCTAssertTrue(e.moveUp())
        XCTAssertEqual(e.cursor, 4)
        XCTAssertFalse(e.moveUp())
    }

    func testCRLFIsKeptExactlyAndSplitsLines() {
        let text = "a\r\nb\r\nc"
        var e = LineEditor(text: text)
        XCTAssertEqual(e.lineCount, 3)
        XCTAssertEqual(e.text, text)
        XCTAssertEqual(Array(e.text.unicodeScalars), Array(text.unicodeScalars))
        e.setCursor(0)
        e.moveDown()
        XCTAssertEqual(e.cursorLine.line, 1)
    }

    func testTypedCombiningMarkJoinsThePreviousCharacter() {
        var e = LineEditor(text: "cafe")
        e.insert("\u{301}")
        XCTAssertEqual(e.text, "cafe\u{301}")
        XCTAssertEqual(e.characters.count, 4)
        XCTAssertEqual(e.cursor, 4)
        XCTAssertEqual(e.cursorColumn, 4)
    }
}
