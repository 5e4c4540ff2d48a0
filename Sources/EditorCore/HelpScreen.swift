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
                .text(localized("help.conflict.title"), session.theme.heading),
                .key("Up/Down", localized("help.conflict.field")),
                .key("m  t  b", localized("help.conflict.choose")),
                .key("n  p", localized("help.conflict.hunk")),
                .key("m t b 2", localized("help.conflict.onHunk")),
                .key("M  T", localized("help.conflict.all")),
                .key("e  Enter", localized("help.conflict.edit")),
                .key("Ctrl-S", localized("help.conflict.save")),
                .key("Esc", localized("help.conflict.back")),
                .key("Ctrl-Q", localized("help.conflict.quit")),
                .blank,
                .text(localized("help.closeHint"), session.theme.placeholder),
            ]
            p.box(title: localized("help.title"), lines: lines)
            p.buffer.cursor = nil
            return
        }
        let keyMap = session.config.keyMap
        lines.append(.text(localized("help.form.title"), session.theme.heading))
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
        p.box(title: localized("help.title"), lines: lines, keyWidth: max(14, widest + 2))
        p.buffer.cursor = nil
    }

    /// The form's help as it reads with the default keys, and the actions each line names.
    static var formLines: [(keys: String, description: String, actions: [KeyAction])] {
        [
            ("Up/Down", localized("help.form.upDown"), [.up, .down]),
            ("PgUp/PgDn", localized("help.form.page"), [.pageUp, .pageDown]),
            ("Tab/S-Tab", localized("help.form.tab"), [.nextField, .previousField]),
            ("Enter", localized("help.form.enter"), []),
            ("Left/Right", localized("help.form.move"), [.left, .right, .home, .end]),
            ("Bksp/Del", localized("help.form.delete"), []),
            ("Ctrl-N", localized("help.action.null"), [.null]),
            ("Ctrl-S", localized("help.action.save"), [.save]),
            ("Ctrl-D", localized("help.action.review"), [.review]),
            ("Ctrl-R", localized("help.action.reload"), [.reload]),
            ("Ctrl-O", localized("help.action.externalEdit"), [.externalEdit]),
            ("Ctrl-T", localized("help.action.takeOver"), [.takeOver]),
            ("Ctrl-Q", localized("help.action.quit"), [.quit]),
            ("Ctrl-L", localized("help.form.redraw"), []),
            ("F1  Ctrl-G", localized("help.action.help"), [.help]),
        ]
    }

    /// One action's line when it has been bound to other keys.
    static func describe(_ action: KeyAction) -> String {
        switch action {
        case .save: localized("help.action.save")
        case .quit: localized("help.action.quit")
        case .reload: localized("help.action.reload")
        case .review: localized("help.action.review")
        case .null: localized("help.action.null")
        case .externalEdit: localized("help.action.externalEdit")
        case .takeOver: localized("help.action.takeOver")
        case .help: localized("help.action.help")
        case .nextField: localized("help.action.nextField")
        case .previousField: localized("help.action.previousField")
        case .up: localized("help.action.up")
        case .down: localized("help.action.down")
        case .left: localized("help.action.left")
        case .right: localized("help.action.right")
        case .home: localized("help.action.home")
        case .end: localized("help.action.end")
        case .pageUp: localized("help.action.pageUp")
        case .pageDown: localized("help.action.pageDown")
        }
    }
}
