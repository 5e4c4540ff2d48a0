import RecEditCore
import XCTest

@testable import EditorCore

/// The delete question (`d` in the browser) and the checked delete's outcomes.
final class DeleteConfirmTests: XCTestCase {
    let shownStamp = "2026-11-27 14:03:22.123456"

    func deleting(_ row: Record, width: Int = 80, height: Int = 24, now: Int64? = nil) -> AppState {
        var e = AppState(config: config(), width: width, height: height)
        e.screens.push(DeleteConfirmScreen(schema: demoSchema(), row: row, nowMicroseconds: now))
        return e
    }

    func testAsksThenDeletesCheckedAgainstTheShownVersion() {
        var e = deleting(demoRecord(4, updatedAt: shownStamp))
        XCTAssertTrue(e.screenText.contains("Delete row 4 'Order new laptops'? y/N"), e.screenText)
        assertSnapshot(e.render(), named: "delete_confirm_80x24")
        XCTAssertEqual(e.press(.character("y")), [.deleteRow(key: .integer(4), expected: shownStamp)])
        XCTAssertTrue(e.screenText.contains("Deleting row 4..."))
        XCTAssertEqual(e.press(.character("y")), [], "no second delete while one is on its way")
        XCTAssertEqual(e.update(.deleteFinished(key: .integer(4), .deleted, writer: nil, history: [])), [])
        XCTAssertEqual(e.screenKinds, [])
    }

    func testAnyOtherKeyCancels() {
        var e = deleting(demoRecord(4))
        XCTAssertEqual(e.press(.character("n")), [])
        XCTAssertEqual(e.screenKinds, [])
        e = deleting(demoRecord(4))
        XCTAssertEqual(e.press(.enter), [])
        XCTAssertEqual(e.screenKinds, [])
    }

    func testSomeoneEditingTheRowIsAskedAboutFirst() {
        let carol = EditInfo(state: .editing, owner: "carol@vm:7", leaseUntil: "2026-11-27 14:04:22.000000", token: 5)
        var e = deleting(demoRecord(3, edit: carol), width: 132, height: 40, now: Stamp.microseconds(from: "2026-11-27 14:04:00.000000"))
        XCTAssertTrue(e.screenText.contains("carol@vm:7 is editing row 3 '季度销售报告'. Delete anyway? y/N"), e.screenText)
        assertSnapshot(e.render(), named: "delete_confirm_editing_132x40")
        XCTAssertEqual(e.press(.character("y")), [.deleteRow(key: .integer(3), expected: loadedStamp)])

        // An expired lease is nobody editing.
        e = deleting(demoRecord(3, edit: carol), now: Stamp.microseconds(from: "2026-11-27 14:05:00.000000"))
        XCTAssertTrue(e.screenText.contains("Delete row 3 '季度销售报告'? y/N"), e.screenText)
    }

    func testStaleSaysWhoChangedWhatAndAsksAgainAgainstTheNewVersion() {
        let shown = demoRecord(2, updatedAt: shownStamp)
        var e = deleting(shown)
        e.press(.character("y"))
        var bobs = shown
        bobs.fields["status"] = .text("done")
        bobs.updatedAt = "2026-11-27 14:04:00.000000"
        var current = bobs
        current.fields["title"] = .text("Login timeout fixed")
        current.updatedAt = "2026-11-27 14:05:00.000000"
        let history = [
            HistoryEntry(
                id: 9, operation: .update, updatedAt: bobs.updatedAt, writtenBy: "bob@vm:2", replacedAt: current.updatedAt, replacedBy: "alice@vm:1",
                fields: bobs.fields)
        ]
        XCTAssertEqual(e.update(.deleteFinished(key: .integer(2), .stale(current: current), writer: "alice@vm:1", history: history)), [])
        let text = e.screenText
        XCTAssertTrue(text.contains("Row 2 changed since it was shown: alice@vm:1: title;"), text)
        XCTAssertTrue(text.contains("bob@vm:2: status."), text)
        XCTAssertTrue(text.contains("Delete it anyway? y/N"), text)
        assertSnapshot(e.render(), named: "delete_stale_80x24")
        XCTAssertEqual(e.press(.character("y")), [.deleteRow(key: .integer(2), expected: current.updatedAt)])
    }

    func testLockedAndMissingInWords() {
        var e = deleting(demoRecord(5))
        e.press(.character("y"))
        var now = demoRecord(5)
        now.edit = EditInfo(state: .locked, owner: "dave@vm:4", leaseUntil: "2026-11-27 14:09:00.000000", token: 2)
        _ = e.update(.deleteFinished(key: .integer(5), .locked(current: now), writer: nil, history: []))
        XCTAssertTrue(e.screenText.contains("Not deleted: dave@vm:4 holds row 5 locked (exclusive mode)"), e.screenText)
        assertSnapshot(e.render(), named: "delete_locked_80x24")
        e.press(.character("x"))
        XCTAssertEqual(e.screenKinds, [])

        e = deleting(demoRecord(5))
        e.press(.character("y"))
        _ = e.update(.deleteFinished(key: .integer(5), .missing, writer: nil, history: []))
        XCTAssertTrue(e.screenText.contains("Row 5 is already gone: someone else deleted it"), e.screenText)
    }

    /// The screen under the question (the browser) hears that the row is gone.
    func testDeletedIsAnnouncedToTheScreensBelow() {
        var e = AppState(config: config(), width: 80, height: 24)
        e.screens.push(Listener())
        e.screens.push(DeleteConfirmScreen(schema: demoSchema(), row: demoRecord(4)))
        e.press(.character("y"))
        _ = e.update(.deleteFinished(key: .integer(4), .deleted, writer: nil, history: []))
        XCTAssertEqual(e.screenKinds, [.help])
        XCTAssertEqual((e.screens.items[0] as? Listener)?.heard, [.rowDeleted(key: .integer(4))])
    }
}

/// Stands in for the browser: keeps what it is told.
struct Listener: Screen {
    var kind: ScreenKind { .help }
    var isOverlay: Bool { false }
    var heard: [EditorMessage] = []

    mutating func update(_ message: EditorMessage, area: Rect, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect] {
        if case .key = message { return [] }
        heard.append(message)
        return []
    }

    func render(into painter: inout Painter, area: Rect, session: RowSession, screens: ScreenStack) {}
}
