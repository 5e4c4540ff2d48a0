import RecEditCore

/// Ctrl-D: what the next save will write, before it is written. Each changed field, base -> mine (a line
/// diff when either side has more than one line), and the version the save is checked against. `u` puts
/// the selected field back to its loaded value, Ctrl-S saves, Esc goes back to the form.
struct ReviewScreen: Screen {
    var kind: ScreenKind { .review }
    var isOverlay: Bool { false }

    /// The selected field, as an index into the session's changed fields.
    var selected = 0
    /// First content line on screen.
    var top = 0

    /// Lines of unchanged text kept around each change of a long value.
    static let contextLines = 1

    mutating func update(_ message: EditorMessage, area: Rect, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect] {
        guard case .key(let key) = message else { return [] }
        let changed = session.dirtyColumns
        switch key {
        case .escape, .character("q"):
            screens.close(.review)
        case .control("s"):
            screens.close(.review)
            return session.save(screens: &screens)
        case .control("q"):
            return session.requestQuit(screens: &screens)
        case .up, .character("k"), .backTab:
            selected = max(0, selected - 1)
        case .down, .character("j"), .tab:
            selected = min(max(0, changed.count - 1), selected + 1)
        case .pageUp:
            top = max(0, top - max(1, area.height - 5))
        case .pageDown:
            top += max(1, area.height - 5)
        case .character("u"):
            guard changed.indices.contains(selected) else { return [] }
            let effects = session.revertField(changed[selected])
            selected = min(selected, max(0, session.dirtyColumns.count - 1))
            return effects
        default:
            break
        }
        return []
    }

    mutating func fit(area: Rect, session: RowSession) {
        let lines = ReviewView(session: session, selected: selected, width: area.width).lines
        let rows = ReviewView.contentRows(height: area.height)
        if let header = lines.firstIndex(where: { $0.field == selected }) {
            let end = (lines.lastIndex { $0.field == selected } ?? header) + 1
            if header < top { top = header }
            if end > top + rows { top = min(header, end - rows) }
        }
        top = min(max(0, top), max(0, lines.count - rows))
    }

    func render(into p: inout Painter, area: Rect, session: RowSession, screens: ScreenStack) {
        ReviewView(session: session, selected: selected, width: area.width).render(into: &p, top: top)
    }
}

extension RowSession {
    /// Puts a field back to its loaded value (the base's), from the review screen.
    mutating func revertField(_ name: String) -> [EditorEffect] {
        guard fields[name] != nil else { return [] }
        if let reason = formLockReason {
            say(localized("status.readOnly", ["reason": reason]), .warning)
            return []
        }
        let cursor = fields[name]!.editor.cursor
        fields[name]!.set(record[name], characters: baseCharacters[name], cursor: cursor)
        fieldErrors[name] = nil
        say(localized("review.reverted", ["field": name]))
        return noteEdit()
    }
}

/// The review screen's drawing: a title bar, the version line, the changed fields, the status and key lines.
struct ReviewView {
    let session: RowSession
    let selected: Int
    let width: Int

    var theme: Theme { session.theme }

    struct Line {
        /// Index of the changed field this line belongs to.
        var field: Int
        var spans: [(text: String, style: CellStyle)]
    }

    /// Rows between the two header rows and the status and key rows.
    static func contentRows(height: Int) -> Int { max(1, height - 4) }

    var lines: [Line] {
        let changed = session.dirtyColumns
        guard !changed.isEmpty else {
            return [Line(field: -1, spans: [("  " + localized("review.noChanges"), theme.placeholder)])]
        }
        var out: [Line] = []
        for (index, name) in changed.enumerated() {
            let base = session.record[name]
            let isSelected = index == selected
            out.append(Line(field: index, spans: [((isSelected ? "> " : "  ") + name, isSelected ? theme.selectedRow : theme.heading)]))
            switch session.parsedValue(name) {
            case .success(let mine):
                out += valueLines(base: base, mine: mine, field: index)
            case .failure(let error):
                out += valueLines(base: base, mine: .text(session.fields[name]?.editor.text ?? ""), field: index)
                out.append(Line(field: index, spans: [("    ! " + error.message, theme.error)]))
            }
        }
        return out
    }

    /// Base -> mine: one `-` and one `+` line for short values, a line diff for long text.
    func valueLines(base: Value, mine: Value, field: Int) -> [Line] {
        let baseLines = textLines(base)
        let mineLines = textLines(mine)
        guard let baseLines, let mineLines, baseLines.count > 1 || mineLines.count > 1 else {
            return [
                Line(field: field, spans: [("    - ", theme.theirs)] + shown(base, style: theme.theirs)),
                Line(field: field, spans: [("    + ", theme.mine)] + shown(mine, style: theme.mine)),
            ]
        }
        return ReviewView.lineDiff(from: baseLines, to: mineLines, context: ReviewScreen.contextLines).map { entry in
            switch entry {
            case .same(let text): return Line(field: field, spans: [("      " + text, theme.text)])
            case .removed(let text): return Line(field: field, spans: [("    - " + text, theme.theirs)])
            case .added(let text): return Line(field: field, spans: [("    + " + text, theme.mine)])
            case .skipped(let count):
                return Line(
                    field: field,
                    spans: [
                        (
                            "      " + localized(count == 1 ? "conflict.unchangedLines.one" : "conflict.unchangedLines.other", ["n": String(count)]),
                            theme.placeholder
                        )
                    ])
            }
        }
    }

