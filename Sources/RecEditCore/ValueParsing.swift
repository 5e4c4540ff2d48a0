/// A value a user typed could not be read as its column's type.
public struct ValueParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public init(column: String, input: String, expected: String, reason: String? = nil) {
        self.column = column
        self.input = input
        self.expected = expected
        self.reason = reason
    }

    public var column: String
    public var input: String
    public var expected: String
    /// What exactly is wrong, when the input is too long to quote (JSON: the parser's line and column).
    public var reason: String?

    public var message: String {
        if let reason { return "field '\(column)' is not \(expected): \(reason)" }
        return "field '\(column)': '\(input)' is not \(expected)"
    }
    public var description: String { message }
}

public enum ValueParser {
    /// Reads `text` as a value of `column`'s type. Empty text stays empty text for text columns and is NULL
    /// for numeric ones only when the column allows NULL (otherwise an error).
    public static func parse(_ text: String, for column: Column) throws -> Value {
        let trimmed = text.trimmingSpaces()
        switch column.kind {
        case .text, .any:
            return .text(text)
        case .integer:
            if trimmed.isEmpty && !column.notNull { return .null }
            if let i = Int64(trimmed) { return .integer(i) }
            throw ValueParseError(column: column.name, input: text, expected: "an integer")
        case .real:
            if trimmed.isEmpty && !column.notNull { return .null }
            if let d = Double(trimmed), d.isFinite { return .real(d) }
            throw ValueParseError(column: column.name, input: text, expected: "a number")
        case .numeric:
            if trimmed.isEmpty && !column.notNull { return .null }
            if let i = Int64(trimmed) { return .integer(i) }
            if let d = Double(trimmed), d.isFinite { return .real(d) }
            throw ValueParseError(column: column.name, input: text, expected: "a number")
        case .boolean:
            switch trimmed.lowercased() {
            case "1", "true", "t", "yes", "y", "on": return .integer(1)
            case "0", "false", "f", "no", "n", "off": return .integer(0)
            case "" where !column.notNull: return .null
            default: throw ValueParseError(column: column.name, input: text, expected: "true or false")
            }
        case .blob:
            if let bytes = Hex.decode(trimmed) { return .blob(bytes) }
            throw ValueParseError(column: column.name, input: text, expected: "hex bytes (x'0a1b' or 0a1b)")
        }
    }

    /// Reads `text` typed over `original`: a blob stays a blob whatever the column says (SQLite keeps a
    /// blob in a TEXT column), edited as hex; anything else is read by the column's type.
    public static func parse(_ text: String, for column: Column, over original: Value) throws -> Value {
        guard case .blob = original, column.kind != .blob else { return try parse(text, for: column) }
        // The digits as shown: `x'00ff41'42` (typed after the closing quote) is 00ff4142.
        var digits = Substring(text.trimmingSpaces())
        if digits.hasPrefix("x'") || digits.hasPrefix("X'") { digits = digits.dropFirst(2) }
        if let bytes = Hex.decode(digits.filter { $0 != "'" }) { return .blob(bytes) }
        throw ValueParseError(column: column.name, input: text, expected: "hex bytes (x'0a1b'): the field holds a blob")
    }

    /// The text a user edits for a value (the inverse of `parse` for every kind). Blobs are hex, marked
    /// `x'…'` so they are never mistaken for text.
    public static func editableText(_ value: Value) -> String {
        switch value {
        case .blob(let bytes): return "x'" + Hex.encode(bytes) + "'"
        default: return value.displayText
        }
    }
}

/// `field=value` (text, typed by column) or `field:=null` from the command line.
public struct FieldAssignment: Equatable, Sendable {
    public var column: String
    public var text: String?  // nil means NULL

    public init(column: String, text: String?) {
        self.column = column
        self.text = text
    }

    public static func parse(_ argument: String) -> FieldAssignment? {
        guard let eq = argument.firstIndex(of: "=") else { return nil }
        if argument[..<eq].hasSuffix(":") {
            let name = String(argument[..<argument.index(before: eq)])
            let rest = String(argument[argument.index(after: eq)...])
            guard !name.isEmpty, rest.lowercased() == "null" else { return nil }
            return FieldAssignment(column: name, text: nil)
        }
        let name = String(argument[..<eq])
        guard !name.isEmpty else { return nil }
        return FieldAssignment(column: name, text: String(argument[argument.index(after: eq)...]))
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}

extension ValueParser {
    /// A blob from hex digits (as stored in history rows); invalid hex stays text.
    public static func blob(fromHex hex: String) -> Value {
        Hex.decode(hex).map(Value.blob) ?? .text(hex)
    }
}
