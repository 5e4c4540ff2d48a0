import RecEditCore

/// What kind of editor a field gets, from what the schema says about its column (and, for text, its value).
/// The one registration point for a new kind (choice, boolean, date, JSON): its case here, its choice in
/// `of(_:value:)`, and what differs for it in `FieldEditor` (how its text reads as a value, how keys move).
enum FieldKind: Sendable, Equatable {
    /// One line of text (any column that is not unbounded text; numbers and blobs are typed as text too).
    case text
    /// Lines of text: an unbounded text column, or a value that holds a newline.
    case multilineText

    static func of(_ column: Column?, value: Value) -> FieldKind {
        if let column, isUnboundedText(column.declaredType) { return .multilineText }
        if case .text(let s) = value, s.contains("\n") { return .multilineText }
        return .text
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
        kind = FieldKind.of(column, value: value)
        editor = LineEditor(characters: characters ?? LineEditor.split(ValueParser.editableText(value)), cursor: cursor)
        given = value
        givenRevision = editor.revision
    }

    /// Gives the field a value; its text becomes the value's (left alone when it already reads the same).
    mutating func set(_ value: Value, characters: [Character]? = nil, cursor: Int?) {
        let text = characters ?? LineEditor.split(ValueParser.editableText(value))
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
        if !given.isNull, text == ValueParser.editableText(given) { return .success(given) }
        guard let column else { return .success(.text(text)) }
        do { return .success(try ValueParser.parse(text, for: column, over: given)) } catch let e as ValueParseError {
            return .failure(e)
        } catch {
            return .failure(ValueParseError(column: column.name, input: text, expected: "a valid value"))
        }
    }

    /// True when the value now is not `base`. `baseCharacters` (the base's text, split) tells a text field
    /// without building its whole text: a value can be megabytes.
    func differs(from base: Value, baseCharacters: [Character]?) -> Bool {
        guard isEdited else { return given != base }
        if case .text = base, case .text = given, column.map({ $0.kind == .text || $0.kind == .any }) ?? true, let baseCharacters {
            return editor.characters != baseCharacters
        }
        guard case .success(let now) = value else { return true }
        return now != base
    }

    /// Drawn over several lines, Enter a new line: the kind says so, or the text or the value holds a newline.
    var isMultiline: Bool {
        if kind == .multilineText { return true }
        if case .text(let s) = given, s.contains("\n") { return true }
        return editor.characters.contains("\n")
    }
}