    /// A value's lines, or nil for NULL and empty text (shown by a mark, never diffed).
    func textLines(_ value: Value) -> [String]? {
        if value.isNull { return nil }
        let text = ValueParser.editableText(value)
        return text.isEmpty ? nil : ConflictView.lines(text)
    }

    func shown(_ value: Value, style: CellStyle) -> [(text: String, style: CellStyle)] {
        if value.isNull { return [(NullMark.text, NullMark.style(theme))] }
        let text = ValueParser.editableText(value)
        if text.isEmpty { return [(localized("conflict.empty"), theme.placeholder)] }
        return [(text, style)]
    }

    enum DiffLine: Equatable {
        case same(String), removed(String), added(String)
        /// Unchanged lines left out.
        case skipped(Int)
    }

    /// A line diff of `base` to `mine` (the standard library's Myers diff), unchanged runs cut to `context`
    /// lines around each change.
    static func lineDiff(from base: [String], to mine: [String], context: Int) -> [DiffLine] {
        let difference = mine.difference(from: base)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var all: [DiffLine] = []
        var i = 0
        var j = 0
        while i < base.count || j < mine.count {
            if i < base.count, removed.contains(i) {
                all.append(.removed(base[i]))
                i += 1
            } else if j < mine.count, inserted.contains(j) {
                all.append(.added(mine[j]))
                j += 1
            } else {
                all.append(.same(i < base.count ? base[i] : mine[j]))
                i += 1
                j += 1
            }
        }
        // Keep unchanged lines near a change; each longer run becomes one `skipped`.
        let near = all.indices.map { index in
            if case .same = all[index] {
                return all[max(0, index - context)...min(all.count - 1, index + context)].contains { if case .same = $0 { false } else { true } }
            }
            return true
        }
        var out: [DiffLine] = []
        var hidden = 0
        for (index, line) in all.enumerated() {
            if near[index] {
                if hidden > 0 { out.append(.skipped(hidden)) }
                hidden = 0
                out.append(line)
            } else {
                hidden += 1
            }
        }
        if hidden > 0 { out.append(.skipped(hidden)) }
        return out
    }

    func render(into p: inout Painter, top: Int) {
        let height = p.height
        p.fill(row: 0, style: theme.statusBar)
        let count = session.dirtyColumns.count
        let right = localized(count == 1 ? "review.changed.one" : "review.changed.other", ["n": String(count)]) + " "
        let title = " " + localized("review.title", ["row": "\(session.schema.table)  \(session.schema.keyColumn)=\(session.keyText)"])
        p.text(title.truncated(toColumns: max(0, width - Sanitize.width(right) - 1)), row: 0, column: 0, style: theme.statusBar)
        if Sanitize.width(title + right) < width { p.rightAligned(right, row: 0, end: width, style: theme.statusBar) }
        var version = " " + localized("review.checkedAgainst", ["version": "\(session.schema.recedit.updatedAt) \(session.record.updatedAt)"])
        if let newer = session.remoteNotice?.record.updatedAt, newer != session.record.updatedAt {
            version += localized("review.newer", ["version": newer])
        }
        p.text(version.truncated(toColumns: width), row: 1, column: 0, style: theme.placeholder)
        let all = lines
        let rows = ReviewView.contentRows(height: height)
        for (offset, line) in all.dropFirst(top).prefix(rows).enumerated() {
            var column = 0
            for span in line.spans where column < width - 1 {
                column += p.text(span.text, row: 2 + offset, column: column, limit: width - 1 - column, style: span.style)
            }
            if line.spans.reduce(0, { $0 + Sanitize.width($1.text) }) > width - 1 {
                p.text(">", row: 2 + offset, column: width - 1, style: theme.scrollMark)
            }
        }
        if top > 0 { p.text("^", row: 2, column: width - 1, style: theme.scrollMark) }
        if top + rows < all.count { p.text("v", row: 1 + rows, column: width - 1, style: theme.scrollMark) }
        session.renderMessageLine(into: &p)
        session.renderHelpLine(
            [
                ("^S", localized("keybar.save")), ("u", localized("keybar.revertField")), ("Up/Dn", localized("keybar.field")),
                ("Esc", localized("keybar.back")),
            ], into: &p)
        p.buffer.cursor = nil
    }
}
