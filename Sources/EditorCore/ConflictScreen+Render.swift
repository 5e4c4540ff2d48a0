import RecEditCore
import TextMerge

/// One screen line of the Conflict screen's scrolling part.
struct ConflictLine {
    struct Segment {
        var column: Int
        var limit: Int
        var text: String
        var style: CellStyle
    }
    var segments: [Segment] = []
    /// The editor line shown here, when the user is editing a result (`e`).
    var editorLine: Int?
    var editorColumn = 0
    var editorLimit = 0

    mutating func add(_ text: String, at column: Int, limit: Int, _ style: CellStyle) {
        segments.append(Segment(column: column, limit: max(0, limit), text: text, style: style))
    }
}

/// The Conflict screen's scrolling content: lines plus which of them belong to the selection.
struct ConflictContent {
    var lines: [ConflictLine] = []
    var focus: Range<Int> = 0..<0
    /// Line of the current hunk's header (kept visible first).
    var hunkLine: Int?
}

extension ConflictScreen {
    var kind: ScreenKind { .conflict }
    var isOverlay: Bool { false }

    func render(into painter: inout Painter, area: Rect, session: RowSession, screens: ScreenStack) {
        ConflictView(session: session, width: area.width, height: area.height).renderConflict(self, into: &painter)
    }

    mutating func fit(area: Rect, session: RowSession) {
        ConflictView(session: session, width: area.width, height: area.height).adjustConflictScroll(&self)
    }
}

/// The Conflict screen drawn from its state and the session, in a `width` x `height` area.
struct ConflictView {
    let session: RowSession
    let width: Int
    let height: Int

    var theme: Theme { session.theme }
    var schema: Schema { session.schema }
    var keyText: String { session.keyText }
    func clock(_ stamp: String) -> String { session.clock(stamp) }
}

extension ConflictView {
    static let wideConflictWidth = 100

    func conflictTitle(_ c: ConflictScreen) -> String {
        let row = "\(schema.table) \(schema.keyColumn)=\(keyText)"
        let at = clock(c.theirs.updatedAt)
        switch c.origin {
        case .save: return localized("conflict.title.save", ["row": row, "who": c.writerName, "time": at])
        case .reload: return localized("conflict.title.reload", ["row": row, "who": c.writer ?? localized("status.anotherProgram"), "time": at])
        case .recovery: return localized("conflict.title.recovery", ["row": row, "time": at])
        }
    }

