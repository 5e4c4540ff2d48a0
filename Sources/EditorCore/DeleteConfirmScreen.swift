import RecEditCore

/// "Delete row 3 'title'? y/N" (`d` in the browser), then the store's checked delete against the version the
/// browser showed. A row someone else is editing asks that first ("carol is editing row 3. Delete anyway?"). A
/// row changed since it was shown says who changed what and asks again against the new version; a row locked
/// by someone else's exclusive claim, or already gone, is said in words.
///
/// To show it: `screens.push(DeleteConfirmScreen(schema: schema, row: shownRecord))` (the row as the browser
/// drew it: its updated_at is what the delete is checked against; pass `nowMicroseconds` to tell an expired
/// lease from a live one). It takes `.deleteFinished` (and `.failure`); when the row is gone it closes and
/// announces `.rowDeleted(key:)` to every screen.
struct DeleteConfirmScreen: Screen {
    var kind: ScreenKind { .deleteConfirm }
    var isOverlay: Bool { true }

    enum Phase: Equatable {
        /// y deletes, anything else cancels.
        case asking
        /// The delete is on its way.
        case deleting
        /// Nothing more to do (locked, failed): any key closes.
        case told
    }

    let schema: Schema
    /// The version the question is about (the delete is checked against its updated_at).
    var row: Record
    let nowMicroseconds: Int64?
    var phase = Phase.asking
    /// Why the question is asked again, or what happened.
    var note: String?
    var noteIsError = false

    init(schema: Schema, row: Record, nowMicroseconds: Int64? = nil) {
        self.schema = schema
        self.row = row
        self.nowMicroseconds = nowMicroseconds
    }

    // MARK: - Update

    mutating func update(_ message: EditorMessage, area: Rect, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect] {
        switch message {
        case .key(let key):
            return handleKey(key, screens: &screens)
        case .deleteFinished(let key, let outcome, let writer, let history) where key == row.key:
            return finished(outcome, writer: writer, history: history, config: session.config, screens: &screens)
        case .failure(let text, _):
            tell(localized("dialog.delete.notDeleted", ["reason": text]), error: true)
            return []
        default:
            return []
        }
    }

    mutating func handleKey(_ key: Key, screens: inout ScreenStack) -> [EditorEffect] {
        switch phase {
        case .asking:
            if key == .character("y") || key == .character("Y") {
                phase = .deleting
                return [.deleteRow(key: row.key, expected: row.updatedAt)]
            }
            screens.close(.deleteConfirm)
        case .deleting:
            break  // the answer is on its way
        case .told:
            screens.close(.deleteConfirm)
        }
        return []
    }

    mutating func finished(_ outcome: DeleteOutcome, writer: String?, history: [HistoryEntry], config: EditorConfig, screens: inout ScreenStack)
        -> [EditorEffect]
    {
        switch outcome {
        case .deleted:
            screens.close(.deleteConfirm)
            screens.announce(.rowDeleted(key: row.key))
        case .missing:
            tell(localized("dialog.delete.alreadyGone", ["row": rowName]), error: false)
            screens.announce(.rowDeleted(key: row.key))
        case .locked(let current):
            row = current
            tell(localized("dialog.delete.locked", ["owner": current.edit.owner ?? localized("status.someone"), "row": rowName]), error: true)
        case .stale(let current):
            let changed = current.changedColumns(from: row, in: schema)
            let text: String
            if changed.isEmpty {
                text = localized("dialog.delete.savedAgain", ["row": rowName, "who": writer ?? localized("status.anotherProgram")])
            } else {
                let writers = FieldWriters.writers(base: row, current: current, currentWriter: writer, history: history, schema: schema)
                let who = FieldWriters.describe(changed.map { ($0, $0) }, writers: writers, fallback: writer, unknown: localized("status.anotherProgram"))
                text = localized("dialog.delete.changed", ["row": rowName, "who": who])
            }
            row = current
            note = text
            noteIsError = false
            phase = .asking
        }
        return []
    }

    mutating func tell(_ text: String, error: Bool) {
        note = text
        noteIsError = error
        phase = .told
    }

    // MARK: - Words

    var rowName: String { row.key.displayText }

    var title: String {
        guard let column = schema.titleColumn?.name else { return "" }
        let text = row[column].displayText.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return text.isEmpty ? "" : " '\(text)'"
    }

    /// Someone other than me holds a claim on the row with a live lease (any claim, when the time is unknown).
    func otherEditor(me owner: String) -> String? {
        guard row.edit.state.isClaimed, let holder = row.edit.owner, holder != owner else { return nil }
        if let now = nowMicroseconds, let until = row.edit.leaseUntil.flatMap(Stamp.microseconds(from:)), until <= now { return nil }
        return holder
    }

    func question(me owner: String) -> String {
        if let editor = otherEditor(me: owner) {
            let how = localized(
                row.edit.state == .locked ? "dialog.delete.otherLocked" : "dialog.delete.otherEditing", ["editor": editor, "row": rowName, "title": title])
            return how
        }
        return note == nil ? localized("dialog.delete.ask", ["row": rowName, "title": title]) : localized("dialog.delete.askAnyway")
    }

    // MARK: - Render

    func render(into p: inout Painter, area: Rect, session: RowSession, screens: ScreenStack) {
        let theme = p.theme
        let inner = max(10, min(area.width - 6, 72))
        var lines: [BoxLine] = []
        if let note {
            for line in note.wrapped(toColumns: inner) { lines.append(.text(line, noteIsError ? theme.error : theme.warning)) }
            lines.append(.blank)
        }
        switch phase {
        case .asking:
            for line in question(me: session.config.owner).wrapped(toColumns: inner) { lines.append(.text(line, theme.prompt)) }
        case .deleting:
            lines.append(.text(localized("dialog.delete.deleting", ["row": rowName]), nil))
        case .told:
            lines.append(.text(localized("dialog.pressAnyKey"), theme.placeholder))
        }
        p.box(title: localized("dialog.delete.title"), lines: lines, keyWidth: 4)
        p.buffer.cursor = nil
    }
}
