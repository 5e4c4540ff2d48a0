import RecEditCore

/// What MariaDB's types describe, and the demo table's types.
extension MariaDBTypes {
    /// The class of a column by its DATA_TYPE (lowercase).
    static func typeClass(dataType: String, columnType: String) -> ColumnTypeClass {
        switch dataType {
        case "date": return .date
        case "time": return .time
        case "datetime", "timestamp": return .timestamp
        case "json": return .json
        case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set": return .text
        default:
            let kind = kind(dataType: dataType, columnType: columnType)
            return kind == .text ? .other : ColumnTypeClass(kind)
        }
    }

    /// MariaDB keeps a `JSON` column as LONGTEXT with the CHECK `json_valid(`column`)`: that CHECK is what says JSON.
    static func isJSONCheck(_ clause: String, column: String) -> Bool {
        func compact(_ text: String) -> String { text.filter { !$0.isWhitespace }.lowercased() }
        return compact(clause) == compact("json_valid(" + MariaDBQuote.identifier(column) + ")")
    }

    /// How MariaDB spells the demo table's columns.
    static let demo = DemoData.Dialect(
        key: "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY", integer: "INT", nullable: " NULL",
        quoteIdentifier: { MariaDBQuote.identifier($0) }, quoteLiteral: { MariaDBQuote.literal($0) })
}
