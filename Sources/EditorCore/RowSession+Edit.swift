import RecEditCore

/// Editing the fields, the focus, the external editor and quitting: what every screen of the row shares.
extension RowSession {
    var focusedName: String { focusedColumn ?? "" }

    /// Ctrl-C does not quit (it is a key like any other in the editor): say what does.
    static var ctrlCHint: String { localized("status.ctrlC") }

    /// The form's Ctrl-C hint, naming the quit key in force.
    var formCtrlCHint: String { localized("status.ctrlC.form", ["key": config.keyMap.firstName(.quit)]) }

    /// Applies an edit to the focused field unless the form is locked.
    mutating func edit(_ change: (inout LineEditor) -> Void) -> [EditorEffect] {
        guard let name = focusedColumn, fields[name] != nil else { return [] }
        if let reason = formLockReason {
            say(localized("status.readOnly", ["reason": reason]) + (config.readOnly ? "" : lockHint), .warning)
            return []
        }
        // In place: a copy of the editor would copy the whole text on the first change.
        let before = fields[name]!.editor.revision
        let wasDirty = isFieldDirty(name)
        change(&fields[name]!.editor)
        guard fields[name]!.editor.revision != before else { return [] }
        fieldErrors[name] = nil
        if case .error? = message?.kind { message = nil }
        if !wasDirty { warnIfInvalidBytesTouched(name) }
        if fields[name]!.kind.checksAsTyped { validate(name) }
        return noteEdit()
    }

    /// The first edit of a field whose text is not valid UTF-8: say that it will be saved as shown.
    mutating func warnIfInvalidBytesTouched(_ name: String) {
        guard case .textBytes = record[name] else { return }
        say(localized("status.notUTF8", ["field": name]), .warning)
    }

    var lockHint: String {
        let takeOver = config.keyMap.firstName(.takeOver)
        if case .busy = claim { return localized("status.hint.takeOver", ["key": takeOver]) }
        if case .lost = claim { return localized("status.hint.claimAgain", ["key": takeOver]) }
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
        focusMoves += 1
        let name = focusable[index]
        guard let editor = fields[name]?.editor else { return }
        if isMultiline(name) {
            fields[name]!.editor.setCursor(enterAtEnd ? editor.lineRange(editor.lineCount - 1).lowerBound : 0)
        } else {
            fields[name]!.editor.moveToEnd()
        }
    }

    mutating func takeOver() -> [EditorEffect] {
        guard !config.readOnly else {
            say(localized("status.readOnlyNotClaimed"), .warning)
            return []
        }
        switch claim {
        case .held:
            say(localized("status.alreadyHeld"))
            return []
        case .claiming:
            say(localized("status.claiming"))
            return []
        case .busy(let owner, _):
            waitedFor = owner
            claim = .claiming
            say(localized("status.claimingTakeOver"))
            return [.claim]
        case .lost, .none:
            claim = .claiming
            say(localized("status.claimingTakeOver"))
            return [.claim]
        }
    }

    mutating func editExternally() -> [EditorEffect] {
        guard let name = focusedColumn, fields[name] != nil else { return [] }
        if let reason = formLockReason {
            say(localized("status.readOnly", ["reason": reason]), .warning)
            return []
        }
        externalColumn = name
        say(localized("status.external.editing", ["field": name]))
        return [.editExternally(text: fields[name]!.textForExternalEditor)]
    }

    mutating func handleExternalEditFailure(_ reason: String) -> [EditorEffect] {
        guard let name = externalColumn else { return [] }
        externalColumn = nil
        say(localized("status.external.failed", ["reason": reason, "field": name]), .error)
        return []
    }

    mutating func handleExternalEdit(_ text: String?) -> [EditorEffect] {
        guard let name = externalColumn, let editor = fields[name]?.editor else { return [] }
        externalColumn = nil
        guard var text else {
            say(localized("status.external.cancelled", ["field": name]), .warning)
            return []
        }
        // Editors end files with a newline; drop it unless the value had one.
        if text.hasSuffix("\n"), !editor.text.hasSuffix("\n") { text.removeLast() }
        if text.hasSuffix("\r"), !editor.text.hasSuffix("\r") { text.removeLast() }
        text = fields[name]!.textFromExternalEditor(text)
        guard text != editor.text else {
            say(localized("status.external.unchanged", ["field": name]))
            return []
        }
        let wasDirty = isFieldDirty(name)
        fields[name]!.editor.setText(text, cursor: 0)
        fieldErrors[name] = nil
        say(localized("status.external.updated", ["field": name]))
        if !wasDirty { warnIfInvalidBytesTouched(name) }
        if let i = focusable.firstIndex(of: name) { focus = i }
        let effects = noteEdit()
        validate(name)
        return effects
    }

    // MARK: - Quit

    /// Ctrl-Q: quits at once when nothing would be lost, else asks first (the quit question goes on top).
    mutating func requestQuit(screens: inout ScreenStack) -> [EditorEffect] {
        if isDirty || screens.contains(.conflict) {
            screens.push(QuitConfirmScreen())
            return []
        }
        return quitEffects(discardDraft: draftOnDisk)
    }

    /// Releases the claim if held, then quits.
    mutating func quitEffects(discardDraft: Bool) -> [EditorEffect] {
        var effects: [EditorEffect] = []
        if discardDraft { effects.append(.deleteDraft) }
        if case .held(let token, _) = claim { effects.append(.release(token: token)) }
        effects.append(.quit)
        return effects
    }

    var currentTexts: [String: String] {
        var out: [String: String] = [:]
        for (name, field) in fields { out[name] = field.editor.text }
        return out
    }

}
