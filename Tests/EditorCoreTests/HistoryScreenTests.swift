import RecEditCore
import XCTest

@testable import EditorCore

/// The history view (`h` in the browser), shown without an open row as the browser shows it.
final class HistoryScreenTests: XCTestCase {
    static let stamps = ["2026-11-27 09:00:00.000001", "2026-11-27 10:30:00.000002", "2026-11-27 14:03:22.123456"]

    /// Row 2 now (written by bob), and two replaced versions: alice's (another title, a body with one line
    /// different) and one a foreign program wrote (status '' instead of 'open', due NULL).
    static func rowNow() -> Record { demoRecord(2, updatedAt: stamps[2]) }

    static func history() -> [HistoryEntry] {
        var alices = demoRecord(2).fields
        alices["title"] = .text("Fix the login timeout")
        alices["body"] = .text(
            "Users are logged out after 5 minutes.\nThe session TTL should be 60 minutes.\n\nSteps to reproduce:\n1. Log in\n2. Wait 5 minutes\n3. Click anything"
        )
        var foreign = alices
        foreign["status"] = .text("")
        foreign["owner"] = .text("bob\u{1b}[31m")
        return [
            HistoryEntry(
                id: 2, operation: .update, updatedAt: stamps[1], writtenBy: "alice@vm:11", replacedAt: stamps[2], replacedBy: "bob@vm:12", fields: alices),
            HistoryEntry(id: 1, operation: .update, updatedAt: stamps[0], writtenBy: nil, replacedAt: stamps[1], replacedBy: "alice@vm:11", fields: foreign),
        ]
    }

    func historyEditor(width: Int = 80, height: Int = 24) -> AppState {
        var e = AppState(config: config(), width: width, height: height)
        let effects = HistoryScreen.open(schema: demoSchema(), key: .integer(2), screens: &e.screens)
        XCTAssertEqual(effects, [.loadHistory(key: .integer(2))])
        XCTAssertEqual(e.update(.historyLoaded(key: .integer(2), current: Self.rowNow(), writer: "bob@vm:12", history: Self.history())), [])
        return e
    }

    func testLoadingThenVersionsNewestFirst() {
        var e = AppState(config: config(), width: 80, height: 24)
        _ = HistoryScreen.open(schema: demoSchema(), key: .integer(2), screens: &e.screens)
        XCTAssertEqual(e.screenKinds, [.history])
        XCTAssertTrue(e.screenText.contains("Reading the row's history..."))
        _ = e.update(.historyLoaded(key: .integer(2), current: Self.rowNow(), writer: "bob@vm:12", history: Self.history()))
        let lines = e.render().lines
        XCTAssertTrue(lines[1].contains("2026-11-27 14:03:22  bob@vm:12  the row now"), lines[1])
        XCTAssertTrue(lines[2].contains("2026-11-27 10:30:00  alice@vm:11  replaced by bob@vm:12"), lines[2])
        XCTAssertTrue(lines[3].contains("2026-11-27 09:00:00  another program  replaced by alice@vm:11"), lines[3])
    }

    func testDiffOfAVersionAgainstTheRowNow() {
        var e = historyEditor()
        e.press(.down)
        let text = e.screenText
        XCTAssertTrue(text.contains("- Fix the login timeout"), text)
        XCTAssertTrue(text.contains("+ Fix login timeout"), text)
        // The long text is diffed by line: only the changed line, numbered.
        XCTAssertTrue(text.contains("- 2: The session TTL should be 60 minutes."), text)
        XCTAssertTrue(text.contains("+ 2: The session TTL should be 30 minutes."), text)
        XCTAssertTrue(text.contains("(6 lines unchanged)"), text)
        XCTAssertFalse(text.contains("Steps to reproduce"), text)
        assertSnapshot(e.render(), named: "history_80x24")
    }

    func testNullEmptyAndControlCharactersAreToldApart() {
        var e = historyEditor(width: 132, height: 40)
        e.press(.end)
        let text = e.screenText
        XCTAssertTrue(text.contains("- '' (empty)"), text)
        XCTAssertTrue(text.contains("+ open"), text)
        XCTAssertFalse(text.contains("\u{1b}"), "an escape is never drawn raw")
        XCTAssertTrue(text.contains("- bob\\e[31m") || text.contains("- bob^["), text)
        assertSnapshot(e.render(), named: "history_132x40")
    }

