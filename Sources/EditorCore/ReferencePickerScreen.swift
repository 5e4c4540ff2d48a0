import RecEditCore

/// The rows of the table a foreign-key field references (Enter on the field): key and label, in key order, read a
/// page at a time, the field's value selected when the first page holds it (`.fetchReferencedRows`). Up/Down/PgUp/PgDn/Home/End move (moving past the last row read asks for
/// the next page); `/` starts a filter on the label that is sent as it is typed (Backspace edits it, Esc clears
/// it); answers of an older generation are dropped. Enter gives the field the chosen key; Esc leaves it as it was.
struct ReferencePickerScreen: Screen {
    var kind: ScreenKind { .referencePicker }
    var isOverlay: Bool { true }

    static let pageSize = 50

    let column: String
    let reference: ColumnReference
    /// The field's value when the picker opened: selected when the first page holds it.
    var current: Value?
    var rows: [ReferencedRow] = []
    var selected = 0
    var filter = ""
    var filtering = false
    var generation = 0
    var loading = true
    /// The last page read was full: there may be more rows after it.
    var mayHaveMore = false
    var failure: String?
    /// Rows shown in the box, set by `fit` from the area.
    var room = 10

    static func open(column: String, reference: ColumnReference, current: Value?, screens: inout ScreenStack) -> [EditorEffect] {
        let picker = ReferencePickerScreen(column: column, reference: reference, current: current)
        screens.push(picker)
        return [picker.request(after: nil)]
    }

    func request(after: Value?) -> EditorEffect {
        .fetchReferencedRows(
            ReferenceRequest(reference: reference, search: filter.isEmpty ? nil : filter, after: after, limit: Self.pageSize),
            generation: generation)
    }

    mutating func update(_ message: EditorMessage, area: Rect, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect] {
        switch message {
        case .referencedRowsFetched(let request, let page, let generation) where generation == self.generation:
            if request.after == nil {
                rows = page
                selected = filter.isEmpty ? (page.firstIndex { $0.key == current } ?? 0) : 0
            } else {
                rows += page
            }
            mayHaveMore = page.count == Self.pageSize
            loading = false
            failure = nil
            return []
        case .referencedRowsFailed(let text, let generation) where generation == self.generation:
            loading = false
            failure = text
            return []
        case .key(let key):
            return handleKey(key, session: &session, screens: &screens)
        default:
            return []
        }
    }

    private mutating func handleKey(_ key: Key, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect] {
        switch key {
        case .up: selected = max(0, selected - 1)
        case .down: return move(to: selected + 1)
        case .pageUp: selected = max(0, selected - room)
        case .pageDown: return move(to: selected + room)
        case .home: selected = 0
        case .end: return move(to: rows.count - 1)
        case .enter:
            guard rows.indices.contains(selected) else { return [] }
            screens.close(.referencePicker)
            return session.give(rows[selected].key, to: column)
        case .escape where filtering || !filter.isEmpty:
            filtering = false
            return setFilter("")
        case .escape, .control("q"):
            screens.close(.referencePicker)
        case .character("/") where !filtering:
            filtering = true
        case .backspace, .control("h"):
            if filtering, !filter.isEmpty { return setFilter(String(filter.dropLast())) }
        case .character(let c) where filtering:
            return setFilter(filter + String(c))
        default: break
        }
        return []
    }

    /// Moves the selection, asking for the next page when it goes past the rows read and more may follow.
    private mutating func move(to index: Int) -> [EditorEffect] {
        selected = max(0, min(index, rows.count - 1))
        guard index >= rows.count, mayHaveMore, !loading, let last = rows.last else { return [] }
        loading = true
        return [request(after: last.key)]
    }

    private mutating func setFilter(_ text: String) -> [EditorEffect] {
        guard text != filter else { return [] }
        filter = text
        generation += 1
        loading = true
        return [request(after: nil)]
    }

    mutating func fit(area: Rect, session: RowSession) {
        room = max(1, area.height - 8)
    }

    func render(into p: inout Painter, area: Rect, session: RowSession, screens: ScreenStack) {
        let room = max(1, area.height - 8)
        let first = min(max(0, selected - room + 1), max(0, rows.count - room))
        let shown = rows.indices.dropFirst(first).prefix(room)
        let keyWidth = shown.map { Sanitize.width(ValueParser.editableText(rows[$0].key)) }.max() ?? 0
        var lines: [BoxLine] = []
        if filtering || !filter.isEmpty {
            lines.append(.text("/" + filter + (filtering ? "_" : ""), nil))
        }
        for i in shown {
            let key = ValueParser.editableText(rows[i].key)
            let padded = key + String(repeating: " ", count: max(0, keyWidth - Sanitize.width(key)))
            let text = (i == selected ? "> " : "  ") + padded + "  " + (rows[i].label ?? "")
            lines.append(.text(text, i == selected ? p.theme.labelFocused : nil))
        }
        if let failure {
            lines.append(.text(failure, p.theme.placeholder))
        } else if loading, rows.isEmpty {
            lines.append(.text(localized("picker.loading"), p.theme.placeholder))
        } else if rows.isEmpty {
            lines.append(.text(localized(filter.isEmpty ? "picker.noRows" : "picker.noMatch"), p.theme.placeholder))
        }
        lines.append(.text(localized("picker.keys.filter"), p.theme.placeholder))
        p.box(title: "\(column) → \(reference.table)", lines: lines, keyWidth: 0)
        p.buffer.cursor = nil
    }
}
