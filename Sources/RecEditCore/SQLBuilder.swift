/// SQL text and its bound values, assembled together: every value goes in with its placeholder, numbered by the
/// builder, so the text and the argument list can never drift apart. Identifiers still go through
/// `quoteIdentifier` (or the database's own quoting) and `append` as text; values never do.
public struct SQLBuilder<Argument> {
    public enum Placeholders: Sendable {
        /// `$1`, `$2` … (PostgreSQL); a value bound once may be written several times.
        case numbered
        /// `?` (SQLite, MariaDB): one per value, in order.
        case positional
    }

    public let placeholders: Placeholders
    public private(set) var sql: String
    public private(set) var arguments: [Argument] = []

    public init(_ placeholders: Placeholders, _ sql: String = "") {
        self.placeholders = placeholders
        self.sql = sql
    }

    /// Appends SQL text that holds no placeholder (values go through `append(_:_:)` or `bind`, never through here).
    public mutating func append(_ text: String) {
        sql += text
    }

    /// Appends `text`, then the placeholder of `value`, bound.
    public mutating func append(_ text: String, _ value: Argument) {
        sql += text
        sql += placeholder(for: value)
    }

    /// Appends the placeholder of `value`, bound.
    public mutating func bind(_ value: Argument) {
        sql += placeholder(for: value)
    }

    /// Appends the placeholders of `values`, bound, separated by `separator`.
    public mutating func append(list values: [Argument], separator: String = ", ") {
        for (i, value) in values.enumerated() {
            if i > 0 { sql += separator }
            sql += placeholder(for: value)
        }
    }

    /// Binds `value` and returns its placeholder, to be written into the text (for `.numbered` several times).
    /// With `.positional` the placeholder must be written exactly once, before any value bound later.
    public mutating func placeholder(for value: Argument) -> String {
        arguments.append(value)
        switch placeholders {
        case .numbered: return "$\(arguments.count)"
        case .positional: return "?"
        }
    }
}
