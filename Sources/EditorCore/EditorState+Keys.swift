import RecEditCore

extension EditorState {
    mutating func handleKey(_ key: Key) -> [EditorEffect] {
        if showingHelp {
            // Any key closes the help; it does nothing else.
            showingHelp = false
            return []
        }
        if confirmingQuit { return answerQuit(key) }
        if key == .function(1) || key == .control("g") {
            showingHelp = true
            return []
        }
        switch screen {
        case .form: return handleFormKey(key)
        case .conflict(var conflict):
            let effects = handleConflictKey(key, &conflict)
            if case .conflict = screen { screen = .conflict(conflict) }
            return effects
        case .deleted: return handleDeletedKey(key)
        case .recoverDraft(let draft): return handleRecoverKey(key, draft: draft)
        }
    }

    /// The window is too small to show the form: keys that would act unseen are ignored. Ctrl-Q quits
    /// (asking first when there are unsaved changes, in words that fit the window); Ctrl-C says so.
    mutating func handleKeyWhileTooSmall(_ key: Key) -> [EditorEffect] {
        if confirmingQuit { return answerQuit(key) }
        switch key {
        case .control("q"):
            showingHelp = false
            switch screen {
            case .recoverDraft, .deleted: return handleKey(key)
            case .form, .conflict: return requestQuit()
            }
        case .control("c"):
            say(EditorState.ctrlCHint)
            return []
        default:
            return []
        }
    }

    // MARK: - The form

    mutating func handleFormKey(_ key: Key) -> [EditorEffect] {
        switch key {
        case .control("q"): return requestQuit()
        case .control("s"): return save()
        case .control("c"): say(EditorState.ctrlCHint)
        case .control("r"):
            reviewRequested = true
            say("Checking the row for changes...")
            return [.reload]
        case .control("o"): return editExternally()
        case .control("t"): return takeOver()
        case .tab: moveFocus(by: 1, wrap: true)
        case .backTab: moveFocus(by: -1, wrap: true)
        case .up:
            if isMultiline(focusedName), editors[focusedName]?.moveUp() == true { return [] }
            moveFocus(by: -1, wrap: false, enterAtEnd: true)
        case .down:
            if isMultiline(focusedName), editors[focusedName]?.moveDown() == true { return [] }
            moveFocus(by: 1, wrap: false)
        case .pageUp, .pageDown:
            let delta = key == .pageUp ? -1 : 1
            if isMultiline(focusedName) {
                let rows = max(1, (layout().item(focusedName)?.rows ?? 1) - 1)
                if editors[focusedName]?.moveLines(delta * rows) == true { return [] }
            }
            moveFocus(by: delta * max(1, layout().formRows - 1), wrap: false, enterAtEnd: delta < 0)
        case .enter:
            if isMultiline(focusedName) {
                return edit { $0.insert("\n") }
            }
            moveFocus(by: 1, wrap: false)
        case .escape:
            message = nil
        case .left, .control("b"): editors[focusedName]?.moveLeft()
        case .right, .control("f"): editors[focusedName]?.moveRight()
        case .home, .control("a"): editors[focusedName]?.moveToLineStart()
        case .end, .control("e"): editors[focusedName]?.moveToLineEnd()
        case .character(let c): return edit { $0.insert(String(c)) }
        case .backspace, .control("h"): return edit { $0.backspace() }
        case .delete, .control("d"): return edit { $0.deleteForward() }
        case .control("k"): return edit { $0.killToEnd() }
        case .control("u"): return edit { $0.killToStart() }
        case .control("w"): return edit { $0.deleteWordBackward() }
        default: break
        }
        return []
    }

    var focusedName: String { focusedColumn ?? "" }

    /// Ctrl-C does not quit (it is a key like any other in the editor): say what does.
    static let ctrlCHint = "Ctrl-C does nothing here; Ctrl-Q quits"

    /// Applies an edit to the focused field unless the form is locked.
    mutating func edit(_ change: (inout LineEditor) -> Void) -> [EditorEffect] {
        guard let name = focusedColumn, editors[name] != nil else { return [] }
        if let reason = formLockReason {
            say("Read-only: \(reason)" + (config.readOnly ? "" : lockHint), .warning)
            return []
        }
        // In place: a copy of the editor would copy the whole text on the first change.
        let before = editors[name]!.revision
        let wasDirty = isFieldDirty(name)
        change(&editors[name]!)
        guard editors[name]!.revision != before else { return [] }
        fieldErrors[name] = nil
        if case .error? = message?.kind { message = nil }
        if !wasDirty { warnIfInvalidBytesTouched(name) }
        return noteEdit()
    }

