import RecEditCore
import XCTest

@testable import EditorCore

final class LiveChangeTests: XCTestCase {
    let alice = "alice@host:123"

    func changed(_ stamp: String = "2026-11-27 14:05:01.000000", _ change: (inout Record) -> Void) -> Record {
        var r = demoRecord(1, updatedAt: stamp)
        change(&r)
        return r
    }

    func testChangeWhileDirtyIsAnnouncedNotApplied() {
        var e = claimedEditor(1)
        e.type("!")
        XCTAssertEqual(e.update(.rowReloaded(changed { $0.fields["priority"] = .integer(1) }, writer: alice)), [])
        XCTAssertEqual(e.statusMessage, "changed by alice@host:123 at 14:05:01 \u{2014} Ctrl-R to merge")
        XCTAssertEqual(e.fieldText("priority"), "2")
        XCTAssertEqual(e.record!.updatedAt, loadedStamp)
        XCTAssertTrue(e.render().lines[22].contains("Ctrl-R to merge"))
    }

    func testChangeNoticeUsesLocalTimeAndAnonymousWriter() {
        var cfg = config()
        cfg.utcOffsetSeconds = -5 * 3600
        var e = claimedEditor(1, config: cfg)
        e.type("!")
        _ = e.update(.rowReloaded(changed { $0.fields["priority"] = .integer(1) }, writer: nil))
        XCTAssertEqual(e.statusMessage, "changed by another program at 09:05:01 \u{2014} Ctrl-R to merge")
    }

    func testChangeWhileCleanIsAdopted() {
        var e = claimedEditor(1)
        e.focus("priority")
        _ = e.update(
            .rowReloaded(
                changed {
                    $0.fields["priority"] = .integer(1); $0.fields["status"] = .text("done")
                }, writer: alice))
        XCTAssertEqual(e.fieldText("priority"), "1")
        XCTAssertEqual(e.fieldText("status"), "done")
        XCTAssertFalse(e.isDirty)
        XCTAssertEqual(e.record!.updatedAt, "2026-11-27 14:05:01.000000")
        XCTAssertEqual(e.statusMessage, "Updated by alice@host:123 at 14:05:01: status, priority")
        XCTAssertEqual(e.focusedColumn, "priority")
    }

    func testCtrlRReloadsThenMergesCleanly() {
        var e = claimedEditor(1)
        e.type("!")
        XCTAssertEqual(e.press(.control("r")), [.reload])
        XCTAssertEqual(e.update(.rowReloaded(changed { $0.fields["priority"] = .integer(1) }, writer: alice)), [])
        XCTAssertFalse(e.isShowingConflict)
        XCTAssertEqual(e.fieldText("priority"), "1")
        XCTAssertEqual(e.fieldText("title"), "Quarterly report!")
        XCTAssertTrue(e.isDirty)
        XCTAssertEqual(e.statusMessage, "merged from alice@host:123: priority; Ctrl-S to save")
        XCTAssertEqual(
            e.press(.control("s")), [.save(changes: ["title": .text("Quarterly report!")], expected: "2026-11-27 14:05:01.000000", fencingToken: nil)])
    }

    func testCtrlRWithOverlappingEditsOpensTheConflictScreen() {
        var e = claimedEditor(1)
        e.type("!")
        _ = e.update(.rowReloaded(changed { $0.fields["title"] = .text("Q4 report") }, writer: alice))
        e.press(.control("r"))
        _ = e.update(.rowReloaded(changed { $0.fields["title"] = .text("Q4 report") }, writer: alice))
        XCTAssertTrue(e.isShowingConflict)
        XCTAssertTrue(e.render().lines[0].contains("Conflict: records id=1 - changed by alice@host:123 at 14:05:01"))
        e.press(.character("t"))
        XCTAssertEqual(e.press(.control("s")), [.deleteDraft], "taking theirs leaves nothing to write")
        XCTAssertEqual(e.fieldText("title"), "Q4 report")
    }

    func testCtrlRWithoutChanges() {
        var e = claimedEditor(1)
        e.press(.control("r"))
        _ = e.update(.rowReloaded(demoRecord(1), writer: nil))
        XCTAssertEqual(e.statusMessage, "No changes since you loaded the row")
    }

    func testMyOwnSaveComingBackThroughTheFeedIsNotAChange() {
        var e = claimedEditor(1)
        e.type("!")
        _ = e.press(.control("s"))
        XCTAssertEqual(e.update(.rowReloaded(changed { $0.fields["title"] = .text("Quarterly report!") }, writer: me)), [])
        XCTAssertEqual(e.statusMessage, "Saving...")
    }

    func testDeletedWhileOpen() {
        var e = claimedEditor(1)
        XCTAssertEqual(e.update(.rowReloaded(nil, writer: nil)), [], "nothing to keep")
        XCTAssertTrue(e.screenText.contains("This row was deleted by someone else."))
        XCTAssertTrue(e.render().lines[0].contains("row deleted"))
        XCTAssertEqual(e.press(.character("q")), [.quit])
    }

    func testReloadUpdatesTheBannerWhenOthersClaimAndRelease() {
        var e = makeEditor(1)
        _ = e.start()
        _ = e.claimRefused(.busy(owner: alice, leaseUntil: "2026-11-27 14:05:00"))
        XCTAssertTrue(e.render().lines[1].contains("being edited by alice@host:123"))
        XCTAssertEqual(e.update(.rowReloaded(demoRecord(1, edit: EditInfo(state: .idle, token: 4)), writer: nil)), [.claim])
        _ = e.update(.editOutcome(.claimed(token: 5, leaseUntil: "2026-11-27 14:06:00", previousOwner: nil)))
        XCTAssertFalse(e.render().lines[1].contains("being edited"))
    }

    func testFailureShowsInTheStatusBar() {
        var e = claimedEditor(1)
        e.type("!")
        _ = e.press(.control("s"))
        XCTAssertEqual(e.update(.failure("CHECK constraint failed: status", connectionLost: false)), [])
        XCTAssertEqual(e.statusMessage, "CHECK constraint failed: status (not saved; your edits are kept; Ctrl-S retries)")
        XCTAssertTrue(e.isDirty)
        XCTAssertEqual(e.press(.control("s")).count, 1, "can try again")
    }

    func testConnectionLostKeepsEditsAndDraftAndRetries() {
        var e = claimedEditor(1)
        e.type("!")
        let effects = e.update(.failure("server closed the connection", connectionLost: true))
        guard case .writeDraft(let d)? = effects.first, effects.count == 1 else { return XCTFail("\(effects)") }
        XCTAssertEqual(d.edits, ["title": .text("Quarterly report!")])
        XCTAssertTrue(e.statusMessage?.contains("connection lost") == true)
        XCTAssertTrue(e.statusMessage?.contains("will retry") == true)
        XCTAssertEqual(e.fieldText("title"), "Quarterly report!")
    }

    func testClaimIsAskedAgainAfterTheConnectionComesBack() {
        var e = makeEditor(1)
        _ = e.start()
        _ = e.update(.tick(nowMicroseconds: 1_000_000_000))
        _ = e.update(.failure("could not connect", connectionLost: true))
        XCTAssertEqual(e.update(.tick(nowMicroseconds: 1_003_000_000)), [])
        XCTAssertEqual(e.update(.tick(nowMicroseconds: 1_005_000_000)), [.claim])
    }
}
