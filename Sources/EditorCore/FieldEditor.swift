import RecEditCore

/// What kind of editor a field gets, from what the schema says about its column (and its value).
/// The one registration point for a new kind: its case here, its choice in `of(_:value:)`, and what differs
/// for it in a `FieldKind+Name.swift` file (how its text reads as a value, the keys it takes, its hint).
enum FieldKind: Sendable, Equatable {
    /// One line of text (any column that is not unbounded text and no kind below).
    case text
    /// Lines of text: an unbounded text column, or a value that holds a newline.
    case multilineText
    /// One of the column's allowed values (`FieldKind+Choice.swift`); NULL is one more when the column takes it.
    case choice(values: [String], nullable: Bool)
    /// True or false, kept as the store keeps it (`.integer(1)` / `.integer(0)`) (`FieldKind+Boolean.swift`).
    case boolean(nullable: Bool)
    /// An integer or a real, checked as it is typed.
    case number
    /// ISO 8601 text (`FieldKind+DateTime.swift`); `inferred` for a text column whose value is a date.
    case dateTime(ISODateTime.Kind, inferred: Bool)
    /// A JSON document, on one line (`FieldKind+JSON.swift`).
    case json
    /// A foreign key: Enter picks a row of the referenced table, its label is shown beside the value
    /// (`FieldKind+Reference.swift`); the text reads as the column's type.
    case reference(ColumnReference)

    static func of(_ column: Column?, value: Value) -> FieldKind {
        guard let column else { return value.textValue?.contains("\n") == true ? .multilineText : .text }
        // A kind that holds text only while the value is text (or NULL): an integer in a SQLite DATE column is a number.
        let holdsText = value.isNull || value.textValue != nil
        if let values = column.allowedValues, !values.isEmpty, value.isNull || values.contains(ValueParser.editableText(value)) {
            return .choice(values: values, nullable: !column.notNull)
        }
        if column.typeClass == .boolean || column.kind == .boolean, value.isNull || value == .integer(0) || value == .integer(1) {
            return .boolean(nullable: !column.notNull)
        }
        if column.typeClass == .json, holdsText { return .json }
        if let reference = column.references {
            if case .blob = value {} else { return .reference(reference) }
        }
        if holdsText, let kind = dateTimeKind(column.typeClass) { return .dateTime(kind, inferred: false) }
        switch (column.kind, value) {
        case (.integer, .null), (.integer, .integer), (.real, .null), (.real, .real), (.real, .integer), (.numeric, .null),
            (.numeric, .integer), (.numeric, .real):
            return .number
        default: break
        }
        if isUnboundedText(column.declaredType) { return .multilineText }
        if case .text(let s) = value, s.contains("\n") { return .multilineText }
        if column.kind == .text, column.typeClass == .text, case .text(let s) = value, ISODateTime.problem(s, kind: .date) == nil {
            return .dateTime(.date, inferred: true)
        }
        return .text
    }

    static func dateTimeKind(_ typeClass: ColumnTypeClass) -> ISODateTime.Kind? {
        switch typeClass {
        case .date: return .date
        case .time: return .time
        case .timestamp: return .timestamp
        default: return nil
        }
    }

    /// The text a value is shown and edited as when it is not `ValueParser.editableText` (a boolean's
    /// `true`, a JSON document on one line).
    func shownText(_ value: Value) -> String? {
        switch self {
        case .boolean: return FieldKind.booleanText(value)
        case .json: return FieldKind.oneLineJSON(value)
        default: return nil
        }
    }

    /// Reads `text` as a value when the kind reads it otherwise than the column's type would (dates and JSON are
    /// text whatever a SQLite affinity says, a choice must be one of its values); nil to read it by the type.
    func read(_ text: String, column: Column) -> Result<Value, ValueParseError>? {
        switch self {
        case .choice(let values, let nullable): return FieldKind.readChoice(text, column: column, values: values, nullable: nullable)
        case .dateTime(let kind, let inferred): return FieldKind.readDateTime(text, column: column, kind: kind, inferred: inferred)
        case .json: return FieldKind.readJSON(text, column: column)
        default: return nil
        }
    }

    /// Checked at every key, the reason shown at once (not only when the focus leaves the field).
    var checksAsTyped: Bool {
        switch self {
        case .number, .dateTime: return true
        default: return false
        }
    }

    /// Drawn on one line whatever the value holds (a JSON document's newlines are whitespace).
    var isOneLine: Bool { self == .json }

