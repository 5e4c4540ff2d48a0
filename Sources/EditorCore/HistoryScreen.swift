import RecEditCore

/// One row's history (`h` in the browser): its versions newest first (the row now, then every replaced or
/// deleted version), who wrote each and when, and a diff of the selected version against the row now. `r`
/// restores the selected version as a checked save against the row now (what `recedit restore` does:
/// `VersionRestore`); Esc or q closes it.
///
/// To show it: `return HistoryScreen.open(schema: schema, key: key, screens: &screens)`; it asks the loop
/// for the versions (`.loadHistory`) and takes `.historyLoaded` / `.restoreFinished` (and `.failure`). A restore
/// that lands is announced to every screen as `.rowUpdated(record)`.
struct HistoryScreen: Screen {
    var kind: ScreenKind { .history }
    var isOverlay: Bool { false }

    let schema: Schema
    let key: Value
    /// The row now (nil: not loaded yet, or deleted) and who wrote it.
    var current: Record?
    var currentWriter: String?
    /// Replaced and deleted versions, newest first.
    var versions: [HistoryEntry] = []
    var loading = true
    var restoring = false
    /// 0 is the row now; `i` is `versions[i - 1]`.
    var selected = 0
    var listScroll = 0
    var diffScroll = 0
    var message: RowSession.Message?
    /// The selected version's diff, worked out when the selection or the versions change (a long text's line
    /// diff is not redone on every frame).
    var diff: [DiffLine] = []

    init(schema: Schema, key: Value) {
        self.schema = schema
        self.key = key
    }

    /// Pushes the history of row `key` and returns the effect that loads it.
    static func open(schema: Schema, key: Value, screens: inout ScreenStack) -> [EditorEffect] {
        screens.push(HistoryScreen(schema: schema, key: key))
        return [.loadHistory(key: key)]
    }

    /// Number of entries in the list (the row now counts when it exists).
    var entryCount: Int { (current == nil ? 0 : 1) + versions.count }

    /// The selected version's fields, stamp and writer.
    var selectedVersion: (fields: [String: Value], updatedAt: String, writer: String?, isCurrent: Bool)? {
        if let current {
            if selected == 0 { return (current.fields, current.updatedAt, currentWriter, true) }
            guard versions.indices.contains(selected - 1) else { return nil }
            let v = versions[selected - 1]
            return (v.fields, v.updatedAt, v.writtenBy, false)
        }
        guard versions.indices.contains(selected) else { return nil }
        let v = versions[selected]
        return (v.fields, v.updatedAt, v.writtenBy, false)
    }

    // MARK: - Update

    mutating func update(_ message: EditorMessage, area: Rect, session: inout RowSession, screens: inout ScreenStack) -> [EditorEffect] {
        switch message {
        case .key(let key):
            return handleKey(key, area: area, screens: &screens)
        case .historyLoaded(let key, let current, let writer, let history) where key == self.key:
            let wasSelected = selectedVersion?.updatedAt
            loading = false
            self.current = current
            currentWriter = writer
            versions = history
            selected = 0
            if let wasSelected, let i = (0..<entryCount).first(where: { stamp(at: $0) == wasSelected }) { selected = i }
            if current == nil { say(localized("history.rowGone"), .warning) }
            diff = diffLines()
            return []
        case .restoreFinished(let key, let outcome, let writer) where key == self.key:
            restoring = false
            return restored(outcome, writer: writer, screens: &screens)
        case .failure(let text, _):
            loading = false
            restoring = false
            say(text, .error)
            return []
        default:
            return []
        }
    }

    func stamp(at index: Int) -> String? {
        if let current {
            return index == 0 ? current.updatedAt : versions.indices.contains(index - 1) ? versions[index - 1].updatedAt : nil
        }
        return versions.indices.contains(index) ? versions[index].updatedAt : nil
    }

