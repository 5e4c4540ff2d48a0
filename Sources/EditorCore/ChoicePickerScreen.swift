import RecEditCore

/// The allowed values of a choice field as a list (Enter on the field): Up/Down (or Tab, Space) move, a letter
/// jumps to the next value starting with it, Enter gives the field the value, Esc leaves it as it was.
struct ChoicePickerScreen: Screen {
    var kind: ScreenKind { .choicePicker }
    var isOverlay: Bool { true }

    let column: String
    /// The values in declared order; nil is NULL (last, when the column takes it).
    let options: [String?]
    var selected: Int

    mutating func update(_ message: EditorMessage, area: Rect, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect] {
        guard case .key(let key) = message, !options.isEmpty else { return [] }
        let n = options.count
        switch key {
        case .up, .backTab, .left: selected = (selected - 1 + n) % n
        case .down, .tab, .right, .character(" "): selected = (selected + 1) % n
        case .home, .pageUp: selected = 0
        case .end, .pageDown: selected = n - 1
        case .enter:
            screens.close(.choicePicker)
            return session.chooseValue(options[selected], name: column)
        case .escape, .control("q"):
            screens.close(.choicePicker)
        case .character(let c):
            let letter = String(c).lowercased()
            if let next = (1...n).map({ (selected + $0) % n }).first(where: { (options[$0] ?? "NULL").lowercased().hasPrefix(letter) }) {
                selected = next
            }
        default: break
        }
        return []
    }

    func render(into p: inout Painter, area: Rect, session: RowSession, screens: ScreenStack) {
        // A window of the values around the selected one when they do not all fit.
        let room = max(1, area.height - 6)
        let first = min(max(0, selected - room + 1), max(0, options.count - room))
        let shown = options.indices.dropFirst(first).prefix(room)
        var lines: [BoxLine] = shown.map { i in
            let text = (i == selected ? "> " : "  ") + (options[i] ?? "NULL")
            return .text(text, i == selected ? p.theme.labelFocused : (options[i] == nil ? p.theme.placeholder : nil))
        }
        lines.append(.text(localized("picker.keys"), p.theme.placeholder))
        p.box(title: column, lines: lines, keyWidth: 0)
        p.buffer.cursor = nil
    }
}