    func renderConflict(_ c: ConflictScreen, into p: inout Painter) {
        let wide = width >= ConflictView.wideConflictWidth
        // Title bar.
        p.fill(row: 0, style: theme.conflictTitle)
        let open = c.unresolvedCount
        let right = (open == 0 ? localized("conflict.allResolved") : localized("conflict.open", ["n": String(open)])) + " "
        let rightStart = p.rightAligned(right, row: 0, end: width, style: theme.conflictTitle)
        p.text(" " + conflictTitle(c).truncated(toColumns: max(0, rightStart - 2)), row: 0, column: 0, style: theme.conflictTitle)
        // Column headings (wide) or a legend (narrow).
        let cols = conflictColumns(c)
        if wide {
            p.text(localized("conflict.heading.field"), row: 1, column: 2, limit: cols.name, style: theme.heading)
            p.text(localized("conflict.heading.base"), row: 1, column: cols.base, limit: cols.value, style: theme.heading)
            p.text(localized("conflict.mine"), row: 1, column: cols.mine, limit: cols.value, style: theme.heading)
            p.text(
                c.writer.map { localized("conflict.heading.theirsOf", ["who": $0]) } ?? localized("conflict.theirs"), row: 1, column: cols.theirs,
                limit: cols.value, style: theme.heading)
            p.text(localized("conflict.result"), row: 1, column: cols.result, limit: width - cols.result, style: theme.heading)
        } else {
            p.text(localized("conflict.legend", ["who": c.writerName]), row: 1, column: 2, limit: width - 3, style: theme.placeholder)
        }
        let content = conflictContent(c)
        let top = 2
        let rows = max(1, height - 4)
        var cursor: (row: Int, column: Int)?
        for i in 0..<rows {
            let index = c.scrollTop + i
            guard index < content.lines.count else { break }
            let line = content.lines[index]
            for s in line.segments {
                p.text(s.text, row: top + i, column: s.column, limit: s.limit, style: s.style)
            }
            if let editorLine = line.editorLine, let editor = c.editor, editor.cursorLine.line == editorLine {
                let skip = max(0, editor.cursorColumn - max(0, line.editorLimit - 1))
                let glyphs = editor.characters[editor.lineRange(editorLine)].flatMap(Sanitize.glyphs(for:))
                p.fill(row: top + i, from: line.editorColumn, count: line.editorLimit, style: theme.text)
                p.glyphs(glyphs, skip: skip, row: top + i, column: line.editorColumn, limit: line.editorLimit, style: theme.text)
                cursor = (top + i, line.editorColumn + editor.cursorColumn - skip)
            }
        }
        if c.scrollTop > 0 { p.text("^", row: top, column: 0, style: theme.scrollMark) }
        if c.scrollTop + rows < content.lines.count { p.text("v", row: top + rows - 1, column: 0, style: theme.scrollMark) }
        session.renderMessageLine(into: &p)
        if c.editor != nil {
            session.renderHelpLine(
                [
                    ("Esc", localized("keybar.done")), ("^S", localized("keybar.doneSave")),
                    ("Enter", c.editorMultiline ? localized("keybar.newLine") : localized("keybar.done")), ("^U/^K", localized("keybar.kill")),
                ], into: &p)
        } else {
            session.renderHelpLine(
                [
                    ("m", localized("conflict.mine")), ("t", localized("conflict.theirs")), ("b", localized("conflict.base")), ("e", localized("keybar.edit")),
                    ("M/T", localized("keybar.allOpen")),
                    ("n/p", localized("keybar.hunk")), ("2", localized("keybar.both")), ("^S", localized("keybar.save")), ("Esc", localized("keybar.form")),
                    ("F1", localized("keybar.help")),
                ], into: &p)
        }
        // Help or the quit question drawn over this screen hide the cursor or put it elsewhere.
        p.buffer.cursor = cursor
    }

    struct ConflictColumns {
        var name: Int
        var base: Int
        var mine: Int
        var theirs: Int
        var result: Int
        var value: Int
    }

    func conflictColumns(_ c: ConflictScreen) -> ConflictColumns {
        let nameWidth = max(5, min(16, c.entries.map { Sanitize.width($0.column) }.max() ?? 5))
        let resultWidth = 20
        let start = 2 + nameWidth + 1
        let value = max(4, (width - start - resultWidth - 3) / 3)
        return ConflictColumns(
            name: nameWidth, base: start, mine: start + value + 1, theirs: start + 2 * (value + 1),
            result: start + 3 * (value + 1), value: value)
    }

    func valueLines(_ v: Value) -> [String] {
        if v.isNull { return [NullMark.text] }
        return ConflictView.lines(ValueParser.editableText(v))
    }

    /// A value's lines as the detail shows them: NULL as its mark, empty text as "(empty)".
    func shownLines(_ v: Value) -> [String] {
        if case .text(let s) = v, s.isEmpty { return [localized("conflict.empty")] }
        return valueLines(v)
    }

    func shownStyle(_ v: Value, _ style: CellStyle) -> CellStyle {
        if v.isNull { return NullMark.style(theme) }
        if case .text(let s) = v, s.isEmpty { return theme.placeholder }
        return style
    }

    static func lines(_ text: String) -> [String] {
        var parts = LineEditor.split(text).split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        if parts.count > 1, parts.last == "" { parts.removeLast() }
        return parts
    }

