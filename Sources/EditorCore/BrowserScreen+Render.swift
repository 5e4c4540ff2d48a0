import RecEditCore

/// Drawing the browser: a title line with the filter and sort, the column headings, one line per row (a
/// gutter marking rows changed by someone else, the key, who is editing, the other columns fitted to the
/// width), the message or prompt line and the status line.
extension BrowserScreen {
    static var presenceHeading: String { localized("browser.presenceHeading") }
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
            p.text("  " + (isFiltered ? localized("browser.noMatch") : localized("browser.empty")), row: 2, column: 0, style: theme.placeholder)
        }

        renderMessageLine(into: &p, row: area.height - 2, width: width)
        p.fill(row: area.height - 1, style: theme.statusBar)
        let status = " \(schema.table) │ \(filterText ?? localized("browser.noFilter")) │ \(positionText) │ \(location)"
        p.text(status, row: area.height - 1, column: 0, limit: width, style: theme.statusBar)
        let help = "F1 " + localized("keybar.help") + " "
        if Sanitize.width(status) + Sanitize.width(help) + 1 <= width {
            p.rightAligned(help, row: area.height - 1, end: width, style: theme.statusBar)
        }
        if showingHelp { renderHelp(into: &p) }
    }

    var titleText: String {
        var parts = ["recedit: \(schema.table)"]
        if let filterText { parts.append(localized("browser.title.filter", ["filter": filterText])) }
        if sortColumn != nil || descending {
            parts.append(localized(descending ? "browser.title.sortDescending" : "browser.title.sortAscending", ["column": sortColumn ?? schema.keyColumn]))
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
        guard !rows.isEmpty else { return purpose == nil ? localized("browser.noRows") : localized("browser.loading") }
        let total: String
        if let offset, !hasMoreAfter {
            total = String(offset + rows.count)
        } else if !isFiltered, let estimate, estimate >= (offset ?? 0) + rows.count {
            total = "~\(estimate)"
        } else {
            total = localized("browser.many")
        }
        guard let offset else {
            return localized(hasMoreAfter ? "browser.position.first" : "browser.position.last", ["n": String(rows.count), "total": total])
        }
        return localized("browser.position", ["from": String(offset + 1), "to": String(offset + rows.count), "total": total])
    }

    func sortArrow(for name: String?) -> String? {
        guard let name, name == (sortColumn ?? schema.keyColumn), sortColumn != nil || descending else { return nil }
        return descending ? " ↓" : " ↑"
    }

    /// Who holds the row: "alice, 2 min", "alice, expired", "you, 0 min"; "" when nobody.
    func presenceText(_ record: Record) -> String {
        let edit = record.edit
        guard edit.state.isClaimed, let holder = edit.owner else { return "" }
        var name = holder == owner ? localized("browser.presence.you") : String(holder.split(separator: "@", maxSplits: 1).first ?? Substring(holder))
        if edit.state == .locked { name += localized("browser.presence.locked") }
        guard now > 0 else { return name }
        if let lease = edit.leaseUntil.flatMap(Stamp.microseconds(from:)), lease <= now { return name + localized("browser.presence.expired") }
        guard let since = edit.since.flatMap(Stamp.microseconds(from:)) else { return name }
        let minutes = max(0, (now - since) / 60_000_000)
        return name + localized("browser.presence.minutes", ["n": String(minutes)])
    }

    func presenceStyle(_ record: Record) -> CellStyle {
        if now > 0, let lease = record.edit.leaseUntil.flatMap(Stamp.microseconds(from:)), lease <= now { return theme.placeholder }
        return theme.warning
    }

    /// A value on one line: text as is (Sanitize shows newlines and control characters as escapes), blobs by size.
    func cellText(_ value: Value) -> String {
        switch value {
        case .blob(let bytes): return localized("browser.blob", ["n": String(bytes.count)])
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
            case .search(let t, _): (label, text) = (localized("browser.prompt.filter"), t)
            case .equals(let column, let t): (label, text) = ("\(column) = ", t)
            case .jump(let t): (label, text) = (localized("browser.prompt.jump", ["column": schema.keyColumn]), t)
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
            .text(localized("help.browser.title"), theme.heading),
            .key("Up/Down j/k", localized("help.browser.row")),
            .key("PgUp/PgDn", localized("help.browser.page")),
            .key("Home/End g/G", localized("help.browser.firstLast")),
            .key("Left/Right", localized("help.browser.column")),
            .key("[  ]", localized("help.browser.moveColumn")),
            .key("-  +", localized("help.browser.hide")),
            .key("/", localized("help.browser.filter")),
            .key("=", localized("help.browser.equals")),
            .key("s", localized("help.browser.sort")),
            .key(":", localized("help.browser.jump")),
            .key("Esc", localized("help.browser.clear")),
            .key("Enter", localized("help.browser.enter")),
            .key("h  d  n", localized("help.browser.hdn")),
            .key("q  Ctrl-Q", localized("keybar.quit")),
            .key("F1  Ctrl-G", localized("help.action.help")),
            .blank,
            .text(localized("help.browser.legend"), theme.placeholder),
            .text(localized("help.closeHint"), theme.placeholder),
        ]
        p.box(title: localized("help.title"), lines: lines)
        p.buffer.cursor = nil
    }
}
