import RecEditCore
import XCTest

@testable import EditorCore

final class ClaimTests: XCTestCase {
    let t0: Int64 = 1_800_000_000_000_000

    func testStartClaimsUnlessReadOnly() {
        var e = makeEditor(1)
        XCTAssertEqual(e.start(), [.claim])
        XCTAssertTrue(e.render().lines[0].contains("claiming..."))
        _ = e.update(.editOutcome(.claimed(token: 3, leaseUntil: "2026-11-27 14:04:22", previousOwner: nil)))
        XCTAssertTrue(e.render().lines[0].hasSuffix("editing "))
        XCTAssertEqual(e.heldToken, 3)
    }

    /// scripts/faults F8: a database recedit may read but not write opens read-only, the banner saying why.
    func testReadOnlyBecauseOfTheDatabaseSaysWhyInTheBanner() {
        var cfg = config(readOnly: true)
        cfg.readOnlyReason = "the database file is read-only for you"
        var e = makeEditor(1, config: cfg)
        XCTAssertEqual(e.start(), [])
        let banner = e.render().lines[1]
        XCTAssertTrue(banner.hasPrefix(" read-only: the database file is read-only for you - changes cannot be saved"), banner)
        e.type("!")
        XCTAssertEqual(e.fieldText("title"), "Quarterly report")
        XCTAssertTrue(e.render().lines.joined().contains("Read-only: the database file is read-only for you"))
    }

    func testBusyBannerInAdvisoryModeKeepsTheFormEditable() {
        var e = makeEditor(1)
        _ = e.start()
        _ = e.claimRefused(.busy(owner: "alice@host:123", leaseUntil: "2026-11-27 14:05:00", since: "2026-11-27 14:04:00"))
        let banner = e.render().lines[1]
        XCTAssertTrue(banner.hasPrefix(" being edited by alice@host:123 since 14:04:00"), banner)
        e.type("!")
        XCTAssertEqual(e.fieldText("title"), "Quarterly report!")
        XCTAssertEqual(e.press(.control("s")), [.save(changes: ["title": .text("Quarterly report!")], expected: loadedStamp, fencingToken: nil)])
        XCTAssertTrue(e.render().lines[1].contains("being edited by alice@host:123"), "the banner stays")
    }

    func testBannerSinceIsShownInLocalTimeAndKeptForTheSameHolder() {
        var cfg = config()
        cfg.utcOffsetSeconds = 2 * 3600
        var e = makeEditor(1, config: cfg)
        _ = e.start()
        _ = e.claimRefused(.busy(owner: "alice@host:123", leaseUntil: "2026-11-27 14:05:00", since: "2026-11-27 14:04:00"))
        XCTAssertTrue(e.render().lines[1].contains("since 16:04:00"))
        // Her heartbeat moves the lease; her claim still began at 14:04.
        var r = demoRecord(1)
        r.edit = EditInfo(state: .editing, owner: "alice@host:123", leaseUntil: "2026-11-27 14:05:30", token: 4, since: "2026-11-27 14:04:00")
        _ = e.update(.rowReloaded(r, writer: nil))
        XCTAssertTrue(e.render().lines[1].contains("since 16:04:00"))
    }

    func testRowAlreadyClaimedAtLoadShowsTheBannerAtOnce() {
        let r = demoRecord(1, edit: EditInfo(state: .editing, owner: "bob@box:9", leaseUntil: "2026-11-27 14:03:50", token: 2, since: "2026-11-27 14:02:50"))
        let e = makeEditor(record: r)
        XCTAssertTrue(e.render().lines[1].contains("being edited by bob@box:9 since 14:02:50"))
    }

    /// Issue 8 item 10: the banner shows when the claim began, not the last heartbeat (lease end - lease length).
    func testBannerShowsWhenTheClaimBeganNotTheLastHeartbeat() {
        // Bob has held the row since 13:30; his latest heartbeat set the lease to end at 14:05.
        let r = demoRecord(
            1,
            edit: EditInfo(
                state: .editing, owner: "bob@box:9", leaseUntil: "2026-11-27 14:05:00", token: 2,
                since: "2026-11-27 13:30:00"))
        var e = makeEditor(record: r)
        _ = e.start()
        XCTAssertTrue(e.render().lines[1].hasPrefix(" being edited by bob@box:9 since 13:30:00"), e.render().lines[1])
        _ = e.claimRefused(.busy(owner: "bob@box:9", leaseUntil: "2026-11-27 14:05:15", since: "2026-11-27 13:30:00"))
        var later = r
        later.edit.leaseUntil = "2026-11-27 14:06:00"
        _ = e.update(.rowReloaded(later, writer: nil))
        XCTAssertTrue(e.render().lines[1].hasPrefix(" being edited by bob@box:9 since 13:30:00"), e.render().lines[1])
    }

