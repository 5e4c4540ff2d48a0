/// What a process asks of a row's edit state.
public enum EditRequest: Sendable, Equatable {
    /// idle → editing (or → locked when `lock`: exclusive mode), or take over a lease that has run out.
    case claim(owner: String, leaseSeconds: Int, lock: Bool = false)
    /// Heartbeat: extend my lease; only with my owner and token.
    case renew(owner: String, token: Int64, leaseSeconds: Int)
    /// editing/locked → idle; only with my owner and token.
    case release(owner: String, token: Int64)
    /// editing/locked → idle whoever holds it.
    case forceRelease
    /// A claim that may also replace one exact holder (owner and token), whatever its lease says: for a
    /// holder known to be gone (a killed editor on this host). Compare-and-set, so two processes taking
    /// over the same dead holder never both win.
    case takeOver(owner: String, leaseSeconds: Int, from: String, token: Int64, lock: Bool = false)
}

/// What came of an `EditRequest`.
public enum EditOutcome: Sendable, Equatable {
    /// `previousOwner` is set when an expired lease was taken over.
    case claimed(token: Int64, leaseUntil: String, previousOwner: String?)
    case renewed(leaseUntil: String)
    case released
    /// Someone else holds a live lease; `locked` when they claimed in exclusive mode, `since` when their claim began.
    case busy(owner: String, leaseUntil: String?, locked: Bool = false, since: String? = nil)
    /// My claim is gone: released, forced, or taken over. `current` is the row's edit state now.
    case lost(current: EditInfo)
}

/// The pure transition function of the edit-state machine.
///
/// Stores run each transition as one conditional UPDATE whose WHERE clause is the guard below,
/// evaluated on the database's clock; this function is the specification they are tested against.
public enum EditStateMachine {
    public enum Decision: Sendable, Equatable {
        case write(EditInfo, EditOutcome)
        case refuse(EditOutcome)
    }

    /// - Parameters:
    ///   - now: the database clock, in microseconds since the epoch.
    ///   - leaseEnd: formats `now + seconds` the way the database stores lease ends.
    public static func decide(
        current: EditInfo, request: EditRequest, now: Int64,
        leaseEnd: (Int) -> String
    ) -> Decision {
        let expired = current.leaseUntil.flatMap(Stamp.microseconds(from:)).map { $0 <= now } ?? true
        switch request {
        case .claim(let owner, let seconds, let lock), .takeOver(let owner, let seconds, _, _, let lock):
            var replaceable = false
            if case .takeOver(_, _, let from, let token, _) = request {
                replaceable = current.state.isClaimed && current.owner == from && current.token == token
            }
            if !current.state.isClaimed || expired || current.owner == owner || replaceable {
                let previous = current.state.isClaimed && current.owner != owner ? current.owner : nil
                // The claim goes on (its start kept) only when I already hold it; otherwise a new one begins now.
                let continuing = current.state.isClaimed && !expired && current.owner == owner
                let next = EditInfo(
                    state: lock ? .locked : .editing, owner: owner, leaseUntil: leaseEnd(seconds),
                    token: current.token + 1,
                    since: continuing ? current.since : Stamp.text(microseconds: now))
                return .write(next, .claimed(token: next.token, leaseUntil: next.leaseUntil!, previousOwner: previous))
            }
            return .refuse(
                .busy(
                    owner: current.owner ?? "", leaseUntil: current.leaseUntil,
                    locked: current.state == .locked, since: current.since))
        case .renew(let owner, let token, let seconds):
            guard holds(current, owner: owner, token: token) else { return .refuse(.lost(current: current)) }
            var next = current
            next.leaseUntil = leaseEnd(seconds)
            return .write(next, .renewed(leaseUntil: next.leaseUntil!))
        case .release(let owner, let token):
            guard holds(current, owner: owner, token: token) else { return .refuse(.lost(current: current)) }
            return .write(EditInfo(state: .idle, owner: nil, leaseUntil: nil, token: current.token), .released)
        case .forceRelease:
            guard current.state.isClaimed else { return .refuse(.released) }
            return .write(EditInfo(state: .idle, owner: nil, leaseUntil: nil, token: current.token), .released)
        }
    }

    /// Whether a save may write the row: a live `locked` claim admits only its holder's fencing token.
    /// Stores add this guard to the checked save's WHERE clause, on the database clock.
    public static func admitsSave(_ current: EditInfo, fencingToken: Int64?, now: Int64) -> Bool {
        guard current.state == .locked else { return true }
        let expired = current.leaseUntil.flatMap(Stamp.microseconds(from:)).map { $0 <= now } ?? true
        return expired || fencingToken == current.token
    }

    static func holds(_ info: EditInfo, owner: String, token: Int64) -> Bool {
        info.state.isClaimed && info.owner == owner && info.token == token
    }
}
