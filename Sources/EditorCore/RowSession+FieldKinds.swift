import RecEditCore

/// The keys a field's kind gives a meaning of its own (Space on a choice, `+` on a date); every other key is the
/// form's. Each kind's keys are in its `FieldKind+Name.swift`.
extension RowSession {
    /// The effects of a key the focused field's kind takes, or nil when the form handles the key as usual.
    mutating func handleFieldKindKey(_ key: Key, screens: inout ScreenStack) -> [EditorEffect]? {
        guard let name = focusedColumn, let field = fields[name] else { return nil }
        switch field.kind {
        case .choice(let values, let nullable): return choiceKey(key, name: name, values: values, nullable: nullable, screens: &screens)
        case .boolean(let nullable): return booleanKey(key, name: name, nullable: nullable)
        case .dateTime(let kind, _): return dateTimeKey(key, name: name, kind: kind)
        case .reference(let reference): return referenceKey(key, name: name, reference: reference, screens: &screens)
        default: return nil
        }
    }

    /// Gives the focused field a value as a whole (a choice, a toggle), unless the form is locked.
    mutating func give(_ value: Value, to name: String) -> [EditorEffect] {
        guard let field = fields[name] else { return [] }
        if let reason = formLockReason {
            say(localized("status.readOnly", ["reason": reason]) + (config.readOnly ? "" : lockHint), .warning)
            return []
        }
        let text = LineEditor.split(field.shownText(value))
        fields[name]!.set(value, characters: text, cursor: text.count)
        fieldErrors[name] = nil
        if case .error? = message?.kind { message = nil }
        return noteEdit()
    }

    /// Keys that would edit the text of a field that only takes whole values.
    static func editsText(_ key: Key) -> Bool {
        switch key {
        case .backspace, .delete, .control("h"), .control("k"), .control("u"), .control("w"): return true
        default: return false
        }
    }
}
