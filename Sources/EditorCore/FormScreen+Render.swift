import RecEditCore

/// The form drawn from the session and the form's scroll state, in a `width` x `height` area.
struct FormView {
    let form: FormScreen
    let session: RowSession
    let width: Int
    let height: Int
    /// The deleted-row screen is up (the status bar says so).
    let rowDeleted: Bool

    var theme: Theme { session.theme }
    var schema: Schema { session.schema }
    var record: Record { session.record }
    var config: EditorConfig { session.config }
    var focusedColumn: String? { session.focusedColumn }
    var fieldErrors: [String: String] { session.fieldErrors }
    var openConflictColumns: [String] { session.openConflictColumns }
    var claim: RowSession.Claim { session.claim }
    var heldByOtherExclusively: Bool { session.heldByOtherExclusively }
    var bannerParts: (main: String, suffixes: [String])? { session.bannerParts }
    var isDirty: Bool { session.isDirty }
    var isReadOnly: Bool { session.isReadOnly }
    var keyText: String { session.keyText }
    var hscroll: Int { form.hscroll }
    var vscroll: [String: Int] { form.vscroll }
    var formTop: Int { form.formTop }
    func isFieldDirty(_ name: String) -> Bool { session.isFieldDirty(name) }
    func isMultiline(_ name: String) -> Bool { session.isMultiline(name) }
    func clock(_ stamp: String) -> String { session.clock(stamp) }
}

extension FormView {
    func render(into p: inout Painter) {
        let lay = session.layout(width: width, height: height)
        renderStatusBar(into: &p)
        if let banner = bannerParts {
            let style =
                heldByOtherExclusively || { if case .lost = claim { return true } else { return false } }()
                ? theme.bannerAlert : theme.banner
            p.fill(row: 1, style: style)
            let room = width - 2
            let suffix = banner.suffixes.first { Sanitize.width(banner.main + $0) <= room } ?? ""
            p.text(" " + (banner.main + suffix).truncated(toColumns: room), row: 1, column: 0, style: style)
        }
        var cursor: (row: Int, column: Int)?
        for item in lay.items {
            for r in 0..<item.rows {
                let virtualRow = item.top + r
                guard virtualRow >= formTop, virtualRow < formTop + lay.formRows else { continue }
                let row = lay.formStart + virtualRow - formTop
                if let c = renderFieldRow(item, line: r, row: row, layout: lay, into: &p) {
                    cursor = c
                }
            }
        }
        // Scroll marks when the form itself does not fit.
        if formTop > 0 { p.text("^", row: lay.formStart, column: 0, style: theme.scrollMark) }
        if formTop + lay.formRows < lay.contentRows {
            p.text("v", row: lay.formStart + lay.formRows - 1, column: 0, style: theme.scrollMark)
        }
        session.renderMessageLine(into: &p)
        session.renderHelpLine(session.formHelp, into: &p)
        // A prompt or the help drawn over the form hides the cursor or puts it elsewhere.
        p.buffer.cursor = cursor
    }

    /// Draws one row of a field; returns the cursor position when the cursor is on this row.
    func renderFieldRow(_ item: FormLayout.Item, line r: Int, row: Int, layout lay: FormLayout, into p: inout Painter) -> (row: Int, column: Int)? {
        let name = item.column
        let focused = item.editable && name == focusedColumn
        let editor = session.fields[name]?.editor
        if r == 0 {
            let dirty = editor != nil && isFieldDirty(name)
            if focused { p.text(">", row: row, column: 0, style: theme.marker) }
            if fieldErrors[name] != nil || openConflictColumns.contains(name) {
                p.text("!", row: row, column: 1, style: theme.errorMarker)
            } else if dirty {
                p.text("*", row: row, column: 1, style: theme.marker)
            }
            let labelStyle = focused ? theme.labelFocused : (item.editable ? theme.label : theme.labelReadOnly)
            p.text(name.truncated(toColumns: lay.labelWidth), row: row, column: 2, limit: lay.labelWidth, style: labelStyle)
        }
        let valueStyle = item.editable ? theme.text : theme.readOnlyValue
        guard let editor, item.editable else {
            if r == 0, session.isNew, name == schema.keyColumn {
                p.text(localized("form.assignedWhenSaved"), row: row, column: lay.valueColumn, style: theme.placeholder)
            } else if r == 0, schema.column(named: name).map(schema.isReadOnlyData) == true, record[name].isNull {
                p.text(NullMark.text, row: row, column: lay.valueColumn, style: NullMark.style(theme))
            } else if r == 0 {
                p.clipped(readOnlyText(name), row: row, column: lay.valueColumn, limit: lay.valueWidth + 1, style: valueStyle)
            }
            return nil
        }
        let multiline = isMultiline(name)
        let firstLine = multiline ? (vscroll[name] ?? 0) : 0
        let lineIndex = firstLine + r
        let lineCount = editor.lineCount
        if multiline, r == 1, item.rows < lineCount, lay.labelWidth >= 6 {
            let last = min(lineCount, firstLine + item.rows)
            let info = "\(firstLine + 1)-\(last)/\(lineCount)"
            if Sanitize.width(info) <= lay.labelWidth {
                p.text(info, row: row, column: 2, style: theme.placeholder)
            }
        }
        guard lineIndex < lineCount else { return nil }
        if !multiline, r > 0 { return nil }
        if editor.isEmpty, r == 0, case .success(.null)? = session.fields[name]?.value {
            if let placeholder = session.defaultPlaceholder(name) {
                p.text(placeholder, row: row, column: lay.valueColumn, style: theme.placeholder)
            } else {
                p.text(NullMark.text, row: row, column: lay.valueColumn, style: NullMark.style(theme))
            }
            return focused ? (row, lay.valueColumn) : nil
        }
        let skip = focused ? hscroll : 0
        // Only what can show (and one glyph more, for the clip mark): a line can be megabytes long.
        var glyphs: [Sanitize.Glyph] = []
        var total = 0
        for c in editor.characters[editor.lineRange(lineIndex)] {
            guard total <= skip + lay.valueWidth else { break }
            for g in Sanitize.glyphs(for: c) {
                glyphs.append(g)
                total += g.width
            }
        }
        p.glyphs(glyphs, skip: skip, row: row, column: lay.valueColumn, limit: lay.valueWidth, style: valueStyle)
        if skip > 0 { p.text("<", row: row, column: lay.valueColumn - 1, style: theme.scrollMark) }
        if total - skip > lay.valueWidth { p.text(">", row: row, column: lay.valueColumn + lay.valueWidth, style: theme.scrollMark) }
        var after = total - skip + 2
        if r == 0, !multiline, let label = session.shownReferenceLabel(name) {
            let text = "→ " + label
            let room = lay.valueWidth - after
            if room >= 4 {
                after += p.text(text, row: row, column: lay.valueColumn + after, limit: room, style: theme.placeholder) + 2
            }
        }
        if focused, r == 0, !multiline, let hint = session.fields[name]?.kind.hint, after + Sanitize.width(hint) <= lay.valueWidth {
            p.text(hint, row: row, column: lay.valueColumn + after, style: theme.placeholder)
        }
        if focused, editor.cursorLine.line == lineIndex {
            return (row, lay.valueColumn + editor.cursorColumn - skip)
        }
        return nil
    }