    /// The first edit of a field whose text is not valid UTF-8: say that it will be saved as shown.
    mutating func warnIfInvalidBytesTouched(_ name: String) {
        guard case .textBytes = record[name] else { return }
        say("\(name) held bytes that are not UTF-8, shown as \\xNN; saving writes the text as you see it", .warning)
    }

    var lockHint: String {
        if case .busy = claim { return "; Ctrl-T takes over when the lease has expired" }
        if case .lost = claim { return "; Ctrl-T claims the row again" }
        return ""
    }

    /// Checks a field's text against its column type; on failure the error goes to the status bar.
    @discardableResult
    mutating func validate(_ name: String) -> Bool {
        switch parsedValue(name) {
        case .success:
            fieldErrors[name] = nil
            return true
        case .failure(let e):
            fieldErrors[name] = e.message
            say(e.message, .error)
            return false
        }
    }

    /// Moves the focus, checking the field being left first (the focus stays on a bad value).
    mutating func moveFocus(by delta: Int, wrap: Bool, enterAtEnd: Bool = false) {
        guard !focusable.isEmpty else { return }
        if let name = focusedColumn, !validate(name) { return }
        var next = focus + delta
        if wrap {
            next = ((next % focusable.count) + focusable.count) % focusable.count
        } else {
            next = min(max(0, next), focusable.count - 1)
        }
        guard next != focus else { return }
        if case .error? = message?.kind { message = nil }
        focusField(next, enterAtEnd: enterAtEnd)
    }

    mutating func focusField(_ index: Int, enterAtEnd: Bool = false) {
        focus = index
        hscroll = 0
        let name = focusable[index]
        guard var editor = editors[name] else { return }
        if isMultiline(name) {
            if enterAtEnd {
                editor.setCursor(editor.lineRange(editor.lineCount - 1).lowerBound)
            } else {
                editor.setCursor(0)
            }
        } else {
            editor.moveToEnd()
        }
        editors[name] = editor
    }

    mutating func takeOver() -> [EditorEffect] {
        guard !config.readOnly else {
            say("Read-only mode: the row is not claimed", .warning)
            return []
        }
        switch claim {
        case .held:
            say("You already hold the row")
            return []
        case .claiming:
            say("Claiming the row...")
            return []
        case .busy(let owner, _):
            waitedFor = owner
            claim = .claiming
            say("Claiming the row (an expired lease is taken over)...")
            return [.claim]
        case .lost, .none:
            claim = .claiming
            say("Claiming the row (an expired lease is taken over)...")
            return [.claim]
        }
    }

    mutating func editExternally() -> [EditorEffect] {
        guard let name = focusedColumn, let editor = editors[name] else { return [] }
        if let reason = formLockReason {
            say("Read-only: \(reason)", .warning)
            return []
        }
        externalColumn = name
        say("Editing \(name) in the external editor...")
        return [.editExternally(text: editor.text)]
    }

    mutating func handleExternalEditFailure(_ reason: String) -> [EditorEffect] {
        guard let name = externalColumn else { return [] }
        externalColumn = nil
        say("\(reason); \(name) is unchanged", .error)
        return []
    }

    mutating func handleExternalEdit(_ text: String?) -> [EditorEffect] {
        guard let name = externalColumn, var editor = editors[name] else { return [] }
        externalColumn = nil
        guard var text else {
            say("External edit cancelled; \(name) is unchanged", .warning)
            return []
        }
        // Editors end files with a newline; drop it unless the value had one.
        if text.hasSuffix("\n"), !editor.text.hasSuffix("\n") { text.removeLast() }
        if text.hasSuffix("\r"), !editor.text.hasSuffix("\r") { text.removeLast() }
        guard text != editor.text else {
            say("\(name) is unchanged")
            return []
        }
        let wasDirty = isFieldDirty(name)
        editor.setText(text, cursor: 0)
        editors[name] = editor
        fieldErrors[name] = nil
        say("\(name) updated from the external editor")
        if !wasDirty { warnIfInvalidBytesTouched(name) }
        if let i = focusable.firstIndex(of: name) { focus = i }
        let effects = noteEdit()
        validate(name)
        return effects
    }

    // MARK: - Quit

    mutating func requestQuit() -> [EditorEffect] {
        if isDirty || isShowingConflict {
            confirmingQuit = true
            return []
        }
        return quitEffects(discardDraft: draftOnDisk)
    }