    /// One line standing for a value: its first line that differs from `base` (multi-line values).
    func preview(_ v: Value, base: Value? = nil, limit: Int) -> (String, CellStyle?) {
        if v.isNull { return (NullMark.text, NullMark.style(theme)) }
        if case .text(let s) = v, s.isEmpty { return (localized("conflict.empty"), theme.placeholder) }
        let lines = valueLines(v)
        guard lines.count > 1 || (base.map(valueLines)?.count ?? 1) > 1 else { return (lines.first ?? "", nil) }
        var index = 0
        if let base, base != v {
            let baseLines = valueLines(base)
            index = lines.indices.first { $0 >= baseLines.count || lines[$0] != baseLines[$0] } ?? max(0, lines.count - 1)
        }
        let prefix = index > 0 ? "L\(index + 1): " : ""
        let more = localized(lines.count == 1 ? "conflict.lines.one" : "conflict.lines.other", ["n": String(lines.count)])
        let text = (prefix + lines[index]).truncated(toColumns: max(1, limit - Sanitize.width(more))) + more
        return (text, nil)
    }

    func stateStyle(_ e: ConflictScreen.Entry) -> CellStyle {
        if !e.isResolved { return theme.conflictTag }
        if case .auto = e.resolution { return theme.autoTag }
        return theme.resolvedTag
    }

    func conflictContent(_ c: ConflictScreen) -> ConflictContent {
        var out = ConflictContent()
        let wide = width >= ConflictView.wideConflictWidth
        let cols = conflictColumns(c)
        for (index, e) in c.entries.enumerated() {
            let selected = index == c.selected
            let start = out.lines.count
            let nameStyle = selected ? theme.labelFocused : (e.isResolved ? theme.label : theme.hunk)
            let f = e.field
            let mineStyle = f.mine != f.base ? theme.mine : theme.text
            let theirsStyle = f.theirs != f.base ? theme.theirs : theme.text
            if wide {
                var line = ConflictLine()
                if selected { line.add(">", at: 0, limit: 1, theme.marker) }
                line.add(e.column.truncated(toColumns: cols.name), at: 2, limit: cols.name, nameStyle)
                for (v, col, style) in [(f.base, cols.base, theme.base), (f.mine, cols.mine, mineStyle), (f.theirs, cols.theirs, theirsStyle)] {
                    let (text, override) = preview(v, base: v == f.base ? nil : f.base, limit: cols.value)
                    line.add(text, at: col, limit: cols.value, override ?? style)
                }
                line.add(e.stateText, at: cols.result, limit: width - cols.result, stateStyle(e))
                out.lines.append(line)
            } else {
                var line = ConflictLine()
                if selected { line.add(">", at: 0, limit: 1, theme.marker) }
                line.add(e.column, at: 2, limit: width / 2, nameStyle)
                let tag = "[" + e.stateText + "]"
                line.add(tag, at: max(2, width - Sanitize.width(tag) - 1), limit: Sanitize.width(tag), stateStyle(e))
                out.lines.append(line)
            }
            if selected {
                appendDetail(c, e, wide: wide, cols: cols, into: &out)
            } else if !wide {
                let limit = width - 13
                for (label, v, style) in [
                    (localized("conflict.base"), f.base, theme.base), (localized("conflict.mine"), f.mine, mineStyle),
                    (localized("conflict.theirs"), f.theirs, theirsStyle),
                ] {
                    var line = ConflictLine()
                    line.add(label, at: 4, limit: 7, theme.placeholder)
                    let (text, override) = preview(v, base: v == f.base ? nil : f.base, limit: limit)
                    line.add(text, at: 12, limit: limit, override ?? style)
                    out.lines.append(line)
                }
                if let v = e.value, v != f.base, v != f.mine, v != f.theirs {
                    appendResult(v, into: &out)
                }
            }
            if selected { out.focus = start..<out.lines.count }
        }
        return out
    }

    private func appendResult(_ v: Value, into out: inout ConflictContent) {
        appendStacked(localized("conflict.result"), shownLines(v), shownStyle(v, theme.resolvedTag), into: &out)
    }

    /// A label and the value's lines (wrapped) under it, for narrow screens and long values.
    private func appendStacked(_ label: String, _ lines: [String], _ style: CellStyle, into out: inout ConflictContent, maxLines: Int = 60) {
        var first = true
        let limit = width - 13
        for text in lines.prefix(maxLines) {
            for piece in text.wrapped(toColumns: limit) {
                var line = ConflictLine()
                if first { line.add(label, at: 4, limit: 7, theme.placeholder) }
                line.add(piece, at: 12, limit: limit, style)
                out.lines.append(line)
                first = false
            }
        }
        if lines.count > maxLines {
            var line = ConflictLine()
            line.add(localized("conflict.moreLines", ["n": String(lines.count - maxLines)]), at: 12, limit: limit, theme.placeholder)
            out.lines.append(line)
        }
    }

