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

    /// How PostgreSQL spells the demo table's columns.
    static let demo = DemoData.Dialect(
        key: "BIGSERIAL PRIMARY KEY", integer: "INTEGER",
        quoteIdentifier: { quoteIdentifier($0) }, quoteLiteral: { quoteLiteral($0) })
}
