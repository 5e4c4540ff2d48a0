import RecEditCore

extension EditorState {
    var fencingToken: Int64? { config.lockMode == .exclusive ? heldToken : nil }

    // MARK: - Saving

    mutating func save() -> [EditorEffect] {
        if let reason = formLockReason {
            say("Cannot save: \(reason)" + (config.readOnly ? "" : lockHint), .warning)
            return []
        }
        if saving != nil {
            say("Still saving...")
            return []
        }
        var changes: [String: Value] = [:]
        for name in dirtyColumns {
            switch parsedValue(name) {
            case .failure(let e):
                if let i = focusable.firstIndex(of: name), i != focus { focusField(i) }
                fieldErrors[name] = e.message
                say(e.message, .error)
                return []
            case .success(let v):
                if v != record[name] { changes[name] = v }
            }
        }
        guard !changes.isEmpty else {
            // Text that reads as the same value ("02" for 2): nothing to write.
            if isDirty { resetEditorsKeepingCursors(to: record) }
            say("No changes to save")
            return draftOnDisk ? [deleteDraftEffect()] : []
        }
        saving = PendingSave(sentTexts: currentTexts)
        say("Saving...")
        return [.save(changes: changes, expected: record.updatedAt, fencingToken: fencingToken)]
    }

    mutating func handleSaveFinished(_ outcome: SaveOutcome, writer: String?) -> [EditorEffect] {
        let pending = saving
        saving = nil
        switch outcome {
        case .saved(let row):
            return saved(row, pending: pending)
        case .stale(let current):
            if config.lockMode == .exclusive, pending?.recreate != true, !holdsClaim(in: current.edit) {
                // My claim went to someone else: their fencing token refused my save.
                var effects = claimLost(current.edit)
                remoteNotice = (current, writer)
                effects += isDirty && !effects.contains(where: { if case .writeDraft = $0 { true } else { false } }) ? [writeDraftEffect()] : []
                return effects
            }
            return startMerge(theirs: current, writer: writer, origin: .save)
        case .deleted:
            return rowDeleted(by: nil)
        }
    }

    func holdsClaim(in edit: EditInfo) -> Bool {
        guard case .held(let token, _) = claim else { return false }
        return edit.state == .editing && edit.owner == config.owner && edit.token == token
    }

    mutating func saved(_ row: Record, pending: PendingSave?) -> [EditorEffect] {
        let sent = pending?.sentTexts ?? [:]
        let wasDeleted = pending?.recreate == true
        let oldBase = record
        record = row
        remoteNotice = nil
        deletedNotice = nil
        for name in focusable {
            guard var editor = editors[name] else { continue }
            // Fields typed into while the save was on its way keep the newer text.
            let untouchedSinceSend = sent[name].map { $0 == editor.text } ?? (editor.text == ValueParser.editableText(oldBase[name]))
            if untouchedSinceSend {
                let cursor = editor.cursor
                editor.setCharacters(baseCharacters[name] ?? LineEditor.split(ValueParser.editableText(row[name])), cursor: cursor)
                editors[name] = editor
                fieldErrors[name] = nil
            }
        }
        if case .conflict = screen { screen = .form }
        if case .deleted = screen { screen = .form }
        var text = (wasDeleted ? "Re-created " : "Saved ") + row.updatedAt
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

    mutating func rowDeleted(by writer: String?) -> [EditorEffect] {
        saving = nil
        reviewRequested = false
        deletedNotice = "This row was deleted by \(writer ?? "someone else")."
        screen = .deleted
        if case .held = claim { claim = .none }
        say("The row was deleted; r re-creates it from your values, q quits", .error)
        return isDirty ? [writeDraftEffect()] : []
    }

    // MARK: - Merging

    /// Three-way merge of my edits (over the base) with `theirs`: clean merges fill the form (and,
    /// after a stale save, are saved again); conflicts, or review mode, open the Conflict screen.
    mutating func startMerge(theirs: Record, writer: String?, origin: ConflictScreen.Origin) -> [EditorEffect] {
        let base = record
        let mine = mineRecord
        let merge = RecordMerge.merge(base: base, mine: mine, theirs: theirs, schema: schema)
        let theirsUnchanged = theirs.changedColumns(from: base, in: schema).isEmpty
        let who = writer ?? (origin == .save ? "another writer" : "another program")
        remoteNotice = nil
        if !merge.hasConflicts && (config.mergeMode == .auto || theirsUnchanged) {
            adoptMerged(merge, theirs: theirs)
            let note = mergeNote(merge, who: who)
            switch origin {
            case .save:
                guard let changes = merge.changesOverTheirs(), !changes.isEmpty else {
                    say("\(note); your changes were already there, nothing to save", .success)
                    return [deleteDraftEffect()]
                }
                saving = PendingSave(sentTexts: currentTexts, note: note)
                say("Row changed by \(who): merging and saving again...")
                return [.save(changes: changes, expected: theirs.updatedAt, fencingToken: fencingToken)]
            case .reload:
                if isDirty {
                    say("\(note); Ctrl-S to save", .warning)
                    draftPending = true
                } else {
                    say("\(note); nothing of yours to save", .success)
                    return draftOnDisk ? [deleteDraftEffect()] : []
                }
            case .recovery:
                let n = dirtyColumns.count
                say("Recovered \(n) edit\(n == 1 ? "" : "s") from the draft" + (theirsUnchanged ? "" : "; " + note) + "; Ctrl-S to save", .warning)
                draftPending = true
            }
            return []
        }
        screen = .conflict(ConflictScreen(merge: merge, base: base, mine: mine, theirs: theirs, writer: writer, origin: origin))
        let open = merge.conflicts.count
        say(open == 0 ? "Review the changes from \(who): Ctrl-S saves, Esc goes back to the form"
            : "\(open) conflict\(open == 1 ? "" : "s") with \(who): m mine, t theirs, b base, e edit; Ctrl-S saves",
            open == 0 ? .info : .warning)
        return isDirty ? [writeDraftEffect()] : []
    }

    func mergeNote(_ merge: RecordMerge, who: String) -> String {
        var fields = merge.takenFromTheirs
        fields += merge.textMerged.map { "\($0) (lines merged)" }
        return fields.isEmpty ? "merged with \(who)'s version (no field of theirs differs)" : "merged from \(who): " + fields.joined(separator: ", ")
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
            guard var editor = editors[name] else { continue }
            let text = ValueParser.editableText(values[name] ?? base[name])
            if editor.text != text {
                editor.setText(text, cursor: min(editor.cursor, LineEditor(text: text).characters.count))
                editors[name] = editor
            }
        }
        fieldErrors = [:]
    }

