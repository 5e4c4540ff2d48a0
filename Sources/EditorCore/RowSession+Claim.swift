import RecEditCore

extension RowSession {
    // MARK: - Edit state (claim, heartbeat, banner)

    mutating func handleEditOutcome(_ outcome: EditOutcome?, screens: inout ScreenStack) -> [EditorEffect] {
        if case .takingOver = goneHolder {
            goneHolder = .none  // the take-over's own outcome, whatever it is
        } else if case .claiming = claim, let holder = ClaimTakeOver.holderToProbe(after: outcome, owner: config.owner),
            let busy = outcome
        {
            // Is the holder's process gone? Nothing is shown until the answer comes.
            goneHolder = .probing(holder: holder, busy: busy)
            return [.probeHolder(owner: holder)]
        }
        return applyEditOutcome(outcome, screens: &screens)
    }

    mutating func applyEditOutcome(_ outcome: EditOutcome?, screens: inout ScreenStack) -> [EditorEffect] {
        guard let outcome else {
            if screens.contains(.deletedRow) { return [] }
            return rowDeleted(by: nil, screens: &screens)
        }
        switch outcome {
        case .claimed(let token, let leaseUntil, let previous):
            var wasWaiting: String?
            switch claim {
            case .busy(let owner, _): wasWaiting = owner
            case .lost: wasWaiting = "lost"
            default: wasWaiting = waitedFor
            }
            waitedFor = nil
            let wasLockedOut = heldByOtherExclusively
            claim = .held(token: token, leaseUntil: leaseUntil)
            lastRenewAt = now
            holder = nil
            autoClaimSentFor = nil
            // Exclusive mode claims the row `locked`: every client refuses others' saves while I hold it.
            let since = record.edit.owner == config.owner ? record.edit.since : now.map { Stamp.text(microseconds: $0) }
            record.edit = EditInfo(
                state: config.lockMode == .exclusive ? .locked : .editing, owner: config.owner,
                leaseUntil: leaseUntil, token: token, since: since)
            if let previous {
                say(localized("status.tookOver", ["owner": previous]), .success)
            } else if let who = wasWaiting {
                say(
                    who == "lost" ? localized("status.holdAgain") : localized(wasLockedOut ? "status.ownerDone.unlocked" : "status.ownerDone", ["owner": who]),
                    .success)
            }
        case .renewed(let leaseUntil):
            if case .held(let token, _) = claim {
                claim = .held(token: token, leaseUntil: leaseUntil)
                record.edit.leaseUntil = leaseUntil
            }
        case .released:
            claim = .none
        case .busy(let owner, let leaseUntil, let locked, let since):
            claim = .busy(owner: owner, leaseUntil: leaseUntil)
            record.edit = EditInfo(
                state: locked ? .locked : .editing, owner: owner, leaseUntil: leaseUntil,
                token: record.edit.token, since: since)
            noteHolder(from: record.edit)
            if locked && config.lockMode != .exclusive {
                say(localized("status.busy.locked", ["owner": owner]), .warning)
            } else if config.lockMode == .exclusive {
                say(localized("status.busy.exclusive", ["owner": owner]), .warning)
            } else {
                say(localized("status.busy.shared", ["owner": owner]), .warning)
            }
        case .lost(let current):
            return claimLost(current)
        }
        return []
    }

    /// My claim is gone. In exclusive mode, or when the new holder locked the row, the form turns read-only
    /// and the edits go to a draft.
    mutating func claimLost(_ current: EditInfo) -> [EditorEffect] {
        let owner = current.state.isClaimed ? current.owner : nil
        claim = .lost(owner: owner)
        noteHolder(from: current)
        let whom = owner ?? localized("status.nobodyReleased")
        if heldByOtherExclusively {
            say(localized(isDirty ? "status.claimLost.readOnly.draft" : "status.claimLost.readOnly", ["owner": whom]), .error)
            return isDirty ? [writeDraftEffect()] : []
        }
        say(localized("status.claimLost.shared", ["owner": whom]), .error)
        return []
    }

    /// Keeps the banner's "being edited by OWNER since HH:MM:SS" up to date: the time the claim began, as the
    /// row keeps it (never the last heartbeat); none when the row does not say.
    mutating func noteHolder(from edit: EditInfo) {
        guard edit.state.isClaimed, let owner = edit.owner, owner != config.owner else {
            holder = nil
            return
        }
        holder = (owner, edit.since, edit.state == .locked)
    }

    func leaseExpired(_ leaseUntil: String?) -> Bool {
        guard let now else { return false }
        guard let leaseUntil else { return true }
        guard let end = Stamp.microseconds(from: leaseUntil) else { return false }
        return end <= now
    }

    /// A reloaded row's edit state: banner, a claim lost under me, or the row free to claim again.
    mutating func observeEdit(_ edit: EditInfo) -> [EditorEffect] {
        noteHolder(from: edit)
        switch claim {
        case .held(let token, _):
            // An older snapshot (read before my claim) says nothing about the claim now.
            if edit.token < token { return [] }
            if !(edit.state.isClaimed && edit.owner == config.owner && edit.token == token) {
                return claimLost(edit)
            }
        case .busy(let owner, _):
            if edit.state == .idle || edit.owner == nil {
                waitedFor = owner
                claim = .claiming
                return [.claim]
            }
            if leaseExpired(edit.leaseUntil), autoClaimSentFor != .some(edit.leaseUntil) {
                autoClaimSentFor = .some(edit.leaseUntil)
                waitedFor = owner
                claim = .claiming
                return [.claim]
            }
            claim = .busy(owner: edit.owner ?? "", leaseUntil: edit.leaseUntil)
        default:
            break
        }
        return []
    }

