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
                session.message?.text = text + localized(n == 1 ? "dialog.recover.more.one" : "dialog.recover.more.other", ["n": String(n)])
            }
            // Settled first, so that a draft written by these effects already counts as holding its edits.
            return [.settleOrphanedDraft(draft, recovered: session.isDirty)] + effects
        case .character("n"), .character("N"):
            screens.close(.recoverDraft)
            session.say(localized("dialog.recover.discarded", ["owner": draft.owner]))
            return [.settleOrphanedDraft(draft, recovered: false)]
        case .control("q"):
            // Decide later: the draft stays where it is.
            return session.quitEffects(discardDraft: false)
        case .control("s"):
            session.say(localized("dialog.recover.nothingToSave"), .warning)
            return []
        case .control("c"):
            session.say(localized("dialog.recover.ctrlC"))
            return []
        default:
            return []
        }
    }

    func render(into p: inout Painter, area: Rect, session: RowSession, screens: ScreenStack) {
        var lines: [BoxLine] = [
            .text(localized("dialog.recover.question", ["owner": draft.owner]), session.theme.warning),
            .text(
                localized(
                    "dialog.recover.about",
                    ["row": "\(draft.table) \(session.schema.keyColumn)=\(draft.key.displayText)", "time": session.clock(draft.base.updatedAt)]),
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
            if preview.count > 1 { text += localized("dialog.recover.moreLines", ["n": String(preview.count - 1)]) }
            lines.append(.text(text, nil))
        }
        if names.isEmpty { lines.append(.text(localized("dialog.recover.noFields"), session.theme.placeholder)) }
        lines += [
            .blank,
            .key("y", localized("dialog.recover.y")),
            .key("n", localized("dialog.recover.n")),
        ]
        let number = session.orphanTotal - session.orphanQueue.count
        let title =
            session.orphanTotal > 1
            ? localized("dialog.recover.titleOf", ["n": String(number), "total": String(session.orphanTotal)]) : localized("dialog.recover.title")
        p.box(title: title, lines: lines, keyWidth: 4)
        p.buffer.cursor = nil
    }
}
