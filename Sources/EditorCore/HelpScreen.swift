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
                .text(localized("help.closeHint"), session.theme.placeholder),
            ]
            p.box(title: "recedit keys", lines: lines)
            p.buffer.cursor = nil
            return
        }
        let keyMap = session.config.keyMap
        lines.append(.text("Form", session.theme.heading))
        for line in HelpScreen.formLines {
            if line.actions.allSatisfy({ keyMap.rebound[$0] == nil }) {
                lines.append(.key(line.keys, line.description))
            } else {
                // The keys in force, one action a line.
                lines += line.actions.map { .key(keyMap.label($0), HelpScreen.describe($0)) }
            }
        }
        lines += [.blank, .text(localized("help.closeHint"), session.theme.placeholder)]
        let widest = lines.reduce(0) { w, line in
            if case .key(let k, _) = line { return max(w, Sanitize.width(k)) }
            return w
        }
        p.box(title: "recedit keys", lines: lines, keyWidth: max(14, widest + 2))
        p.buffer.cursor = nil
    }

    /// The form's help as it reads with the default keys, and the actions each line names.
    static let formLines: [(keys: String, description: String, actions: [KeyAction])] = [
        ("Up/Down", "field (lines in multi-line text)", [.up, .down]),
        ("PgUp/PgDn", "a screenful of fields (of lines in text)", [.pageUp, .pageDown]),
        ("Tab/S-Tab", "next / previous field", [.nextField, .previousField]),
        ("Enter", "next field; new line in multi-line text", []),
        ("Left/Right", "move; Home/End, Ctrl-A/E: line start/end", [.left, .right, .home, .end]),
        ("Bksp/Del", "delete; Ctrl-K/U: kill to end/start; Ctrl-W: word", []),
        ("Ctrl-N", "set the field to NULL (typing starts a value)", [.null]),
        ("Ctrl-S", "save (checked against the row's version)", [.save]),
        ("Ctrl-D", "review what the save will write", [.review]),
        ("Ctrl-R", "review remote changes now (merge)", [.reload]),
        ("Ctrl-O", "edit the field in $VISUAL / $EDITOR", [.externalEdit]),
        ("Ctrl-T", "claim the row / take over an expired lease", [.takeOver]),
        ("Ctrl-Q", "quit (asks before discarding changes)", [.quit]),
        ("Ctrl-L", "redraw the screen", []),
        ("F1  Ctrl-G", "this help", [.help]),
    ]

    /// One action's line when it has been bound to other keys.
    static func describe(_ action: KeyAction) -> String {
        switch action {
        case .save: "save (checked against the row's version)"
        case .quit: "quit (asks before discarding changes)"
        case .reload: "review remote changes now (merge)"
        case .review: "review what the save will write"
        case .null: "set the field to NULL (typing starts a value)"
        case .externalEdit: "edit the field in $VISUAL / $EDITOR"
        case .takeOver: "claim the row / take over an expired lease"
        case .help: "this help"
        case .nextField: "next field"
        case .previousField: "previous field"
        case .up: "previous field (line in multi-line text)"
        case .down: "next field (line in multi-line text)"
        case .left: "move left"
        case .right: "move right"
        case .home: "line start"
        case .end: "line end"
        case .pageUp: "a screenful of fields up (of lines in text)"
        case .pageDown: "a screenful of fields down (of lines in text)"
        }
    }
}
