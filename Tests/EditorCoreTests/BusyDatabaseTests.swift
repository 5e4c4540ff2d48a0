import RecEditCore
import XCTest

@testable import EditorCore

/// The loop runs store calls off its thread: keys keep coming while a save waits for a database
/// another program holds locked, and the editor is told (`.databaseBusy`) when a request waits long.
final class BusyDatabaseTests: XCTestCase {
    func testASaveWaitingOnABusyDatabaseSaysSoAndTypingGoesOn() {
        var e = claimedEditor(1)
        e.type("!")
        guard case .save(let changes, _, _)? = e.press(.control("s")).first else { return XCTFail("no save") }
        XCTAssertEqual(changes, ["title": .text("Quarterly report!")])
        XCTAssertEqual(e.update(.databaseBusy), [])
        XCTAssertEqual(e.statusMessage, "Saving... (database busy)")
        let screen = e.render().lines
        XCTAssertTrue(screen[0].contains("[saving]"), screen[0])
        XCTAssertTrue(screen[22].contains("Saving... (database busy)"), screen[22])

        // Typing goes on while the save waits; what lands does not undo it.
        e.type("?")
        XCTAssertEqual(e.fieldText("title"), "Quarterly report!?")
        XCTAssertEqual(e.press(.control("s")), [], "one save at a time")
        XCTAssertEqual(e.statusMessage, "Still saving...")
        var saved = demoRecord(1, updatedAt: "2026-11-27 14:05:00.000000")
        saved.fields["title"] = .text("Quarterly report!")
        _ = e.update(.saveFinished(.saved(saved), writer: nil))
        XCTAssertEqual(e.fieldText("title"), "Quarterly report!?")
        XCTAssertTrue(e.isDirty)
        XCTAssertEqual(e.statusMessage, "Saved 2026-11-27 14:05:00.000000")
    }

    func testBusyWithNoSaveWaitingChangesNothing() {
        var e = claimedEditor(1)
        let before = e.render()
        XCTAssertEqual(e.update(.databaseBusy), [])
        XCTAssertNil(e.statusMessage)
        XCTAssertEqual(e.render(), before)
    }

    func testASaveThatTimesOutKeepsTheEditsAndSaysCtrlSRetries() {
        var e = claimedEditor(1)
        e.type("!")
        _ = e.press(.control("s"))
        _ = e.update(.databaseBusy)
        XCTAssertEqual(e.update(.failure("database busy: another program held the lock", connectionLost: false)), [])
        XCTAssertEqual(e.statusMessage, "database busy: another program held the lock (not saved; your edits are kept; Ctrl-S retries)")
        XCTAssertEqual(e.fieldText("title"), "Quarterly report!")
        XCTAssertTrue(e.isDirty)
        XCTAssertTrue(e.render().lines[0].contains("[modified]"))
        // The edits stay journalled by the next tick, and Ctrl-S tries again.
        let tick = e.update(.tick(nowMicroseconds: 1_000_000_000))
        XCTAssertTrue(tick.contains { if case .writeDraft = $0 { return true } else { return false } }, "\(tick)")
        guard case .save(let changes, _, _)? = e.press(.control("s")).first else { return XCTFail("no retry") }
        XCTAssertEqual(changes, ["title": .text("Quarterly report!")])
    }
}