    /// Issue 8 item 7: a row someone holds `locked` (their exclusive mode) is read-only in an advisory editor too.
    func testALockedRowIsReadOnlyWhateverMyLockMode() {
        var e = makeEditor(1)
        XCTAssertEqual(e.start(), [.claim])
        _ = e.claimRefused(.busy(owner: "alice@host:123", leaseUntil: "2026-11-27 14:05:00", locked: true, since: "2026-11-27 14:00:00"))
        XCTAssertTrue(e.isReadOnly)
        let screen = e.render()
        XCTAssertTrue(screen.lines[1].hasPrefix(" locked by alice@host:123 since 14:00:00"), screen.lines[1])
        XCTAssertTrue(screen.lines[0].contains("locked by alice@host:123"), screen.lines[0])
        e.type("x")
        XCTAssertEqual(e.fieldText("title"), "Quarterly report")
        XCTAssertEqual(e.press(.control("s")), [])
        // She releases: the row is mine to claim (advisory), and editable once granted.
        var r = demoRecord(1, edit: EditInfo(state: .idle, owner: nil, leaseUntil: nil, token: 4))
        r.updatedAt = loadedStamp
        XCTAssertEqual(e.update(.rowReloaded(r, writer: nil)), [.claim])
        _ = e.update(.editOutcome(.claimed(token: 5, leaseUntil: "2026-11-27 14:06:00", previousOwner: nil)))
        XCTAssertFalse(e.isReadOnly)
    }

    /// Issue 8 item 7: a save refused because someone holds the row locked keeps my edits (in a draft) and says so.
    func testASaveRefusedByALockKeepsTheEdits() {
        var e = makeEditor(1)
        _ = e.start()
        _ = e.update(.editOutcome(.claimed(token: 3, leaseUntil: "2026-11-27 14:04:22", previousOwner: nil)))
        e.type("!")
        _ = e.press(.control("s"))
        var current = demoRecord(
            1,
            edit: EditInfo(
                state: .locked, owner: "alice@host:123", leaseUntil: "2026-11-27 14:09:00", token: 8,
                since: "2026-11-27 14:08:00"))
        current.updatedAt = loadedStamp
        let effects = e.update(.saveFinished(.locked(current: current), writer: nil))
        XCTAssertTrue(effects.contains { if case .writeDraft = $0 { true } else { false } }, "\(effects)")
        XCTAssertEqual(e.fieldText("title"), "Quarterly report!")
        XCTAssertTrue(e.statusMessage?.contains("Not saved: alice@host:123 holds this row locked") == true, e.statusMessage ?? "")
        XCTAssertTrue(e.isReadOnly)
    }

    /// Issue 8 item 7: an advisory editor whose claim went to someone who locked the row turns read-only too.
    func testAClaimLostToALockTurnsTheFormReadOnly() {
        var e = makeEditor(1)
        _ = e.start()
        _ = e.update(.editOutcome(.claimed(token: 3, leaseUntil: "2026-11-27 14:04:22", previousOwner: nil)))
        e.type("!")
        let effects = e.update(
            .editOutcome(
                .lost(
                    current: EditInfo(
                        state: .locked, owner: "alice@host:123", leaseUntil: "2026-11-27 14:09:00",
                        token: 8, since: "2026-11-27 14:08:00"))))
        XCTAssertTrue(effects.contains { if case .writeDraft = $0 { true } else { false } }, "\(effects)")
        XCTAssertTrue(e.isReadOnly)
        XCTAssertTrue(e.statusMessage?.contains("the form is read-only") == true, e.statusMessage ?? "")
        XCTAssertTrue(e.render().lines[1].hasPrefix(" locked by alice@host:123 since 14:08:00"), e.render().lines[1])
    }

