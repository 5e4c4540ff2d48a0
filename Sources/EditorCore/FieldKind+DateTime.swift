import RecEditCore

/// Dates, times and timestamps (and a text column whose value is a date, like the demo's `due`), checked as
/// ISO 8601 at every key. On a field whose text is a whole date or timestamp `+` / `-` step a day (elsewhere they
/// type, so `2026-12-15` can be typed); `t` sets today: the date of the latest tick the session saw, in the
/// editor's UTC offset (a timestamp keeps its time). A time takes no such keys.
extension FieldKind {
    static func readDateTime(_ text: String, column: Column, kind: ISODateTime.Kind, inferred: Bool) -> Result<Value, ValueParseError> {
        let expected: String
        switch kind {
        case .date: expected = "a date"
        case .time: expected = "a time"
        case .timestamp: expected = "a timestamp"
        }
        if text.isEmpty {
            // A text column keeps '' as before; a date column has no empty date.
            if inferred { return .success(.text("")) }
            if !column.notNull { return .success(.null) }
        }
        if let problem = ISODateTime.problem(text, kind: kind) {
            return .failure(ValueParseError(column: column.name, input: text, expected: expected + " (\(problem))"))
        }
        return .success(.text(text))
    }
}

extension RowSession {
    mutating func dateTimeKey(_ key: Key, name: String, kind: ISODateTime.Kind) -> [EditorEffect]? {
        guard kind != .time, let text = fields[name]?.editor.text else { return nil }
        switch key {
        case .character("+"), .character("-"):
            guard let stepped = ISODateTime.adding(days: key == .character("+") ? 1 : -1, to: text, kind: kind) else { return nil }
            return replaceText(of: name, with: stepped)
        case .character("t"):
            guard let now else {
                say(localized("status.todayUnknown"), .warning)
                return []
            }
            let today = ISODateTime.dateText(dayNumber: ISODateTime.dayNumber(microseconds: now, utcOffsetSeconds: config.utcOffsetSeconds))
            if kind == .date { return replaceText(of: name, with: today) }
            let keepsTime = text.count > 10 && ISODateTime.problem(text, kind: .timestamp) == nil
            return replaceText(of: name, with: today + (keepsTime ? String(text.dropFirst(10)) : " 00:00:00"))
        default:
            return nil
        }
    }

    private mutating func replaceText(of name: String, with text: String) -> [EditorEffect] {
        guard focusedColumn == name else { return [] }
        return edit { $0.setText(text, cursor: text.count) }
    }
}