    /// Three columns of lines side by side, each wrapped to its column.
    private func appendSideBySide(_ sides: [([String], CellStyle)], columns: [Int], width w: Int, into out: inout ConflictContent, maxLines: Int = 60) {
        let wrapped = sides.map { lines, style in (lines.prefix(maxLines).flatMap { $0.wrapped(toColumns: w) }, style) }
        let count = wrapped.map { $0.0.count }.max() ?? 0
        for i in 0..<count {
            var line = ConflictLine()
            for ((lines, style), col) in zip(wrapped, columns) where i < lines.count {
                line.add(lines[i], at: col, limit: w, style)
            }
            out.lines.append(line)
        }
    }

    /// The selected field in full: all lines of base/mine/theirs, the hunks of a text conflict, the editor.
    private func appendDetail(_ c: ConflictScreen, _ e: ConflictScreen.Entry, wide: Bool, cols: ConflictColumns, into out: inout ConflictContent) {
        let f = e.field
        let mineStyle = f.mine != f.base ? theme.mine : theme.text
        let theirsStyle = f.theirs != f.base ? theme.theirs : theme.text
        if e.hasHunks, c.editor == nil {
            appendHunks(c, e, wide: wide, cols: cols, into: &out)
            return
        }
        let triple: [(String, Value, CellStyle)] = [
            (localized("conflict.base"), f.base, theme.base), (localized("conflict.mine"), f.mine, mineStyle),
            (localized("conflict.theirs"), f.theirs, theirsStyle),
        ]
        let lines = triple.map { (label: $0.0, lines: shownLines($0.1), style: shownStyle($0.1, $0.2)) }
        let allSingle = lines.allSatisfy { $0.lines.count == 1 }
        if wide {
            let fits = allSingle && lines.allSatisfy { Sanitize.width($0.lines[0]) <= cols.value }
            if !fits {
                if allSingle {
                    for l in lines { appendStacked(l.label, l.lines, l.style, into: &out) }
                } else {
                    appendSideBySide(lines.map { ($0.lines, $0.style) }, columns: [cols.base, cols.mine, cols.theirs], width: cols.value, into: &out)
                }
            }
        } else {
            for l in lines { appendStacked(l.label, l.lines, l.style, into: &out) }
        }
        if let editor = c.editor {
            var head = ConflictLine()
            head.add(localized("conflict.resultEditing"), at: 4, limit: width - 5, theme.heading)
            out.lines.append(head)
            for i in 0..<editor.lineCount {
                var line = ConflictLine()
                line.add("|", at: 4, limit: 1, theme.placeholder)
                line.editorLine = i
                line.editorColumn = 6
                line.editorLimit = width - 7
                let range = editor.lineRange(i)
                line.add(String(editor.characters[range]), at: 6, limit: width - 7, theme.text)
                out.lines.append(line)
            }
            return
        }
        if let v = e.value, v != f.base, v != f.mine, v != f.theirs {
            appendResult(v, into: &out)
        }
    }

