import RecEditCore

/// The row was deleted under me: a box over the form offering to re-create it from my values or quit.
struct DeletedRowScreen: Screen {
    var kind: ScreenKind { .deletedRow }
    var isOverlay: Bool { true }

    mutating func update(_ message: EditorMessage, area: Rect, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect] {
        guard case .key(let key) = message else { return [] }
        return handleKey(key, session: &session)
    }

    mutating func handleKey(_ key: Key, session: inout RowSession) -> [EditorEffect] {
        switch key {
        case .character("r"), .character("R"):
            guard !session.config.readOnly else {
                session.say("Read-only mode: cannot re-create the row", .warning)
                return []
            }
            // The key and the editable fields: a generated column is the database's to fill.
            let mine = session.mineRecord
            var fields: [String: Value] = [session.schema.keyColumn: session.record.key]
            for column in session.schema.editableColumns where mine.fields[column.name] != nil { fields[column.name] = mine[column.name] }
            session.saving = RowSession.PendingSave(sentTexts: session.currentTexts, note: nil, recreate: true)
            session.say("Re-creating the row...")
            return [.recreate(fields: fields)]
        case .character("q"), .character("Q"), .control("q"):
            var effects: [EditorEffect] = []
            if session.isDirty { effects.append(session.writeDraftEffect()) }
            effects.append(.quit)
            return effects
        case .control("s"):
            session.say("Cannot save: the row was deleted; r re-creates it from your values, q quits", .warning)
            return []
        case .control("c"):
            session.say("Ctrl-C does nothing here; q quits (your edits stay in the draft)")
            return []
        default:
            return []
        }
    }

    func render(into p: inout Painter, area: Rect, session: RowSession, screens: ScreenStack) {
        var lines: [BoxLine] = [
            .text(session.deletedNotice ?? "This row was deleted by someone else.", session.theme.error),
            .text("\(session.schema.table) \(session.schema.keyColumn)=\(session.keyText) no longer exists.", nil),
            .blank,
        ]
        if session.isDirty {
            lines.append(.text("Your edits are kept in a draft: " + session.dirtyColumns.joined(separator: ", "), nil))
            lines.append(.blank)
        }
        lines += [
            .key("r", "re-create the row from your values"),
            .key("q", "quit (your edits stay in the draft)"),
        ]
        p.box(title: "Row deleted", lines: lines, keyWidth: 4)
        p.buffer.cursor = nil
    }
}
