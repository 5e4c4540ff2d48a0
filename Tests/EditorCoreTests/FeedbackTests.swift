import RecEditCore
import XCTest

@testable import EditorCore

/// Keys that cannot do what they usually do say why, on screen.
final class FeedbackTests: XCTestCase {
    /// The message line (second to last row), trimmed.
    func messageLine(_ e: AppState) -> String {
        let lines = e.render().lines
        return lines[lines.count - 2].trimmingCharacters(in: .whitespaces)
    }

    // MARK: Ctrl-S that cannot save

    func testCtrlSInAReadOnlyFormSaysWhy() {
        var e = makeEditor(1, config: config(readOnly: true))
        _ = e.start()
        XCTAssertEqual(e.press(.control("s")), [])
        XCTAssertEqual(messageLine(e), "Cannot save: read-only mode")
    }

    func testCtrlSAfterLosingAnExclusiveClaimSaysWhy() {
        var e = claimedEditor(1, config: config(lock: .exclusive), width: 100)
        _ = e.update(.editOutcome(.lost(current: EditInfo(state: .editing, owner: "alice@host:123", leaseUntil: "2026-11-27 14:09:00", token: 8))))
        XCTAssertEqual(e.press(.control("s")), [])
        XCTAssertEqual(messageLine(e), "Cannot save: claim lost to alice@host:123 (exclusive); Ctrl-T claims the row again")
    }

    func testCtrlSOnADeletedRowSaysWhy() {
        var e = claimedEditor(1)
        e.type(" v2")
        _ = e.update(.rowReloaded(nil, writer: "bob@host:9"))
        XCTAssertEqual(e.press(.control("s")), [])
        XCTAssertEqual(messageLine(e), "Cannot save: the row was deleted; r re-creates it from your values, q quits")
    }

    func testCtrlSAtTheRecoveryPromptSaysWhatToAnswer() {
        let draft = Draft(
            table: "records", key: .integer(1), base: demoRecord(1), edits: ["priority": .integer(1)],
            focusedColumn: "priority", cursor: 1, owner: "carol@laptop:4242")
        var e = makeEditor(1, draft: draft)
        _ = e.start()
        XCTAssertEqual(e.press(.control("s")), [])
        XCTAssertEqual(messageLine(e), "Nothing to save yet: y recovers the draft, n discards it")
        XCTAssertTrue(e.screenText.contains("Recover unsaved edits"), "still asking")
    }

    // MARK: Ctrl-C

    func testCtrlCSaysHowToQuit() {
        var e = claimedEditor(1)
        XCTAssertEqual(e.press(.control("c")), [])
        XCTAssertEqual(messageLine(e), "Ctrl-C does nothing here; Ctrl-Q quits")
        XCTAssertFalse(e.isFinished)
    }

    func testCtrlCOnTheConflictScreenSaysHowToQuit() {
        var e = claimedEditor(1)
        e.focus("priority")
        e.press(.backspace)
        e.type("3")
        XCTAssertEqual(e.press(.control("s")).count, 1)
        var theirs = demoRecord(1, updatedAt: "2026-11-27 14:05:01.000000")
        theirs.fields["priority"] = .integer(1)
        _ = e.update(.saveFinished(.stale(current: theirs), writer: "alice@host:123"))
        XCTAssertTrue(e.isShowingConflict)
        XCTAssertEqual(e.press(.control("c")), [])
        XCTAssertEqual(messageLine(e), "Ctrl-C does nothing here; Ctrl-Q quits")
        e.press(.character("e"))
        e.press(.control("c"))
        XCTAssertEqual(messageLine(e), "Ctrl-C does nothing here; Esc ends editing the result")
    }

    func testCtrlCOnTheDeletedScreenSaysHowToQuit() {
        var e = claimedEditor(1)
        _ = e.update(.rowReloaded(nil, writer: "bob@host:9"))
        XCTAssertEqual(e.press(.control("c")), [])
        XCTAssertEqual(messageLine(e), "Ctrl-C does nothing here; q quits (your edits stay in the draft)")
    }

    // MARK: $VISUAL / $EDITOR

    func testAFailedExternalEditSaysWhichCommandFailedAndWhy() {
        var e = claimedEditor(1)
        XCTAssertEqual(e.press(.control("o")), [.editExternally(text: "Quarterly report")])
        XCTAssertEqual(e.update(.externalEditFailed("could not run 'vi': not found (set $VISUAL or $EDITOR)")), [])
        XCTAssertEqual(messageLine(e), "could not run 'vi': not found (set $VISUAL or $EDITOR); title is unchanged")
        XCTAssertEqual(e.fieldText("title"), "Quarterly report")
        XCTAssertFalse(e.isDirty)
    }

    // MARK: Help

    func testTheHelpListsPageUpPageDownAndCtrlL() {
        var e = claimedEditor(1)
        e.press(.function(1))
        let text = e.screenText
        XCTAssertTrue(text.contains("PgUp/PgDn     a screenful of fields (of lines in text)"), text)
        XCTAssertTrue(text.contains("Ctrl-L        redraw the screen"), text)
    }
}
