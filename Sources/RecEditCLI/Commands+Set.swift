import RecEditCore

extension CommandContext {
    /// The non-interactive checked save, with the same merge the editor does.
    func set(_ arguments: ParsedArguments) throws -> ExitCode {
        guard let id = arguments.positionals.first else { throw CLIError.usage(localized("cli.missingArgument", ["name": "<id>"]), command: command) }
        let fieldArguments = Array(arguments.positionals.dropFirst())
        guard !fieldArguments.isEmpty else { throw CLIError.usage(localized("cli.set.noFields"), command: command) }
        let store = try openStore()
        let key = try keyValue(id, in: store)
        let values = try assignments(fieldArguments, in: store.schema)
        let owner = scriptOwner

        let base: Record
        if let expect = arguments.value("--expect") {
            guard let version = try store.version(key, at: expect) else {
                _ = try loadOrFail(store, key)
                throw CLIError.notFound(localized("cli.set.noVersion", ["id": id, "version": expect]))
            }
            base = version
        } else {
            base = try loadOrFail(store, key)
        }
        var fence = try exclusiveFence(for: try loadOrFail(store, key), id: id)

        var mine = base
        for (name, value) in values { mine.fields[name] = value }
        var changes = values.filter { base[$0.key] != $0.value }
        guard !changes.isEmpty else {
            Output.line(localized("cli.set.alreadyHolds", ["id": id, "updated_at": base.updatedAt]))
            return .ok
        }
        var expected = base.updatedAt
        var told: Set<String> = []
        for _ in 0..<25 {
            switch try store.save(key, changes: changes, expected: expected, writer: owner, fencingToken: fence) {
            case .saved(let record):
                Output.line(record.updatedAt)
                afterSave(store, operation: "update", record: record, fields: Array(changes.keys))
                return .ok
            case .deleted:
                throw CLIError.notFound(localized("cli.set.deleted", ["id": id]))
            case .locked(let current):
                throw lockedError(current, id: id)
            case .stale(let current):
                fence = try exclusiveFence(for: current, id: id)
                let writer = try store.writer(of: key, at: current.updatedAt)
                let merge = RecordMerge.merge(base: base, mine: mine, theirs: current, schema: store.schema)
                // A script's value was computed from what it read; a field both sides changed is an overlap
                // even when the values agree (two increments of 4 both give 5: one of them must retry).
                let overlapping = merge.fields.filter { values[$0.column] != nil && ($0.verdict == .conflict || $0.verdict == .same) }
                if arguments.has("--strict") || !overlapping.isEmpty {
                    printConflict(
                        id: id, since: base.updatedAt, current: current, writer: writer,
                        fields: arguments.has("--strict") ? merge.fields.filter { $0.verdict != .unchanged } : overlapping)
                    return .conflict
                }
                // Who wrote each field they changed (history knows), not just the last writer.
                let writers = FieldWriters.writers(
                    base: base, current: current, currentWriter: writer,
                    history: (try? store.history(key)) ?? [], schema: store.schema)
                for field in merge.fields where field.verdict == .theirs && !told.contains(field.column) {
                    told.insert(field.column)
                    let by = (writers[field.column] ?? writer) ?? localized("cli.anotherProgram")
                    let kept = ["field": field.column, "value": TerminalText.safe(field.theirs.reportText), "writer": TerminalText.safe(by)]
                    Output.note(localized("cli.set.keptTheirs", kept))
                }
                for field in merge.fields where field.verdict == .textMerged && !told.contains(field.column) {
                    told.insert(field.column)
                    Output.note(localized("cli.set.mergedLines", ["field": field.column]))
                }
                changes = (merge.changesOverTheirs() ?? [:]).filter { values[$0.key] != nil }
                expected = current.updatedAt
                if changes.isEmpty {
                    Output.line(current.updatedAt)
                    return .ok
                }
            }
        }
        throw CLIError(message: localized("cli.set.keptChanging", ["id": id, "attempts": "25"]), code: .conflict)
    }

    private func printConflict(id: String, since: String, current: Record, writer: String?, fields: [FieldMerge]) {
        let writer = TerminalText.safe(writer ?? localized("cli.anotherProgram"))
        Output.line(localized("cli.set.conflict", ["id": id, "since": since, "now": current.updatedAt, "writer": writer]))
        let width = fields.map(\.column.count).max() ?? 0
        for field in fields {
            Output.line(
                "  " + field.column.padding(width) + "  base: " + oneLine(field.base) + "  mine: " + oneLine(field.mine)
                    + "  theirs: " + oneLine(field.theirs))
        }
        Output.line(localized("cli.set.reread", ["id": id]))
    }

    private func oneLine(_ value: Value) -> String {
        var text = TerminalText.safe(value.reportText)
        text = text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\\n")
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}
