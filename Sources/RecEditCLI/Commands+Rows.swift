import EditorCore
import Glibc
import RecEditCore

extension CommandContext {
    func initialize(_ arguments: ParsedArguments) throws -> ExitCode {
        _ = try positionals(arguments, [])
        let database = try openDatabase(creating: true)
        let rows = try columnsChecked { try database.initialize(demo: arguments.has("--demo"), names: config.columns) }
        Output.line(
            rows > 0
                ? localized("cli.init.readyWithRows", ["table": DemoData.table, "database": database.location, "rows": String(rows)])
                : localized("cli.init.ready", ["table": DemoData.table, "database": database.location]))
        return .ok
    }

    func adopt(_ arguments: ParsedArguments) throws -> ExitCode {
        _ = try positionals(arguments, [])
        guard let table = tableOption else { throw CLIError.usage(localized("cli.adopt.needsTable"), command: command) }
        let database = try openDatabase()
        let key = try columnsChecked { try database.adopt(table: table, key: arguments.value("--key") ?? config.key, names: config.columns) }
        // The name as the database stores it (`--table RECORDS` adopts `records`).
        let stored = (try? database.openTable(table, key: key, names: config.columns))?.schema.table ?? table
        Output.line(localized("cli.adopt.done", ["table": stored, "key": key, "database": database.location]))
        return .ok
    }

    func list(_ arguments: ParsedArguments) throws -> ExitCode {
        _ = try positionals(arguments, [])
        let store = try openStore(readOnly: true)
        let limit = try arguments.integer("--limit", command: command) ?? 50
        let after = try arguments.value("--after").map { try keyValue($0, in: store) }
        let rows = try store.list(limit: limit, after: after)
        if arguments.has("--json") {
            Output.line(
                JSON.array(
                    rows.map { row in
                        .object([
                            ("key", row.key.json), ("title", row.title.json), ("updated_at", .string(row.updatedAt)),
                            ("edit_state", .string(row.edit.state.rawValue)), ("edit_owner", row.edit.owner.map(JSON.string) ?? .null),
                        ])
                    }
                ).serialized(pretty: true))
            return .ok
        }
        let keys = rows.map { TerminalText.safe($0.key.displayText) }
        let states = rows.map { RecordFormatting.stateShort($0.edit) }
        // The headings are for people (in the locale's language); widths are display cells.
        let keyHeading = localized("cli.list.key"), stateHeading = localized("cli.list.state")
        let keyWidth = max(DisplayWidth.of(keyHeading), keys.map(DisplayWidth.of).max() ?? 0)
        let stateWidth = max(DisplayWidth.of(stateHeading), states.map(DisplayWidth.of).max() ?? 0)
        Output.line(
            ListLayout.pad(keyHeading, keyWidth) + "  " + ListLayout.pad(stateHeading, stateWidth) + "  "
                + "UPDATED_AT".padding(26) + "  " + (store.schema.titleColumn?.name.uppercased() ?? ""))
        // On a terminal a title is cut to the window with "…"; into a pipe or file it is printed whole.
        let titleWidth = ListLayout.terminalColumns(environment).map { max(1, $0 - (keyWidth + stateWidth + 26 + 6)) }
        for ((row, key), state) in zip(zip(rows, keys), states) {
            var title = TerminalText.safe(row.title.displayText).split(separator: "\n").first.map(String.init) ?? ""
            if let titleWidth { title = ListLayout.cut(title, to: titleWidth) }
            Output.line(
                ListLayout.pad(key, keyWidth) + "  " + ListLayout.pad(state, stateWidth) + "  "
                    + row.updatedAt.padding(26) + "  " + title)
        }
        if rows.count == limit, let last = rows.last {
            Output.note(continuationHint(after: last.key, limit: arguments.value("--limit")))
        }
        return .ok
    }

    /// The command that lists the next page, whole (the --config, --db and --table given, and --limit) and with
    /// every word shell-quoted, so pasting it runs exactly that. A password in --db is left out of it.
    func continuationHint(after key: Value, limit: String?) -> String {
        var words = ["recedit"]
        var note = ""
        if let file = given.config { words += ["--config", file] }
        if let db = given.db {
            if let database = config.database, let elsewhere = database.opener.passwordElsewhere,
                database.opener.hasPassword(database.target)
            {
                words += ["--db", database.opener.withoutPassword(database.target)]
                note = localized("cli.list.passwordLeftOut", ["elsewhere": elsewhere])
            } else {
                words += ["--db", db]
            }
        }
        if let table = given.table { words += ["--table", table] }
        words.append("list")
        if let limit { words += ["--limit", limit] }
        words += ["--after", key.displayText]
        let command = words.map(ShellWord.quote).joined(separator: " ")
        // A control character would be shown escaped, and the pasted command would then name another key.
        guard !command.contains("\n"), Sanitize.visible(command) == command else {
            return localized("cli.list.moreRowsControl")
        }
        return localized("cli.list.moreRows", ["command": command]) + note
    }

