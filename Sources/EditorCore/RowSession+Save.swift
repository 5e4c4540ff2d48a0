import RecEditCore

extension RowSession {
    var fencingToken: Int64? { config.lockMode == .exclusive ? heldToken : nil }

    // MARK: - Saving

    mutating func save(screens: inout ScreenStack) -> [EditorEffect] {
        if let reason = formLockReason {
            say(localized("status.cannotSave", ["reason": reason]) + (config.readOnly ? "" : lockHint), .warning)
            return []
        }
        if saving != nil {
            say(localized("status.stillSaving"))
            return []
        }
        if recoveryPending {
            say(localized("status.stillReadingForDraft"))
            return []
        }
        if isNew { return insertNewRow() }
        guard let edited = dirtyValues() else { return [] }
        let changes = edited.filter { $0.value != record[$0.key] }
        if let parked = parkedConflict {
            // Fields are still in conflict: never save over theirs from the form; show the screen again.
            return reopenConflict(parked, theirs: parked.theirs, writer: parked.writer, screens: &screens)
        }
        guard !changes.isEmpty else {
            // Text that reads as the same value ("02" for 2): nothing to write; the fields show the row's text.
            if fields.values.contains(where: \.isEdited) { resetEditorsKeepingCursors(to: record) }
            say(localized("status.noChanges"))
            return draftOnDisk ? [deleteDraftEffect()] : []
        }
        saving = PendingSave(sentTexts: currentTexts)
        say(localized("status.saving"))
        return [.save(changes: changes, expected: record.updatedAt, fencingToken: fencingToken)]
    }

    mutating func handleSaveFinished(_ outcome: SaveOutcome, writer: String?, history: [HistoryEntry] = [], screens: inout ScreenStack) -> [EditorEffect] {
        let pending = saving
        saving = nil
        switch outcome {
        case .saved(let row):
            return saved(row, pending: pending, screens: &screens)
        case .stale(let current):
            if config.lockMode == .exclusive, pending?.recreate != true, !holdsClaim(in: current.edit) {
                // My claim went to someone else: their fencing token refused my save.
                var effects = claimLost(current.edit)
                remoteNotice = (current, writer)
                effects += isDirty && !effects.contains(where: { if case .writeDraft = $0 { true } else { false } }) ? [writeDraftEffect()] : []
                return effects
            }
            return startMerge(theirs: current, writer: writer, origin: .save, history: history, screens: &screens)
        case .deleted:
            return rowDeleted(by: nil, screens: &screens)
        case .locked(let current):
            // Someone else holds the row locked (their exclusive mode): nothing was written.
            let owner = current.edit.owner ?? localized("status.someone")
            var effects: [EditorEffect] = []
            if case .held = claim {
                effects = claimLost(current.edit)
            } else {
                noteHolder(from: current.edit)
                claim = .busy(owner: owner, leaseUntil: current.edit.leaseUntil)
            }
            remoteNotice = current.updatedAt != record.updatedAt ? (current, writer) : remoteNotice
            say(localized(isDirty ? "status.notSavedLocked.draft" : "status.notSavedLocked", ["owner": owner]), .error)
            if isDirty, !effects.contains(where: { if case .writeDraft = $0 { true } else { false } }) { effects.append(writeDraftEffect()) }
            return effects
        }
    }

    func holdsClaim(in edit: EditInfo) -> Bool {
        guard case .held(let token, _) = claim else { return false }
        return edit.state.isClaimed && edit.owner == config.owner && edit.token == token
    }

    mutating func saved(_ row: Record, pending: PendingSave?, screens: inout ScreenStack) -> [EditorEffect] {
        let sent = pending?.sentTexts ?? [:]
        let wasDeleted = pending?.recreate == true
        let oldBase = record
        record = row
        remoteNotice = nil
        deletedNotice = nil
        parkedConflict = nil
        for name in focusable {
            guard let editor = fields[name]?.editor else { continue }
            // Fields typed into while the save was on its way keep the newer text.
            let untouchedSinceSend = sent[name].map { $0 == editor.text } ?? (editor.text == ValueParser.editableText(oldBase[name]))
            if untouchedSinceSend {
                fields[name]!.set(row[name], characters: baseCharacters[name], cursor: editor.cursor)
                fieldErrors[name] = nil
            }
        }
        screens.close(.conflict)
        screens.close(.deletedRow)
        var text = localized(wasDeleted ? "status.recreated" : "status.saved", ["time": row.updatedAt])
        if let note = pending?.note { text += "; " + note }
        say(text, .success)
        var effects: [EditorEffect] = []
        if isDirty {
            draftPending = true
        } else {
            effects.append(deleteDraftEffect())
        }
        if wasDeleted, !config.readOnly {
            claim = .claiming
            effects.append(.claim)
        }
        return effects
    }

