import RecEditCore

/// A column with allowed values (`CHECK (c IN (...))`, a PostgreSQL enum, a MariaDB `ENUM`): Space or Right
/// steps to the next value, Left to the previous (NULL is one more stop when the column takes it); a letter
/// jumps to the next value starting with it; Enter lists them (`ChoicePickerScreen`); nothing else can be typed.
extension FieldKind {
    static func readChoice(_ text: String, column: Column, values: [String], nullable: Bool) -> Result<Value, ValueParseError> {
        if text.isEmpty, nullable { return .success(.null) }
        let expected = "one of " + values.joined(separator: ", ")
        guard values.contains(text), let value = try? ValueParser.parse(text, for: column) else {
            return .failure(ValueParseError(column: column.name, input: text, expected: expected))
        }
        return .success(value)
    }
}

extension RowSession {
    mutating func choiceKey(_ key: Key, name: String, values: [String], nullable: Bool, screens: inout ScreenStack) -> [EditorEffect]? {
        let stops: [String?] = values + (nullable ? [nil] : [])
        let current: Int? = {
            guard case .success(let value) = fields[name]?.value else { return nil }
            return value.isNull ? stops.firstIndex(of: nil) : stops.firstIndex(of: ValueParser.editableText(value))
        }()
        let refusal = localized(
            nullable ? "status.choice.refusal.nullable" : "status.choice.refusal", ["field": name, "values": values.joined(separator: ", ")])
        switch key {
        case .enter:
            if let reason = formLockReason {
                say(localized("status.readOnly", ["reason": reason]), .warning)
                return []
            }
            screens.push(ChoicePickerScreen(column: name, options: stops, selected: current ?? 0))
            return []
        case .character(" "), .right:
            return chooseValue(stops[((current ?? -1) + 1) % stops.count], name: name)
        case .left:
            return chooseValue(stops[((current ?? 0) - 1 + stops.count) % stops.count], name: name)
        case .character(let c):
            let letter = String(c).lowercased()
            let order = (0..<values.count).map { ((current ?? -1) + 1 + $0) % values.count }
            guard let next = order.first(where: { values[$0].lowercased().hasPrefix(letter) }) else {
                say(refusal, .warning)
                return []
            }
            return chooseValue(values[next], name: name)
        case _ where RowSession.editsText(key):
            say(refusal, .warning)
            return []
        default:
            return nil
        }
    }

    mutating func chooseValue(_ choice: String?, name: String) -> [EditorEffect] {
        guard let choice else { return give(.null, to: name) }
        let value = column(name).flatMap { try? ValueParser.parse(choice, for: $0) } ?? .text(choice)
        return give(value, to: name)
    }
}
