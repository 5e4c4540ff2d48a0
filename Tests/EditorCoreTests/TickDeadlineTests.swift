import RecEditCore
import XCTest

@testable import EditorCore

/// `AppState.nextTickDue`: the event loop sleeps until then, so every deadline the tick handlers act on must be
/// one; a tick before it does nothing, a tick at it does what was due.
final class TickDeadlineTests: XCTestCase {
    let t0: Int64 = 1_800_000_000_000_000

    func testWithoutAClockTheEditorWantsATickAtOnce() {
        let e = claimedEditor(1)
        XCTAssertEqual(e.nextTickDue, Int64.min)
    }

    func testHeldClaimWantsItsNextTickAtTheHeartbeat() {
        var e = claimedEditor(1)
        XCTAssertEqual(e.update(.tick(nowMicroseconds: t0)), [])
        let due = t0 + 15_000_000
        XCTAssertEqual(e.nextTickDue, due)
        XCTAssertEqual(e.update(.tick(nowMicroseconds: due - 1)), [])
        XCTAssertEqual(e.update(.tick(nowMicroseconds: due)), [.renew(token: 7)])
        XCTAssertEqual(e.nextTickDue, due + 15_000_000)
    }

    func testHeartbeatSecondsFromTheConfigSetTheDeadline() {
        var cfg = config()
        cfg.heartbeatSeconds = 4
        var e = claimedEditor(1, config: cfg)
        _ = e.update(.tick(nowMicroseconds: t0))
        XCTAssertEqual(e.nextTickDue, t0 + 4_000_000)
    }

    func testAReadOnlyEditorWithNothingToDoWantsNoTick() {
        var e = makeEditor(1, config: config(readOnly: true))
        _ = e.start()
        _ = e.update(.tick(nowMicroseconds: t0))
        XCTAssertNil(e.nextTickDue)
    }

    func testAHoldersLeaseEndIsADeadlineUntilTheClaimForItWasSent() {
        var e = makeEditor(1, config: config(lock: .exclusive))
        _ = e.start()
        let lease = "2026-11-27 14:05:00"
        let leaseEnd = Stamp.microseconds(from: lease)!
        _ = e.claimRefused(.busy(owner: "alice@host:123", leaseUntil: lease))
        _ = e.update(.tick(nowMicroseconds: leaseEnd - 10_000_000))
        XCTAssertEqual(e.nextTickDue, leaseEnd)
        XCTAssertEqual(e.update(.tick(nowMicroseconds: leaseEnd)), [.claim])
        // Refused again for the same lease: nothing more to wait for on the clock.
        _ = e.claimRefused(.busy(owner: "alice@host:123", leaseUntil: lease))
        XCTAssertNil(e.nextTickDue)
    }

    func testAnEditWantsItsDraftWrittenAtTheDraftInterval() {
        var e = claimedEditor(1)
        _ = e.update(.tick(nowMicroseconds: t0))
        e.type("x")
        XCTAssertLessThanOrEqual(e.nextTickDue!, t0, "the first draft is written on the next tick")
        let first = e.update(.tick(nowMicroseconds: t0 + 100_000))
        XCTAssertTrue(first.contains { if case .writeDraft = $0 { return true } else { return false } }, "\(first)")
        e.type("y")
        let due = t0 + 100_000 + 2_000_000
        XCTAssertEqual(e.nextTickDue, due)
        XCTAssertEqual(e.update(.tick(nowMicroseconds: due - 1)), [])
        let second = e.update(.tick(nowMicroseconds: due))
        XCTAssertTrue(second.contains { if case .writeDraft = $0 { return true } else { return false } }, "\(second)")
        XCTAssertEqual(e.nextTickDue, t0 + 15_000_000, "then only the heartbeat")
    }

    func testAClaimLostToTheConnectionIsRetriedAtItsDeadline() {
        var e = makeEditor(1)
        XCTAssertEqual(e.start(), [.claim])
        _ = e.update(.tick(nowMicroseconds: t0))
        _ = e.update(.failure("connection lost", connectionLost: true))
        guard let due = e.nextTickDue else { return XCTFail("no retry deadline") }
        XCTAssertGreaterThan(due, t0)
        XCTAssertEqual(e.update(.tick(nowMicroseconds: due - 1)), [])
        XCTAssertEqual(e.update(.tick(nowMicroseconds: due)), [.claim])
    }

    func testTheBrowserWantsATickWhenAHoldersMinuteCountGoesUp() {
        var table = browserTable()
        let since = browserNow - 125_000_000
        table.records[1].edit = EditInfo(
            state: .editing, owner: "alice@laptop:42", leaseUntil: stamp(browserNow + 500_000_000), token: 3, since: stamp(since))
        var app = makeBrowser(table: table)
        XCTAssertTrue(app.screenText.contains("alice, 2 min"))
        let due = since + 180_000_000
        XCTAssertEqual(app.nextTickDue, due)
        _ = app.update(.tick(nowMicroseconds: due - 1))
        XCTAssertTrue(app.screenText.contains("alice, 2 min"))
        _ = app.update(.tick(nowMicroseconds: due))
        XCTAssertTrue(app.screenText.contains("alice, 3 min"))
    }

    func testTheBrowserWantsATickWhenAShownLeaseRunsOut() {
        var table = browserTable()
        let lease = browserNow + 20_000_000
        table.records[1].edit = EditInfo(
            state: .editing, owner: "alice@laptop:42", leaseUntil: stamp(lease), token: 3, since: stamp(browserNow))
        var app = makeBrowser(table: table)
        XCTAssertEqual(app.nextTickDue, lease)
        _ = app.update(.tick(nowMicroseconds: lease))
        XCTAssertTrue(app.screenText.contains("alice, expired"))
        XCTAssertEqual(app.nextTickDue, nil, "nothing shown changes with the clock any more")
    }
}
