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
        e.killToEnd()  // at the end of the line: joins the next one
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
        var e = LineEditor(text: "abcdef\n季度销售\nxy", cursor: 4)  // column 4 on line 0
        XCTAssertTrue(e.moveDown())
        XCTAssertEqual(e.cursorLine.line, 1)
        XCTAssertEqual(e.cursorColumn, 4)  // after 季度 (2 columns each)
        XCTAssertTrue(e.moveDown())
        XCTAssertEqual(e.cursorColumn, 2)  // "xy" is shorter
        XCTAssertFalse(e.moveDown())
        XCTAssertTrue(e.moveUp())
        XCTAssertEqual(e.cursorColumn, 4)  // the goal column is remembered
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

/// The line index LineEditor keeps (so that a megabyte value is never scanned per key) always agrees
/// with the text, whatever the edits.
final class LineIndexTests: XCTestCase {
    func testTheLineIndexFollowsRandomEdits() {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["a", "b", "\n", "\n\n", "xy\nz", "e\u{301}", "\u{301}", "\r", "\r\n", "季", " "]
        for _ in 0..<50 {
            var e = LineEditor(text: "one\ntwo\r\nthree", cursor: Int.random(in: 0...14, using: &rng))
            for _ in 0..<200 {
                switch Int.random(in: 0..<10, using: &rng) {
                case 0...3: e.insert(pieces.randomElement(using: &rng)!)
                case 4: e.backspace()
                case 5: e.deleteForward()
                case 6: e.killToEnd()
                case 7: e.killToStart()
                case 8: e.deleteWordBackward()
                default: e.setCursor(Int.random(in: 0...e.characters.count, using: &rng))
                }
                // What a scan of the text gives.
                var ranges: [Range<Int>] = []
                var start = 0
                for (i, c) in e.characters.enumerated() where c == "\n" {
                    ranges.append(start..<i)
                    start = i + 1
                }
                ranges.append(start..<e.characters.count)
                XCTAssertEqual(e.lineRanges, ranges, "\(e.text.debugDescription)")
                XCTAssertEqual(e.lineCount, ranges.count)
                let line = ranges.lastIndex { $0.lowerBound <= e.cursor }!
                XCTAssertTrue(e.cursorLine == (line, e.cursor - ranges[line].lowerBound))
            }
        }
    }

    func testATypedCombiningMarkJoinsTheCharacterBeforeIt() {
        var e = LineEditor(text: "cafe\nbar", cursor: 4)
        e.insert("\u{301}")
        XCTAssertEqual(e.text, "cafe\u{301}\nbar")
        XCTAssertEqual(e.characters.count, 8)
        XCTAssertEqual(e.cursor, 4)
        XCTAssertEqual(e.lineRange(1), 5..<8)
    }

    func testTheRevisionCountsTextChangesOnly() {
        var e = LineEditor(text: "abc")
        let start = e.revision
        e.moveLeft()
        e.moveToStart()
        XCTAssertFalse(e.backspace())
        XCTAssertEqual(e.revision, start)
        e.insert("x")
        XCTAssertNotEqual(e.revision, start)
        XCTAssertEqual(LineEditor(text: "xabc", cursor: 1), e, "equal text and cursor are equal editors")
    }
}
