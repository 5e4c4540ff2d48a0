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
                session.say(localized("dialog.deleted.readOnly"), .warning)
                return []
            }
            // The key and the editable fields: a generated column is the database's to fill.
            let mine = session.mineRecord
            var fields: [String: Value] = [session.schema.keyColumn: session.record.key]
            for column in session.schema.editableColumns where mine.fields[column.name] != nil { fields[column.name] = mine[column.name] }
            session.saving = RowSession.PendingSave(sentTexts: session.currentTexts, note: nil, recreate: true)
            session.say(localized("dialog.deleted.recreating"))
            return [.recreate(fields: fields)]
        case .character("q"), .character("Q"), .control("q"):
            var effects: [EditorEffect] = []
            if session.isDirty { effects.append(session.writeDraftEffect()) }
            effects.append(.quit)
            return effects
        case .control("s"):
            session.say(localized("dialog.deleted.cannotSave"), .warning)
            return []
        case .control("c"):
            session.say(localized("dialog.deleted.ctrlC"))
            return []
        default:
            return []
        }
    }

    func render(into p: inout Painter, area: Rect, session: RowSession, screens: ScreenStack) {
        var lines: [BoxLine] = [
            .text(session.deletedNotice ?? localized("dialog.deleted.by", ["who": localized("status.someoneElse")]), session.theme.error),
            .text(localized("dialog.deleted.gone", ["row": "\(session.schema.table) \(session.schema.keyColumn)=\(session.keyText)"]), nil),
            .blank,
        ]
        if session.isDirty {
            lines.append(.text(localized("dialog.deleted.draft", ["fields": session.dirtyColumns.joined(separator: ", ")]), nil))
            lines.append(.blank)
        }
        lines += [
            .key("r", localized("dialog.deleted.r")),
            .key("q", localized("dialog.deleted.q")),
        ]
        p.box(title: localized("dialog.deleted.title"), lines: lines, keyWidth: 4)
        p.buffer.cursor = nil
    }
}