    mutating func answerQuit(_ key: Key) -> [EditorEffect] {
        confirmingQuit = false
        if key == .character("y") || key == .character("Y") {
            return quitEffects(discardDraft: true)
        }
        say("Quit cancelled")
        return []
    }

    /// Releases the claim if held, then quits.
    mutating func quitEffects(discardDraft: Bool) -> [EditorEffect] {
        var effects: [EditorEffect] = []
        if discardDraft { effects.append(.deleteDraft) }
        if case .held(let token, _) = claim { effects.append(.release(token: token)) }
        effects.append(.quit)
        return effects
    }

    // MARK: - Prompts

    mutating func handleDeletedKey(_ key: Key) -> [EditorEffect] {
        switch key {
        case .character("r"), .character("R"):
            guard !config.readOnly else {
                say("Read-only mode: cannot re-create the row", .warning)
                return []
            }
            var fields = record.fields
            for (name, value) in mineRecord.fields { fields[name] = value }
            fields[schema.keyColumn] = record.key
            saving = PendingSave(sentTexts: currentTexts, note: nil, recreate: true)
            say("Re-creating the row...")
            return [.recreate(fields: fields)]
        case .character("q"), .character("Q"), .control("q"):
            var effects: [EditorEffect] = []
            if isDirty { effects.append(writeDraftEffect()) }
            effects.append(.quit)
            return effects
        case .control("s"):
            say("Cannot save: the row was deleted; r re-creates it from your values, q quits", .warning)
            return []
        case .control("c"):
            say("Ctrl-C does nothing here; q quits (your edits stay in the draft)")
            return []
        default:
            return []
        }
    }

    mutating func handleRecoverKey(_ key: Key, draft: Draft) -> [EditorEffect] {
        switch key {
        case .character("y"), .character("Y"):
            screen = .form
            let effects = recover(draft)
            if isDirty, !orphanQueue.isEmpty, let text = message?.text {
                let n = orphanQueue.count
                message?.text = text + " (\(n) more draft\(n == 1 ? "" : "s") of this row: offered once this is saved)"
            }
            // Settled first, so that a draft written by these effects already counts as holding its edits.
            return [.settleOrphanedDraft(draft, recovered: isDirty)] + effects
        case .character("n"), .character("N"):
            screen = .form
            say("Draft from \(draft.owner) discarded")
            return [.settleOrphanedDraft(draft, recovered: false)]
        case .control("q"):
            // Decide later: the draft stays where it is.
            return quitEffects(discardDraft: false)
        case .control("s"):
            say("Nothing to save yet: y recovers the draft, n discards it", .warning)
            return []
        case .control("c"):
            say("Ctrl-C does nothing here; y recovers the draft, n discards it, Ctrl-Q quits and keeps it")
            return []
        default:
            return []
        }
    }

    /// Offers the next orphaned draft once the form is clean and nothing else is being asked.
    mutating func offerNextOrphan() {
        guard !orphanQueue.isEmpty, case .form = screen, !isDirty, saving == nil, !confirmingQuit, !quitEmitted else { return }
        screen = .recoverDraft(orphanQueue.removeFirst())
    }

    var currentTexts: [String: String] {
        var out: [String: String] = [:]
        for (name, editor) in editors { out[name] = editor.text }
        return out
    }

    // MARK: - The Conflict screen

