import RecEditCore

/// A column with a single-column foreign key: its text is typed as the column's type, Enter lists the referenced
/// table's rows (`ReferencePickerScreen`), and the referenced row's label is drawn dimmed beside the value.
struct ReferenceLabel: Sendable, Equatable {
    var key: Value
    var label: String?
    /// False until the loop answered `.fetchReferenceLabel` for `key`.
    var loaded: Bool
}

extension RowSession {
    mutating func referenceKey(_ key: Key, name: String, reference: ColumnReference, screens: inout ScreenStack) -> [EditorEffect]? {
        guard key == .enter else { return nil }
        if let reason = formLockReason {
            say(localized("status.readOnly", ["reason": reason]), .warning)
            return []
        }
        let current: Value? = if case .success(let value)? = fields[name]?.value { value } else { nil }
        return ReferencePickerScreen.open(column: name, reference: reference, current: current, screens: &screens)
    }

    /// One `.fetchReferenceLabel` for each foreign-key field whose value is not the one its label was asked for
    /// (after the row opens, and whenever a value changes); NULL and unreadable values have no label.
    mutating func referenceLabelEffects() -> [EditorEffect] {
        var effects: [EditorEffect] = []
        for name in focusable {
            guard let field = fields[name], case .reference(let reference) = field.kind else { continue }
            guard case .success(let value) = field.value, !value.isNull else {
                referenceLabels[name] = nil
                continue
            }
            if referenceLabels[name]?.key == value { continue }
            referenceLabels[name] = ReferenceLabel(key: value, label: nil, loaded: false)
            effects.append(.fetchReferenceLabel(column: name, reference: reference, key: value))
        }
        return effects
    }

    /// The label to draw beside a foreign-key field's value: only the one fetched for the value it holds now.
    func shownReferenceLabel(_ name: String) -> String? {
        guard let known = referenceLabels[name], known.loaded, case .success(let value)? = fields[name]?.value, value == known.key else { return nil }
        return known.label
    }
}
