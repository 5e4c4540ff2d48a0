import RecEditCore

extension RowSession {
    /// Ctrl-N: the focused field becomes NULL (its text empties; typing into it starts an empty value).
    /// A NOT NULL column refuses at once, not at the save.
    mutating func setFocusedFieldNull() -> [EditorEffect] {
        guard let name = focusedColumn, let field = fields[name] else { return [] }
        if let reason = formLockReason {
            say("Read-only: \(reason)" + (config.readOnly ? "" : lockHint), .warning)
            return []
        }
        if field.column?.notNull == true {
            say("\(name) is NOT NULL: it cannot be set to NULL", .warning)
            return []
        }
        if case .success(.null) = field.value, field.editor.isEmpty {
            say("\(name) is already NULL")
            return []
        }
        fields[name]!.set(.null, cursor: 0)
        fieldErrors[name] = nil
        if case .error? = message?.kind { message = nil }
        say("\(name) set to NULL")
        return noteEdit()
    }
}
