/// How a database writes identifiers and string literals in the SQL text it shows for a table.
public enum SQLDialect: Sendable {
    /// `"x"`, `` `x` `` and `[x]` identifiers; `''` in literals.
    case sqlite
    /// `"x"` identifiers; `''` in literals; casts `::type`.
    case postgres
    /// `` `x` `` identifiers; `''` and backslash escapes in literals.
    case mariadb
}

/// Reads the allowed values of a column from constraint text: `CHECK (column IN ('a', 'b'))`, PostgreSQL's form of it
/// (`CHECK ((column = ANY (ARRAY['a'::text, 'b'::text])))`) and `ENUM('a', 'b')`. The text is only tokenized and
/// matched against those shapes, never evaluated; anything else (other operators, numbers, NULL, expressions)
/// gives nil.
public enum CheckConstraintValues {
    /// The values `check` limits `column` to, when it is exactly such a list. `check` is the constraint with or
    /// without the word CHECK and its parentheses (and PostgreSQL's NOT VALID after them).
    public static func values(column: String, check: String, dialect: SQLDialect) -> [String]? {
        guard var tokens = tokenize(check, dialect: dialect)?[...] else { return nil }
        if tokens.first?.isWord("CHECK") == true { tokens = tokens.dropFirst() }
        if tokens.count > 2, tokens[tokens.endIndex - 2].isWord("NOT"), tokens[tokens.endIndex - 1].isWord("VALID") {
            tokens = tokens.dropLast(2)
        }
        return values(column: column, tokens: tokens)
    }

    /// The values a table's `CHECK (column IN (...))` constraints (column or table constraints) limit each of
    /// `columns` to, read from its CREATE TABLE statement; several such checks allow the values all of them allow.
    /// Columns without such a check are not in the result.
    public static func values(columns: [String], createTable sql: String, dialect: SQLDialect) -> [String: [String]] {
        guard let tokens = tokenize(sql, dialect: dialect) else { return [:] }
        var checks: [ArraySlice<Token>] = []
        var i = 0
        while i < tokens.count {
            defer { i += 1 }
            guard tokens[i].isWord("CHECK"), i + 1 < tokens.count, tokens[i + 1] == .symbol("("),
                let close = matchingClose(tokens, from: i + 1)
            else { continue }
            checks.append(tokens[(i + 2)..<close])
            i = close
        }
        var result: [String: [String]] = [:]
        for column in columns {
            for check in checks {
                guard let found = values(column: column, tokens: check) else { continue }
                result[column] = result[column].map { kept in kept.filter(found.contains) } ?? found
            }
        }
        return result
    }

    /// The members of an `ENUM('a', 'b')` type (MariaDB's COLUMN_TYPE), in declared order.
    public static func enumValues(_ columnType: String, dialect: SQLDialect) -> [String]? {
        guard let tokens = tokenize(columnType, dialect: dialect), tokens.first?.isWord("ENUM") == true else { return nil }
        var parser = Parser(tokens: tokens.dropFirst())
        guard let values = parser.literalList(open: "(", close: ")"), parser.atEnd else { return nil }
        return values
    }

    // MARK: Matching

    private static func values(column: String, tokens: ArraySlice<Token>) -> [String]? {
        var tokens = tokens
        while tokens.first == .symbol("("), let close = matchingClose(Array(tokens), from: 0), close == tokens.count - 1 {
            tokens = tokens.dropFirst().dropLast()
        }
        var parser = Parser(tokens: tokens)
        guard case .column(let name, let quoted)? = parser.operand(), names(name, quoted: quoted, match: column) else { return nil }
        let values: [String]?
        if parser.takeWord("NOT") {
            return nil
        } else if parser.takeWord("IN") {
            values = parser.literalList(open: "(", close: ")")
        } else if parser.take(.symbol("=")), parser.takeWord("ANY"), parser.take(.symbol("(")) {
            guard case .array(let list)? = parser.operand(), parser.take(.symbol(")")) else { return nil }
            values = list
        } else {
            return nil
        }
        guard let values, !values.isEmpty, parser.atEnd else { return nil }
        return values
    }

    private static func names(_ name: String, quoted: Bool, match column: String) -> Bool {
        quoted ? name == column : name.lowercased() == column.lowercased()
    }

    private static func matchingClose(_ tokens: [Token], from open: Int) -> Int? {
        var depth = 0
        for i in open..<tokens.count {
            if tokens[i] == .symbol("(") { depth += 1 }
            if tokens[i] == .symbol(")") {
                depth -= 1
                if depth == 0 { return i }
            }
        }
        return nil
    }

    // MARK: Tokens

    enum Token: Equatable {
        case word(String), quotedIdentifier(String), string(String), number(String), symbol(String)

        func isWord(_ keyword: String) -> Bool {
            if case .word(let w) = self { return w.uppercased() == keyword }
            return false
        }
    }

