import RecEditCore

/// The first screen when the database has more than one table set up for recedit: the tables, each with the
/// database's estimate of its rows ("many" when it keeps none) and its last change when known; Enter opens one.
///
/// To show it: `return TablesScreen.open(names: try database.receditTables(), screens: &screens)`; it asks the
/// loop for the estimates (`.describeTables`) and takes `.tablesDescribed` (and `.failure`). Enter returns
/// `.openTable(name)`; q quits.
///
/// The last change is left empty: no store can yet tell a table's newest change cheaply (`max(updated_at)`
/// scans a table without an index on it; the change log has an index on (table, seq) but the store contract
/// has no "newest change of this table" read). `TableSummary.lastChange` is there for when it has.
struct TablesScreen: Screen {
    var kind: ScreenKind { .tables }
    var isOverlay: Bool { false }

    var tables: [TableSummary]
    var described = false
    var selected = 0
    var scroll = 0
    var message: String?
    /// Enter was pressed: the table is being opened.
    var opening: String?

    init(names: [String]) {
        tables = names.map { TableSummary(name: $0, estimatedRows: nil) }
    }

    static func open(names: [String], screens: inout ScreenStack) -> [EditorEffect] {
        screens.push(TablesScreen(names: names))
        return [.describeTables]
    }

    mutating func update(_ message: EditorMessage, area: Rect, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect] {
        switch message {
        case .key(let key):
            return handleKey(key)
        case .tablesDescribed(let summaries):
            let name = tables.indices.contains(selected) ? tables[selected].name : nil
            tables = summaries
            described = true
            selected = name.flatMap { n in tables.firstIndex { $0.name == n } } ?? 0
            return []
        case .tableOpened:
            opening = nil
            return []
        case .failure(let text, _):
            opening = nil
            self.message = text
            return []
        default:
            return []
        }
    }

    mutating func handleKey(_ key: Key) -> [EditorEffect] {
        message = nil
        switch key {
        case .up, .character("k"): selected = max(0, selected - 1)
        case .down, .character("j"): selected = min(max(0, tables.count - 1), selected + 1)
        case .home, .character("g"): selected = 0
        case .end, .character("G"): selected = max(0, tables.count - 1)
        case .enter:
            guard tables.indices.contains(selected) else { return [] }
            opening = tables[selected].name
            return [.openTable(tables[selected].name)]
        case .character("q"), .control("q"), .escape:
            return [.quit]
        case .control("c"):
            message = localized("status.ctrlC.q")
        default:
            break
        }
        return []
    }

    mutating func fit(area: Rect, session: RowSession) {
        let rows = max(1, area.height - 4)
        if selected < scroll { scroll = selected }
        if selected >= scroll + rows { scroll = selected - rows + 1 }
    }

    static func rowsText(_ summary: TableSummary, described: Bool) -> String {
        guard described else { return "..." }
        guard let n = summary.estimatedRows else { return localized("browser.many") }
        return "~" + grouped(n)
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }

    func render(into p: inout Painter, area: Rect, session: RowSession, screens: ScreenStack) {
        let theme = p.theme
        for row in area.row..<(area.row + area.height) { p.fill(row: row, from: area.column, count: area.width, style: .plain) }
        p.fill(row: area.row, from: area.column, count: area.width, style: theme.statusBar)
        p.text(" " + localized("tables.title", ["n": String(tables.count)]), row: area.row, column: area.column, limit: area.width, style: theme.statusBar)
        let nameWidth = min(max(12, tables.map { Sanitize.width($0.name) }.max() ?? 0), max(8, area.width / 2))
        let rowsWidth = 12
        let header =
            "  " + localized("tables.heading.table").padded(to: nameWidth) + "  " + localized("tables.heading.rows").padded(to: rowsWidth) + "  "
            + localized("tables.heading.lastChange")
        p.text(header, row: area.row + 1, column: area.column, limit: area.width, style: theme.heading)
        let listRows = max(1, area.height - 4)
        for line in 0..<listRows {
            let index = scroll + line
            guard tables.indices.contains(index) else { break }
            let t = tables[index]
            let isSelected = index == selected
            let style = isSelected ? theme.labelFocused : theme.text
            let row = area.row + 2 + line
            if isSelected { p.fill(row: row, from: area.column, count: area.width, style: style) }
            let text =
                (isSelected ? "> " : "  ") + t.name.truncated(toColumns: nameWidth).padded(to: nameWidth) + "  "
                + TablesScreen.rowsText(t, described: described).padded(to: rowsWidth) + "  " + (t.lastChange.map { String($0.prefix(19)) } ?? "-")
            p.text(text, row: row, column: area.column, limit: area.width, style: style)
        }
        let status = area.row + area.height - 1
        if let message {
            p.text(message.truncated(toColumns: area.width), row: status, column: area.column, limit: area.width, style: theme.error)
        } else if let opening {
            p.text(
                localized("tables.opening", ["table": opening]).truncated(toColumns: area.width), row: status, column: area.column, limit: area.width,
                style: theme.info)
        } else {
            p.text(
                localized("tables.keys").truncated(toColumns: area.width), row: status, column: area.column, limit: area.width,
                style: theme.placeholder)
        }
        p.buffer.cursor = nil
    }
}

extension String {
    /// The text followed by spaces up to `columns` display columns.
    func padded(to columns: Int) -> String {
        let w = Sanitize.width(self)
        return w >= columns ? self : self + String(repeating: " ", count: columns - w)
    }
}