    /// The answer to `.probeHolder`: a gone holder's claim is taken over, else the busy claim stands.
    mutating func handleHolderProbed(_ holder: String, gone: Bool, screens: inout ScreenStack) -> [EditorEffect] {
        guard case .probing(let probed, let busy) = goneHolder, probed == holder else { return [] }
        if gone {
            goneHolder = .takingOver(busy: busy)
            return [.takeOver(from: holder)]
        }
        goneHolder = .none
        return applyEditOutcome(busy, screens: &screens)
    }

    /// `.takeOver` found someone else holding the row by then: the busy claim stands.
    mutating func handleTakeOverSkipped(screens: inout ScreenStack) -> [EditorEffect] {
        guard case .takingOver(let busy) = goneHolder else { return [] }
        goneHolder = .none
        return applyEditOutcome(busy, screens: &screens)
    }

    // MARK: - Time

    mutating func handleTick(_ micros: Int64, screens: ScreenStack) -> [EditorEffect] {
        now = micros
        var effects: [EditorEffect] = []
        switch claim {
        case .held(let token, _):
            if let last = lastRenewAt {
                if micros - last >= Int64(max(1, config.heartbeatSeconds)) * 1_000_000 {
                    lastRenewAt = micros
                    effects.append(.renew(token: token))
                }
            } else {
                lastRenewAt = micros
            }
        case .busy(let owner, let leaseUntil):
            // A lease that ran out (its holder is gone): take it over, once per lease.
            if leaseExpired(leaseUntil), autoClaimSentFor != .some(leaseUntil) {
                autoClaimSentFor = .some(leaseUntil)
                waitedFor = owner
                claim = .claiming
                effects.append(.claim)
            }
        case .none:
            if let retry = retryClaimAt, micros >= retry, !config.readOnly {
                retryClaimAt = nil
                claim = .claiming
                effects.append(.claim)
            }
        default:
            break
        }
        if draftPending, isDirty, saving == nil,
            lastDraftAt.map({ micros - $0 >= RowSession.draftIntervalMicroseconds }) ?? true
        {
            effects.append(writeDraftEffect())
        } else if !isDirty, draftOnDisk, saving == nil, !screens.contains(.conflict) {
            effects.append(deleteDraftEffect())
        }
        return effects
    }

    // MARK: - Drafts

    /// After every edit: the draft is written at once every 50 keystrokes, else by the tick (2 s).
    mutating func noteEdit() -> [EditorEffect] {
        draftPending = true
        keystrokesSinceDraft += 1
        if keystrokesSinceDraft >= RowSession.draftKeystrokes, isDirty {
            return [writeDraftEffect()]
        }
        return []
    }

    mutating func writeDraftEffect() -> EditorEffect {
        draftPending = false
        draftOnDisk = true
        keystrokesSinceDraft = 0
        lastDraftAt = now
        return .writeDraft(makeDraft())
    }

    mutating func deleteDraftEffect() -> EditorEffect {
        draftPending = false
        draftOnDisk = false
        keystrokesSinceDraft = 0
        return .deleteDraft
    }

    /// The journal of my edits: typed values, or the raw text of a value that does not parse yet.
    func makeDraft() -> Draft {
        var edits: [String: Value] = [:]
        for name in dirtyColumns {
            switch parsedValue(name) {
            case .success(let v): edits[name] = v
            case .failure: edits[name] = .text(fields[name]?.editor.text ?? "")
            }
        }
        var base = record
        if let parked = parkedConflict {
            // Conflicts left open must open again on recovery: journal against the version my edits started from.
            base = parked.base
            for name in focusable where edits[name] == nil && record[name] != base[name] { edits[name] = record[name] }
        }
        return Draft(
            table: schema.table, key: record.key, base: base, edits: edits,
            focusedColumn: focusedColumn, cursor: focusedColumn.flatMap { fields[$0]?.editor.cursor } ?? 0,
            owner: config.owner)
    }

    // MARK: - Failures

    mutating func handleFailure(_ text: String, connectionLost: Bool) -> [EditorEffect] {
        let wasSaving = saving != nil
        saving = nil
        goneHolder = .none
        guard connectionLost else {
            say(text + (wasSaving ? localized("status.failure.notSaved") : ""), .error)
            return []
        }
        say(
            text + localized(isDirty ? "status.connectionLost.draft" : "status.connectionLost")
                + (wasSaving ? localized("status.connectionLost.saving") : ""), .error)
        if case .claiming = claim {
            claim = .none
            autoClaimSentFor = nil
            retryClaimAt = now.map { $0 + RowSession.retryMicroseconds } ?? Int64.min
        }
        return isDirty ? [writeDraftEffect()] : []
    }
}