    /// Exclusive mode holds its claim `locked`, and says so.
    func testExclusiveModeHoldsTheRowLocked() {
        var e = makeEditor(1, config: config(lock: .exclusive))
        _ = e.start()
        _ = e.update(.editOutcome(.claimed(token: 3, leaseUntil: "2026-11-27 14:04:22", previousOwner: nil)))
        XCTAssertTrue(e.render().lines[0].hasSuffix("locked "), e.render().lines[0])
        XCTAssertEqual(e.record!.edit.state, .locked)
    }

    func testExclusiveBusyIsReadOnlyUntilTheRowIsFreeThenClaimsAgain() {
        var e = makeEditor(1, config: config(lock: .exclusive))
        XCTAssertEqual(e.start(), [.claim])
        _ = e.claimRefused(.busy(owner: "alice@host:123", leaseUntil: "2026-11-27 14:05:00"))
        XCTAssertTrue(e.isReadOnly)
        e.type("x")
        XCTAssertEqual(e.fieldText("title"), "Quarterly report")
        XCTAssertTrue(e.statusMessage?.contains("Read-only") == true)
        XCTAssertTrue(e.render().lines[0].contains("locked by alice@host:123"))
        XCTAssertEqual(e.press(.control("s")), [])
        // Still hers: nothing happens.
        var r = demoRecord(1, edit: EditInfo(state: .editing, owner: "alice@host:123", leaseUntil: "2026-11-27 14:05:30", token: 4))
        XCTAssertEqual(e.update(.rowReloaded(r, writer: nil)), [])
        // She is done: claim at once, unlock when granted.
        r.edit = EditInfo(state: .idle, owner: nil, leaseUntil: nil, token: 4)
        XCTAssertEqual(e.update(.rowReloaded(r, writer: nil)), [.claim])
        _ = e.update(.editOutcome(.claimed(token: 5, leaseUntil: "2026-11-27 14:06:00", previousOwner: nil)))
        XCTAssertFalse(e.isReadOnly)
        XCTAssertNil(e.render().lines[1].range(of: "being edited"))
        XCTAssertTrue(e.statusMessage?.contains("you hold the row now") == true)
        e.type("x")
        XCTAssertEqual(e.fieldText("title"), "Quarterly reportx")
        XCTAssertEqual(e.press(.control("s")), [.save(changes: ["title": .text("Quarterly reportx")], expected: loadedStamp, fencingToken: 5)])
    }

    func testExclusiveWaitTakesOverAnExpiredLeaseOnce() {
        var e = makeEditor(1, config: config(lock: .exclusive))
        _ = e.start()
        let lease = "2026-11-27 14:05:00"
        let leaseEnd = Stamp.microseconds(from: lease)!
        _ = e.claimRefused(.busy(owner: "alice@host:123", leaseUntil: lease))
        XCTAssertEqual(e.update(.tick(nowMicroseconds: leaseEnd - 1_000_000)), [])
        XCTAssertEqual(e.update(.tick(nowMicroseconds: leaseEnd + 1_000_000)), [.claim])
        // The store says she renewed meanwhile: wait again (no claim storm).
        _ = e.claimRefused(.busy(owner: "alice@host:123", leaseUntil: lease))
        XCTAssertEqual(e.update(.tick(nowMicroseconds: leaseEnd + 2_000_000)), [])
        _ = e.update(.editOutcome(.claimed(token: 9, leaseUntil: "2026-11-27 14:06:10", previousOwner: "alice@host:123")))
        XCTAssertEqual(e.statusMessage, "Took over the expired claim of alice@host:123")
        XCTAssertFalse(e.isReadOnly)
    }

    func testCtrlTAsksForTheClaim() {
        var e = makeEditor(1, config: config(lock: .exclusive))
        _ = e.start()
        _ = e.claimRefused(.busy(owner: "alice@host:123", leaseUntil: nil))
        XCTAssertTrue(e.render().lines[23].contains("^T take over"))
        XCTAssertEqual(e.press(.control("t")), [.claim])
        XCTAssertEqual(e.press(.control("t")), [], "not twice while waiting for the answer")
    }

