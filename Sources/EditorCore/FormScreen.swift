import RecEditCore

/// The form: one row per column, the focused field edited in place. Its own state is only where it is
/// scrolled; the fields, the focus and everything about the row are the session's.
struct FormScreen: Screen {
    var kind: ScreenKind { .form }
    var isOverlay: Bool { false }

    /// Horizontal scroll (display columns) of the focused field; first visible line of multi-line fields.
    var hscroll = 0
    var vscroll: [String: Int] = [:]
    /// First virtual form row on screen when the form is taller than the screen.
    var formTop = 0
    /// The session's `focusMoves` when last fitted: a newly focused field starts scrolled to its start.
    var seenFocusMoves = 0

    mutating func update(_ message: EditorMessage, area: Rect, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect] {
        switch message {
        case .key(let key):
            return handleKey(key, area: area, session: &session, screens: &screens)
        case .resize:
            // Scroll positions worked out for the old size are recomputed for the new one.
            hscroll = 0
            return []
        default:
            return []
        }
    }

    func render(into painter: inout Painter, area: Rect, session: RowSession, screens: ScreenStack) {
        FormView(form: self, session: session, width: area.width, height: area.height, rowDeleted: screens.contains(.deletedRow))
            .render(into: &painter)
    }

    mutating func handleKey(_ key: Key, area: Rect, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect] {
        if let effects = session.handleFieldKindKey(key, screens: &screens) { return effects }
        switch key {
        case .control("q"): return session.requestQuit(screens: &screens)
        case .control("s"): return session.save(screens: &screens)
        case .control("c"): session.say(session.formCtrlCHint)
        case .control("r"):
            session.reviewRequested = true
            session.say(localized("status.checkingRow"))
            return [.reload]
        case .control("o"): return session.editExternally()
        case .control("t"): return session.takeOver()
        case .tab: session.moveFocus(by: 1, wrap: true)
        case .backTab: session.moveFocus(by: -1, wrap: true)
        case .up:
            if session.isMultiline(session.focusedName), session.fields[session.focusedName]?.editor.moveUp() == true { return [] }
            session.moveFocus(by: -1, wrap: false, enterAtEnd: true)
        case .down:
            if session.isMultiline(session.focusedName), session.fields[session.focusedName]?.editor.moveDown() == true { return [] }
            session.moveFocus(by: 1, wrap: false)
        case .pageUp, .pageDown:
            let delta = key == .pageUp ? -1 : 1
            if session.isMultiline(session.focusedName) {
                let rows = max(1, (session.layout(width: area.width, height: area.height).item(session.focusedName)?.rows ?? 1) - 1)
                if session.fields[session.focusedName]?.editor.moveLines(delta * rows) == true { return [] }
            }
            session.moveFocus(by: delta * max(1, session.layout(width: area.width, height: area.height).formRows - 1), wrap: false, enterAtEnd: delta < 0)
        case .enter:
            if session.isMultiline(session.focusedName) {
                return session.edit { $0.insert("\n") }
            }
            session.moveFocus(by: 1, wrap: false)
        case .escape:
            session.message = nil
        case .left, .control("b"): session.fields[session.focusedName]?.editor.moveLeft()
        case .right, .control("f"): session.fields[session.focusedName]?.editor.moveRight()
        case .home, .control("a"): session.fields[session.focusedName]?.editor.moveToLineStart()
        case .end, .control("e"): session.fields[session.focusedName]?.editor.moveToLineEnd()
        case .character(let c): return session.edit { $0.insert(String(c)) }
        case .backspace, .control("h"): return session.edit { $0.backspace() }
        case .delete: return session.edit { $0.deleteForward() }
        case .control("n"): return session.setFocusedFieldNull()
        case .control("d"):
            screens.push(ReviewScreen())
            return []
        case .control("k"): return session.edit { $0.killToEnd() }
        case .control("u"): return session.edit { $0.killToStart() }
        case .control("w"): return session.edit { $0.deleteWordBackward() }
        default: break
        }
        return []
    }
}
