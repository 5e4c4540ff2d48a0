import RecEditCore

/// Drawing the browser: a title line with the filter and sort, the column headings, one line per row (a
/// gutter marking rows changed by someone else, the key, who is editing, the other columns fitted to the
/// width), the message or prompt line and the status line.
extension BrowserScreen {
    static let presenceHeading = "editing"
    static let maxColumnWidth = 30

    func render(into p: inout Painter, area: Rect) {
        let width = area.width
        guard width > 0, area.height >= 4 else { return }
        p.fill(row: 0, style: theme.statusBar)
        p.text(" " + titleText, row: 0, column: 0, limit: width, style: theme.statusBar)

        let layout = columnLayout(width: width)
        p.fill(row: 1, style: theme.heading)
        for slot in layout {
            var heading = slot.heading
            if let arrow = sortArrow(for: slot.name) { heading += arrow }
            let focused = slot.index == currentColumn
            drawCell(Sanitize.glyphs(heading), into: &p, row: 1, slot: slot, style: focused ? theme.labelFocused : theme.heading)
        }

        for (i, record) in rows.prefix(bodyHeight).enumerated() {
            let row = 2 + i
            let isSelected = i == selected
            let lineStyle = isSelected ? theme.labelFocused : theme.text
            if isSelected { p.fill(row: row, style: lineStyle) }
            if changedUntil[record.key].map({ $0 > now }) ?? false {
                p.text("*", row: row, column: 0, style: isSelected ? lineStyle : theme.marker)
            }
            for slot in layout {
                if slot.name == nil {
                    let presence = presenceText(record)
                    let style = isSelected ? lineStyle : record.edit.state.isClaimed ? presenceStyle(record) : theme.text
                    drawCell(Sanitize.glyphs(presence), into: &p, row: row, slot: slot, style: style)
                } else if let name = slot.name {
                    let value = record[name]
                    if value.isNull {
                        var dim = isSelected ? lineStyle : theme.placeholder
                        dim.dim = true
                        drawCell(Sanitize.glyphs("∅"), into: &p, row: row, slot: slot, style: dim)
                    } else {
                        drawCell(Sanitize.glyphs(cellText(value)), into: &p, row: row, slot: slot, style: lineStyle)
                    }
                }
            }
        }
        if rows.isEmpty && purpose == nil {
            p.text(isFiltered ? "  No rows match the filter (Esc clears it)" : "  The table is empty", row: 2, column: 0, style: theme.placeholder)
        }

        renderMessageLine(into: &p, row: area.height - 2, width: width)
        p.fill(row: area.height - 1, style: theme.statusBar)
        let status = " \(schema.table) │ \(filterText ?? "no filter") │ \(positionText) │ \(location)"
        p.text(status, row: area.height - 1, column: 0, limit: width, style: theme.statusBar)
        let help = "F1 help "
        if Sanitize.width(status) + Sanitize.width(help) + 1 <= width {
            p.rightAligned(help, row: area.height - 1, end: width, style: theme.statusBar)
        }
        if showingHelp { renderHelp(into: &p) }
    }

    var titleText: String {
        var parts = ["recedit: \(schema.table)"]
        if let filterText { parts.append("filter " + filterText) }
        if sortColumn != nil || descending {
            parts.append("sort \(sortColumn ?? schema.keyColumn) \(descending ? "descending" : "ascending")")
        }
        return parts.joined(separator: "  ·  ")
    }

