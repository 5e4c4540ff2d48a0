import RecEditCore

/// What PostgreSQL's types describe, and the demo table's types.
extension PGTypes {
    /// The class of a type by its name (a domain's base type); enums are text.
    static func typeClass(_ typeName: String, isEnum: Bool) -> ColumnTypeClass {
        if isEnum { return .text }
        switch typeName {
        case "date": return .date
        case "time", "timetz": return .time
        case "timestamp", "timestamptz": return .timestamp
        case "json", "jsonb": return .json
        case "text", "varchar", "bpchar", "name", "citext", "char": return .text
        default:
            let kind = kind(typeName)
            return kind == .text ? .other : ColumnTypeClass(kind)
        }
    }

    /// The demo column's definition in a CREATE TABLE.
    static func demoDefinition(_ column: DemoData.Column) -> String {
        let type: String
        switch column.type {
        case .key: return quoteIdentifier(column.name) + " BIGSERIAL PRIMARY KEY"
        case .shortText(let n): type = "VARCHAR(\(n))"
        case .longText: type = "TEXT"
        case .integer: type = "INTEGER"
        }
        var definition = quoteIdentifier(column.name) + " " + type + (column.notNull ? " NOT NULL" : "")
        if let values = column.allowedValues {
            definition += " CHECK (\(quoteIdentifier(column.name)) IN (" + values.map(quoteLiteral).joined(separator: ",") + "))"
        }
        return definition
    }
}
