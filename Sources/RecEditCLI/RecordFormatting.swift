import EditorCore
import RecEditCore

/// How records and history look on the command line (JSON and text).
enum RecordFormatting {
    static func json(_ record: Record, schema: Schema) -> JSON {
        .object([
            ("table", .string(schema.table)),
            ("key", record.key.json),
            ("fields", .object(schema.dataColumns.map { ($0.name, record[$0.name].json) })),
            ("updated_at", .string(record.updatedAt)),
            ("edit_state", .string(record.edit.state.rawValue)),
            ("edit_owner", record.edit.owner.map(JSON.string) ?? .null),
            ("edit_lease_until", record.edit.leaseUntil.map(JSON.string) ?? .null),
            ("edit_token", .integer(record.edit.token)),
            ("edit_since", record.edit.since.map(JSON.string) ?? .null),
        ])
    }

    static func text(_ record: Record, schema: Schema) -> String {
        let names = schema.dataColumns.map(\.name) + ["updated_at", "edit_state"]
        let width = names.map(\.count).max() ?? 0
        var lines = schema.dataColumns.map { column -> String in
            let value = record[column.name]
            let shown = TerminalText.safe(NullMark.plainText(value))
            let indented = shown.split(separator: "\n", omittingEmptySubsequences: false)
                .joined(separator: "\n" + String(repeating: " ", count: width + 2))
            return column.name.padding(width) + "  " + indented
        }
        lines.append("updated_at".padding(width) + "  " + record.updatedAt)
        lines.append("edit_state".padding(width) + "  " + editDescription(record.edit))
        return lines.joined(separator: "\n")
    }

    /// The edit state for a person (`status`, `show`): in the locale's language.
    static func editDescription(_ edit: EditInfo) -> String {
        let arguments = [
            "owner": TerminalText.safe(edit.owner ?? "?"), "token": String(edit.token), "until": edit.leaseUntil ?? "?",
            "since": edit.since.map { localized("cli.since", ["time": $0]) } ?? "",
        ]
        switch edit.state {
        case .idle: return localized("cli.state.idleToken", arguments)
        case .editing: return localized("cli.state.editingLong", arguments)
        case .locked: return localized("cli.state.lockedLong", arguments)
        }
    }

    /// The edit state in `list`'s STATE column: "idle", "editing by OWNER", "locked by OWNER".
    static func stateShort(_ edit: EditInfo) -> String {
        let owner = ["owner": TerminalText.safe(edit.owner ?? "?")]
        switch edit.state {
        case .idle: return localized("cli.state.idle")
        case .editing: return localized("cli.state.editingBy", owner)
        case .locked: return localized("cli.state.lockedBy", owner)
        }
    }

    static func json(_ entry: HistoryEntry) -> JSON {
        .object([
            ("operation", .string(entry.operation.rawValue)),
            ("updated_at", .string(entry.updatedAt)),
            ("written_by", entry.writtenBy.map(JSON.string) ?? .null),
            ("replaced_at", entry.replacedAt.map(JSON.string) ?? .null),
            ("replaced_by", entry.replacedBy.map(JSON.string) ?? .null),
            ("fields", .object(entry.fields.keys.sorted().map { ($0, entry.fields[$0]!.json) })),
        ])
    }
}

/// Text for the terminal from untrusted values, made safe the same way the editor does it
/// (`Sanitize`): line breaks stay, every other control, C1 and bidi override becomes visible.
enum TerminalText {
    static func safe(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { Sanitize.visible(String($0)) }.joined(separator: "\n")
    }
}
