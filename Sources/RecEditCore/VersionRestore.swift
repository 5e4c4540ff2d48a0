/// Bringing back a version of a row from its history (`recedit restore`, the editor's history view): a checked
/// save of the fields in which that version differs from the row now.
public enum VersionRestore {
    /// The editable fields `old` holds with a value different from `current`'s; empty when the row already holds
    /// that version. Columns `old` does not know (added to the table since) are left alone.
    public static func changes(restoring old: [String: Value], over current: Record, schema: Schema) -> [String: Value] {
        var changes: [String: Value] = [:]
        for column in schema.editableColumns {
            guard let value = old[column.name], value != current[column.name] else { continue }
            changes[column.name] = value
        }
        return changes
    }
}