    mutating func rowDeleted(by writer: String?, screens: inout ScreenStack) -> [EditorEffect] {
        saving = nil
        reviewRequested = false
        deletedNotice = localized("dialog.deleted.by", ["who": writer ?? localized("status.someoneElse")])
        screens.present(DeletedRowScreen())
        if case .held = claim { claim = .none }
        say(localized("status.rowDeleted"), .error)
        return isDirty ? [writeDraftEffect()] : []
    }

    // MARK: - Merging

    /// Three-way merge of my edits (over the base) with `theirs`: clean merges fill the form (and,
    /// after a stale save, are saved again); conflicts, or review mode, open the Conflict screen.
    /// `history` (the row's replaced versions) names who wrote each field taken from theirs.
    mutating func startMerge(
        theirs: Record, writer: String?, origin: ConflictScreen.Origin, history: [HistoryEntry] = [],
        screens: inout ScreenStack
    ) -> [EditorEffect] {
        if let parked = parkedConflict {
            // Open conflicts are merged against the newer row from the version they started from.
            return reopenConflict(parked, theirs: theirs, writer: writer, screens: &screens)
        }
        let base = record
        let mine = mineRecord
        let merge = RecordMerge.merge(base: base, mine: mine, theirs: theirs, schema: schema)
        let theirsUnchanged = theirs.changedColumns(from: base, in: schema).isEmpty
        let who = writer ?? (origin == .save ? localized("status.anotherWriter") : localized("status.anotherProgram"))
        remoteNotice = nil
        if !merge.hasConflicts && (config.mergeMode == .auto || theirsUnchanged) {
            adoptMerged(merge, theirs: theirs)
            let writers = FieldWriters.writers(base: base, current: theirs, currentWriter: writer, history: history, schema: schema)
            let note = mergeNote(merge, writers: writers, writer: writer, who: who)
            switch origin {
            case .save:
                guard let changes = merge.changesOverTheirs(), !changes.isEmpty else {
                    say(localized("status.merge.alreadyThere", ["note": note]), .success)
                    return [deleteDraftEffect()]
                }
                saving = PendingSave(sentTexts: currentTexts, note: note)
                say(localized("status.merge.savingAgain", ["who": who]))
                return [.save(changes: changes, expected: theirs.updatedAt, fencingToken: fencingToken)]
            case .reload:
                if isDirty {
                    say(localized("status.merge.ctrlS", ["note": note]), .warning)
                    draftPending = true
                } else {
                    say(localized("status.merge.nothingOfYours", ["note": note]), .success)
                    return draftOnDisk ? [deleteDraftEffect()] : []
                }
            case .recovery:
                let n = dirtyColumns.count
                say(
                    localized(n == 1 ? "status.recovered.one" : "status.recovered.other", ["n": String(n)])
                        + (theirsUnchanged ? "" : localized("status.separator") + note) + localized("status.ctrlSToSave"), .warning)
                draftPending = true
            }
            return []
        }
        screens.present(ConflictScreen(merge: merge, base: base, mine: mine, theirs: theirs, writer: writer, origin: origin))
        let open = merge.conflicts.count
        say(
            open == 0
                ? localized("status.conflict.review", ["who": who])
                : localized(open == 1 ? "status.conflict.open.one" : "status.conflict.open.other", ["n": String(open), "who": who]),
            open == 0 ? .info : .warning)
        return isDirty ? [writeDraftEffect()] : []
    }

