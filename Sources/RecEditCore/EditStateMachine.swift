/// What a process asks of a row's edit state.
public enum EditRequest: Sendable, Equatable {
    /// idle → editing, or take over a lease that has run out.
    case claim(owner: String, leaseSeconds: Int)
    /// Heartbeat: extend my lease; only with my owner and token.
    case renew(owner: String, token: Int64, leaseSeconds: Int)
    /// editing → idle; only with my owner and token.
    case release(owner: String, token: Int64)
    /// editing → idle whoever holds it.
    case forceRelease
    /// A claim that may also replace one exact holder (owner and token), whatever its lease says: for a
    /// holder known to be gone (a killed editor on this host). Compare-and-set, so two processes taking
    /// over the same dead holder never both win.
    case takeOver(owner: String, leaseSeconds: Int, from: String, token: Int64)
}

/// What came of an `EditRequest`.
public enum EditOutcome: Sendable, Equatable {
    /// `previousOwner` is set when an expired lease was taken over.
    case claimed(token: Int64, leaseUntil: String, previousOwner: String?)
    case renewed(leaseUntil: String)
    case released
    /// Someone else holds a live lease.
    case busy(owner: String, leaseUntil: String?)
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
    public static func decide(current: EditInfo, request: EditRequest, now: Int64,
                              leaseEnd: (Int) -> String) -> Decision {
        let expired = current.leaseUntil.flatMap(Stamp.microseconds(from:)).map { $0 <= now } ?? true
        switch request {
        case .claim(let owner, let seconds), .takeOver(let owner, let seconds, _, _):
            var replaceable = false
            if case .takeOver(_, _, let from, let token) = request {
                replaceable = current.state == .editing && current.owner == from && current.token == token
            }
            if current.state == .idle || expired || current.owner == owner || replaceable {
                let previous = current.state == .editing && current.owner != owner ? current.owner : nil
                let next = EditInfo(state: .editing, owner: owner, leaseUntil: leaseEnd(seconds), token: current.token + 1)
                return .write(next, .claimed(token: next.token, leaseUntil: next.leaseUntil!, previousOwner: previous))
            }
            return .refuse(.busy(owner: current.owner ?? "", leaseUntil: current.leaseUntil))
        case .renew(let owner, let token, let seconds):
            guard holds(current, owner: owner, token: token) else { return .refuse(.lost(current: current)) }
            var next = current
            next.leaseUntil = leaseEnd(seconds)
            return .write(next, .renewed(leaseUntil: next.leaseUntil!))
        case .release(let owner, let token):
            guard holds(current, owner: owner, token: token) else { return .refuse(.lost(current: current)) }
            return .write(EditInfo(state: .idle, owner: nil, leaseUntil: nil, token: current.token), .released)
        case .forceRelease:
            guard current.state == .editing else { return .refuse(.released) }
            return .write(EditInfo(state: .idle, owner: nil, leaseUntil: nil, token: current.token), .released)
        }
    }

    static func holds(_ info: EditInfo, owner: String, token: Int64) -> Bool {
        info.state == .editing && info.owner == owner && info.token == token
    }
}