    /// What the keys of the focused field do, drawn dimmed after its value.
    var hint: String? {
        switch self {
        case .choice(let values, let nullable): return localized("form.hint.choice", ["values": (values + (nullable ? ["NULL"] : [])).joined(separator: " | ")])
        case .boolean: return localized("form.hint.boolean")
        case .dateTime(.time, _): return "(HH:MM:SS)"
        case .dateTime: return localized("form.hint.date")
        case .json: return localized("form.hint.json")
        case .reference: return localized("form.hint.reference")
        default: return nil
        }
    }

    /// Django's convention: `TEXT` (SQLite, PostgreSQL, MariaDB), `CLOB`, MariaDB's `TINYTEXT` / `MEDIUMTEXT` /
    /// `LONGTEXT` are unbounded, so written in lines; a type with a length (`VARCHAR(n)`, `CHAR(n)`) is a line.
    static func isUnboundedText(_ declaredType: String) -> Bool {
        let type = declaredType.split(separator: " ").joined(separator: " ").uppercased()
        return ["TEXT", "CLOB", "TINYTEXT", "MEDIUMTEXT", "LONGTEXT"].contains(type)
    }
}

/// One field of the form: the value it holds and the text it is edited as. NULL is a value like any other:
/// a field holds the value it was given (from the row, a merge, a draft) until its text is edited; from then
/// on it holds its text read as the column's type (typing into a NULL field starts from an empty text).
struct FieldEditor: Sendable {
    let column: Column?
    let kind: FieldKind
    /// The text being edited.
    var editor: LineEditor
    /// The value the field was last given.
    private(set) var given: Value
    /// `editor`'s revision when the value was given: any other revision means the text was edited since.
    private var givenRevision: Int

    init(column: Column?, value: Value, characters: [Character]? = nil, cursor: Int = 0) {
        self.column = column
        let kind = FieldKind.of(column, value: value)
        self.kind = kind
        let shown = kind.shownText(value).map(LineEditor.split)
        editor = LineEditor(characters: shown ?? characters ?? LineEditor.split(ValueParser.editableText(value)), cursor: cursor)
        given = value
        givenRevision = editor.revision
    }

    /// Gives the field a value; its text becomes the value's (left alone when it already reads the same).
    mutating func set(_ value: Value, characters: [Character]? = nil, cursor: Int?) {
        let text = kind.shownText(value).map(LineEditor.split) ?? characters ?? LineEditor.split(ValueParser.editableText(value))
        if text != editor.characters { editor.setCharacters(text, cursor: cursor.map { min($0, text.count) }) }
        given = value
        givenRevision = editor.revision
    }

    /// True once the text was changed since the value was given.
    var isEdited: Bool { editor.revision != givenRevision }

    /// The value the field holds now, or why its text is not a value of the column's type.
    var value: Result<Value, ValueParseError> {
        guard isEdited else { return .success(given) }
        let text = editor.text
        // Back to the text it was given: the value it was given (2.50 stays 2.5, bytes that are not UTF-8 stay
        // bytes), unless that was NULL (edited, it is text now).
        if !given.isNull, text == shownText(given) { return .success(given) }
        guard let column else { return .success(.text(text)) }
        if let read = kind.read(text, column: column) { return read }
        do { return .success(try ValueParser.parse(text, for: column, over: given)) } catch let e as ValueParseError {
            return .failure(e)
        } catch {
            return .failure(ValueParseError(column: column.name, input: text, expected: "a valid value"))
        }
    }

    /// The text `value` is shown as in this field.
    func shownText(_ value: Value) -> String { kind.shownText(value) ?? ValueParser.editableText(value) }

    /// True when the value now is not `base`. `baseCharacters` (the base's text, split) tells a text field
    /// without building its whole text: a value can be megabytes.
    func differs(from base: Value, baseCharacters: [Character]?) -> Bool {
        guard isEdited else { return given != base }
        if kind == .text || kind == .multilineText, case .text = base, case .text = given, column.map({ $0.kind == .text || $0.kind == .any }) ?? true,
            let baseCharacters
        {
            return editor.characters != baseCharacters
        }
        guard case .success(let now) = value else { return true }
        return now != base
    }

    /// Drawn over several lines, Enter a new line: the kind says so, or the text or the value holds a newline.
    var isMultiline: Bool {
        if kind == .multilineText { return true }
        if !kind.isOneLine, case .text(let s) = given, s.contains("\n") { return true }
        return editor.characters.contains("\n")
    }
}
