import RecEditCore
import XCTest

@testable import EditorCore

final class FormKeyTests: XCTestCase {
    func testCursorStartsAtTheEndOfTheFirstEditableField() {
        let e = claimedEditor(1)
        XCTAssertEqual(e.focusedColumn, "title")
        let buffer = e.render()
        XCTAssertEqual(buffer.cursor?.row, 2)
        XCTAssertEqual(buffer.cursor?.column, 19 + 16)  // after "Quarterly report"
        XCTAssertTrue(buffer.lines[2].hasPrefix("> title"))
    }

    func testTypingEditsTheFocusedFieldInPlace() {
        var e = claimedEditor(1)
        e.type(" Q4")
        XCTAssertEqual(e.fieldText("title"), "Quarterly report Q4")
        e.press(.left, .left, .left)
        e.type(",")
        XCTAssertEqual(e.fieldText("title"), "Quarterly report, Q4")
        e.press(.home)
        e.type("The ")
        e.press(.control("e"))
        e.type("!")
        e.press(.control("a"), .delete, .delete, .delete, .delete)
        XCTAssertEqual(e.fieldText("title"), "Quarterly report, Q4!")
        e.press(.end, .backspace)
        XCTAssertEqual(e.fieldText("title"), "Quarterly report, Q4")
        e.press(.home, .right, .right, .right, .right, .right, .right, .right, .right, .right, .control("k"))
        XCTAssertEqual(e.fieldText("title"), "Quarterly")
        e.press(.left, .left, .control("u"))
        XCTAssertEqual(e.fieldText("title"), "ly")
        XCTAssertTrue(e.isDirty)
        XCTAssertTrue(e.render().lines[2].hasPrefix(">*title"), "changed fields are marked")
        XCTAssertTrue(e.render().lines[0].contains("[modified]"))
    }

    func testTabCyclesEditableFieldsOnly() {
        var e = claimedEditor(1)
        var seen: [String] = []
        for _ in 0..<7 {
            seen.append(e.focusedColumn ?? "-")
            e.press(.tab)
        }
        XCTAssertEqual(seen, ["title", "status", "owner", "priority", "due", "body", "title"])
        XCTAssertEqual(e.focusedColumn, "status")
        e.press(.backTab, .backTab)
        XCTAssertEqual(e.focusedColumn, "body")
        e.press(.backTab)
        XCTAssertEqual(e.focusedColumn, "due")
    }

    func testKeyAndReceditColumnsAreShownButNotEditable() {
        let e = claimedEditor(1)
        let lines = e.render().lines
        XCTAssertTrue(lines[1].hasPrefix("  id               1"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("  edit_owner       me@host:100") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("  updated_at       2026-11-27 14:03:22.123456") })
        XCTAssertEqual(e.render()[1, 19].style.dim, true)
    }

    func testEnterMovesOnInSingleLineFieldsAndBreaksLinesInMultiline() {
        var e = claimedEditor(1)
        e.press(.enter)
        XCTAssertEqual(e.focusedColumn, "status")
        e.focus("body")
        XCTAssertEqual(e.fieldText("body")?.hasPrefix("Collect"), true)
        e.press(.end, .enter)
        e.type("Check the totals.")
        XCTAssertEqual(
            e.fieldText("body"), "Collect the numbers from finance.\nCheck the totals.\nDraft the summary for the board.\nAsk Bob to review the charts.")
        XCTAssertEqual(e.focusedColumn, "body")
    }

    func testUpDownMoveBetweenLinesAndLeaveAtTheEdges() {
        var e = claimedEditor(1)
        e.focus("body")
        e.press(.end)  // line 0, column 33
        e.press(.down)
        let b = e.render()
        XCTAssertEqual(b.cursor?.row, 8)
        XCTAssertEqual(b.cursor?.column, 19 + 32)  // line 1 is 32 long
        e.press(.down)
        XCTAssertEqual(e.render().cursor?.row, 9)
        XCTAssertEqual(e.render().cursor?.column, 19 + 29)
        e.press(.down)  // last line of the last field: stays
        XCTAssertEqual(e.focusedColumn, "body")
        e.press(.up, .up)
        XCTAssertEqual(e.render().cursor?.row, 7)
        XCTAssertEqual(e.render().cursor?.column, 19 + 33, "the goal column comes back on a long enough line")
        e.press(.up)  // first line: leaves to the field above
        XCTAssertEqual(e.focusedColumn, "due")
        e.press(.down)
        XCTAssertEqual(e.focusedColumn, "body")
        XCTAssertEqual(e.render().cursor?.row, 7)
    }

