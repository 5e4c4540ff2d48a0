import RecEditCore

/// "Discard unsaved changes? (y/N)" in the status line: y quits (the draft deleted), any other key goes back.
struct QuitConfirmScreen: Screen {
    var kind: ScreenKind { .quitConfirm }
    var isOverlay: Bool { true }

    static var prompt: String { localized("dialog.quit.prompt") }

    mutating func update(_ message: EditorMessage, area: Rect, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect] {
        guard case .key(let key) = message else { return [] }
        screens.close(.quitConfirm)
        if key == .character("y") || key == .character("Y") {
            return session.quitEffects(discardDraft: true)
        }
        session.say(localized("status.quitCancelled"))
        return []
    }

    func render(into p: inout Painter, area: Rect, session: RowSession, screens: ScreenStack) {
        let row = area.row + area.height - 2
        p.fill(row: row, from: area.column, count: area.width, style: .plain)
        p.text(" " + QuitConfirmScreen.prompt + " ", row: row, column: area.column, style: p.theme.prompt)
        p.buffer.cursor = (row, min(area.column + area.width - 1, Sanitize.width(QuitConfirmScreen.prompt) + 2))
    }
}
