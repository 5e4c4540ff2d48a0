import RecEditCore

// The new-row form (`n` in the browser): the form on an empty record; saving inserts instead of a checked save,
// and the inserted row then stays open as if it had been opened, claim and all.
extension RowSession {
    /// An empty row of `schema`: every field NULL (the form shows the column's default, if it has one, as the
    /// placeholder), no key, no stamp.
    init(newRowIn schema: Schema, config: EditorConfig) {
        var fields: [String: Value] = [:]
        for column in schema.dataColumns { fields[column.name] = .null }
        self.init(schema: schema, record: Record(key: .null, fields: fields, updatedAt: ""), config: config)
        isNew = true
        if !config.readOnly { say(localized("status.newRow")) }
    }

    /// A session standing in for "no row open" (the tables list, the browser's prompts): never shown, never kept.
    static func detached(config: EditorConfig) -> RowSession {
        let schema = Schema(table: "", keyColumn: "", columns: [], recedit: ReceditColumnNames())
        return RowSession(schema: schema, record: Record(key: .null, fields: [:], updatedAt: ""), config: config)
    }

    /// Effects that need a row in the database (a claim, a draft journaled under its key): dropped while the
    /// row is not inserted yet.
    static func needsInsertedRow(_ effect: EditorEffect) -> Bool {
        switch effect {
        case .claim, .renew, .release, .probeHolder, .takeOver, .writeDraft, .deleteDraft, .reload: return true
        default: return false
        }
    }

    /// What the form shows in a NULL field nobody typed into: the column's default on a new row.
    /// What an empty field of a new row shows: the column's default, which the database fills in when the field
    /// is left alone (nil when not a new row or no default: the field shows NULL).
    func defaultPlaceholder(_ name: String) -> String? {
        guard isNew, let expression = column(name)?.defaultExpression else { return nil }
        return localized("form.default", ["expression": expression])
    }

    /// Ctrl-S on a new row: the typed fields (read as their columns' types) go to `.insert`; the others are left
    /// to the database (their defaults, else NULL).
    mutating func insertNewRow() -> [EditorEffect] {
        guard let fields = dirtyValues() else { return [] }
        saving = PendingSave(sentTexts: currentTexts)
        say(localized("status.inserting"))
        return [.insert(fields: fields)]
    }

    /// The insert landed: the form holds the inserted row as if it had been opened (fields typed meanwhile keep
    /// their text), and claims it.
    mutating func handleInserted(_ row: Record, screens: inout ScreenStack) -> [EditorEffect] {
        guard isNew else { return [] }
        let pending = saving
        saving = nil
        isNew = false
        var effects = saved(row, pending: pending, screens: &screens)
        say(localized("status.inserted", ["key": "\(schema.keyColumn)=\(row.key.displayText)", "time": row.updatedAt]), .success)
        if !config.readOnly {
            claim = .claiming
            effects.append(.claim)
        }
        return effects
    }

    /// The edited fields read as their columns' types; nil (the first field that does not read focused, its
    /// error shown) when one is not a value of its type.
    mutating func dirtyValues() -> [String: Value]? {
        var values: [String: Value] = [:]
        for name in dirtyColumns {
            switch parsedValue(name) {
            case .failure(let e):
                if let i = focusable.firstIndex(of: name), i != focus { focusField(i) }
                fieldErrors[name] = e.message
                say(e.message, .error)
                return nil
            case .success(let v):
                values[name] = v
            }
        }
        return values
    }
}