    func testUpIntoAMultilineFieldLandsOnItsLastLine() {
        var schema = demoSchema()
        schema.columns.insert(Column(name: "notes", declaredType: "TEXT", kind: .text), at: 2)
        var r = demoRecord(1)
        r.fields["notes"] = .text("n1\nn2\nn3")
        var e = AppState(schema: schema, record: r, config: config(), width: 80, height: 24)
        e.press(.tab)
        XCTAssertEqual(e.focusedColumn, "notes")
        XCTAssertEqual(e.render().cursor?.row, 3, "on its first line")
        e.press(.tab)
        XCTAssertEqual(e.focusedColumn, "status")
        e.press(.up)
        XCTAssertEqual(e.focusedColumn, "notes")
        e.type("!")
        XCTAssertEqual(e.fieldText("notes"), "n1\nn2\n!n3")
    }

    func testTypeErrorStaysInTheFieldAndBlocksTheSave() {
        var e = claimedEditor(1)
        e.focus("priority")
        e.press(.backspace)
        e.type("abc")
        e.press(.tab)
        XCTAssertEqual(e.focusedColumn, "priority")
        XCTAssertEqual(e.statusMessage, "field 'priority': 'abc' is not an integer")
        let lines = e.render().lines
        XCTAssertTrue(lines[22].contains("field 'priority': 'abc' is not an integer"))
        XCTAssertTrue(lines[5].hasPrefix(">!priority"))
        XCTAssertEqual(e.press(.control("s")), [])
        XCTAssertEqual(e.press(.down), [])
        XCTAssertEqual(e.focusedColumn, "priority")
        e.press(.control("u"))
        e.type(" 5 ")
        e.press(.tab)
        XCTAssertEqual(e.focusedColumn, "due")
        XCTAssertEqual(e.press(.control("s")), [.save(changes: ["priority": .integer(5)], expected: loadedStamp, fencingToken: nil)])
    }

    func testSaveErrorMovesFocusToTheBadField() {
        var e = claimedEditor(1)
        e.focus("priority")
        e.type("x")
        e.press(.up, .up)  // the check on leaving stops this
        XCTAssertEqual(e.focusedColumn, "priority")
        e.press(.control("u"))
        e.type("1")
        e.press(.up)
        XCTAssertEqual(e.focusedColumn, "owner")
    }

    func testHorizontalScrollKeepsTheCursorVisible() {
        var r = demoRecord(1)
        let long = (0..<20).map { "word\($0)" }.joined(separator: " ")  // 129 columns
        r.fields["title"] = .text(long)
        var e = makeEditor(record: r)
        var b = e.render()
        XCTAssertEqual(b.cursor?.row, 2)
        XCTAssertLessThanOrEqual(b.cursor!.column, 78)
        XCTAssertEqual(b[2, 18].text, "<", "scrolled: mark on the left")
        XCTAssertTrue(b.lines[2].contains("word19"))
        e.press(.home)
        b = e.render()
        XCTAssertEqual(b.cursor?.column, 19)
        XCTAssertTrue(b.lines[2].contains("word0 word1"))
        XCTAssertEqual(b[2, 79].text, ">", "clipped: mark on the right")
        e.press(.tab)  // unfocused long fields show from their start
        XCTAssertTrue(e.render().lines[2].contains("word0 word1"))
    }

    func testResizeLaysOutAgain() {
        var e = claimedEditor(1)
        _ = e.update(.resize(width: 132, height: 40))
        let b = e.render()
        XCTAssertEqual(b.width, 132)
        XCTAssertEqual(b.height, 40)
        XCTAssertTrue(b.lines[39].contains("^S save"))
        XCTAssertEqual(b.cursor?.row, 2)
        _ = e.update(.resize(width: 10, height: 3))
        XCTAssertEqual(e.render().width, 10)  // too small: still draws, no crash
    }

