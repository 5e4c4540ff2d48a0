/// When the event loop wakes: pure arithmetic on deadlines (monotonic microseconds), so it can be tested
/// without a clock. The loop sleeps in one `poll()` on the terminal, the signal pipe, the change feed's
/// descriptor and its workers' pipes, with the timeout set to the earliest real deadline; an idle editor
/// holding its claim wakes once per heartbeat.
enum Wakeup {
    /// Ticks never come closer together than this, whatever the editor asks (a deadline it keeps asking for
    /// "at once" costs ten wake-ups a second, not a spinning loop).
    static let minimumTickGap: Int64 = 100_000
    /// Nor further apart than this: the editor's clock is never older (a deadline it forgot to ask for is
    /// late by a minute at most).
    static let maximumTickGap: Int64 = 60_000_000
    /// Before a key or any other message, the editor gets a tick when its clock is older than this, so that
    /// what it stamps with "now" (the draft interval, a retry) is never older than it was with a 1 s tick.
    static let staleClock: Int64 = 1_000_000
    /// A change feed that needs a timer (no descriptor: MariaDB; or one muted for waking too often) is checked
    /// this often.
    static let feedPollInterval: Int64 = 500_000
    /// After a descriptor wake-up that found no change, the feed is checked again this long after: the write
    /// that woke us may precede the commit becoming visible (SQLite appends to the -wal, then publishes the
    /// commit in shared memory, which raises no event).
    /// A writer that syncs the -wal before publishing (`synchronous = FULL`) widens that gap to the fsync's time.
    static let feedRecheckDelays: [Int64] = [10_000, 50_000, 250_000, 1_000_000]
    /// A descriptor that wakes the loop more than this many times in one `feedWakeupWindow` is muted (checked on
    /// the timer instead) for the rest of the window: a dropped connection reports POLLHUP for ever.
    static let feedWakeupLimit = 20
    static let feedWakeupWindow: Int64 = 1_000_000

    /// `poll()`'s timeout in milliseconds: until the earliest deadline, rounded up (waking early would find
    /// nothing due and sleep again); 0 when one has passed; -1 (wait for a descriptor) when there is none.
    static func pollTimeout(now: Int64, deadlines: [Int64?]) -> Int32 {
        guard let earliest = deadlines.compactMap({ $0 }).min() else { return -1 }
        if earliest <= now { return 0 }
        return Int32(clamping: (earliest - now + 999) / 1_000)
    }

    /// The next tick on the monotonic clock. `editorDue` is `AppState.nextTickDue` (wall clock, nil: nothing
    /// due); it moves onto the monotonic clock by the distance from `wallNow`. Never before `lastTick` +
    /// `minimumTickGap`, never after `lastTick` + `maximumTickGap`; `lastTick` nil (none yet): at once.
    static func tickDeadline(editorDue: Int64?, wallNow: Int64, monotonicNow: Int64, lastTick: Int64?) -> Int64 {
        guard let lastTick else { return monotonicNow }
        var due = lastTick + maximumTickGap
        if let editorDue {
            let wait = editorDue <= wallNow ? 0 : editorDue - wallNow
            due = min(due, monotonicNow + min(wait, maximumTickGap))
        }
        return max(due, lastTick + minimumTickGap)
    }
}

/// Counts one descriptor's wake-ups per window, to mute one that keeps waking the loop.
struct WakeupCounter {
    private var windowStart: Int64?
    private var count = 0

    mutating func note(now: Int64) {
        if windowStart.map({ now - $0 >= Wakeup.feedWakeupWindow }) ?? true {
            windowStart = now
            count = 0
        }
        count += 1
    }

    func isMuted(now: Int64) -> Bool {
        guard let windowStart else { return false }
        return count > Wakeup.feedWakeupLimit && now - windowStart < Wakeup.feedWakeupWindow
    }

    mutating func reset() { self = WakeupCounter() }
}
