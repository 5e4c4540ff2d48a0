import RecEditCore

/// The keys of the screen under it, in a box; any key closes it and does nothing else.
struct HelpScreen: Screen {
    var kind: ScreenKind { .help }
    var isOverlay: Bool { true }

    mutating func update(_ message: EditorMessage, area: Rect, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect] {
        if case .key = message { screens.close(.help) }
        return []
    }

    func render(into p: inout Painter, area: Rect, session: RowSession, screens: ScreenStack) {
        var lines: [BoxLine] = []
        if screens.contains(.conflict) {
            lines += [
                .text("Conflict screen", session.theme.heading),
                .key("Up/Down", "previous / next field"),
                .key("m  t  b", "keep mine / take theirs / take base"),
                .key("n  p", "next / previous hunk (text fields)"),
                .key("m t b 2", "on a hunk: mine / theirs / base / both"),
                .key("M  T", "mine / theirs for all open conflicts"),
                .key("e  Enter", "edit the result by hand (Esc when done)"),
                .key("Ctrl-S", "save the resolution (checked)"),
                .key("Esc", "back to the form with the resolution"),
                .key("Ctrl-Q", "quit (asks first)"),
                .blank,
                .text("Press any key to close", session.theme.placeholder),
            ]
            p.box(title: "recedit keys", lines: lines)
            p.buffer.cursor = nil
            return
        }
        lines += [
            .text("Form", session.theme.heading),
            .key("Up/Down", "field (lines in multi-line text)"),
            .key("PgUp/PgDn", "a screenful of fields (of lines in text)"),
            .key("Tab/S-Tab", "next / previous field"),
            .key("Enter", "next field; new line in multi-line text"),
            .key("Left/Right", "move; Home/End, Ctrl-A/E: line start/end"),
            .key("Bksp/Del", "delete; Ctrl-K/U: kill to end/start; Ctrl-W: word"),
            .key("Ctrl-N", "set the field to NULL (typing starts a value)"),
            .key("Ctrl-S", "save (checked against the row's version)"),
            .key("Ctrl-D", "review what the save will write"),
            .key("Ctrl-R", "review remote changes now (merge)"),
            .key("Ctrl-O", "edit the field in $VISUAL / $EDITOR"),
            .key("Ctrl-T", "claim the row / take over an expired lease"),
            .key("Ctrl-Q", "quit (asks before discarding changes)"),
            .key("Ctrl-L", "redraw the screen"),
            .key("F1  Ctrl-G", "this help"),
            .blank,
            .text("Press any key to close", session.theme.placeholder),
        ]
        p.box(title: "recedit keys", lines: lines)
        p.buffer.cursor = nil
    }
}