    /// The tokens of `text`, or nil when a quote or comment is not closed.
    static func tokenize(_ text: String, dialect: SQLDialect) -> [Token]? {
        let chars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        func quoted(until close: Unicode.Scalar, backslash: Bool) -> String? {
            var out = String.UnicodeScalarView()
            i += 1
            while i < chars.count {
                let c = chars[i]
                if backslash, c == "\\", i + 1 < chars.count {
                    let next = chars[i + 1]
                    switch next {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "r": out.append("\r")
                    case "0": out.append("\u{0}")
                    case "b": out.append("\u{8}")
                    case "Z": out.append("\u{1A}")
                    case "%", "_": out.append("\\"); out.append(next)
                    default: out.append(next)
                    }
                    i += 2
                    continue
                }
                if c == close {
                    if i + 1 < chars.count, chars[i + 1] == close {
                        out.append(close)
                        i += 2
                        continue
                    }
                    i += 1
                    return String(out)
                }
                out.append(c)
                i += 1
            }
            return nil
        }
        while i < chars.count {
            let c = chars[i]
            if c.properties.isWhitespace { i += 1; continue }
            if c == "-", i + 1 < chars.count, chars[i + 1] == "-" {
                while i < chars.count, chars[i] != "\n" { i += 1 }
                continue
            }
            if c == "/", i + 1 < chars.count, chars[i + 1] == "*" {
                i += 2
                while i + 1 < chars.count, !(chars[i] == "*" && chars[i + 1] == "/") { i += 1 }
                guard i + 1 < chars.count else { return nil }
                i += 2
                continue
            }
            switch c {
            case "'":
                guard let s = quoted(until: "'", backslash: dialect == .mariadb) else { return nil }
                tokens.append(.string(s))
            case "\"" where dialect != .mariadb:
                guard let s = quoted(until: "\"", backslash: false) else { return nil }
                tokens.append(.quotedIdentifier(s))
            case "`" where dialect != .postgres:
                guard let s = quoted(until: "`", backslash: false) else { return nil }
                tokens.append(.quotedIdentifier(s))
            case "[" where dialect == .sqlite:
                guard let end = chars[i...].firstIndex(of: "]") else { return nil }
                tokens.append(.quotedIdentifier(String(String.UnicodeScalarView(chars[(i + 1)..<end]))))
                i = end + 1
            case ":" where i + 1 < chars.count && chars[i + 1] == ":":
                tokens.append(.symbol("::"))
                i += 2
            case _ where c == "_" || c.properties.isAlphabetic || c.value >= 0x80:
                let start = i
                while i < chars.count,
                    chars[i] == "_" || chars[i] == "$" || chars[i].properties.isAlphabetic
                        || chars[i].properties.numericType != nil || (chars[i].value >= 0x80 && !chars[i].properties.isWhitespace)
                {
                    i += 1
                }
                tokens.append(.word(String(String.UnicodeScalarView(chars[start..<i]))))
            case _ where ("0"..."9").contains(c):
                let start = i
                while i < chars.count, ("0"..."9").contains(chars[i]) || chars[i] == "." { i += 1 }
                tokens.append(.number(String(String.UnicodeScalarView(chars[start..<i]))))
            default:
                tokens.append(.symbol(String(c)))
                i += 1
            }
        }
        return tokens
    }

    // MARK: Parsing

    enum Operand {
        case column(String, quoted: Bool)
        case literal(String)
        case array([String])
    }

    struct Parser {
        var tokens: ArraySlice<Token>

        var atEnd: Bool { tokens.isEmpty }

        mutating func take(_ token: Token) -> Bool {
            guard tokens.first == token else { return false }
            tokens = tokens.dropFirst()
            return true
        }

        mutating func takeWord(_ keyword: String) -> Bool {
            guard tokens.first?.isWord(keyword) == true else { return false }
            tokens = tokens.dropFirst()
            return true
        }

        /// A column, a string literal or an `ARRAY[...]` of them, in parentheses or not, with any `::type` casts.
        mutating func operand() -> Operand? {
            var result: Operand
            guard let first = tokens.first else { return nil }
            switch first {
            case .symbol("("):
                tokens = tokens.dropFirst()
                guard let inner = operand(), take(.symbol(")")) else { return nil }
                result = inner
            case .word where first.isWord("ARRAY"):
                tokens = tokens.dropFirst()
                guard let list = literalList(open: "[", close: "]") else { return nil }
                result = .array(list)
            case .word(let name) where !["IN", "ANY", "NOT", "NULL"].contains(name.uppercased()):
                tokens = tokens.dropFirst()
                result = .column(name, quoted: false)
            case .quotedIdentifier(let name):
                tokens = tokens.dropFirst()
                result = .column(name, quoted: true)
            case .string(let text):
                tokens = tokens.dropFirst()
                result = .literal(text)
            default:
                return nil
            }
            while take(.symbol("::")) {
                guard skipTypeName() else { return nil }
            }
            return result
        }

        /// A type after `::`: words (`character varying`) or a quoted name, an optional `(n)`, optional `[]`s.
        private mutating func skipTypeName() -> Bool {
            var words = 0
            while let token = tokens.first {
                if case .quotedIdentifier = token {
                } else if case .word = token, !token.isWord("IN"), !token.isWord("ANY") {
                } else {
                    break
                }
                tokens = tokens.dropFirst()
                words += 1
            }
            guard words > 0 else { return false }
            if tokens.first == .symbol("(") {
                tokens = tokens.dropFirst()
                while case .number? = tokens.first { tokens = tokens.dropFirst(); _ = take(.symbol(",")) }
                guard take(.symbol(")")) else { return false }
            }
            while tokens.first == .symbol("[") {
                tokens = tokens.dropFirst()
                guard take(.symbol("]")) else { return false }
            }
            return true
        }

        /// `open literal, literal, ... close`, each literal possibly cast or in parentheses.
        mutating func literalList(open: String, close: String) -> [String]? {
            guard take(.symbol(open)) else { return nil }
            var values: [String] = []
            repeat {
                guard case .literal(let value)? = operand() else { return nil }
                values.append(value)
            } while take(.symbol(","))
            guard take(.symbol(close)) else { return nil }
            return values
        }
    }
}
