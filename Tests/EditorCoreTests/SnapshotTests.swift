import RecEditCore
import XCTest

@testable import EditorCore

/// Golden screens at 80x24 and 132x40. Record with RECEDIT_RECORD_SNAPSHOTS=1, then read the files.
final class SnapshotTests: XCTestCase {
    let sizes = [(80, 24), (132, 40)]

    func check(_ name: String, file: StaticString = #filePath, line: UInt = #line, _ build: (Int, Int) -> AppState) {
        for (w, h) in sizes {
            let state = build(w, h)
            let buffer = state.render()
            XCTAssertEqual(buffer.width, w, file: file, line: line)
            XCTAssertEqual(buffer.height, h, file: file, line: line)
            assertTerminalSafe(buffer, file: file, line: line)
            assertSnapshot(buffer, named: "\(name)_\(w)x\(h)", file: file, line: line)
        }
    }

    func testDemoForm() {
        check("demo_form") { w, h in claimedEditor(1, width: w, height: h) }
    }

    func testDemoFormEditedWithMessage() {
        check("demo_form_edited") { w, h in
            var e = claimedEditor(1, width: w, height: h)
            e.type(" (Q4)")
            e.focus("priority")
            e.press(.backspace)
            e.type("abc")
            e.press(.tab)
            return e
        }
    }

    func testChineseRecord() {
        check("chinese_form") { w, h in
            var e = claimedEditor(3, width: w, height: h)
            e.focus("body")
            e.press(.down, .end)
            return e
        }
    }

    func testBusyBanner() {
        check("busy_banner") { w, h in
            var e = makeEditor(2, config: config(lock: .exclusive), width: w, height: h)
            _ = e.start()
            _ = e.claimRefused(.busy(owner: "alice@host:123", leaseUntil: "2026-11-27 14:05:00", since: "2026-11-27 14:04:00"))
            return e
        }
    }

    func testEscapeSequenceTitle() {
        check("escape_title") { w, h in
            var r = demoRecord(1)
            r.fields["title"] = .text("\u{1B}]0;PWNED\u{07}\u{1B}[2J")
            r.fields["owner"] = .text("bob\u{202E}gnp.exe\u{9B}31m\u{7F}")
            var e = makeEditor(record: r, width: w, height: h)
            _ = e.start()
            return e
        }
    }

    func testHelpOverlay() {
        check("help") { w, h in
            var e = claimedEditor(1, width: w, height: h)
            e.press(.function(1))
            return e
        }
    }

    func testHelpOverlayWithRemappedKeys() {
        check("help_remapped") { w, h in
            var c = config()
            c.keyMap = try! KeyMap([("save", ["F2", "C-x"]), ("nextField", ["Tab", "C-y"]), ("home", ["C-v"])])
            var e = claimedEditor(1, config: c, width: w, height: h)
            e.press(.function(1))
            return e
        }
    }

    func testDeletedPrompt() {
        check("deleted") { w, h in
            var e = claimedEditor(1, width: w, height: h)
            e.type("!")
            _ = e.press(.control("s"))
            _ = e.update(.saveFinished(.deleted, writer: nil))
            return e
        }
    }

    func testDraftRecoveryPrompt() {
        check("recover_draft") { w, h in
            var edits = [String: Value]()
            edits["priority"] = .integer(1)
            edits["body"] = .text("Collect the numbers from finance.\nDraft the summary.\nAsk Bob.")
            let draft = Draft(
                table: "records", key: .integer(1), base: demoRecord(1), edits: edits, focusedColumn: "body",
                cursor: 3, owner: "carol@laptop:4242")
            var e = makeEditor(1, width: w, height: h, draft: draft)
            _ = e.start()
            return e
        }
    }

    func testConflictScreen() {
        check("conflict") { w, h in conflictEditor(width: w, height: h) }
    }

    func testConflictScreenOnBodyWithResolvedTitle() {
        check("conflict_body") { w, h in
            var e = conflictEditor(width: w, height: h)
            e.press(.character("m"))  // title: mine
            e.focusConflict("body")
            return e
        }
    }

    func testConflictEditingResult() {
        check("conflict_edit") { w, h in
            var e = conflictEditor(width: w, height: h)
            e.focusConflict("priority")
            e.press(.character("e"), .end, .backspace)
            e.type("4")
            return e
        }
    }
}

extension AppState {
    mutating func focusConflict(_ column: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let c = conflictScreen, let i = c.entries.firstIndex(where: { $0.column == column }) else {
            XCTFail("no conflict entry \(column)", file: file, line: line)
            return
        }
        let delta = i - c.selected
        for _ in 0..<abs(delta) { _ = update(.key(delta > 0 ? .down : .up)) }
    }
}

/// Both alice (theirs) and I changed title, priority and body; she also changed status, I changed due.
func conflictEditor(width: Int = 80, height: Int = 24, mode: EditorConfig.MergeMode = .auto) -> AppState {
    var e = claimedEditor(1, config: config(merge: mode), width: width, height: height)
    e.type(" draft")  // title
    e.focus("priority"); e.press(.backspace); e.type("1")
    e.focus("due"); e.press(.control("u")); e.type("2026-12-20")
    e.focus("body"); e.press(.down, .end); e.type(" Add totals.")
    let effects = e.press(.control("s"))
    XCTAssertEqual(effects.count, 1)
    var theirs = demoRecord(1, updatedAt: "2026-11-27 14:05:01.000000")
    theirs.fields["title"] = .text("Quarterly report 2026")
    theirs.fields["status"] = .text("done")
    theirs.fields["priority"] = .integer(3)
    theirs.fields["body"] = .text("Collect the numbers from finance.\nDraft the summary for the board and the CFO.\nAsk Bob to review the charts.")
    _ = e.update(.saveFinished(.stale(current: theirs), writer: "alice@host:123"))
    XCTAssertTrue(e.isShowingConflict)
    return e
}
