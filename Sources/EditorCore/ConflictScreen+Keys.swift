import RecEditCore

extension ConflictScreen {
    mutating func update(_ message: EditorMessage, area: Rect, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect] {
        guard case .key(let key) = message else { return [] }
        return handleKey(key, session: &session, screens: &screens)
    }

    mutating func handleKey(_ key: Key, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect] {
        if editor != nil { return handleEditorKey(key, session: &session, screens: &screens) }
        switch key {
        case .up, .character("k"): move(-1)
        case .down, .character("j"), .tab: move(1)
        case .backTab: move(-1)
        case .pageUp: move(-5)
        case .pageDown: move(5)
        case .home: move(-entries.count)
        case .end: move(entries.count)
        case .character("n"):
            if !moveHunk(1) { session.say(localized("status.conflict.noHunks")) }
        case .character("p"):
            if !moveHunk(-1) { session.say(localized("status.conflict.noHunks")) }
        case .character("m"): chooseInConflict(.mine, session: &session)
        case .character("t"): chooseInConflict(.theirs, session: &session)
        case .character("b"): chooseInConflict(.base, session: &session)
        case .character("2"):
            if selectedEntry?.hasHunks == true {
                chooseInConflict(.both, session: &session)
            } else {
                session.say(localized("status.conflict.bothOnHunk"), .warning)
            }
        case .character("M"):
            let n = chooseAllOpen(.mine)
            session.say(
                n == 0
                    ? localized("status.conflict.nothingOpen")
                    : localized(n == 1 ? "status.conflict.keptMine.one" : "status.conflict.keptMine.other", ["n": String(n)]))
        case .character("T"):
            let n = chooseAllOpen(.theirs)
            session.say(
                n == 0
                    ? localized("status.conflict.nothingOpen")
                    : localized(n == 1 ? "status.conflict.tookTheirs.one" : "status.conflict.tookTheirs.other", ["n": String(n)]))
        case .character("e"), .enter:
            guard entries.indices.contains(selected) else { return [] }
            let name = entries[selected].column
            let text = editableResult(for: selected)
            let multiline = text.contains("\n") || FieldKind.of(session.column(name), value: .text(text)) == .multilineText
            editor = LineEditor(text: text, cursor: multiline ? 0 : nil)
            editorMultiline = multiline
            session.say(localized("status.conflict.editing", ["field": name]))
        case .control("s"): return session.saveResolution(&self, screens: &screens)
        case .escape: session.backToForm(from: self, screens: &screens)
        case .control("q"): return session.requestQuit(screens: &screens)
        case .control("c"): session.say(RowSession.ctrlCHint)
        default: break
        }
        return []
    }

    mutating func chooseInConflict(_ choice: HunkChoice, session: inout RowSession) {
        guard let entry = selectedEntry else { return }
        let hunkIndex = hunk
        guard choose(choice) else { return }
        let what: String
        switch choice {
        case .mine: what = localized("conflict.mine")
        case .theirs: what = localized("conflict.theirs")
        case .base: what = localized("conflict.base")
        case .both: what = localized("conflict.both")
        }
        let open = unresolvedCount
        let rest = open == 0 ? localized("conflict.allResolvedSave") : localized("conflict.open", ["n": String(open)])
        if entry.hasHunks {
            session.say(localized("status.conflict.hunkChosen", ["field": entry.column, "n": String(hunkIndex + 1), "what": what, "rest": rest]))
        } else {
            session.say(localized("status.conflict.chosen", ["field": entry.column, "what": what, "rest": rest]))
        }
    }

    mutating func handleEditorKey(_ key: Key, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect] {
        guard var editor = editor else { return [] }
        switch key {
        case .escape:
            acceptEdit(session: &session)
            return []
        case .control("s"):
            acceptEdit(session: &session)
            if self.editor == nil { return session.saveResolution(&self, screens: &screens) }
            return []
        case .enter:
            if editorMultiline {
                editor.insert("\n")
            } else {
                self.editor = editor
                acceptEdit(session: &session)
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
        case .control("c"): session.say(localized("status.conflict.ctrlC"))
        default: break
        }
        self.editor = editor
        return []
    }

    mutating func acceptEdit(session: inout RowSession) {
        guard let editor = editor, entries.indices.contains(selected) else { return }
        let name = entries[selected].column
        let value: Value
        if let col = session.column(name) {
            // The result keeps the storage class of what the editor started from (a blob stays a blob).
            let shown = entries[selected].value ?? entries[selected].field.mine
            do { value = try ValueParser.parse(editor.text, for: col, over: shown) } catch let e as ValueParseError {
                session.say(e.message, .error)
                return
            } catch {
                session.say(localized("status.conflict.invalid", ["field": name]), .error)
                return
            }
        } else {
            value = .text(editor.text)
        }
        entries[selected].resolution = .edited(value)
        self.editor = nil
        let markers = editor.characters.split(separator: "\n").contains { $0.starts(with: Array("<<<<<<<")) || $0.starts(with: Array(">>>>>>>")) }
        if markers {
            session.say(localized("status.conflict.markers", ["field": name]), .warning)
        } else {
            let open = unresolvedCount
            session.say(
                localized(
                    "status.conflict.edited",
                    ["field": name, "rest": open == 0 ? localized("conflict.allResolvedSave") : localized("conflict.open", ["n": String(open)])]))
        }
    }
}
