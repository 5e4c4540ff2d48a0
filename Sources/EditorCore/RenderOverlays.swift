import RecEditCore

/// One line inside a box: plain text, or a key and what it does.
enum BoxLine {
    case text(String, CellStyle?)
    case key(String, String)
    case blank
}

extension EditorState {
    /// Draws a framed box centred on the screen (ASCII frame: it never depends on ambiguous widths).
    func renderBox(title: String, lines: [BoxLine], into p: inout Painter, keyWidth: Int = 14) {
        let contentWidth = lines.reduce(Sanitize.width(title) + 2) { w, line in
            switch line {
            case .text(let s, _): return max(w, Sanitize.width(s))
            case .key(_, let d): return max(w, keyWidth + Sanitize.width(d))
            case .blank: return w
            }
        }
        let boxWidth = min(width - 2, contentWidth + 4)
        let boxHeight = min(height - 2, lines.count + 2)
        guard boxWidth >= 8, boxHeight >= 3 else { return }
        let left = (width - boxWidth) / 2
        let top = max(0, (height - boxHeight) / 2)
        let inner = boxWidth - 4
        for r in 0..<boxHeight {
            let row = top + r
            p.fill(row: row, from: left, count: boxWidth, style: .plain)
            if r == 0 || r == boxHeight - 1 {
                p.text("+" + String(repeating: "-", count: boxWidth - 2) + "+", row: row, column: left, style: theme.box)
            } else {
                p.text("|", row: row, column: left, style: theme.box)
                p.text("|", row: row, column: left + boxWidth - 1, style: theme.box)
            }
        }
        p.text(" " + title.truncated(toColumns: boxWidth - 6) + " ", row: top, column: left + 2, style: theme.heading)
        for (i, line) in lines.prefix(boxHeight - 2).enumerated() {
            let row = top + 1 + i
            let col = left + 2
            switch line {
            case .text(let s, let style):
                p.text(s.truncated(toColumns: inner), row: row, column: col, limit: inner, style: style ?? theme.text)
            case .key(let k, let d):
                p.text(k, row: row, column: col, limit: min(keyWidth, inner), style: theme.helpKey)
                if inner > keyWidth {
                    p.text(d.truncated(toColumns: inner - keyWidth), row: row, column: col + keyWidth, limit: inner - keyWidth, style: theme.helpText)
                }
            case .blank:
                break
            }
        }
    }

    func renderHelp(into p: inout Painter) {
        var lines: [BoxLine] = []
        if isShowingConflict {
            lines += [
                .text("Conflict screen", theme.heading),
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
                .text("Press any key to close", theme.placeholder),
            ]
            renderBox(title: "recedit keys", lines: lines, into: &p)
            p.buffer.cursor = nil
            return
        }
        lines += [
            .text("Form", theme.heading),
            .key("Up/Down", "field (lines in multi-line text)"),
            .key("PgUp/PgDn", "a screenful of fields (of lines in text)"),
            .key("Tab/S-Tab", "next / previous field"),
            .key("Enter", "next field; new line in multi-line text"),
            .key("Left/Right", "move; Home/End, Ctrl-A/E: line start/end"),
            .key("Bksp/Del", "delete; Ctrl-K/U: kill to end/start; Ctrl-W: word"),
            .key("Ctrl-S", "save (checked against the row's version)"),
            .key("Ctrl-R", "review remote changes now (merge)"),
            .key("Ctrl-O", "edit the field in $VISUAL / $EDITOR"),
            .key("Ctrl-T", "claim the row / take over an expired lease"),
            .key("Ctrl-Q", "quit (asks before discarding changes)"),
            .key("Ctrl-L", "redraw the screen"),
            .key("F1  Ctrl-G", "this help"),
            .blank,
            .text("Press any key to close", theme.placeholder),
        ]
        renderBox(title: "recedit keys", lines: lines, into: &p)
        p.buffer.cursor = nil
    }

    func renderDeletedPrompt(into p: inout Painter) {
        var lines: [BoxLine] = [
            .text(deletedNotice ?? "This row was deleted by someone else.", theme.error),
            .text("\(schema.table) \(schema.keyColumn)=\(keyText) no longer exists.", nil),
            .blank,
        ]
        if isDirty {
            lines.append(.text("Your edits are kept in a draft: " + dirtyColumns.joined(separator: ", "), nil))
            lines.append(.blank)
        }
        lines += [
            .key("r", "re-create the row from your values"),
            .key("q", "quit (your edits stay in the draft)"),
        ]
        renderBox(title: "Row deleted", lines: lines, into: &p, keyWidth: 4)
        p.buffer.cursor = nil
    }

    func renderRecoverPrompt(_ draft: Draft, into p: inout Painter) {
        var lines: [BoxLine] = [
            .text("Recover unsaved edits from \(draft.owner)'s draft? (y/n)", theme.warning),
            .text("Draft of \(draft.table) \(schema.keyColumn)=\(draft.key.displayText), made on the version of \(clock(draft.base.updatedAt)).", nil),
            .blank,
        ]
        let names = schema.editableColumns.map(\.name).filter { draft.edits[$0] != nil }
        for name in names.prefix(max(1, height - 12)) {
            let value = draft.edits[name] ?? .null
            let preview = ValueParser.editableText(value).split(separator: "\n", omittingEmptySubsequences: false)
            var text = "\(name): " + (preview.first.map(String.init) ?? "")
            if preview.count > 1 { text += " (+\(preview.count - 1) lines)" }
            lines.append(.text(text, nil))
        }
        if names.isEmpty { lines.append(.text("(the draft holds no changed fields)", theme.placeholder)) }
        lines += [
            .blank,
            .key("y", "recover: merged with the row as it is now"),
            .key("n", "discard the draft"),
        ]
        let number = orphanTotal - orphanQueue.count
        let title = orphanTotal > 1 ? "Unsaved draft found (\(number) of \(orphanTotal))" : "Unsaved draft found"
        renderBox(title: title, lines: lines, into: &p, keyWidth: 4)
        p.buffer.cursor = nil
    }

    /// Below the minimum size: what is wrong (or the quit question), in the longest wording that fits
    /// the window, word-wrapped.
    func renderTooSmall(into p: inout Painter) {
        guard width > 0, height > 0 else { return }
        let size = "\(width)x\(height)", need = "\(EditorState.minimumWidth)x\(EditorState.minimumHeight)"
        let wordings = confirmingQuit
            ? [quitPrompt, "Discard changes? (y/N)", "Discard? y/N", "y/N"]
            : ["recedit: window too small (\(size)); needs at least \(need). Ctrl-Q quits",
               "window too small (\(size) < \(need)); Ctrl-Q quits",
               "too small: \(size) < \(need)", "too small", "small"]
        let lines = wordings.lazy.compactMap { EditorState.wordWrap($0, width: self.width, height: self.height) }.first
            ?? [wordings.last!.truncated(toColumns: width)]
        for (row, line) in lines.enumerated() {
            p.text(line, row: row, column: 0, limit: width, style: confirmingQuit ? theme.prompt : theme.error)
        }
    }

    /// `text` wrapped at spaces into at most `height` lines of at most `width` columns; nil when it
    /// does not fit (a word wider than a line, or too many lines).
    static func wordWrap(_ text: String, width: Int, height: Int) -> [String]? {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            guard Sanitize.width(String(word)) <= width else { return nil }
            if current.isEmpty {
                current = String(word)
            } else if Sanitize.width(current) + 1 + Sanitize.width(String(word)) <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.count <= height ? lines : nil
    }
}