    /// The key and recedit's own columns, read from the record.
    func readOnlyText(_ name: String) -> String {
        let names = schema.recedit
        switch name {
        case names.state: return record.edit.state.rawValue
        case names.owner: return record.edit.owner ?? ""
        case names.leaseUntil: return record.edit.leaseUntil ?? ""
        case names.token: return String(record.edit.token)
        case names.since: return record.edit.since ?? ""
        case names.updatedAt: return record.updatedAt
        default: return ValueParser.editableText(record[name])
        }
    }

    var claimText: String {
        if rowDeleted { return localized("form.claim.rowDeleted") }
        if config.readOnly { return localized("form.claim.readOnly") }
        if session.isNew { return localized("form.claim.notInserted") }
        switch claim {
        case .held: return config.lockMode == .exclusive ? localized("form.claim.locked") : localized("form.claim.editing")
        case .claiming: return localized("form.claim.claiming")
        case .busy(let owner, _):
            return heldByOtherExclusively ? localized("form.claim.lockedBy", ["owner": owner]) : localized("form.claim.sharedWith", ["owner": owner])
        case .lost: return localized("form.claim.lost")
        case .none: return localized("form.claim.none")
        }
    }

    func renderStatusBar(into p: inout Painter) {
        let style = theme.statusBar
        p.fill(row: 0, style: style)
        var right = claimText
        if session.saving != nil { right += "  " + localized("form.tag.saving") } else if isDirty { right += "  " + localized("form.tag.modified") }
        right += " "
        let rightWidth = Sanitize.width(right)
        let left =
            session.isNew
            ? " \(schema.table)  " + localized("form.newRow")
            : " \(schema.table)  \(schema.keyColumn)=\(keyText)  " + localized("form.updatedAt", ["time": clock(record.updatedAt)])
        let full = session.isNew ? "" : " (\(record.updatedAt))"
        let room = width - rightWidth - 1
        var text = left
        if Sanitize.width(left + full) <= room { text += full }
        p.text(text.truncated(toColumns: max(0, room)), row: 0, column: 0, style: style)
        if rightWidth < width {
            p.rightAligned(right, row: 0, end: width, style: style)
        }
    }

}

extension RowSession {
    /// The status line (second row from the bottom of the painter's buffer).
    func renderMessageLine(into p: inout Painter) {
        let row = p.height - 2
        let width = p.width
        guard let message else { return }
        let style: CellStyle
        switch message.kind {
        case .info: style = theme.info
        case .success: style = theme.success
        case .warning: style = theme.warning
        case .error: style = theme.error
        }
        p.text(" " + message.text.truncated(toColumns: max(0, width - 1)), row: row, column: 0, style: style)
    }

    var formHelp: [(String, String)] {
        // A read-only form offers no save or external edit.
        let map = config.keyMap
        var keys: [(String, String)] =
            isReadOnly
            ? [(map.hint(.quit), localized("keybar.quit")), (map.hint(.reload), localized("keybar.reload"))]
            : [
                (map.hint(.save), localized("keybar.save")), (map.hint(.quit), localized("keybar.quit")), (map.hint(.reload), localized("keybar.mergeRemote")),
                (map.hint(.externalEdit), localized("keybar.externalEditor")),
            ]
        switch claim {
        case .busy, .lost: keys.append((map.hint(.takeOver), localized("keybar.takeOver")))
        default: break
        }
        keys.append((map.hint(.help), localized("keybar.help")))
        return keys
    }

    /// The key hints on the bottom row.
    func renderHelpLine(_ keys: [(String, String)], into p: inout Painter) {
        let row = p.height - 1
        let width = p.width
        var col = 1
        for (key, text) in keys {
            let w = Sanitize.width(key) + 1 + Sanitize.width(text)
            guard col + w <= width else { break }
            col += p.text(key, row: row, column: col, style: theme.helpKey)
            col += 1
            col += p.text(text, row: row, column: col, style: theme.helpText)
            col += 2
        }
    }
}