    mutating func resetEditorsKeepingCursors(to base: Record) {
        var values: [String: Value] = [:]
        for name in focusable { values[name] = base[name] }
        adoptValues(values, base: base)
    }

    /// Ctrl-S on the Conflict screen: a checked save of the resolution against theirs.
    mutating func saveResolution(_ c: inout ConflictScreen) -> [EditorEffect] {
        guard let values = c.resolvedValues else {
            let open = c.unresolvedCount
            if let first = c.entries.firstIndex(where: { !$0.isResolved }) { c.selected = first }
            say("\(open) field\(open == 1 ? " is" : "s are") still in conflict: m/t/b or M/T, or e to edit", .error)
            return []
        }
        if config.readOnly {
            say("Read-only mode: cannot save", .warning)
            return []
        }
        if config.lockMode == .exclusive, heldToken == nil {
            say("Cannot save: \(formLockReason ?? "the row is not claimed")", .warning)
            return []
        }
        let theirs = c.theirs
        adoptValues(values, base: theirs)
        screen = .form
        var changes: [String: Value] = [:]
        for (name, v) in values where v != theirs[name] { changes[name] = v }
        guard !changes.isEmpty else {
            say("Resolved: the row already holds these values, nothing to save", .success)
            return [deleteDraftEffect()]
        }
        saving = PendingSave(sentTexts: currentTexts, note: "conflicts with \(c.writerName) resolved", resolvesConflict: true)
        say("Saving the resolution...")
        return [.save(changes: changes, expected: theirs.updatedAt, fencingToken: fencingToken)]
    }

    /// Esc on the Conflict screen: back to the form with the resolution so far (open fields keep
    /// mine), the base now theirs so the next save is checked against their version.
    mutating func backToForm(from c: ConflictScreen) {
        let open = c.unresolvedCount
        adoptValues(c.valuesKeepingMineForOpen, base: c.theirs)
        screen = .form
        if open > 0 {
            say("\(open) open conflict\(open == 1 ? "" : "s") kept as mine; Ctrl-S saves against \(c.writerName)'s version", .warning)
        } else {
            say("Resolution kept, not saved yet; Ctrl-S saves against \(c.writerName)'s version", .warning)
        }
        draftPending = true
    }

    /// y on the recovery prompt: the draft's base is the merge base, its edits are mine, the row now is theirs.
    mutating func recover(_ draft: Draft) -> [EditorEffect] {
        let current = record
        record = draft.base
        var mine = draft.base
        for (name, v) in draft.edits where focusable.contains(name) { mine.fields[name] = v }
        for name in focusable {
            editors[name] = LineEditor(text: ValueParser.editableText(mine[name]), cursor: 0)
        }
        if let col = draft.focusedColumn, let i = focusable.firstIndex(of: col) {
            focus = i
            editors[col]?.setCursor(draft.cursor)
        }
        hscroll = 0
        return startMerge(theirs: current, writer: nil, origin: .recovery)
    }

    // MARK: - Live changes

    mutating func handleReload(_ row: Record?, writer: String?) -> [EditorEffect] {
        let requested = reviewRequested
        reviewRequested = false
        guard let row else {
            if case .deleted = screen { return [] }
            return rowDeleted(by: writer)
        }
        let effects = observeEdit(row.edit)
        if case .deleted = screen { return effects }
        guard row.updatedAt != record.updatedAt else {
            record.edit = row.edit
            if requested { say("No changes since you loaded the row") }
            return effects
        }
        // My own save coming back through the change feed: the save result will tell.
        if saving != nil || (writer != nil && writer == config.owner) {
            return effects
        }
        let who = writer ?? "another program"
        if row.changedColumns(from: record, in: schema).isEmpty && row.key == record.key {
            // Only the stamp moved: nothing to merge.
            record = row
            if requested { say("No field changes since you loaded the row") }
            return effects
        }
        if isShowingConflict {
            remoteNotice = (row, writer)
            say("Changed again by \(who) at \(clock(row.updatedAt)); saving will show it", .warning)
            return effects
        }
        if !isDirty {
            let fields = row.changedColumns(from: record, in: schema)
            resetEditorsKeepingCursors(to: row)
            remoteNotice = nil
            say("Updated by \(who) at \(clock(row.updatedAt)): " + fields.joined(separator: ", "))
            return effects
        }
        if requested {
            return effects + startMerge(theirs: row, writer: writer, origin: .reload)
        }
        remoteNotice = (row, writer)
        say("changed by \(who) at \(clock(row.updatedAt)) \u{2014} Ctrl-R to merge", .warning)
        return effects
    }
}