    func show(_ arguments: ParsedArguments) throws -> ExitCode {
        let id = try positionals(arguments, ["<id>"])[0]
        let store = try openStore(readOnly: true)
        let record = try loadOrFail(store, try keyValue(id, in: store))
        if arguments.has("--json") {
            Output.line(RecordFormatting.json(record, schema: store.schema).serialized(pretty: true))
        } else {
            Output.line(RecordFormatting.text(record, schema: store.schema))
        }
        return .ok
    }

    func insert(_ arguments: ParsedArguments) throws -> ExitCode {
        let store = try openStore()
        let values = try assignments(arguments.positionals, in: store.schema, allowingKey: true)
        let record = try store.insert(values, writer: scriptOwner)
        defer { afterSave(store, operation: "insert", record: record, fields: store.schema.dataColumns.map(\.name)) }
        if arguments.has("--json") {
            Output.line(JSON.object([("key", record.key.json), ("updated_at", .string(record.updatedAt))]).serialized())
        } else {
            Output.line(record.key.displayText)
        }
        return .ok
    }

    func history(_ arguments: ParsedArguments) throws -> ExitCode {
        let id = try positionals(arguments, ["<id>"])[0]
        let store = try openStore(readOnly: true)
        let key = try keyValue(id, in: store)
        let entries = try store.history(key)
        if entries.isEmpty, try store.load(key) == nil {
            throw CLIError.notFound(
                localized("cli.history.noRowNoHistory", ["column": store.schema.keyColumn, "key": id, "table": store.schema.table]))
        }
        if arguments.has("--json") {
            Output.line(JSON.array(entries.map(RecordFormatting.json)).serialized(pretty: true))
            return .ok
        }
        if entries.isEmpty { Output.line(localized("cli.history.none", ["id": id])) }
        let title = store.schema.titleColumn?.name
        for entry in entries {
            let by = entry.writtenBy.map { localized("cli.history.writtenBy", ["writer": TerminalText.safe($0)]) } ?? ""
            let replaced: String
            switch entry.operation {
            case .delete: replaced = localized("cli.history.deleted")
            case .update:
                let writer = entry.replacedBy.map { TerminalText.safe($0) } ?? localized("cli.anotherProgram")
                replaced = localized("cli.history.replaced", ["time": entry.replacedAt ?? "?", "writer": writer])
            }
            var line = entry.updatedAt + by + localized("cli.history.separator") + replaced
            if let title, let value = entry.fields[title] {
                line += localized("cli.history.titleSeparator") + (TerminalText.safe(value.displayText).split(separator: "\n").first.map(String.init) ?? "")
            }
            Output.line(line)
        }
        return .ok
    }

    func restore(_ arguments: ParsedArguments) throws -> ExitCode {
        let given = try positionals(arguments, ["<id>", "<updated_at>"])
        let store = try openStore()
        let key = try keyValue(given[0], in: store)
        guard let current = try store.load(key) else { return try restoreDeleted(store, key: key, id: given[0], stamp: given[1]) }
        guard let old = try store.version(key, at: given[1]) else {
            throw CLIError.notFound(localized("cli.restore.noVersion", ["id": given[0], "version": given[1]]))
        }
        let changes = VersionRestore.changes(restoring: old.fields, over: current, schema: store.schema)
        if changes.isEmpty {
            Output.line(localized("cli.restore.alreadyHolds", ["id": given[0], "version": given[1]]))
            return .ok
        }
        let fence = try exclusiveFence(for: current, id: given[0])
        switch try store.save(key, changes: changes, expected: current.updatedAt, writer: scriptOwner, fencingToken: fence) {
        case .saved(let record):
            let restored = ["fields": changes.keys.sorted().joined(separator: ", "), "version": given[1], "updated_at": record.updatedAt]
            Output.line(localized("cli.restore.restored", restored))
            afterSave(store, operation: "update", record: record, fields: Array(changes.keys))
            return .ok
        case .stale(let now):
            Output.error(localized("cli.restore.stale", ["id": given[0], "now": now.updatedAt]))
            return .conflict
        case .locked(let now):
            throw lockedError(now, id: given[0])
        case .deleted:
            throw CLIError.notFound(localized("cli.restore.deleted", ["id": given[0]]))
        }
    }

    /// The row is gone: re-create it from a version in its history, as a checked insert.
    private func restoreDeleted(_ store: RecordStore, key: Value, id: String, stamp: String) throws -> ExitCode {
        guard let old = try store.version(key, at: stamp) else {
            if try store.history(key).isEmpty {
                let row = ["column": store.schema.keyColumn, "key": key.displayText, "table": store.schema.table]
                throw CLIError.notFound(localized("cli.history.noRowNoHistorySeeList", row))
            }
            throw CLIError.notFound(localized("cli.restore.noVersion", ["id": id, "version": stamp]))
        }
        var fields: [String: Value] = [store.schema.keyColumn: key]
        for column in store.schema.editableColumns {
            if let value = old.fields[column.name] { fields[column.name] = value }
        }
        guard let record = try store.recreate(fields, writer: scriptOwner) else {
            Output.error(localized("cli.restore.existsAgain", ["id": id]))
            return .conflict
        }
        Output.line(localized("cli.restore.recreated", ["id": id, "version": stamp, "updated_at": record.updatedAt]))
        afterSave(store, operation: "insert", record: record, fields: store.schema.dataColumns.map(\.name))
        return .ok
    }
}
