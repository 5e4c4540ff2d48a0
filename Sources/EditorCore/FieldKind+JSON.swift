import RecEditCore

/// A JSON column (PostgreSQL `json`/`jsonb`, MariaDB `JSON`, SQLite declared JSON): one line in the form (a
/// document written on several lines is shown with its whitespace folded); Ctrl-O opens it pretty-printed and
/// folds it back when it returns. A document that does not parse is kept as it came, marked with the parser's
/// line and column. Only whitespace between tokens is ever changed (`JSON.relayout`).
extension FieldKind {
    static func oneLineJSON(_ value: Value) -> String? {
        guard case .text(let s) = value, s.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) else { return nil }
        return try? JSON.relayout(s, pretty: false)
    }

    static func readJSON(_ text: String, column: Column) -> Result<Value, ValueParseError> {
        if text.unicodeScalars.allSatisfy({ [" ", "\t", "\r", "\n"].contains($0) }), !column.notNull { return .success(.null) }
        do {
            _ = try JSON.parse(text)
            return .success(.text(text))
        } catch let e as JSON.ParseError {
            return .failure(ValueParseError(column: column.name, input: text, expected: "JSON", reason: e.description))
        } catch {
            return .failure(ValueParseError(column: column.name, input: text, expected: "JSON"))
        }
    }
}

extension FieldEditor {
    /// The text handed to `$VISUAL`/`$EDITOR`: a JSON document pretty-printed.
    var textForExternalEditor: String {
        guard kind == .json, let pretty = try? JSON.relayout(editor.text, pretty: true) else { return editor.text }
        return pretty
    }

    /// The field's text for what came back from the external editor: a JSON document on one line again (the
    /// same text when it came back as it was sent); anything else as it came.
    func textFromExternalEditor(_ text: String) -> String {
        guard kind == .json else { return text }
        if text == textForExternalEditor { return editor.text }
        return (try? JSON.relayout(text, pretty: false)) ?? text
    }
}