    func testSmallScreenScrollsTheFormToTheFocus() {
        var e = claimedEditor(2, width: 80, height: 9)
        e.focus("body")
        e.press(.down, .down, .down, .down, .down, .down)
        let b = e.render()
        XCTAssertTrue(b.lines.contains { $0.contains("3. Click anything") })
        XCTAssertEqual(b.cursor.map { b.line($0.row).contains("3. Click anything") }, true)
        XCTAssertTrue(b.lines[1].hasPrefix("^"), "a mark tells there is more above:\n" + b.lines.joined(separator: "\n"))
        XCTAssertTrue(b.lines[6].hasPrefix("v"), "and more below")
        e.press(.backTab)
        XCTAssertTrue(e.render().lines.contains { $0.hasPrefix("> due") })
    }

    func testLongMultilineFieldScrollsWithinItsRows() {
        var r = demoRecord(1)
        r.fields["body"] = .text((1...30).map { "line \($0)" }.joined(separator: "\n"))
        var e = makeEditor(record: r)
        e.focus("body")
        var lines = e.render().lines
        XCTAssertTrue(lines[7].hasSuffix("line 1" + String(repeating: " ", count: 80 - 19 - 6)))
        XCTAssertTrue(lines[8].hasPrefix("  1-10/30"), lines[8])
        e.press(.pageDown)
        XCTAssertEqual(e.render().cursor?.row, 16)
        XCTAssertTrue(e.render().lines[16].contains("line 10"))
        e.press(.pageDown)
        lines = e.render().lines
        XCTAssertTrue(lines[16].contains("line 19"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines[8].hasPrefix("  10-19/30"))
        XCTAssertEqual(e.render().cursor?.row, 16)
        e.press(.pageUp, .pageUp)
        XCTAssertTrue(e.render().lines[7].contains("line 1 "))
        XCTAssertEqual(e.render().cursor?.row, 7)
        e.press(.up)
        XCTAssertEqual(e.focusedColumn, "due")
        e.press(.pageUp)  // a page of fields up
        XCTAssertEqual(e.focusedColumn, "title")
    }

    func testQuitWhenCleanReleasesTheClaim() {
        var e = claimedEditor(1)
        XCTAssertEqual(e.press(.control("q")), [.release(token: 7), .quit])
        XCTAssertTrue(e.isFinished)
        XCTAssertEqual(e.press(.control("q")), [])
    }

    func testQuitWhenDirtyAsksFirst() {
        var e = claimedEditor(1)
        e.type("!")
        XCTAssertEqual(e.press(.control("q")), [])
        let b = e.render()
        XCTAssertTrue(b.lines[22].contains("Discard unsaved changes? (y/N)"))
        XCTAssertEqual(b.cursor?.row, 22)
        XCTAssertEqual(e.press(.character("n")), [])
        XCTAssertFalse(e.isFinished)
        XCTAssertEqual(e.fieldText("title"), "Quarterly report!", "the answer is not typed into the field")
        e.press(.control("q"))
        XCTAssertEqual(e.press(.enter), [], "N is the default")
        e.press(.control("q"))
        XCTAssertEqual(e.press(.character("y")), [.deleteDraft, .release(token: 7), .quit])
        XCTAssertTrue(e.isFinished)
    }

    func testHelpOverlayShowsAllKeysAndAnyKeyClosesIt() {
        var e = claimedEditor(1)
        e.press(.function(1))
        var text = e.screenText
        XCTAssertTrue(text.contains("recedit keys"))
        for key in ["Ctrl-S", "Ctrl-Q", "Ctrl-R", "Ctrl-O", "Ctrl-T", "Ctrl-K/U"] { XCTAssertTrue(text.contains(key), key) }
        XCTAssertNil(e.render().cursor)
        XCTAssertEqual(e.press(.character("x")), [])
        XCTAssertEqual(e.fieldText("title"), "Quarterly report")
        XCTAssertFalse(e.screenText.contains("recedit keys"))
        e.press(.control("g"))
        text = e.screenText
        XCTAssertTrue(text.contains("recedit keys"))
    }

    func testReadOnlyModeNeitherClaimsNorEdits() {
        var e = makeEditor(1, config: config(readOnly: true))
        XCTAssertEqual(e.start(), [])
        XCTAssertTrue(e.render().lines[0].contains("read-only"))
        XCTAssertTrue(e.statusMessage?.contains("read-only") == true)
        e.type("x")
        XCTAssertEqual(e.fieldText("title"), "Quarterly report")
        XCTAssertEqual(e.press(.control("s")), [])
        XCTAssertEqual(e.press(.control("t")), [])
        e.press(.tab)
        XCTAssertEqual(e.focusedColumn, "status", "moving around still works")
        XCTAssertEqual(e.press(.control("q")), [.quit])
    }

    func testExternalEditorRoundTrip() {
        var e = claimedEditor(1)
        e.focus("body")
        let body = e.fieldText("body")!
        XCTAssertEqual(e.press(.control("o")), [.editExternally(text: body)])
        XCTAssertEqual(e.update(.externalEditFinished(body + "\nLast line.\n")), [])
        XCTAssertEqual(e.fieldText("body"), body + "\nLast line.", "the editor's final newline is dropped")
        XCTAssertTrue(e.isDirty)
        e.press(.control("o"))
        _ = e.update(.externalEditFinished(nil))
        XCTAssertEqual(e.fieldText("body"), body + "\nLast line.")
        XCTAssertTrue(e.statusMessage?.contains("cancelled") == true)
    }

    func testExternalEditOfANumberIsTypeChecked() {
        var e = claimedEditor(1)
        e.focus("priority")
        e.press(.control("o"))
        _ = e.update(.externalEditFinished("lots\n"))
        XCTAssertEqual(e.statusMessage, "field 'priority': 'lots' is not an integer")
        XCTAssertEqual(e.press(.control("s")), [])
    }

    func testCJKCursorColumnsCountWidths() {
        var e = claimedEditor(3)
        XCTAssertEqual(e.render().cursor?.column, 19 + 12)
        e.press(.left, .left)
        XCTAssertEqual(e.render().cursor?.column, 19 + 8)
        e.type("年")
        XCTAssertEqual(e.fieldText("title"), "季度销售年报告")
        XCTAssertEqual(e.render().cursor?.column, 19 + 10)
        XCTAssertTrue(e.render().lines[2].contains("季度销售年报告"))
    }

    func testEscapeClearsTheMessage() {
        var e = claimedEditor(1)
        e.press(.control("s"))
        XCTAssertEqual(e.statusMessage, "No changes to save")
        e.press(.escape)
        XCTAssertNil(e.statusMessage)
    }

    func testNullShowsAsAPlaceholderAndStaysNullUntilTyped() {
        var e = claimedEditor(5)  // owner and due are NULL
        e.focus("owner")
        XCTAssertTrue(e.render().lines[4].contains("NULL"))
        XCTAssertFalse(e.isDirty)
        e.type("erin")
        XCTAssertEqual(e.press(.control("s")), [.save(changes: ["owner": .text("erin")], expected: loadedStamp, fencingToken: nil)])
    }

    func testMonochromeHasNoColoursButKeepsMeaning() {
        var e = claimedEditor(1, config: config(colors: false))
        e.focus("priority")
        e.type("x")
        e.press(.tab)
        let b = e.render()
        XCTAssertTrue(b.cells.allSatisfy { $0.style.foreground == nil && $0.style.background == nil })
        XCTAssertTrue(b[0, 1].style.reverse, "status bar")
        XCTAssertTrue(b[5, 2].style.reverse, "focused label")
        XCTAssertTrue(b[5, 1].style.reverse || b[5, 1].style.bold, "error marker")
        XCTAssertTrue(b[22, 1].style.bold || b[22, 1].style.underline, "error message")
        let colored = claimedEditor(1).render()
        XCTAssertTrue(colored.cells.contains { $0.style.background != nil })
    }
}
