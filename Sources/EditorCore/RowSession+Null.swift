import RecEditCore

extension RowSession {
    /// Ctrl-N: the focused field becomes NULL (its text empties; typing into it starts an empty value).
    /// A NOT NULL column refuses at once, not at the save.
    mutating func setFocusedFieldNull() -> [EditorEffect] {
        guard let name = focusedColumn, let field = fields[name] else { return [] }
        if let reason = formLockReason {
            say(localized("status.readOnly", ["reason": reason]) + (config.readOnly ? "" : lockHint), .warning)
            return []
        }
        if field.column?.notNull == true {
            say(localized("status.null.notNull", ["field": name]), .warning)
            return []
        }
        if case .success(.null) = field.value, field.editor.isEmpty {
            say(localized("status.null.already", ["field": name]))
            return []
        }
        fields[name]!.set(.null, cursor: 0)
        fieldErrors[name] = nil
        if case .error? = message?.kind { message = nil }
        say(localized("status.null.set", ["field": name]))
        return noteEdit()
    }
}