    func testRestoreIsACheckedSaveAgainstTheRowNow() {
        var e = historyEditor()
        XCTAssertEqual(e.press(.character("r")), [], "the row now is not restored over itself")
        XCTAssertTrue(e.screenText.contains("This is the row now"))
        e.press(.down)
        let effects = e.press(.character("r"))
        XCTAssertEqual(
            effects,
            [
                .restoreVersion(
                    key: .integer(2),
                    changes: ["title": .text("Fix the login timeout"), "body": Self.history()[0].fields["body"]!],
                    expected: Self.stamps[2])
            ])
        XCTAssertEqual(e.press(.character("r")), [], "one restore at a time")

        var restored = Self.rowNow()
        restored.fields["title"] = .text("Fix the login timeout")
        restored.fields["body"] = Self.history()[0].fields["body"]!
        restored.updatedAt = "2026-11-27 14:10:00.000000"
        XCTAssertEqual(e.update(.restoreFinished(key: .integer(2), .saved(restored), writer: nil)), [.loadHistory(key: .integer(2))])
        XCTAssertTrue(e.screenText.contains("Restored title, body from 2026-11-27 10:30:00.000002"), e.screenText)
    }

    func testRestoreOutcomesInWords() {
        var e = historyEditor()
        e.press(.down)
        e.press(.character("r"))
        var now = Self.rowNow()
        now.updatedAt = "2026-11-27 14:05:00.000000"
        XCTAssertEqual(e.update(.restoreFinished(key: .integer(2), .stale(current: now), writer: "carol@vm:13")), [.loadHistory(key: .integer(2))])
        XCTAssertTrue(e.screenText.contains("Not restored: carol@vm:13 changed the row meanwhile"), e.screenText)

        e.press(.character("r"))
        now.edit = EditInfo(state: .locked, owner: "dave@vm:14", leaseUntil: "2026-11-27 14:06:00", token: 3)
        XCTAssertEqual(e.update(.restoreFinished(key: .integer(2), .locked(current: now), writer: nil)), [])
        XCTAssertTrue(e.screenText.contains("Not restored: dave@vm:14 holds this row locked (exclusive mode); nothing written"), e.screenText)

        e.press(.character("r"))
        _ = e.update(.failure("database busy: another program held the lock", connectionLost: false))
        XCTAssertTrue(e.screenText.contains("database busy"))
    }

    func testALongDiffScrollsWithPageDown() {
        var e = AppState(config: config(), width: 80, height: 24)
        _ = HistoryScreen.open(schema: demoSchema(), key: .integer(2), screens: &e.screens)
        var old = Self.rowNow().fields
        old["body"] = .text((1...60).map { "line \($0)" }.joined(separator: "\n"))
        let entry = HistoryEntry(
            id: 1, operation: .update, updatedAt: Self.stamps[1], writtenBy: "alice@vm:11", replacedAt: Self.stamps[2], replacedBy: nil, fields: old)
        _ = e.update(.historyLoaded(key: .integer(2), current: Self.rowNow(), writer: nil, history: [entry]))
        e.press(.down)
        XCTAssertTrue(e.screenText.contains("- 1: line 1"), e.screenText)
        XCTAssertTrue(e.screenText.contains("more: PgDn"))
        e.press(.pageDown)
        XCTAssertFalse(e.screenText.contains("- 1: line 1"))
        e.press(.end, .pageDown, .pageDown, .pageDown, .pageDown)
        XCTAssertTrue(e.screenText.contains("+ 7: 3. Click anything"), "the end of the diff is reachable and no further")
        e.press(.pageUp, .pageUp, .pageUp, .pageUp, .pageUp, .pageUp)
        XCTAssertTrue(e.screenText.contains("- 1: line 1"))
    }

    func testEscapeCloses() {
        var e = historyEditor()
        e.press(.escape)
        XCTAssertEqual(e.screenKinds, [])
    }

    func testRestoreLogicIsTheCLIsOne() {
        let old = Self.history()[0].fields
        let changes = VersionRestore.changes(restoring: old, over: Self.rowNow(), schema: demoSchema())
        XCTAssertEqual(Set(changes.keys), ["title", "body"])
        XCTAssertEqual(VersionRestore.changes(restoring: Self.rowNow().fields, over: Self.rowNow(), schema: demoSchema()), [:])
    }
}