    func testHeartbeatRenewsEveryHeartbeatInterval() {
        var e = claimedEditor(1)
        XCTAssertEqual(e.update(.tick(nowMicroseconds: t0)), [])
        XCTAssertEqual(e.update(.tick(nowMicroseconds: t0 + 14_900_000)), [])
        XCTAssertEqual(e.update(.tick(nowMicroseconds: t0 + 15_000_000)), [.renew(token: 7)])
        XCTAssertEqual(e.update(.tick(nowMicroseconds: t0 + 20_000_000)), [])
        XCTAssertEqual(e.update(.tick(nowMicroseconds: t0 + 30_000_000)), [.renew(token: 7)])
        _ = e.update(.editOutcome(.renewed(leaseUntil: "2026-11-27 14:06:00")))
        XCTAssertTrue(e.render().lines.contains { $0.hasPrefix("  edit_lease_until 2026-11-27 14:06:00") })
    }

    func testNoHeartbeatWithoutAClaim() {
        var e = makeEditor(1, config: config(readOnly: true))
        _ = e.start()
        XCTAssertEqual(e.update(.tick(nowMicroseconds: t0)), [])
        XCTAssertEqual(e.update(.tick(nowMicroseconds: t0 + 60_000_000)), [])
    }

    func testLostClaimInExclusiveModeLocksTheFormAndKeepsADraft() {
        var e = claimedEditor(1, config: config(lock: .exclusive))
        e.focus("priority")
        e.press(.backspace)
        e.type("4")
        let effects = e.update(.editOutcome(.lost(current: EditInfo(state: .editing, owner: "alice@host:123", leaseUntil: "2026-11-27 14:09:00", token: 8))))
        guard case .writeDraft(let draft)? = effects.first, effects.count == 1 else { return XCTFail("\(effects)") }
        XCTAssertEqual(draft.edits, ["priority": .integer(4)])
        XCTAssertTrue(e.isReadOnly)
        XCTAssertTrue(e.statusMessage?.hasPrefix("Claim lost to alice@host:123") == true)
        e.type("5")
        XCTAssertEqual(e.fieldText("priority"), "4")
        XCTAssertEqual(e.update(.tick(nowMicroseconds: t0 + 100_000_000)), [], "no heartbeat for a lost claim")
        XCTAssertEqual(e.press(.control("q")), [])  // dirty: asks
        XCTAssertEqual(e.press(.character("y")), [.deleteDraft, .quit], "nothing to release")
    }

    func testLostClaimInAdvisoryModeKeepsEditing() {
        var e = claimedEditor(1)
        XCTAssertEqual(e.update(.editOutcome(.lost(current: EditInfo(state: .idle, owner: nil, leaseUntil: nil, token: 7)))), [])
        XCTAssertFalse(e.isReadOnly)
        XCTAssertTrue(e.statusMessage?.contains("Claim lost") == true)
        XCTAssertTrue(e.render().lines[1].contains("claim on this row was released"))
        XCTAssertEqual(e.press(.control("t")), [.claim])
    }

    func testReloadShowingSomeoneElseHoldingMeansMyClaimIsGone() {
        var e = claimedEditor(1)
        let r = demoRecord(1, edit: EditInfo(state: .editing, owner: "bob@box:9", leaseUntil: "2026-11-27 14:08:00", token: 8))
        _ = e.update(.rowReloaded(r, writer: nil))
        XCTAssertNil(e.heldToken)
        XCTAssertTrue(e.render().lines[1].contains("being edited by bob@box:9"))
    }

    func testAnOlderSnapshotDoesNotCancelMyClaim() {
        var e = claimedEditor(1)
        _ = e.update(.rowReloaded(demoRecord(1, edit: EditInfo(state: .idle, token: 6)), writer: nil))
        XCTAssertEqual(e.heldToken, 7)
    }

    func testQuitReleasesOnlyWhenHolding() {
        var e = makeEditor(1)
        _ = e.start()
        _ = e.claimRefused(.busy(owner: "alice@host:123", leaseUntil: nil))
        XCTAssertEqual(e.press(.control("q")), [.quit])
        XCTAssertTrue(e.isFinished)
    }

    func testClaimOnAMissingRowShowsItDeleted() {
        var e = makeEditor(1)
        _ = e.start()
        _ = e.update(.editOutcome(nil))
        XCTAssertTrue(e.screenText.contains("This row was deleted"))
    }
}