    mutating func handleKey(_ key: Key, area: Rect, screens: inout ScreenStack) -> [EditorEffect] {
        let page = max(1, layout(area).diffRows - 1)
        switch key {
        case .escape, .character("q"), .control("q"):
            screens.close(.history)
        case .up, .character("k"):
            select(selected - 1)
        case .down, .character("j"):
            select(selected + 1)
        case .home, .character("g"):
            select(0)
        case .end, .character("G"):
            select(entryCount - 1)
        case .pageDown, .character(" "):
            diffScroll += page
        case .pageUp:
            diffScroll = max(0, diffScroll - page)
        case .character("r"):
            return restoreSelected()
        case .control("c"):
            say(localized("history.ctrlC"))
        default:
            break
        }
        return []
    }

    mutating func select(_ index: Int) {
        guard entryCount > 0 else { return }
        let next = min(max(0, index), entryCount - 1)
        if next != selected { diffScroll = 0 }
        selected = next
        message = nil
        diff = diffLines()
    }

    mutating func restoreSelected() -> [EditorEffect] {
        if restoring {
            say(localized("history.stillRestoring"))
            return []
        }
        guard let version = selectedVersion else { return [] }
        guard let current else {
            say(localized("history.deletedRestoreHint", ["command": "recedit restore \(key.displayText) \(version.updatedAt)"]), .warning)
            return []
        }
        guard !version.isCurrent else {
            say(localized("history.isCurrent"))
            return []
        }
        let changes = VersionRestore.changes(restoring: version.fields, over: current, schema: schema)
        guard !changes.isEmpty else {
            say(localized("history.alreadyHolds"))
            return []
        }
        restoring = true
        say(localized("history.restoring", ["time": version.updatedAt]))
        return [.restoreVersion(key: key, changes: changes, expected: current.updatedAt)]
    }

    mutating func restored(_ outcome: SaveOutcome, writer: String?, screens: inout ScreenStack) -> [EditorEffect] {
        let from = selectedVersion?.updatedAt ?? "?"
        switch outcome {
        case .saved(let record):
            let names = schema.editableColumns.map(\.name).filter { record[$0] != current?[$0] }
            say(
                localized(
                    names.isEmpty ? "history.restored.version" : "history.restored.fields",
                    ["fields": names.joined(separator: ", "), "from": from, "time": record.updatedAt]), .success)
            screens.announce(.rowUpdated(record))
            current = record
            diff = diffLines()
            return [.loadHistory(key: key)]
        case .stale(let now):
            say(
                localized("history.notRestored.changed", ["who": writer ?? localized("status.anotherProgram"), "time": now.updatedAt]), .error
            )
            return [.loadHistory(key: key)]
        case .locked(let now):
            say(localized("history.notRestored.locked", ["owner": now.edit.owner ?? localized("status.someone")]), .error)
            return []
        case .deleted:
            say(localized("history.notRestored.deleted"), .error)
            return [.loadHistory(key: key)]
        }
    }

    mutating func say(_ text: String, _ kind: RowSession.Message.Kind = .info) {
        message = RowSession.Message(text: text, kind: kind)
    }

    // MARK: - Layout

    struct Layout {
        var listTop: Int
        var listRows: Int
        var diffTop: Int
        var diffRows: Int
        var statusRow: Int
    }

    /// Title, the versions (at most a third of the screen), a heading, the diff, the status line.
    func layout(_ area: Rect) -> Layout {
        let listRows = max(1, min(max(1, entryCount), (area.height - 4) / 3))
        let listTop = area.row + 1
        let diffTop = listTop + listRows + 1
        let statusRow = area.row + area.height - 1
        return Layout(listTop: listTop, listRows: listRows, diffTop: diffTop, diffRows: max(0, statusRow - diffTop), statusRow: statusRow)
    }

    mutating func fit(area: Rect, session: RowSession) {
        let rows = layout(area).listRows
        if selected < listScroll { listScroll = selected }
        if selected >= listScroll + rows { listScroll = selected - rows + 1 }
        let maxDiff = max(0, diff.count - layout(area).diffRows)
        diffScroll = min(diffScroll, maxDiff)
    }

    // MARK: - Render

