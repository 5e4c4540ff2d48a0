import RecEditCore

/// A draft left by an editor that is gone: a box over the form asking whether to recover it.
struct RecoverDraftScreen: Screen {
    var kind: ScreenKind { .recoverDraft }
    var isOverlay: Bool { true }
    let draft: Draft

    mutating func update(_ message: EditorMessage, area: Rect, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect] {
        guard case .key(let key) = message else { return [] }
        return handleKey(key, session: &session, screens: &screens)
    }

    mutating func handleKey(_ key: Key, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect] {
        switch key {
        case .character("y"), .character("Y"):
            screens.close(.recoverDraft)
            let effects = session.recover(draft, screens: &screens)
            if session.isDirty, !session.orphanQueue.isEmpty, let text = session.message?.text {
                let n = session.orphanQueue.count
                session.message?.text = text + " (\(n) more draft\(n == 1 ? "" : "s") of this row: offered once this is saved)"
            }
            // Settled first, so that a draft written by these effects already counts as holding its edits.
            return [.settleOrphanedDraft(draft, recovered: session.isDirty)] + effects
        case .character("n"), .character("N"):
            screens.close(.recoverDraft)
            session.say("Draft from \(draft.owner) discarded")
            return [.settleOrphanedDraft(draft, recovered: false)]
        case .control("q"):
            // Decide later: the draft stays where it is.
            return session.quitEffects(discardDraft: false)
        case .control("s"):
            session.say("Nothing to save yet: y recovers the draft, n discards it", .warning)
            return []
        case .control("c"):
            session.say("Ctrl-C does nothing here; y recovers the draft, n discards it, Ctrl-Q quits and keeps it")
            return []
        default:
            return []
        }
    }

    func render(into p: inout Painter, area: Rect, session: RowSession, screens: ScreenStack) {
        var lines: [BoxLine] = [
            .text("Recover unsaved edits from \(draft.owner)'s draft? (y/n)", session.theme.warning),
            .text(
                "Draft of \(draft.table) \(session.schema.keyColumn)=\(draft.key.displayText), made on the version of \(session.clock(draft.base.updatedAt)).",
                nil),
            .blank,
        ]
        let names = session.schema.editableColumns.map(\.name).filter { draft.edits[$0] != nil }
        for name in names.prefix(max(1, area.height - 12)) {
            let value = draft.edits[name] ?? .null
            if value.isNull {
                lines.append(.text("\(name): " + NullMark.text, NullMark.style(session.theme)))
                continue
            }
            let preview = ValueParser.editableText(value).split(separator: "\n", omittingEmptySubsequences: false)
            var text = "\(name): " + (preview.first.map(String.init) ?? "")
            if preview.count > 1 { text += " (+\(preview.count - 1) lines)" }
            lines.append(.text(text, nil))
        }
        if names.isEmpty { lines.append(.text("(the draft holds no changed fields)", session.theme.placeholder)) }
        lines += [
            .blank,
            .key("y", "recover: merged with the row as it is now"),
            .key("n", "discard the draft"),
        ]
        let number = session.orphanTotal - session.orphanQueue.count
        let title = session.orphanTotal > 1 ? "Unsaved draft found (\(number) of \(session.orphanTotal))" : "Unsaved draft found"
        p.box(title: title, lines: lines, keyWidth: 4)
        p.buffer.cursor = nil
    }
}
