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

    /// The demo column's definition in a CREATE TABLE.
    static func demoDefinition(_ column: DemoData.Column) -> String {
        let name = MariaDBQuote.identifier(column.name)
        let type: String
        switch column.type {
        case .key: return name + " BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY"
        case .shortText(let n): type = "VARCHAR(\(n))"
        case .longText: type = "TEXT"
        case .integer: type = "INT"
        }
        var definition = name + " " + type + (column.notNull ? " NOT NULL" : " NULL")
        if let values = column.allowedValues {
            definition += " CHECK (\(name) IN (" + values.map(MariaDBQuote.literal).joined(separator: ",") + "))"
        }
        return definition
    }
}