    /// A text field whose line merge left hunks: the merged text with each hunk's three sides.
    private func appendHunks(_ c: ConflictScreen, _ e: ConflictScreen.Entry, wide: Bool, cols: ConflictColumns, into out: inout ConflictContent) {
        guard let tm = e.field.textMerge else { return }
        var hunkIndex = 0
        let context = 2
        let textWidth = width - 7
        for (chunkIndex, chunk) in tm.chunks.enumerated() {
            switch chunk {
            case .resolved(let text):
                let lines = text.isEmpty ? [] : ConflictView.lines(text)
                let isFirst = chunkIndex == 0, isLast = chunkIndex == tm.chunks.count - 1
                var shown: [String?] = lines
                if lines.count > 2 * context + 1 {
                    let head = isFirst ? [] : Array(lines.prefix(context))
                    let tail = isLast ? [] : Array(lines.suffix(context))
                    shown = head.map { Optional($0) } + [nil] + tail.map { Optional($0) }
                }
                let hidden = lines.count - shown.compactMap { $0 }.count
                for l in shown {
                    guard let l else {
                        var line = ConflictLine()
                        line.add(
                            localized(hidden == 1 ? "conflict.unchangedLines.one" : "conflict.unchangedLines.other", ["n": String(hidden)]), at: 6,
                            limit: textWidth, theme.placeholder)
                        out.lines.append(line)
                        continue
                    }
                    for (i, piece) in l.wrapped(toColumns: textWidth).enumerated() {
                        var line = ConflictLine()
                        if i == 0 { line.add("|", at: 4, limit: 1, theme.placeholder) }
                        line.add(piece, at: 6, limit: textWidth, theme.text)
                        out.lines.append(line)
                    }
                }
            case .conflict(let b, let m, let t):
                let current = hunkIndex == c.hunk
                let choice = hunkIndex < e.hunkChoices.count ? e.hunkChoices[hunkIndex] : nil
                let choiceText: String
                switch choice {
                case nil: choiceText = localized("conflict.hunk.open")
                case .mine?: choiceText = "-> " + localized("conflict.mine")
                case .theirs?: choiceText = "-> " + localized("conflict.theirs")
                case .base?: choiceText = "-> " + localized("conflict.base")
                case .both?: choiceText = "-> " + localized("conflict.both")
                }
                var head = ConflictLine()
                if current { head.add(">>", at: 2, limit: 2, theme.marker) }
                head.add(
                    " " + localized("conflict.hunk", ["n": String(hunkIndex + 1), "count": String(e.hunkCount)]) + " \(choiceText) ", at: 4, limit: width - 5,
                    current ? theme.hunkCurrent : (choice == nil ? theme.hunk : theme.resolvedTag))
                if current { out.hunkLine = out.lines.count }
                out.lines.append(head)
                let base = (ConflictView.lines(b), theme.base), mine = (ConflictView.lines(m), theme.mine), theirs = (ConflictView.lines(t), theme.theirs)
                if wide {
                    appendSideBySide([base, mine, theirs], columns: [cols.base, cols.mine, cols.theirs], width: cols.value, into: &out)
                } else {
                    let markerStyle = current ? theme.hunk : theme.placeholder
                    for (marker, side) in [("<<<<<<< mine", mine), ("||||||| base", base), ("======= " + c.writerName, theirs)] {
                        var line = ConflictLine()
                        line.add(marker, at: 4, limit: width - 5, markerStyle)
                        out.lines.append(line)
                        for l in side.0 where !(side.0.count == 1 && l.isEmpty) {
                            for piece in l.wrapped(toColumns: textWidth) {
                                var line = ConflictLine()
                                line.add(piece, at: 6, limit: textWidth, side.1)
                                out.lines.append(line)
                            }
                        }
                    }
                    var end = ConflictLine()
                    end.add(">>>>>>>", at: 4, limit: width - 5, markerStyle)
                    out.lines.append(end)
                }
                hunkIndex += 1
            }
        }
    }

    func adjustConflictScroll(_ c: inout ConflictScreen) {
        let content = conflictContent(c)
        let rows = max(1, height - 4)
        var top = c.scrollTop
        var want = content.focus
        if let editor = c.editor {
            // Keep the editor's cursor line in view.
            if let i = content.lines.firstIndex(where: { $0.editorLine == editor.cursorLine.line }) { want = i..<(i + 1) }
        } else if let h = content.hunkLine {
            want = h..<min(content.focus.upperBound, h + rows)
        }
        if want.upperBound > top + rows { top = want.upperBound - rows }
        if want.lowerBound < top { top = want.lowerBound }
        if content.focus.lowerBound < top, content.focus.upperBound - content.focus.lowerBound <= rows,
            content.focus.upperBound <= content.focus.lowerBound + rows, want.upperBound <= content.focus.lowerBound + rows
        {
            top = content.focus.lowerBound
        }
        c.scrollTop = min(max(0, top), max(0, content.lines.count - rows))
    }
}