    func render(into p: inout Painter, area: Rect, session: RowSession, screens: ScreenStack) {
        let theme = p.theme
        let lay = layout(area)
        for row in area.row..<(area.row + area.height) { p.fill(row: row, from: area.column, count: area.width, style: .plain) }
        p.fill(row: area.row, from: area.column, count: area.width, style: theme.statusBar)
        p.text(
            " " + localized("history.title", ["row": "\(schema.table) \(schema.keyColumn)=\(key.displayText)"]) + titleSuffix, row: area.row,
            column: area.column, limit: area.width,
            style: theme.statusBar)

        if loading {
            p.text(localized("history.reading"), row: lay.listTop, column: area.column + 1, limit: area.width - 1, style: theme.placeholder)
        } else if entryCount == 0 {
            p.text(localized("history.none"), row: lay.listTop, column: area.column + 1, limit: area.width - 1, style: theme.placeholder)
        }
        for line in 0..<lay.listRows {
            let index = listScroll + line
            guard index < entryCount else { break }
            let isSelected = index == selected
            let style = isSelected ? theme.labelFocused : theme.text
            let row = lay.listTop + line
            if isSelected { p.fill(row: row, from: area.column, count: area.width, style: style) }
            p.text((isSelected ? "> " : "  ") + entryLine(index), row: row, column: area.column, limit: area.width, style: style)
        }
        if entryCount > lay.listRows {
            let info = " \(selected + 1)/\(entryCount) "
            p.rightAligned(info, row: lay.listTop + lay.listRows - 1, end: area.column + area.width, style: theme.scrollMark)
        }

        let headingRow = lay.diffTop - 1
        p.text(diffHeading, row: headingRow, column: area.column, limit: area.width, style: theme.heading)
        let lines = diff
        for (offset, line) in lines.dropFirst(diffScroll).prefix(lay.diffRows).enumerated() {
            let style: CellStyle
            switch line.kind {
            case .label: style = theme.label
            case .removed: style = theme.error
            case .added: style = theme.success
            case .note: style = theme.placeholder
            case .plain: style = theme.text
            }
            p.text(line.text, row: lay.diffTop + offset, column: area.column, limit: area.width, style: style)
        }
        if lines.count > diffScroll + lay.diffRows, lay.diffRows > 0 {
            p.rightAligned(" " + localized("history.more") + " ", row: lay.diffTop + lay.diffRows - 1, end: area.column + area.width, style: theme.scrollMark)
        }

        if let message {
            let style: CellStyle
            switch message.kind {
            case .info: style = theme.info
            case .success: style = theme.success
            case .warning: style = theme.warning
            case .error: style = theme.error
            }
            p.text(message.text.truncated(toColumns: area.width), row: lay.statusRow, column: area.column, limit: area.width, style: style)
        } else {
            p.text(
                HistoryScreen.keysLine.truncated(toColumns: area.width), row: lay.statusRow, column: area.column, limit: area.width, style: theme.placeholder)
        }
        p.buffer.cursor = nil
    }

    static var keysLine: String { localized("history.keys") }

    var titleSuffix: String {
        guard let title = schema.titleColumn?.name, let value = (current?.fields[title] ?? versions.first?.fields[title]) else { return "" }
        let text = value.displayText.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return " '\(text)'"
    }

    func entryLine(_ index: Int) -> String {
        let stampText = String((stamp(at: index) ?? "?").prefix(19))
        if let current, index == 0 {
            return "\(stampText)  \(currentWriter ?? localized("status.anotherProgram"))  " + localized("history.entry.now")
                + (current.edit.state.isClaimed ? localized("history.entry.editedBy", ["owner": current.edit.owner ?? "?"]) : "")
        }
        let v = versions[current == nil ? index : index - 1]
        let what: String
        switch v.operation {
        case .delete: what = v.replacedBy.map { localized("history.entry.deletedBy", ["who": $0]) } ?? localized("history.entry.deleted")
        case .update: what = localized("history.entry.replacedBy", ["who": v.replacedBy ?? localized("status.anotherProgram")])
        }
        return "\(stampText)  \(v.writtenBy ?? localized("status.anotherProgram"))  \(what)"
    }