    mutating func handleConflictKey(_ key: Key, _ c: inout ConflictScreen) -> [EditorEffect] {
        if c.editor != nil { return handleConflictEditorKey(key, &c) }
        switch key {
        case .up, .character("k"): c.move(-1)
        case .down, .character("j"), .tab: c.move(1)
        case .backTab: c.move(-1)
        case .pageUp: c.move(-5)
        case .pageDown: c.move(5)
        case .home: c.move(-c.entries.count)
        case .end: c.move(c.entries.count)
        case .character("n"):
            if !c.moveHunk(1) { say("No hunks in this field; n/p move between hunks of a text conflict") }
        case .character("p"):
            if !c.moveHunk(-1) { say("No hunks in this field; n/p move between hunks of a text conflict") }
        case .character("m"): chooseInConflict(.mine, &c)
        case .character("t"): chooseInConflict(.theirs, &c)
        case .character("b"): chooseInConflict(.base, &c)
        case .character("2"):
            if c.selectedEntry?.hasHunks == true { chooseInConflict(.both, &c) } else {
                say("2 (mine then theirs) works on a hunk of a text conflict", .warning)
            }
        case .character("M"):
            let n = c.chooseAllOpen(.mine)
            say(n == 0 ? "Nothing left open" : "Kept mine for \(n) open field\(n == 1 ? "" : "s")")
        case .character("T"):
            let n = c.chooseAllOpen(.theirs)
            say(n == 0 ? "Nothing left open" : "Took theirs for \(n) open field\(n == 1 ? "" : "s")")
        case .character("e"), .enter:
            guard c.entries.indices.contains(c.selected) else { return [] }
            let name = c.entries[c.selected].column
            let text = c.editableResult(for: c.selected)
            let multiline = text.contains("\n") || (column(name).map { ($0.kind == .text || $0.kind == .any) && EditorState.multilineNames.contains(name.lowercased()) } ?? false)
            c.editor = LineEditor(text: text, cursor: multiline ? 0 : nil)
            c.editorMultiline = multiline
            say("Editing the result for \(name): Esc when done")
        case .control("s"): return saveResolution(&c)
        case .escape: backToForm(from: c)
        case .control("q"): return requestQuit()
        case .control("c"): say(EditorState.ctrlCHint)
        default: break
        }
        return []
    }

    mutating func chooseInConflict(_ choice: ConflictScreen.HunkChoice, _ c: inout ConflictScreen) {
        guard let entry = c.selectedEntry else { return }
        let hunkIndex = c.hunk
        guard c.choose(choice) else { return }
        let what: String
        switch choice {
        case .mine: what = "mine"
        case .theirs: what = "theirs"
        case .base: what = "base"
        case .both: what = "mine then theirs"
        }
        let open = c.unresolvedCount
        let rest = open == 0 ? "all resolved: Ctrl-S saves" : "\(open) open"
        if entry.hasHunks {
            say("\(entry.column) hunk \(hunkIndex + 1): \(what) (\(rest))")
        } else {
            say("\(entry.column): \(what) (\(rest))")
        }
    }

    mutating func handleConflictEditorKey(_ key: Key, _ c: inout ConflictScreen) -> [EditorEffect] {
        guard var editor = c.editor else { return [] }
        switch key {
        case .escape:
            acceptConflictEdit(&c)
            return []
        case .control("s"):
            acceptConflictEdit(&c)
            if c.editor == nil { return saveResolution(&c) }
            return []
        case .enter:
            if c.editorMultiline { editor.insert("\n") } else {
                c.editor = editor
                acceptConflictEdit(&c)
                return []
            }
        case .character(let ch): editor.insert(String(ch))
        case .backspace, .control("h"): editor.backspace()
        case .delete, .control("d"): editor.deleteForward()
        case .left, .control("b"): editor.moveLeft()
        case .right, .control("f"): editor.moveRight()
        case .home, .control("a"): editor.moveToLineStart()
        case .end, .control("e"): editor.moveToLineEnd()
        case .up: editor.moveUp()
        case .down: editor.moveDown()
        case .control("k"): editor.killToEnd()
        case .control("u"): editor.killToStart()
        case .control("w"): editor.deleteWordBackward()
        case .control("c"): say("Ctrl-C does nothing here; Esc ends editing the result")
        default: break
        }
        c.editor = editor
        return []
    }

    mutating func acceptConflictEdit(_ c: inout ConflictScreen) {
        guard let editor = c.editor, c.entries.indices.contains(c.selected) else { return }
        let name = c.entries[c.selected].column
        let value: Value
        if let col = column(name) {
            // The result keeps the storage class of what the editor started from (a blob stays a blob).
            let shown = c.entries[c.selected].value ?? c.entries[c.selected].field.mine
            do { value = try ValueParser.parse(editor.text, for: col, over: shown) } catch let e as ValueParseError {
                say(e.message, .error)
                return
            } catch {
                say("field '\(name)': not a valid value", .error)
                return
            }
        } else {
            value = .text(editor.text)
        }
        c.entries[c.selected].resolution = .edited(value)
        c.editor = nil
        let markers = editor.characters.split(separator: "\n").contains { $0.starts(with: Array("<<<<<<<")) || $0.starts(with: Array(">>>>>>>")) }
        if markers {
            say("\(name): edited result still holds conflict markers", .warning)
        } else {
            let open = c.unresolvedCount
            say("\(name): edited (\(open == 0 ? "all resolved: Ctrl-S saves" : "\(open) open"))")
        }
    }
}