    /// The filter in words (`/text` and `column=value`), nil when there is none.
    var filterText: String? {
        var parts: [String] = []
        if !search.isEmpty { parts.append("/" + search) }
        for filter in equals { parts.append(filter.column + "=" + (filter.value.isNull ? "NULL" : filter.value.displayText)) }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// "1–20 of ~1000", "1–20 of many", "last 20 of many".
    var positionText: String {
        guard !rows.isEmpty else { return purpose == nil ? "no rows" : "loading…" }
        let total: String
        if let offset, !hasMoreAfter {
            total = String(offset + rows.count)
        } else if !isFiltered, let estimate, estimate >= (offset ?? 0) + rows.count {
            total = "~\(estimate)"
        } else {
            total = "many"
        }
        guard let offset else { return hasMoreAfter ? "\(rows.count) rows of \(total)" : "last \(rows.count) of \(total)" }
        return "\(offset + 1)–\(offset + rows.count) of \(total)"
    }

    func sortArrow(for name: String?) -> String? {
        guard let name, name == (sortColumn ?? schema.keyColumn), sortColumn != nil || descending else { return nil }
        return descending ? " ↓" : " ↑"
    }

    /// Who holds the row: "alice, 2 min", "alice, expired", "you, 0 min"; "" when nobody.
    func presenceText(_ record: Record) -> String {
        let edit = record.edit
        guard edit.state.isClaimed, let holder = edit.owner else { return "" }
        var name = holder == owner ? "you" : String(holder.split(separator: "@", maxSplits: 1).first ?? Substring(holder))
        if edit.state == .locked { name += " (locked)" }
        guard now > 0 else { return name }
        if let lease = edit.leaseUntil.flatMap(Stamp.microseconds(from:)), lease <= now { return name + ", expired" }
        guard let since = edit.since.flatMap(Stamp.microseconds(from:)) else { return name }
        let minutes = max(0, (now - since) / 60_000_000)
        return name + ", \(minutes) min"
    }

    func presenceStyle(_ record: Record) -> CellStyle {
        if now > 0, let lease = record.edit.leaseUntil.flatMap(Stamp.microseconds(from:)), lease <= now { return theme.placeholder }
        return theme.warning
    }

    /// A value on one line: text as is (Sanitize shows newlines and control characters as escapes), blobs by size.
    func cellText(_ value: Value) -> String {
        switch value {
        case .blob(let bytes): return "<\(bytes.count) bytes>"
        default: return value.displayText
        }
    }

    // MARK: - Columns

    /// One column on screen: `name` nil is the presence column.
    struct Slot {
        var name: String?
        var index: Int
        var heading: String
        var column: Int
        var width: Int
    }

    /// The key, the presence column, then the other columns from the horizontal scroll on, each as wide as
    /// its widest value on this page (up to `maxColumnWidth`); the last one takes what is left.
    func columnLayout(width: Int) -> [Slot] {
        func natural(_ name: String) -> Int {
            let values = rows.prefix(bodyHeight).map { $0[name].isNull ? 1 : Sanitize.width(cellText($0[name])) }
            return min(BrowserScreen.maxColumnWidth, max(Sanitize.width(name) + 2, values.max() ?? 0))
        }
        var slots: [Slot] = []
        var x = 1
        func add(_ name: String?, index: Int, heading: String, natural w: Int) -> Bool {
            guard x < width else { return false }
            let w = min(w, width - x)
            slots.append(Slot(name: name, index: index, heading: heading, column: x, width: w))
            x += w + 1
            return true
        }
        _ = add(columns[0], index: 0, heading: columns[0], natural: natural(columns[0]))
        let presence = rows.prefix(bodyHeight).map { Sanitize.width(presenceText($0)) }.max() ?? 0
        _ = add(nil, index: -1, heading: BrowserScreen.presenceHeading, natural: min(24, max(Sanitize.width(BrowserScreen.presenceHeading), presence)))
        // Scroll right until the current column fits.
        var first = 1
        if currentColumn > 0 {
            first = currentColumn
            var used = x
            while first > 1, used + natural(columns[first]) + 1 + natural(columns[first - 1]) + 1 <= width {
                used += natural(columns[first - 1]) + 1
                first -= 1
            }
            if currentColumn < columns.count, x + natural(columns[currentColumn]) > width { first = currentColumn }
            var total = x
            for i in 1..<columns.count { total += natural(columns[i]) + 1 }
            if total <= width { first = 1 }
        }
        for i in first..<max(first, columns.count) {
            let isLast = i == columns.count - 1
            let w = isLast ? max(natural(columns[i]), width - x) : natural(columns[i])
            if !add(columns[i], index: i, heading: columns[i], natural: w) { break }
        }
        return slots
    }

    /// Glyphs in a slot, cut with an ellipsis when they do not fit (a wide character never split).
    func drawCell(_ glyphs: [Sanitize.Glyph], into p: inout Painter, row: Int, slot: Slot, style: CellStyle) {
        let total = glyphs.reduce(0) { $0 + $1.width }
        if total <= slot.width {
            p.glyphs(glyphs, row: row, column: slot.column, limit: slot.width, style: style)
            return
        }
        guard slot.width > 1 else {
            p.text("…", row: row, column: slot.column, limit: slot.width, style: style)
            return
        }
        var kept: [Sanitize.Glyph] = []
        var used = 0
        for g in glyphs {
            if used + g.width > slot.width - 1 { break }
            kept.append(g)
            used += g.width
        }
        p.glyphs(kept, row: row, column: slot.column, limit: slot.width, style: style)
        p.text("…", row: row, column: slot.column + used, limit: 1, style: style)
    }

    // MARK: - Message line and help

    func renderMessageLine(into p: inout Painter, row: Int, width: Int) {
        if let prompt {
            let (label, text): (String, String)
            switch prompt {
            case .search(let t, _): (label, text) = ("Filter: /", t)
            case .equals(let column, let t): (label, text) = ("\(column) = ", t)
            case .jump(let t): (label, text) = ("Go to \(schema.keyColumn): ", t)
            }
            let drawn = p.text(label, row: row, column: 0, limit: width, style: theme.prompt)
            let typed = p.text(text, row: row, column: drawn, limit: width - drawn, style: theme.text)
            p.buffer.cursor = (row, min(width - 1, drawn + typed))
            return
        }
        p.buffer.cursor = nil
        guard let message else { return }
        let style: CellStyle
        switch message.style {
        case .info: style = theme.info
        case .warning: style = theme.warning
        case .error: style = theme.error
        }
        p.text(message.text, row: row, column: 0, limit: width, style: style)
    }

    func renderHelp(into p: inout Painter) {
        let lines: [BoxLine] = [
            .text("Table browser", theme.heading),
            .key("Up/Down j/k", "row (the next page past the edge)"),
            .key("PgUp/PgDn", "a screenful of rows"),
            .key("Home/End g/G", "first / last row"),
            .key("Left/Right", "current column"),
            .key("[  ]", "move the current column left / right"),
            .key("-  +", "hide the current column / show all"),
            .key("/", "filter as you type (text columns)"),
            .key("=", "current column = value (Ctrl-N: NULL)"),
            .key("s", "sort by the current column; again: descending"),
            .key(":", "go to a key value"),
            .key("Esc", "clear the filter and the sort"),
            .key("Enter", "edit the row (quitting it comes back here)"),
            .key("h  d  n", "history / delete / new row"),
            .key("q  Ctrl-Q", "quit"),
            .key("F1  Ctrl-G", "this help"),
            .blank,
            .text("* marks a row someone changed; ∅ is NULL", theme.placeholder),
            .text("Press any key to close", theme.placeholder),
        ]
        p.box(title: "recedit keys", lines: lines)
        p.buffer.cursor = nil
    }
}