    /// "merged from bob@vm:1: title, status; alice@vm:2: body (lines merged)": each field with who wrote it.
    func mergeNote(_ merge: RecordMerge, writers: [String: String?], writer: String?, who: String) -> String {
        var fields = merge.takenFromTheirs.map { (column: $0, label: $0) }
        fields += merge.textMerged.map { (column: $0, label: localized("status.linesMerged", ["field": $0])) }
        guard !fields.isEmpty else { return localized("status.mergedNoDiff", ["who": who]) }
        // A field whose version no recedit process wrote: "another program" (unless nobody is known at all).
        return localized(
            "status.mergedFrom",
            ["what": FieldWriters.describe(fields, writers: writers, fallback: writer, unknown: writer == nil ? who : localized("status.anotherProgram"))])
    }

    /// The form now shows the merge's values over `theirs`, which becomes the base.
    mutating func adoptMerged(_ merge: RecordMerge, theirs: Record) {
        var values: [String: Value] = [:]
        for f in merge.fields { values[f.column] = f.merged ?? f.mine }
        adoptValues(values, base: theirs)
    }

    mutating func adoptValues(_ values: [String: Value], base: Record) {
        record = base
        for name in focusable {
            guard let cursor = fields[name]?.editor.cursor else { continue }
            let value = values[name] ?? base[name]
            fields[name]!.set(value, characters: value == base[name] ? baseCharacters[name] : nil, cursor: cursor)
        }
        fieldErrors = [:]
    }

    mutating func resetEditorsKeepingCursors(to base: Record) {
        var values: [String: Value] = [:]
        for name in focusable { values[name] = base[name] }
        adoptValues(values, base: base)
    }

    /// Ctrl-S on the Conflict screen: a checked save of the resolution against theirs.
    mutating func saveResolution(_ c: inout ConflictScreen, screens: inout ScreenStack) -> [EditorEffect] {
        guard let values = c.resolvedValues else {
            let open = c.unresolvedCount
            if let first = c.entries.firstIndex(where: { !$0.isResolved }) { c.selected = first }
            say(localized(open == 1 ? "status.stillConflict.one" : "status.stillConflict.other", ["n": String(open)]), .error)
            return []
        }
        if config.readOnly {
            say(localized("status.readOnlyCannotSave"), .warning)
            return []
        }
        if heldByOtherExclusively {
            say(localized("status.cannotSave", ["reason": formLockReason ?? localized("status.reason.rowNotClaimed")]), .warning)
            return []
        }
        let theirs = c.theirs
        adoptValues(values, base: theirs)
        screens.close(.conflict)
        var changes: [String: Value] = [:]
        for (name, v) in values where v != theirs[name] { changes[name] = v }
        guard !changes.isEmpty else {
            say(localized("status.resolvedNothing"), .success)
            return [deleteDraftEffect()]
        }
        saving = PendingSave(sentTexts: currentTexts, note: localized("status.conflictsResolved", ["who": c.writerName]), resolvesConflict: true)
        say(localized("status.savingResolution"))
        return [.save(changes: changes, expected: theirs.updatedAt, fencingToken: fencingToken)]
    }

    /// Esc on the Conflict screen: back to the form with the resolution so far, the base now theirs.
    /// Fields still in conflict stay open: the form shows my text for them, marked, and Ctrl-S (or a merge)
    /// brings the Conflict screen back rather than saving over theirs.
    mutating func backToForm(from c: ConflictScreen, screens: inout ScreenStack) {
        let open = c.entries.filter { !$0.isResolved }.map(\.column)
        adoptValues(c.valuesKeepingMineForOpen, base: c.theirs)
        screens.close(.conflict)
        if open.isEmpty {
            parkedConflict = nil
            say(localized("status.resolutionKept", ["who": c.writerName]), .warning)
        } else {
            parkedConflict = c
            parkedTexts = currentTexts
            say(localized("status.stillInConflictWith", ["who": c.writerName, "fields": open.joined(separator: ", ")]), .warning)
        }
        draftPending = true
    }

