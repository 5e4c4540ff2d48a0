import XCTest

@testable import EditorApp

/// The loop's sleep: `poll()`'s timeout is the earliest real deadline, never a fixed tick.
final class WakeupTests: XCTestCase {
    let now: Int64 = 5_000_000_000

    func testNoDeadlineWaitsForADescriptor() {
        XCTAssertEqual(Wakeup.pollTimeout(now: now, deadlines: [nil, nil]), -1)
        XCTAssertEqual(Wakeup.pollTimeout(now: now, deadlines: []), -1)
    }

    func testTheEarliestDeadlineSetsTheTimeoutRoundedUpToAMillisecond() {
        XCTAssertEqual(Wakeup.pollTimeout(now: now, deadlines: [now + 15_000_000, nil, now + 300_000]), 300)
        XCTAssertEqual(Wakeup.pollTimeout(now: now, deadlines: [now + 1]), 1, "never wakes before the deadline")
        XCTAssertEqual(Wakeup.pollTimeout(now: now, deadlines: [now + 1_999]), 2)
    }

    func testAPassedDeadlineDoesNotWait() {
        XCTAssertEqual(Wakeup.pollTimeout(now: now, deadlines: [now - 10, now + 5_000]), 0)
        XCTAssertEqual(Wakeup.pollTimeout(now: now, deadlines: [now]), 0)
    }

    func testAFarDeadlineIsClampedNotWrapped() {
        XCTAssertEqual(Wakeup.pollTimeout(now: now, deadlines: [Int64.max]), Int32.max)
    }

    func testTheFirstTickIsAtOnce() {
        XCTAssertEqual(Wakeup.tickDeadline(editorDue: nil, wallNow: 77, monotonicNow: now, lastTick: nil), now)
    }

    func testTheEditorsDeadlineMovesOntoTheMonotonicClock() {
        let wall: Int64 = 1_800_000_000_000_000
        let last = now - 2_000_000
        let heartbeat = wall + 13_000_000
        XCTAssertEqual(Wakeup.tickDeadline(editorDue: heartbeat, wallNow: wall, monotonicNow: now, lastTick: last), now + 13_000_000)
    }

    func testAnEditorWithNothingDueIsTickedOnlyAtTheLongestGap() {
        let last = now - 1_000_000
        XCTAssertEqual(
            Wakeup.tickDeadline(editorDue: nil, wallNow: 0, monotonicNow: now, lastTick: last), last + Wakeup.maximumTickGap)
        XCTAssertEqual(
            Wakeup.tickDeadline(editorDue: Int64.max, wallNow: 0, monotonicNow: now, lastTick: last), last + Wakeup.maximumTickGap)
    }

    func testADeadlineAskedForAtOnceWaitsTheShortestGapAfterTheLastTick() {
        let last = now - 10_000
        XCTAssertEqual(
            Wakeup.tickDeadline(editorDue: Int64.min, wallNow: 1_000, monotonicNow: now, lastTick: last), last + Wakeup.minimumTickGap)
        let longAgo = now - 5_000_000
        XCTAssertEqual(Wakeup.tickDeadline(editorDue: Int64.min, wallNow: 1_000, monotonicNow: now, lastTick: longAgo), now)
    }

    func testADescriptorThatKeepsWakingIsMutedForTheRestOfItsWindow() {
        var counter = WakeupCounter()
        for i in 0..<Wakeup.feedWakeupLimit { counter.note(now: now + Int64(i)) }
        XCTAssertFalse(counter.isMuted(now: now + 100))
        counter.note(now: now + 100)
        XCTAssertTrue(counter.isMuted(now: now + 100))
        XCTAssertFalse(counter.isMuted(now: now + Wakeup.feedWakeupWindow), "heard again once the window is over")
        counter.reset()
        XCTAssertFalse(counter.isMuted(now: now + 100))
    }
}
