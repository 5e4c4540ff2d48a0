import RecEditCore

extension BrowserScreen {
    mutating func handleKey(_ key: Key) -> [EditorEffect] {
        if showingHelp {
            showingHelp = false
            return []
        }
        if prompt != nil { return handlePromptKey(key) }
        message = nil
        switch key {
        case .function(1), .control("g"):
            showingHelp = true
            return []
        case .up, .character("k"): return moveUp()
        case .down, .character("j"): return moveDown()
        case .pageUp: return pageUp()
        case .pageDown: return pageDown()
        case .home, .character("g"): return fetch(first: true)
        case .end, .character("G"): return fetch(first: false)
        case .left:
            currentColumn = max(0, currentColumn - 1)
            return []
        case .right:
            currentColumn = min(columns.count - 1, currentColumn + 1)
            return []
        case .character("["): return moveColumn(by: -1)
        case .character("]"): return moveColumn(by: 1)
        case .character("-"): return hideColumn()
        case .character("+"):
            columns += hidden
            hidden = []
            return []
        case .enter:
            guard let key = selectedKey else { return [] }
            return [.open(key: key)]
        case .character("/"):
            prompt = .search(search, before: search)
            return []
        case .character("="):
            prompt = .equals(column: columns[currentColumn], text: "")
            return []
        case .character(":"):
            prompt = .jump("")
            return []
        case .character("s"): return sortByCurrentColumn()
        case .escape:
            guard isFiltered || sortColumn != nil || descending else { return [] }
            search = ""
            equals = []
            sortColumn = nil
            descending = false
            return fetch(first: true)
        // Screens of their own (history, delete confirmation, new row): AppState opens them (`takeRequest`).
        case .character("h"):
            guard let row = selectedRow else { return [] }
            request = .history(key: row.key)
            return []
        case .character("d"):
            guard let row = selectedRow else { return [] }
            guard !readOnly else {
                say(localized("browser.readOnly.delete"), .warning)
                return []
            }
            request = .delete(row: row)
            return []
        case .character("n"):
            guard !readOnly else {
                say(localized("browser.readOnly.add"), .warning)
                return []
            }
            request = .newRow
            return []
        case .character("q"), .control("q"):
            return [.quit]
        case .control("c"):
            say(localized("status.ctrlC.q"))
            return []
        default:
            return []
        }
    }

    mutating func moveUp() -> [EditorEffect] {
        if selected > 0 {
            selected -= 1
            return []
        }
        guard hasMoreBefore, let last = rows.last else { return [] }
        return send(
            request(cursor: cursor(of: last), direction: .backward),
            for: .window(selectKey: nil, selectIndex: 0, offset: offset.map { max(0, $0 - 1) }))
    }

    mutating func moveDown() -> [EditorEffect] {
        if selected < rows.count - 1 {
            selected += 1
            return []
        }
        guard hasMoreAfter, let first = rows.first else { return [] }
        return send(request(cursor: cursor(of: first)), for: .window(selectKey: nil, selectIndex: -1, offset: offset.map { $0 + 1 }))
    }

    mutating func pageDown() -> [EditorEffect] {
        guard hasMoreAfter, let last = rows.last else {
            selected = max(0, rows.count - 1)
            return []
        }
        return send(
            request(cursor: cursor(of: last)), for: .window(selectKey: nil, selectIndex: selected, offset: offset.map { $0 + rows.count }))
    }

    mutating func pageUp() -> [EditorEffect] {
        guard hasMoreBefore, let first = rows.first else {
            selected = 0
            return []
        }
        return send(
            request(cursor: cursor(of: first), direction: .backward),
            for: .window(selectKey: nil, selectIndex: selected, offset: offset.map { max(0, $0 - bodyHeight) }))
    }

    /// `s`: sort by the current column; again: descending; a third time: back to key order.
    mutating func sortByCurrentColumn() -> [EditorEffect] {
        let column = columns[currentColumn]
        let sortedBy = sortColumn ?? schema.keyColumn
        if sortedBy == column, !descending {
            descending = true
        } else if sortedBy == column {
            sortColumn = nil
            descending = false
        } else {
            sortColumn = column
            descending = false
        }
        if sortColumn == schema.keyColumn { sortColumn = nil }
        return fetch(first: true)
    }

    mutating func moveColumn(by step: Int) -> [EditorEffect] {
        let target = currentColumn + step
        guard currentColumn > 0, target > 0, target < columns.count else { return [] }
        columns.swapAt(currentColumn, target)
        currentColumn = target
        return []
    }

    mutating func hideColumn() -> [EditorEffect] {
        guard currentColumn > 0 else {
            say(localized("browser.keyColumnStays"), .warning)
            return []
        }
        hidden.append(columns.remove(at: currentColumn))
        currentColumn = min(currentColumn, columns.count - 1)
        say(localized("browser.hidden", ["column": hidden.last!]))
        return []
    }

    // MARK: - Prompts

    mutating func handlePromptKey(_ key: Key) -> [EditorEffect] {
        guard let prompt else { return [] }
        switch prompt {
        case .search(let text, let before):
            switch key {
            case .escape:
                self.prompt = nil
                return applySearch(before)
            case .enter:
                self.prompt = nil
                return []
            default:
                guard let edited = BrowserScreen.edit(text, key) else { return [] }
                self.prompt = .search(edited, before: before)
                return applySearch(edited)
            }
        case .equals(let column, let text):
            switch key {
            case .escape:
                self.prompt = nil
                return []
            case .control("n"):
                self.prompt = nil
                return applyEquals(column: column, value: .null)
            case .enter:
                self.prompt = nil
                guard let col = schema.column(named: column) else { return [] }
                do {
                    return applyEquals(column: column, value: try ValueParser.parse(text, for: col))
                } catch {
                    say(localized("browser.notAValue", ["column": column, "text": text]), .error)
                    return []
                }
            default:
                if let edited = BrowserScreen.edit(text, key) { self.prompt = .equals(column: column, text: edited) }
                return []
            }
        case .jump(let text):
            switch key {
            case .escape:
                self.prompt = nil
                return []
            case .enter:
                self.prompt = nil
                guard !text.isEmpty, let keyColumn = schema.column(named: schema.keyColumn) else { return [] }
                guard let value = try? ValueParser.parse(text, for: keyColumn) else {
                    say(localized("browser.notAValue", ["column": schema.keyColumn, "text": text]), .error)
                    return []
                }
                sortColumn = nil  // a jump is in key order
                descending = false
                return send(
                    request(cursor: RowCursor(sortValue: nil, key: value), direction: .backward, sortByKey: true)
                        .withLimit(1),
                    for: .jumpProbe(value))
            default:
                if let edited = BrowserScreen.edit(text, key) { self.prompt = .jump(edited) }
                return []
            }
        }
    }

    mutating func applySearch(_ text: String) -> [EditorEffect] {
        guard text != search else { return [] }
        search = text
        return fetch(first: true)
    }

    mutating func applyEquals(column: String, value: Value) -> [EditorEffect] {
        equals.removeAll { $0.column == column }
        equals.append(ColumnEquals(column: column, value: value))
        return fetch(first: true)
    }

    /// A prompt's text after `key` (nil: the key does not edit text).
    static func edit(_ text: String, _ key: Key) -> String? {
        switch key {
        case .character(let c): return text + String(c)
        case .backspace: return text.isEmpty ? text : String(text.dropLast())
        case .control("u"): return ""
        default: return nil
        }
    }
}

extension RowPageRequest {
    func withLimit(_ limit: Int) -> RowPageRequest {
        var copy = self
        copy.limit = limit
        return copy
    }
}