    var diffHeading: String {
        guard let version = selectedVersion else { return "" }
        if version.isCurrent { return localized("history.diff.now") }
        return localized(current == nil ? "history.diff.version" : "history.diff.versionAgainst", ["time": version.updatedAt])
    }

    /// The diff, one entry per screen line.
    func diffLines() -> [DiffLine] {
        guard let version = selectedVersion else { return [] }
        if version.isCurrent || current == nil {
            // Nothing to compare with: the version's fields.
            return schema.editableColumns.flatMap { column -> [DiffLine] in
                let value = version.fields[column.name] ?? .null
                return [DiffLine(text: column.name + ":", kind: .label)] + HistoryDiff.valueLines(value, prefix: "  ", kind: .plain)
            }
        }
        return HistoryDiff.lines(old: version.fields, new: current!.fields, schema: schema)
    }
}

/// One line of the history screen's diff.
struct DiffLine: Equatable {
    enum Kind { case label, removed, added, note, plain }
    var text: String
    var kind: Kind
}

/// The per-field diff of a version against the row now: a field whose value differs shows the version's value
/// (`-`) and the row's (`+`); a long or multi-line text is diffed line by line (only the changed lines, with
/// their line numbers). NULL and '' are told apart; control characters are drawn visibly by the painter.
enum HistoryDiff {
    /// Text longer than this, or holding a newline, is diffed line by line.
    static let longText = 80

    static func lines(old: [String: Value], new: [String: Value], schema: Schema) -> [DiffLine] {
        var out: [DiffLine] = []
        for column in schema.editableColumns {
            let was = old[column.name] ?? .null, now = new[column.name] ?? .null
            guard was != now else { continue }
            out.append(DiffLine(text: column.name + ":", kind: .label))
            if case .text(let a) = was, case .text(let b) = now, a.contains("\n") || b.contains("\n") || a.count > longText || b.count > longText {
                out += textDiff(a, b)
            } else {
                out += valueLines(was, prefix: "- ", kind: .removed)
                out += valueLines(now, prefix: "+ ", kind: .added)
            }
        }
        if out.isEmpty { out.append(DiffLine(text: localized("history.diff.same"), kind: .note)) }
        return out
    }

    /// A value as lines: NULL and '' by name, text split at newlines.
    static func valueLines(_ value: Value, prefix: String, kind: DiffLine.Kind) -> [DiffLine] {
        switch value {
        case .null: return [DiffLine(text: prefix + "NULL", kind: kind)]
        case .text(let s) where s.isEmpty: return [DiffLine(text: prefix + "'' " + localized("conflict.empty"), kind: kind)]
        case .text(let s):
            return s.split(separator: "\n", omittingEmptySubsequences: false).map { DiffLine(text: prefix + $0, kind: kind) }
        default: return [DiffLine(text: prefix + value.displayText, kind: kind)]
        }
    }

    /// The lines of `old` that `new` removed and the lines it added, in order, numbered as in `new` / `old`.
    static func textDiff(_ old: String, _ new: String) -> [DiffLine] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var removed: [Int: String] = [:], inserted: [Int: String] = [:]
        for change in b.difference(from: a) {
            switch change {
            case .remove(let offset, let line, _): removed[offset] = line
            case .insert(let offset, let line, _): inserted[offset] = line
            }
        }
        // Walk both sides in step so a changed line's `-` comes right before its `+`.
        var out: [DiffLine] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, let line = removed[i] {
                out.append(DiffLine(text: "- \(i + 1): " + line, kind: .removed))
                i += 1
            } else if j < b.count, let line = inserted[j] {
                out.append(DiffLine(text: "+ \(j + 1): " + line, kind: .added))
                j += 1
            } else {
                i += 1
                j += 1
            }
        }
        let unchanged = b.count - inserted.count
        if unchanged > 0 {
            out.append(
                DiffLine(
                    text: "  " + localized(unchanged == 1 ? "history.diff.unchanged.one" : "history.diff.unchanged.other", ["n": String(unchanged)]),
                    kind: .note))
        }
        return out
    }
}
