import RecEditCore
import XCTest

@testable import EditorCore

/// The root state: rows opened by message, the stack of screens, and the take-over of a dead holder's claim
/// as a message/effect pair (no store, no terminal).
final class ScreenStackTests: XCTestCase {
    // MARK: Opening rows

    func testARowOpenedByMessageShowsItsFormAndAsksForTheClaim() {
        var app = AppState(config: config(), width: 80, height: 24)
        XCTAssertEqual(app.screenKinds, [])
        XCTAssertEqual(app.render().lines.joined().trimmingCharacters(in: .whitespaces), "", "nothing to draw before a row is open")
        let effects = app.update(.rowOpened(schema: demoSchema(), record: demoRecord(2), orphanedDrafts: []))
        XCTAssertEqual(effects, [.claim])
        XCTAssertEqual(app.screenKinds, [.form])
        XCTAssertEqual(app.fieldText("title"), DemoData.rows[1]["title"].map(ValueParser.editableText))
        XCTAssertTrue(app.render().lines[0].contains("id=2"))
    }

    func testAnotherRowOpenedLaterReplacesTheFormAndItsPrompts() {
        var app = AppState(config: config(), width: 80, height: 24)
        _ = app.update(.rowOpened(schema: demoSchema(), record: demoRecord(1), orphanedDrafts: []))
        _ = app.update(.key(.function(1)))
        XCTAssertEqual(app.screenKinds, [.form, .help])
        XCTAssertEqual(app.update(.rowOpened(schema: demoSchema(), record: demoRecord(3), orphanedDrafts: [])), [.claim])
        XCTAssertEqual(app.screenKinds, [.form])
        XCTAssertTrue(app.render().lines[0].contains("id=3"))
    }

    func testAnOrphanedDraftOfTheOpenedRowIsOfferedOverItsForm() {
        var base = demoRecord(1)
        base.fields["title"] = .text("Quarterly report")
        let draft = Draft(
            table: "records", key: .integer(1), base: base, edits: ["title": .text("Recovered title")],
            focusedColumn: "title", cursor: 0, owner: "old@host:55")
        var app = AppState(config: config(), width: 80, height: 24)
        _ = app.update(.rowOpened(schema: demoSchema(), record: demoRecord(1), orphanedDrafts: [draft]))
        XCTAssertEqual(app.screenKinds, [.form, .recoverDraft])
        _ = app.update(.key(.character("y")))
        XCTAssertEqual(app.screenKinds, [.form])
        XCTAssertEqual(app.fieldText("title"), "Recovered title")
    }

    // MARK: The stack

    func testHelpAndTheQuitQuestionGoOnTopAndCloseThemselves() {
        var app = claimedEditor()
        app.type("x")
        _ = app.update(.key(.control("q")))
        XCTAssertEqual(app.screenKinds, [.form, .quitConfirm])
        XCTAssertEqual(app.update(.key(.character("n"))), [])
        XCTAssertEqual(app.screenKinds, [.form])
        _ = app.update(.key(.control("g")))
        XCTAssertEqual(app.screenKinds, [.form, .help])
        _ = app.update(.key(.character("q")))
        XCTAssertEqual(app.screenKinds, [.form], "any key closes the help and does nothing else")
        XCTAssertEqual(app.fieldText("title"), "Quarterly reportx")
    }

    func testARowDeletedUnderTheHelpGoesBelowIt() {
        var app = claimedEditor()
        _ = app.update(.key(.function(1)))
        _ = app.update(.rowReloaded(nil, writer: "bob@vm:2"))
        XCTAssertEqual(app.screenKinds, [.form, .deletedRow, .help])
        _ = app.update(.key(.escape))
        XCTAssertEqual(app.screenKinds, [.form, .deletedRow])
    }

    // MARK: A claim held by a process that is gone

    let busy = EditOutcome.busy(owner: "dead@host:4242", leaseUntil: "2026-11-27 14:05:00", since: "2026-11-27 14:00:00")

    func testAClaimRefusedByAHolderOfThisHostAsksWhetherItsProcessIsGone() {
        var app = makeEditor()
        XCTAssertEqual(app.start(), [.claim])
        XCTAssertEqual(app.update(.editOutcome(busy)), [.probeHolder(owner: "dead@host:4242")])
        XCTAssertFalse(app.render().lines[1].contains("being edited by"), "nothing is shown until the answer comes")
        XCTAssertTrue(app.render().lines[0].contains("claiming..."))
        XCTAssertEqual(app.update(.holderProbed(owner: "dead@host:4242", gone: true)), [.takeOver(from: "dead@host:4242")])
        _ = app.update(.editOutcome(.claimed(token: 9, leaseUntil: "2026-11-27 14:06:00", previousOwner: "dead@host:4242")))
        XCTAssertEqual(app.heldToken, 9)
        XCTAssertEqual(app.statusMessage, "Took over the expired claim of dead@host:4242")
    }

    func testAHolderStillRunningKeepsTheRow() {
        var app = makeEditor()
        _ = app.start()
        _ = app.update(.editOutcome(busy))
        XCTAssertEqual(app.update(.holderProbed(owner: "dead@host:4242", gone: false)), [])
        XCTAssertNil(app.heldToken)
        XCTAssertTrue(app.render().lines[1].contains("being edited by dead@host:4242"))
    }

    func testATakeOverSkippedBecauseTheRowChangedHandsLeavesTheBusyClaim() {
        var app = makeEditor()
        _ = app.start()
        _ = app.update(.editOutcome(busy))
        _ = app.update(.holderProbed(owner: "dead@host:4242", gone: true))
        XCTAssertEqual(app.update(.takeOverSkipped), [])
        XCTAssertNil(app.heldToken)
        XCTAssertTrue(app.render().lines[1].contains("being edited by dead@host:4242"))
    }

    func testAHolderOfAnotherHostIsNeverProbed() {
        var app = makeEditor()
        _ = app.start()
        XCTAssertEqual(app.update(.editOutcome(.busy(owner: "bob@elsewhere:7", leaseUntil: "2026-11-27 14:05:00"))), [])
        XCTAssertTrue(app.render().lines[1].contains("being edited by bob@elsewhere:7"))
    }

    func testTheRuleTakesOverOnlyTheHolderTheRowStillNames() {
        XCTAssertEqual(ClaimTakeOver.holderToProbe(after: busy, owner: me), "dead@host:4242")
        XCTAssertNil(ClaimTakeOver.holderToProbe(after: .busy(owner: me, leaseUntil: nil), owner: me))
        XCTAssertNil(ClaimTakeOver.holderToProbe(after: .busy(owner: "not an owner", leaseUntil: nil), owner: me))
        XCTAssertNil(ClaimTakeOver.holderToProbe(after: .claimed(token: 1, leaseUntil: "x", previousOwner: nil), owner: me))
        let held = EditInfo(state: .editing, owner: "dead@host:4242", leaseUntil: "2026-11-27 14:05:00", token: 5)
        XCTAssertEqual(
            ClaimTakeOver.request(holder: "dead@host:4242", current: held, owner: me, leaseSeconds: 60, lock: false),
            .takeOver(owner: me, leaseSeconds: 60, from: "dead@host:4242", token: 5, lock: false))
        var other = held
        other.owner = "new@host:1"
        XCTAssertNil(ClaimTakeOver.request(holder: "dead@host:4242", current: other, owner: me, leaseSeconds: 60, lock: false))
        XCTAssertNil(ClaimTakeOver.request(holder: "dead@host:4242", current: nil, owner: me, leaseSeconds: 60, lock: false))
    }
}
