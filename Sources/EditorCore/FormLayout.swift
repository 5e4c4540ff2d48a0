import RecEditCore

/// Where the form's fields go on screen: one row per column, multi-line fields taller when there
/// is room. Rows are "virtual" (from the top of the form); the form scrolls when they do not fit.
struct FormLayout: Sendable {
    struct Item: Sendable, Equatable {
        var column: String
        var editable: Bool
        /// First virtual row.
        var top: Int
        var rows: Int
    }

    var items: [Item]
    var labelWidth: Int
    /// Screen column where values start.
    var valueColumn: Int
    /// Columns for value text (one more column, at the right edge, is kept for the `>` clip mark).
    var valueWidth: Int
    /// First screen row of the form.
    var formStart: Int
    /// Screen rows the form has.
    var formRows: Int
    var contentRows: Int { items.last.map { $0.top + $0.rows } ?? 0 }

    func item(_ column: String) -> Item? { items.first { $0.column == column } }

    static let maxLabelWidth = 20

    /// - Parameters:
    ///   - lineCounts: lines in each multi-line field (nil for single-line fields).
    static func make(schema: Schema, width: Int, height: Int, hasBanner: Bool, lineCounts: [String: Int]) -> FormLayout {
        // The key and the data first, then what the database keeps (generated columns, recedit's own): read-only.
        let columns =
            schema.columns.filter { $0.isKey || !($0.isGenerated || schema.isReceditColumn($0.name)) }.map(\.name)
            + schema.columns.filter { !$0.isKey && ($0.isGenerated || schema.isReceditColumn($0.name)) }.map(\.name)
        let editable = Set(schema.editableColumns.map(\.name))
        let longest = columns.map(Sanitize.width).max() ?? 0
        let labelWidth = max(4, min(longest, maxLabelWidth, max(4, width / 4)))
        let valueColumn = 2 + labelWidth + 1
        let valueWidth = max(1, width - valueColumn - 1)
        let formStart = 1 + (hasBanner ? 1 : 0)
        let formRows = max(1, height - formStart - 2)

        // Multi-line fields grow one row at a time, in turn, towards their line count + 1 (at least 3).
        let wants = columns.map { name -> Int in
            guard let n = lineCounts[name] else { return 1 }
            return max(3, n + 1)
        }
        // They get 3 rows even when the form must scroll for it (unless the screen is tiny).
        var rows = wants.map { formRows >= 6 ? min($0, 3) : 1 }
        var surplus = formRows - rows.reduce(0, +)
        var grew = true
        while surplus > 0 && grew {
            grew = false
            for i in columns.indices where surplus > 0 && rows[i] < wants[i] {
                rows[i] += 1
                surplus -= 1
                grew = true
            }
        }
        var items: [Item] = []
        var top = 0
        for (i, name) in columns.enumerated() {
            items.append(Item(column: name, editable: editable.contains(name), top: top, rows: rows[i]))
            top += rows[i]
        }
        return FormLayout(
            items: items, labelWidth: labelWidth, valueColumn: valueColumn, valueWidth: valueWidth,
            formStart: formStart, formRows: formRows)
    }
}

extension RowSession {
    /// Where the fields go in a `width` x `height` area.
    func layout(width: Int, height: Int) -> FormLayout {
        var counts: [String: Int] = [:]
        for name in focusable where isMultiline(name) {
            counts[name] = fields[name]?.editor.lineCount ?? 1
        }
        return FormLayout.make(schema: schema, width: width, height: height, hasBanner: bannerText != nil, lineCounts: counts)
    }

    /// The banner under the status bar: who else edits the row, or that my claim is gone.
    var bannerText: String? { bannerParts?.main }

    /// The banner's text and what may follow it, longest first (the renderer takes the first that fits).
    var bannerParts: (main: String, suffixes: [String])? {
        if config.readOnly, let reason = config.readOnlyReason {
            return (localized("banner.readOnly", ["reason": reason]), [localized("banner.readOnly.suffix"), ""])
        }
        if let h = holder {
            var text = h.locked ? localized("banner.lockedBy", ["owner": h.owner]) : localized("banner.editedBy", ["owner": h.owner])
            if let since = h.since { text += localized("banner.since", ["time": clock(since)]) }
            if config.readOnly { return (text, []) }
            if heldByOtherExclusively {
                return (text, [localized("banner.busy.long"), localized("banner.busy.short"), localized("banner.busy.shortest")])
            }
            return (text, [localized("banner.shared.long"), localized("banner.shared.short")])
        }
        if case .lost = claim {
            return (localized("banner.claimReleased"), [localized("banner.claimReleased.long"), " (^T)"])
        }
        return nil
    }

}

extension FormScreen {
    /// Keeps the cursor visible: the focused field's horizontal and line scroll, the form's scroll.
    mutating func fit(area: Rect, session: RowSession) {
        if session.focusMoves != seenFocusMoves {
            seenFocusMoves = session.focusMoves
            hscroll = 0
        }
        guard let name = session.focusedColumn, let editor = session.fields[name]?.editor else { return }
        let lay = session.layout(width: area.width, height: area.height)
        guard let item = lay.item(name) else { return }
        let cc = editor.cursorColumn
        let visible = max(1, lay.valueWidth)
        if cc < hscroll {
            hscroll = max(0, cc - visible / 4)
        } else if cc >= hscroll + visible {
            hscroll = cc - visible + 1 + min(visible / 4, max(0, lineWidth(editor) - cc))
            hscroll = min(hscroll, cc)
        }
        var cursorRow = 0
        if session.isMultiline(name) {
            let line = editor.cursorLine.line
            var top = vscroll[name] ?? 0
            if line < top { top = line }
            if line >= top + item.rows { top = line - item.rows + 1 }
            // No blank rows below the last line while lines above are hidden (after a resize, say).
            top = min(max(0, top), max(0, editor.lineCount - item.rows))
            vscroll[name] = top
            cursorRow = line - top
        }
        for other in session.focusable where other != name {
            if let v = vscroll[other], let lines = session.fields[other]?.editor.lineCount, let it = lay.item(other) {
                vscroll[other] = min(v, max(0, lines - it.rows))
            }
        }
        let rowInForm = item.top + cursorRow
        if rowInForm < formTop { formTop = item.top <= rowInForm && rowInForm - item.top < lay.formRows ? item.top : rowInForm }
        if rowInForm >= formTop + lay.formRows {
            // Show the whole field when it fits, else just reach the cursor.
            let fieldEnd = item.top + item.rows
            formTop = fieldEnd - item.top <= lay.formRows && fieldEnd - lay.formRows <= item.top ? fieldEnd - lay.formRows : rowInForm - lay.formRows + 1
        }
        formTop = min(max(0, formTop), max(0, lay.contentRows - lay.formRows))
    }

    private func lineWidth(_ editor: LineEditor) -> Int {
        let (line, _) = editor.cursorLine
        return LineEditor.columns(editor.characters[editor.lineRange(line)])
    }
}
