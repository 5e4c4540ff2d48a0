import RecEditCore

/// SQLite's declared types as recedit reads them, and the demo table's types.
enum SQLiteTypes {
    /// SQLite's affinity rules (https://sqlite.org/datatype3.html §3.1), applied to a declared type.
    static func kind(declaredType declared: String) -> ColumnKind {
        let t = declared.uppercased()
        if t.contains("INT") { return .integer }
        if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") { return .text }
        if t.isEmpty || t.contains("BLOB") { return t.isEmpty ? .any : .blob }
        if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") { return .real }
        if t.contains("BOOL") { return .boolean }
        return .numeric
    }

    /// What the declared type's name says beyond its affinity (SQLite keeps dates and JSON as text or numbers).
    static func typeClass(declaredType declared: String) -> ColumnTypeClass {
        let t = declared.uppercased()
        let words = Set(t.split { !$0.isLetter && !$0.isNumber }.map(String.init))
        if words.contains("JSON") || words.contains("JSONB") { return .json }
        if words.contains("DATETIME") || words.contains("TIMESTAMP") { return .timestamp }
        if words.contains("DATE") { return .date }
        if words.contains("TIME") { return .time }
        return ColumnTypeClass(kind(declaredType: declared))
    }

    /// The `n` of a declared `VARCHAR(n)` / `CHAR(n)` (SQLite does not enforce it; the application meant it).
    static func maxLength(declaredType declared: String) -> Int? {
        guard declared.uppercased().contains("CHAR"), let open = declared.firstIndex(of: "("),
            let close = declared[open...].firstIndex(of: ")")
        else { return nil }
        return Int(String(declared[declared.index(after: open)..<close]).filter { !$0.isWhitespace })
    }

    /// How SQLite spells the demo table's columns.
    static let demo = DemoData.Dialect(
        key: "INTEGER PRIMARY KEY", integer: "INTEGER",
        quoteIdentifier: { quoteIdentifier($0) }, quoteLiteral: { quoteLiteral($0) })
}
