import RecEditCore

// When the editor next needs a `.tick`. The event loop sleeps until then (or until a key, a signal, the
// change feed or a finished request wakes it), so an idle editor does not wake at all between heartbeats.
// Each query mirrors what the matching `.tick` handler does: a deadline here for every branch there that
// acts on the clock. Pure: the answer depends only on the state (the clock is the last tick's).

extension AppState {
    /// The wall-clock time (microseconds since 1970, the clock of `.tick`) at which the editor next has
    /// something to do on a tick; `Int64.min` when it wants one at once (it has no clock yet, or a
    /// draft to write or delete), nil when nothing waits on the clock.
    public var nextTickDue: Int64? {
        var due: Int64?
        if let browser { due = earliest(due, browser.nextTickDue) }
        if let session { due = earliest(due, session.nextTickDue(screens: screens)) }
        return due
    }
}

/// The earlier of two optional deadlines (nil is "never").
func earliest(_ a: Int64?, _ b: Int64?) -> Int64? {
    guard let a else { return b }
    guard let b else { return a }
    return min(a, b)
}

extension RowSession {
    /// See `AppState.nextTickDue`: the heartbeat, an automatic take-over when the holder's lease runs out,
    /// a claim to retry, a draft to write or delete.
    func nextTickDue(screens: ScreenStack) -> Int64? {
        guard let now else { return Int64.min }
        var due: Int64?
        switch claim {
        case .held:
            due = lastRenewAt.map { $0 + Int64(max(1, config.heartbeatSeconds)) * 1_000_000 } ?? now
        case .busy(_, let leaseUntil) where autoClaimSentFor != .some(leaseUntil):
            if let leaseUntil {
                due = Stamp.microseconds(from: leaseUntil)  // a lease end that does not parse never expires
            } else {
                due = now
            }
        case .none where !config.readOnly:
            due = retryClaimAt
        default:
            break
        }
        if draftPending || draftOnDisk, saving == nil {
            if draftPending, isDirty {
                due = earliest(due, lastDraftAt.map { $0 + RowSession.draftIntervalMicroseconds } ?? now)
            } else if !isDirty, draftOnDisk, !screens.contains(.conflict) {
                due = earliest(due, now)
            }
        }
        return due
    }
}

extension BrowserScreen {
    /// See `AppState.nextTickDue`: a change mark to take off, a shown holder's minutes to count up or lease
    /// to show expired.
    var nextTickDue: Int64? {
        guard now > 0 else { return Int64.min }
        var due = changedUntil.values.min()
        for record in rows.prefix(bodyHeight) {
            let edit = record.edit
            guard edit.state.isClaimed, edit.owner != nil else { continue }
            if let lease = edit.leaseUntil.flatMap(Stamp.microseconds(from:)) {
                if lease <= now { continue }  // shown expired: nothing more changes
                due = earliest(due, lease)
            }
            if let since = edit.since.flatMap(Stamp.microseconds(from:)) {
                let minute: Int64 = 60_000_000
                let elapsed = max(0, now - since)
                due = earliest(due, since + (elapsed / minute + 1) * minute)
            }
        }
        return due
    }
}