    /// The Conflict screen again for a conflict left open with Esc: my form values against `theirs`, from the
    /// version my edits started from. Choices made before carry over for fields untouched since on both sides.
    mutating func reopenConflict(_ parked: ConflictScreen, theirs: Record, writer: String?, screens: inout ScreenStack) -> [EditorEffect] {
        parkedConflict = nil
        let mine = mineRecord
        let merge = RecordMerge.merge(base: parked.base, mine: mine, theirs: theirs, schema: schema)
        var c = ConflictScreen(merge: merge, base: parked.base, mine: mine, theirs: theirs, writer: writer ?? parked.writer, origin: parked.origin)
        for i in c.entries.indices {
            let name = c.entries[i].column
            guard let before = parked.entries.first(where: { $0.column == name }),
                fields[name]?.editor.text == parkedTexts[name], theirs[name] == parked.theirs[name]
            else { continue }
            c.entries[i].resolution = before.resolution
            c.entries[i].hunkChoices = before.hunkChoices
        }
        if let first = c.entries.firstIndex(where: { !$0.isResolved }) { c.selected = first }
        screens.present(c)
        let open = c.unresolvedCount
        say(
            open == 0
                ? localized("status.allResolved", ["who": c.writerName])
                : localized(open == 1 ? "status.conflict.stillOpen.one" : "status.conflict.stillOpen.other", ["n": String(open), "who": c.writerName]),
            open == 0 ? .info : .warning)
        return isDirty ? [writeDraftEffect()] : []
    }

    /// y on the recovery prompt: the draft's base is the merge base, its edits are mine, the row now is theirs
    /// (read again with its history when it changed since the draft's base, to name who wrote what).
    mutating func recover(_ draft: Draft, screens: inout ScreenStack) -> [EditorEffect] {
        let current = record
        record = draft.base
        var mine = draft.base
        for (name, v) in draft.edits where focusable.contains(name) { mine.fields[name] = v }
        for name in focusable {
            fields[name]?.set(mine[name], cursor: 0)
            fields[name]?.editor.setCursor(0)
        }
        if let col = draft.focusedColumn, let i = focusable.firstIndex(of: col) {
            focus = i
            fields[col]?.editor.setCursor(draft.cursor)
        }
        focusMoves += 1
        guard current.updatedAt == draft.base.updatedAt else {
            recoveryPending = true
            say(localized("status.recoveringDraft"))
            return [.reload]
        }
        return startMerge(theirs: current, writer: nil, origin: .recovery, screens: &screens)
    }

    // MARK: - Live changes

    mutating func handleReload(_ row: Record?, writer: String?, history: [HistoryEntry] = [], screens: inout ScreenStack) -> [EditorEffect] {
        let requested = reviewRequested
        reviewRequested = false
        let recovering = recoveryPending
        recoveryPending = false
        guard let row else {
            if screens.contains(.deletedRow) { return [] }
            return rowDeleted(by: writer, screens: &screens)
        }
        let effects = observeEdit(row.edit)
        if screens.contains(.deletedRow) { return effects }
        if recovering {
            return effects + startMerge(theirs: row, writer: writer, origin: .recovery, history: history, screens: &screens)
        }
        guard row.updatedAt != record.updatedAt else {
            record.edit = row.edit
            if requested { say(localized("status.noChangesSinceLoad")) }
            return effects
        }
        // My own save coming back through the change feed: the save result will tell.
        if saving != nil || (writer != nil && writer == config.owner) {
            return effects
        }
        let who = writer ?? localized("status.anotherProgram")
        if row.changedColumns(from: record, in: schema).isEmpty && row.key == record.key {
            // Only the stamp moved: nothing to merge.
            record = row
            if requested { say(localized("status.noFieldChangesSinceLoad")) }
            return effects
        }
        if screens.contains(.conflict) {
            remoteNotice = (row, writer)
            say(localized("status.changedAgain", ["who": who, "time": clock(row.updatedAt)]), .warning)
            return effects
        }
        if !isDirty {
            let fields = row.changedColumns(from: record, in: schema)
            resetEditorsKeepingCursors(to: row)
            remoteNotice = nil
            say(localized("status.updatedBy", ["who": who, "time": clock(row.updatedAt), "fields": fields.joined(separator: ", ")]))
            return effects
        }
        if requested {
            return effects + startMerge(theirs: row, writer: writer, origin: .reload, history: history, screens: &screens)
        }
        remoteNotice = (row, writer)
        say(localized("status.changedRemote", ["who": who, "time": clock(row.updatedAt)]), .warning)
        return effects
    }
}
